"""The browser workbench (``accord web``): a FastAPI app of server-rendered pages.

``create_app(root, ledger)`` serves the scenario files of ``root`` (a folder or one file):
pages rendered with Jinja2, small partial updates with htmx, the report's figures drawn by the
vendored Vega-Lite, nothing fetched from the network. Every page also answers JSON when asked
(``Accept: application/json``), in the envelope of the CLI's ``--json``. Analyses run as
:mod:`~accord.web._jobs` off the request thread. Bad input is answered with the CLI's located
errors (4xx); anything unexpected is logged and answered 500 with a problem document.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from accord import __version__
from accord.errors import AccordError
from accord.frontend._assets import add_offline_docs, add_static
from accord.frontend._envelope import envelope
from accord.web._bench import Workbench, error_payload, page, templates, wants_json
from accord.web._workspace import StaleVersion, UnknownFile

log = logging.getLogger("accord.web")


def create_app(root: Path, ledger: str | None = None) -> FastAPI:
    """The workbench over the scenario files of ``root``; ``ledger`` is a service's URL."""
    bench = Workbench(root, ledger)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            bench.jobs.stop_all()

    app = FastAPI(
        title="Accord workbench",
        version=__version__,
        description="Explore scenarios, try variants and read a ledger, in the browser.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.bench = bench
    app.state.templates = templates()
    add_static(app)
    add_offline_docs(app)
    _add_error_handlers(app)
    from accord.web import _editor as editor
    from accord.web import _ledger_pages as ledger_pages
    from accord.web import _pages as pages
    from accord.web import _tryout as tryout

    for module in (editor, tryout, ledger_pages, pages):
        app.include_router(module.router)
    return app


def _status_of(error: AccordError) -> int:
    if isinstance(error, UnknownFile):
        return 404
    return 409 if isinstance(error, StaleVersion) else 400


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AccordError)
    async def refused(request: Request, error: AccordError) -> Response:
        status = _status_of(error)
        if wants_json(request):
            return JSONResponse(envelope("error", error_payload(error)), status_code=status)
        return page(request, "error.html", status, error=error_payload(error))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if wants_json(request) or error.status_code == 405:
            return JSONResponse({"detail": error.detail}, status_code=error.status_code)
        payload: dict[str, Any] = {"error": str(error.detail), "hint": None, "diagnostics": []}
        return page(request, "error.html", error.status_code, error=payload)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error answering %s %s", request.method, request.url.path)
        problem = {
            "type": "about:blank",
            "title": "Internal Server Error",
            "status": 500,
            "detail": f"the workbench failed unexpectedly ({type(error).__name__}); "
            "the server's log has the details",
        }
        return JSONResponse(problem, status_code=500, media_type="application/problem+json")
