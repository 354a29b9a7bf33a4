"""The ledger page (with ``accord web --ledger URL``): entries, compliance, the checkpoint.

The workbench is a client of the ledger service like ``accord ledger``: it trusts the log key
the CLI trusts (given, or pinned at first contact), checks every checkpoint's signature, and
"verify from here" checks the service's consistency proof from the checkpoint the page showed
to the log's current one (``accord ledger verify URL --checkpoint``), in the workbench process,
never taking the service's word for it.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from accord.errors import InputError, VerificationFailed
from accord.frontend._envelope import envelope
from accord.frontend._ledger_client import LedgerClient, connect
from accord.web._bench import bench_of, page, wants_json

router = APIRouter()
SHOWN = 50
"""Entries listed at once (the newest first; a search narrows them)."""
SCANNED = 10_000
"""Logs up to this size are read whole for their agreements' compliance (larger: none shown)."""


@contextmanager
def _client(request: Request) -> Iterator[LedgerClient]:
    url = bench_of(request).ledger
    if url is None:
        raise InputError("no ledger here", "start the workbench with --ledger URL")
    with connect(url, None) as client:
        yield client


def _row(listed: dict[str, Any]) -> dict[str, Any]:
    """An entry as the page shows it, from either of the service's forms (listed, or one
    entry with its proof)."""
    signed = listed.get("entry", {})
    inner = signed.get("entry", signed) if isinstance(signed, dict) else {}
    return {
        "index": listed.get("index"),
        "kind": inner.get("kind", listed.get("kind")),
        "submitter": inner.get("submitter", listed.get("submitter")),
        "timestamp": inner.get("timestamp", ""),
        "leaf_hash": listed.get("leaf_hash"),
        "body": inner.get("body", {}),
    }


def _matches(entry: dict[str, Any], kind: str, party: str) -> bool:
    if kind and entry["kind"] != kind:
        return False
    body = entry["body"] if isinstance(entry["body"], dict) else {}
    return not party or party in (entry["submitter"], body.get("party"))


def _read(request: Request, query: dict[str, str]) -> dict[str, Any]:
    """The log's state, its checked checkpoint and the entries the search asks for."""
    with _client(request) as client:
        info = client.info()
        note, head = client.checkpoint()
        size = head.size
        found: list[dict[str, Any]]
        if query.get("hash"):
            found = [_row(client.entry(client.search(query["hash"])))]
        elif query.get("index"):
            found = [_row(client.entry(_index(query["index"], size)))]
        else:
            start = 0 if query.get("kind") or query.get("party") else max(0, size - SHOWN)
            listed = [_row(e) for e in client.entries(start, size)] if size else []
            found = [
                e
                for e in reversed(listed)
                if _matches(e, query.get("kind", ""), query.get("party", ""))
            ][:SHOWN]
        scanned = client.entries(0, size) if size <= SCANNED else iter(())
        agreements = [e for e in map(_row, scanned) if e["kind"] == "agreement"][:5]
        compliance = [client.compliance(int(a["index"])) for a in agreements]
    return {
        "origin": info["origin"], "size": size, "root": base64.b64encode(head.root).decode(),
        "checkpoint": note, "entries": found, "compliance": compliance,
    }  # fmt: skip


def _index(text: str, size: int) -> int:
    if not text.isdigit() or int(text) >= size:
        raise InputError(f"no entry '{text}'", f"entries are numbered 0..{size - 1}")
    return int(text)


@router.get("/ledger", response_model=None)
async def ledger(request: Request) -> Response:
    """Entries (search by index, type, party or leaf hash), compliance, latest checkpoint."""
    query = {k: v.strip() for k, v in request.query_params.items() if v.strip()}
    data = await run_in_threadpool(_read, request, query)
    if wants_json(request):
        return JSONResponse(envelope("web.ledger", data))
    url = bench_of(request).ledger
    return page(request, "ledger.html", url=url, query=query, **data)


@router.post("/ledger/verify", response_model=None)
async def verify_from_here(request: Request) -> Response:
    """Check that the log's current checkpoint extends the one the page showed."""
    form = await request.form()
    saved_note = str(form.get("checkpoint", ""))
    result = await run_in_threadpool(_consistency, request, saved_note)
    if wants_json(request):
        return JSONResponse(envelope("ledger.consistency", result))
    return page(request, "_consistency.html", result=result)


def _consistency(request: Request, saved_note: str) -> dict[str, Any]:
    """As ``accord ledger verify URL --checkpoint``: ok, or the problem found."""
    with _client(request) as client:
        try:
            saved = client.open(saved_note)
            note, head = client.checkpoint_extending(saved)
        except VerificationFailed as error:
            return {"ok": False, "problem": str(error)}
    return {
        "ok": True, "origin": head.origin, "old_size": saved.size, "new_size": head.size,
        "old_root": base64.b64encode(saved.root).decode(),
        "new_root": base64.b64encode(head.root).decode(), "checkpoint": note,
    }  # fmt: skip
