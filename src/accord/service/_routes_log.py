"""Routes about the log as a whole: its identity, checkpoints, consistency proofs, the export.

The log's identity, its checkpoint and consistency proofs are answered on the event loop from
memory (the kept checkpoint, the in-memory tree: O(log n) stored hashes, no database read) and
rendered straight to JSON: no worker-thread hop, no response-model validation. These are what a
client checking a saved checkpoint waits for (``accord ledger verify URL --checkpoint SAVED``),
and each thread hop is a wake-up that waits for a core on a busy machine. Only a checkpoint that
must be signed and kept first (a log that grew without one) goes to a worker thread.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, StreamingResponse

from accord.service._deps import ERRORS, Size, check_size, state_of
from accord.service._opening import b64
from accord.service._schemas import ConsistencyOut, LogInfo
from accord.service._state import ServiceState

router = APIRouter(tags=["log"])


async def current_checkpoint(state: ServiceState) -> str:
    """The log's current signed checkpoint: the kept one, else signed and kept now (a database
    write, on a worker thread)."""
    kept = state.kept_head()
    return kept if kept is not None else await run_in_threadpool(state.published_checkpoint)


@router.get("/v1/log", response_model=LogInfo)
async def log_info(request: Request) -> JSONResponse:
    """The log's origin, public key, size and root hash."""
    state = state_of(request)
    size = state.store.size
    return JSONResponse(
        {
            "origin": state.config.origin,
            "log_public_key": b64(state.log_key.public_key),
            "verifier_key": state.verifier_key,
            "tree_size": size,
            "root_hash": b64(state.store.root(size)),
            "witnesses": [w.verifier_key for w in state.config.witnesses],
        }
    )


@router.get(
    "/v1/checkpoint",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {}}, "description": "A C2SP signed note."}},
)
async def checkpoint(request: Request) -> PlainTextResponse:
    """The current checkpoint (C2SP tlog-checkpoint), signed by the log key (and kept)."""
    return PlainTextResponse(await current_checkpoint(state_of(request)))


@router.get(
    "/v1/checkpoint/witnessed",
    response_class=PlainTextResponse,
    responses={
        200: {"content": {"text/plain": {}}, "description": "A signed note with cosignatures."},
        404: {"description": "No checkpoint has been cosigned yet."},
    },
)
def witnessed_checkpoint(request: Request) -> str:
    """The latest checkpoint cosigned by at least one witness, with every cosignature collected
    (C2SP tlog-cosignature); it may lag the current checkpoint by a witnessing round."""
    witnessing = state_of(request).witnessing
    found = None if witnessing is None else witnessing.witnessed
    if found is None:
        raise HTTPException(404, "no checkpoint of this log has been cosigned by a witness yet")
    return found[1]


@router.get("/v1/proofs/consistency", response_model=ConsistencyOut, responses=ERRORS)
async def consistency(
    request: Request, old_size: Size, new_size: Size | None = None
) -> JSONResponse:
    """Proof that the log of ``old_size`` entries is a prefix of that of ``new_size``.

    Without ``new_size``: to the log's current size, and the answer carries the signed
    checkpoint of that size."""
    state = state_of(request)
    note = await current_checkpoint(state) if new_size is None else None
    new = check_size(state, new_size, "new_size") if note is None else int(note.split("\n")[1])
    if old_size > new:
        raise HTTPException(404, f"old_size {old_size} is larger than new_size {new}")
    store = state.store
    return JSONResponse(
        {
            "old_size": old_size,
            "new_size": new,
            "old_root": b64(store.root(old_size)),
            "new_root": b64(store.root(new)),
            "proof": [b64(h) for h in store.consistency_proof(old_size, new)],
            "checkpoint": note,
        }
    )


@router.get(
    "/v1/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/json": {}}, "description": "The export."}},
)
def export(request: Request) -> StreamingResponse:
    """Every entry, the log's key and a checkpoint: all ``accord ledger verify`` needs.

    Streamed a page of entries at a time, so its memory does not grow with the log."""
    return StreamingResponse(state_of(request).export_stream(), media_type="application/json")
