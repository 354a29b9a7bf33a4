"""The witness's HTTP service: C2SP tlog-witness ``POST /add-checkpoint``, and what it saw.

- ``POST /add-checkpoint``: the protocol of :mod:`accord.ledger._witness` (plain-text bodies;
  409 answers carry the witness's size as ``text/x.tlog.size``);
- ``GET /v1/witness``: the witness's name, verifier key, and the latest checkpoint it cosigned of
  each log (JSON), so that a party can compare what its witness saw with what the log shows it;
- ``GET /v1/evidence``: every pair of contradicting checkpoints a log sent (forks, rewrites).
"""

from __future__ import annotations

import asyncio
import base64
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse

from accord import __version__
from accord.ledger._witness import MAX_REQUEST_BYTES, SIZE_CONTENT_TYPE, Refused, Witness


def create_witness_app(witness: Witness) -> FastAPI:
    """The witness service of ``witness`` (its store is closed when the app stops)."""
    app = FastAPI(title="Accord witness", version=__version__)

    @app.post("/add-checkpoint", response_class=PlainTextResponse)
    async def add_checkpoint(request: Request) -> PlainTextResponse:
        """Cosign a checkpoint that extends the one cosigned before (C2SP tlog-witness)."""
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_REQUEST_BYTES:
                return PlainTextResponse("the request is too large\n", status_code=413)
        try:
            lines = await asyncio.to_thread(witness.add_checkpoint, bytes(body))
        except Refused as refusal:
            if refusal.status == 409 and refusal.size is not None:
                return PlainTextResponse(
                    f"{refusal.size}\n", status_code=409, media_type=SIZE_CONTENT_TYPE
                )
            return PlainTextResponse(refusal.message + "\n", status_code=refusal.status)
        return PlainTextResponse(lines)

    @app.get("/v1/witness")
    def about() -> dict[str, Any]:
        """The witness's identity and the latest checkpoint it cosigned of each log."""
        logs = []
        for origin in witness.store.logs():
            seen = witness.store.latest(origin)
            if seen is not None:
                root = base64.b64encode(seen.root).decode()
                logs.append({"origin": origin, "size": seen.size, "root": root,
                             "checkpoint": seen.note})  # fmt: skip
        return {"name": witness.name, "verifier_key": witness.verifier_key,
                "follows": sorted(witness.logs), "logs": logs}  # fmt: skip

    @app.get("/v1/evidence")
    def evidence() -> list[dict[str, str]]:
        """Every pair of signed checkpoints of one log that contradict each other."""
        return witness.store.evidence()

    return app


__all__ = ["create_witness_app"]
