"""``POST /v1/entries/batch``: several signed entries in one request, each with its own answer.

The body is ``{"entries": [SIGNED ENTRY, ...]}`` (1 to :data:`MAX_BATCH` entries, under the
same body size limit as any request). Every entry is parsed and checked as ``POST /v1/entries``
checks one; if any is malformed (401, 413, 422) the whole request is refused with that status,
the ``detail`` naming the entry (``entries[3]: ...``), and nothing is stored. Otherwise the
entries are verified and queued in their order (:meth:`ServiceState.submit_all_soon
<accord.service._state.ServiceState.submit_all_soon>`), each admitted or refused by the
writer's check on its own, and the answer, sent once every admitted entry is durable, lists in
the same order ``{"status": 200, "receipt": RECEIPT}`` or ``{"status": 409, "detail": ...,
"code": ...}`` (the status and answer ``POST /v1/entries`` would have given). Entries of one
submitter must come in sequence order, as one after another.
"""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import Future
from typing import Any

from fastapi import APIRouter, Request, Response

from accord.errors import AccordError, LedgerError, Rejected
from accord.ledger._entries import SignedEntry
from accord.ledger.store import StoredEntry
from accord.service._fast_submit import answer_for
from accord.service._routes_submit import (
    APPEND_TIMEOUT,
    REFUSALS,
    Submission,
    load_json,
    parse_submitted,
)
from accord.service._state import Pending, ServiceState

MAX_BATCH = 256
"""Most entries one ``POST /v1/entries/batch`` carries."""

BATCH_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["entries"],
                    "additionalProperties": False,
                    "properties": {
                        "entries": {
                            "type": "array",
                            "minItems": 1,
                            "maxItems": MAX_BATCH,
                            "items": Submission.model_json_schema(),
                        }
                    },
                }
            }
        },
    }
}

router = APIRouter()


def parse_batch(body: bytes) -> list[SignedEntry]:
    """The validated signed entries of a batch body, or :class:`Rejected` for the first
    malformed one (its index in the detail)."""
    data = load_json(body)
    if not isinstance(data, dict) or set(data) != {"entries"}:
        raise Rejected(422, 'a batch is an object {"entries": [signed entry, ...]}')
    items = data["entries"]
    if not isinstance(items, list) or not 1 <= len(items) <= MAX_BATCH:
        raise Rejected(422, f'"entries" is a list of 1 to {MAX_BATCH} signed entries')
    parsed = []
    for i, item in enumerate(items):
        try:
            parsed.append(parse_submitted(item))
        except Rejected as error:
            raise Rejected(error.status, f"entries[{i}]: {error.reason}", error.detail) from None
    return parsed


async def _answer(state: ServiceState, future: Future[StoredEntry], pending: Pending) -> bytes:
    """One entry's place in the answer: its receipt, or its refusal."""
    try:
        stored = await asyncio.wrap_future(future)
    except AccordError as error:
        status, payload = answer_for(error)
        return json.dumps({"status": status, **payload}).encode()
    if pending.logged is None:  # pragma: no cover - the writer sets it before resolving
        raise LedgerError("the entry was stored without its log time")
    return b'{"status":200,"receipt":' + state.receipt(stored, pending.logged).to_json() + b"}"


@router.post("/v1/entries/batch", tags=["entries"], responses=REFUSALS, openapi_extra=BATCH_BODY)
async def submit_batch(request: Request) -> Response:
    """Append several signed entries in order; one answer (receipt or refusal) per entry, sent
    once every admitted entry is durable."""
    state: ServiceState = request.app.state.ledger
    queued = state.submit_all_soon(parse_batch(await request.body()))
    try:
        async with asyncio.timeout(APPEND_TIMEOUT):
            answers = [await _answer(state, future, pending) for future, pending in queued]
    except TimeoutError:
        raise LedgerError("the appends did not complete in time; some may be stored") from None
    body = b'{"results":[' + b",".join(answers) + b"]}"
    return Response(body, media_type="application/json")
