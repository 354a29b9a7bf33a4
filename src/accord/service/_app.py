"""The ledger service: a FastAPI app over one :class:`~accord.ledger.store.LedgerStore`.

``create_app(config)`` builds the app; the store, the writer thread and the log key live from
start-up to shutdown (lifespan). Reads are answered from the store and its in-memory tree;
submissions go through :mod:`accord.service._routes_submit` (every check happens before anything
is stored) and are acknowledged once durable. Each group of routes is an ``APIRouter`` module
(``routes_log``, ``routes_entries``, ``routes_participants``, ``routes_compliance``,
``routes_submit``); what they share is in :mod:`accord.service._deps`. Every refusal is a 4xx
with a ``detail``; no request is ever answered 500
(:class:`~accord.service._limits.NoServerErrors`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from accord import __version__
from accord.errors import AccordError
from accord.frontend._assets import add_offline_docs, add_static
from accord.service import _routes_batch as routes_batch
from accord.service import _routes_compliance as routes_compliance
from accord.service import _routes_entries as routes_entries
from accord.service import _routes_log as routes_log
from accord.service import _routes_participants as routes_participants
from accord.service import _routes_submit as routes_submit
from accord.service import _routes_tiles as routes_tiles
from accord.service._fast_submit import LedgerApp, answer_for
from accord.service._limits import BodyLimit, NoServerErrors
from accord.service._state import ServiceConfig, ServiceState, open_state


def create_app(config: ServiceConfig, opened: ServiceState | None = None) -> FastAPI:
    """Build the service for ``config``: the database is opened when the app starts, unless
    ``opened`` is the state already open (``accord serve`` opens it first, to report a bad
    database or key without a traceback, and a log of 10^6 entries is not opened twice)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.ledger = opened if opened is not None else open_state(config)
        try:
            yield
        finally:
            app.state.ledger.close()

    app = LedgerApp(
        title="Accord ledger",
        version=__version__,
        description=(
            "A signed, append-only, tamper-evident record of who declared, delivered and "
            "verified what under an agreement (RFC 9162 Merkle log, C2SP checkpoints)."
        ),
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    add_static(app)
    add_offline_docs(app)
    app.add_middleware(NoServerErrors)
    app.add_middleware(BodyLimit, max_bytes=config.max_body)
    app.max_body = config.max_body  # POST /v1/entries is answered before the middlewares
    _add_error_handlers(app)
    for module in (
        routes_log,
        routes_entries,
        routes_participants,
        routes_compliance,
        routes_tiles,
    ):
        app.include_router(module.router)
    app.include_router(routes_submit.router)
    app.include_router(routes_batch.router)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AccordError)
    async def refused(_request: Request, error: AccordError) -> JSONResponse:
        status, answer = answer_for(error)
        return JSONResponse(answer, status_code=status)
