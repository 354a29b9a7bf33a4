"""Routes about the log as a whole: its identity, checkpoints, consistency proofs, the export."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import PlainTextResponse, StreamingResponse

from accord.service._deps import ERRORS, Size, check_size, state_of
from accord.service._schemas import ConsistencyOut, LogInfo
from accord.service._state import b64

router = APIRouter(tags=["log"])


@router.get("/v1/log", response_model=LogInfo)
def log_info(request: Request) -> LogInfo:
    """The log's origin, public key, size and root hash."""
    state = state_of(request)
    return LogInfo(
        origin=state.config.origin,
        log_public_key=b64(state.log_key.public_key),
        verifier_key=state.verifier_key,
        tree_size=state.store.size,
        root_hash=b64(state.store.root()),
        witnesses=[w.verifier_key for w in state.config.witnesses],
    )


@router.get(
    "/v1/checkpoint",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {}}, "description": "A C2SP signed note."}},
)
def checkpoint(request: Request) -> str:
    """The current checkpoint (C2SP tlog-checkpoint), signed by the log key (and kept)."""
    return state_of(request).published_checkpoint()


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
def consistency(request: Request, old_size: Size, new_size: Size | None = None) -> ConsistencyOut:
    """Proof that the log of ``old_size`` entries is a prefix of that of ``new_size``."""
    state = state_of(request)
    new = check_size(state, new_size, "new_size")
    if old_size > new:
        raise HTTPException(404, f"old_size {old_size} is larger than new_size {new}")
    return ConsistencyOut(
        old_size=old_size,
        new_size=new,
        old_root=b64(state.store.root(old_size)),
        new_root=b64(state.store.root(new)),
        proof=[b64(h) for h in state.store.consistency_proof(old_size, new)],
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
