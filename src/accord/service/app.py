"""The ledger service: a FastAPI app over one :class:`~accord.ledger.store.LedgerStore`.

``create_app(config)`` builds the app; the store, the writer thread and the log key live from
start-up to shutdown (lifespan). Reads are answered from the store and its in-memory tree;
submissions go through :mod:`accord.service.submissions` (every check happens before anything
is stored) and are acknowledged once durable. Every refusal is a 4xx with a ``detail``; no
request is ever answered 500 (:class:`~accord.service.limits.NoServerErrors`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import FastAPI, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse

from accord import __version__
from accord.errors import AccordError, InputError, LedgerError, Rejected
from accord.service import routes_submit
from accord.service.limits import BodyLimit, NoServerErrors
from accord.service.schemas import ConsistencyOut, EntryOut, LogInfo, ParticipantOut, Problem
from accord.service.state import ServiceConfig, ServiceState, b64, open_state

MAX_INDEX = 2**62
"""Bound of every index and size parameter (anything above is refused as out of range)."""

Size = Annotated[int, Query(ge=0, le=MAX_INDEX, description="A tree size (number of entries).")]
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": Problem, "description": "Malformed request."},
    404: {"model": Problem, "description": "No such entry or tree size."},
    422: {"model": Problem, "description": "The parameters do not validate."},
}


def state_of(request: Request) -> ServiceState:
    """The running ledger of the app that received ``request``."""
    state: ServiceState = request.app.state.ledger
    return state


def create_app(config: ServiceConfig) -> FastAPI:
    """Build the service for ``config`` (the database is opened when the app starts)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.ledger = open_state(config)
        try:
            yield
        finally:
            app.state.ledger.close()

    app = FastAPI(
        title="Accord ledger",
        version=__version__,
        description=(
            "A signed, append-only, tamper-evident record of who declared, delivered and "
            "verified what under an agreement (RFC 9162 Merkle log, C2SP checkpoints)."
        ),
        lifespan=lifespan,
    )
    app.add_middleware(NoServerErrors)
    app.add_middleware(BodyLimit, max_bytes=config.max_body)
    _add_error_handlers(app)
    _add_read_routes(app)
    routes_submit.add_routes(app)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(Rejected)
    async def rejected(_request: Request, error: Rejected) -> JSONResponse:
        return JSONResponse({"detail": error.reason, **error.detail}, status_code=error.status)

    @app.exception_handler(InputError)
    async def bad_input(_request: Request, error: InputError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=400)

    @app.exception_handler(LedgerError)
    async def unavailable(_request: Request, error: LedgerError) -> JSONResponse:
        return JSONResponse({"detail": f"the ledger is unavailable: {error}"}, status_code=503)

    @app.exception_handler(AccordError)
    async def refused(_request: Request, error: AccordError) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=400)


def _check_size(state: ServiceState, size: int | None, what: str = "tree_size") -> int:
    current = state.store.size
    if size is None:
        return current
    if size > current:
        raise HTTPException(404, f"{what} {size} is larger than the log ({current} entries)")
    return size


def _add_read_routes(app: FastAPI) -> None:
    @app.get("/v1/log", response_model=LogInfo, tags=["log"])
    def log_info(request: Request) -> LogInfo:
        """The log's origin, public key, size and root hash."""
        state = state_of(request)
        return LogInfo(
            origin=state.config.origin,
            log_public_key=b64(state.log_key.public_key),
            verifier_key=state.verifier_key,
            tree_size=state.store.size,
            root_hash=b64(state.store.root()),
        )

    @app.get(
        "/v1/checkpoint",
        response_class=PlainTextResponse,
        tags=["log"],
        responses={200: {"content": {"text/plain": {}}, "description": "A C2SP signed note."}},
    )
    def checkpoint(request: Request) -> str:
        """The current checkpoint (C2SP tlog-checkpoint), signed by the log key (and kept)."""
        return state_of(request).published_checkpoint()

    @app.get("/v1/entries/{index}", response_model=EntryOut, tags=["entries"], responses=ERRORS)
    def get_entry(
        request: Request,
        index: Annotated[int, Path(ge=0, le=MAX_INDEX, description="The entry's index.")],
        tree_size: Size | None = None,
    ) -> EntryOut:
        """An entry with its inclusion proof in the tree of ``tree_size`` (default: current)."""
        state = state_of(request)
        size = _check_size(state, tree_size)
        if index >= size:
            raise HTTPException(404, f"no entry {index} in a tree of {size} entries")
        stored = state.store.entry(index)
        return EntryOut(
            index=index,
            kind=stored.kind,
            submitter=stored.submitter,
            entry=state.decode(stored.data),
            leaf_hash=b64(stored.leaf_hash),
            tree_size=size,
            root_hash=b64(state.store.root(size)),
            inclusion_proof=[b64(h) for h in state.store.inclusion_proof(index, size)],
        )

    @app.get(
        "/v1/proofs/consistency", response_model=ConsistencyOut, tags=["log"], responses=ERRORS
    )
    def consistency(
        request: Request, old_size: Size, new_size: Size | None = None
    ) -> ConsistencyOut:
        """Proof that the log of ``old_size`` entries is a prefix of that of ``new_size``."""
        state = state_of(request)
        new = _check_size(state, new_size, "new_size")
        if old_size > new:
            raise HTTPException(404, f"old_size {old_size} is larger than new_size {new}")
        return ConsistencyOut(
            old_size=old_size,
            new_size=new,
            old_root=b64(state.store.root(old_size)),
            new_root=b64(state.store.root(new)),
            proof=[b64(h) for h in state.store.consistency_proof(old_size, new)],
        )

    @app.get("/v1/participants", response_model=list[ParticipantOut], tags=["participants"])
    def list_participants(request: Request) -> list[ParticipantOut]:
        """Every participant: the founders, then the registered ones in registration order."""
        return state_of(request).participants()

    @app.get(
        "/v1/participants/{participant_id}",
        response_model=ParticipantOut,
        tags=["participants"],
        responses=ERRORS,
    )
    def get_participant(
        request: Request,
        participant_id: Annotated[str, Path(max_length=80, description="The participant's id.")],
    ) -> ParticipantOut:
        """One participant, with the sequence number of its last entry."""
        for participant in state_of(request).participants():
            if participant.participant == participant_id:
                return participant
        raise HTTPException(404, f"no participant {participant_id!r}")

    @app.get(
        "/v1/agreements/{index}/compliance",
        tags=["compliance"],
        responses=ERRORS,
        response_description="The status of every commitment of the agreement (see the reference).",
    )
    def agreement_compliance(
        request: Request,
        index: Annotated[int, Path(ge=0, le=MAX_INDEX, description="The agreement entry's index.")],
        as_of: Annotated[
            date | None, Query(description="The date of the statuses (default: today, UTC).")
        ] = None,
    ) -> dict[str, Any]:
        """Status of each commitment of an agreement: pending, due, claimed, verified, overdue,
        disputed or violated, with its history, from the delivery claims, inspection reports,
        disputes and snapbacks in the log."""
        state = state_of(request)
        if index >= state.store.size or state.store.entry(index).kind != "agreement":
            raise HTTPException(404, f"entry {index} is not an agreement")
        day = as_of if as_of is not None else datetime.now(UTC).date()
        return state.compliance(index, day).to_json()

    @app.get("/v1/export", tags=["log"])
    def export(request: Request) -> dict[str, Any]:
        """Every entry, the log's key and a checkpoint: all ``accord ledger verify`` needs."""
        return state_of(request).export()
