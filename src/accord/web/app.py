"""The browser workbench (``accord web``): a FastAPI app of server-rendered pages.

``create_app(root, ledger)`` serves the scenario files of ``root`` (a folder or one file):
pages rendered with Jinja2, small partial updates with htmx, the report's figures drawn by the
vendored Vega-Lite, nothing fetched from the network. Every page also answers JSON when asked
(``Accept: application/json``), in the envelope of the CLI's ``--json``. Analyses run as
:mod:`~accord.web.jobs` off the request thread. Bad input is answered with the CLI's located
errors (4xx); anything unexpected is logged and answered 500 with a problem document.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from accord import __version__
from accord.errors import AccordError, ScenarioError
from accord.frontend.assets import STATIC_URL, add_offline_docs, add_static
from accord.frontend.envelope import envelope, error_json
from accord.scenario import Scenario
from accord.web.jobs import Jobs
from accord.web.workspace import Checked, StaleVersion, UnknownFile, Workspace, validate_text

log = logging.getLogger("accord.web")
TEMPLATES = Path(__file__).resolve().parent / "templates"


class Workbench:
    """What the pages share: the files, the analyses under way, the ledger's address."""

    def __init__(self, root: Path, ledger: str | None) -> None:
        self.workspace = Workspace(root)
        self.jobs = Jobs()
        self.ledger = ledger.rstrip("/") if ledger else None
        self._checked: dict[tuple[str, str], Checked] = {}
        self.extras: dict[tuple[str, ...], object] = {}
        """What the pages keep per file version (the package builder's space, ...)."""

    def checked(self, name: str) -> tuple[str, str, Checked]:
        """The text of ``name``, its version and its validation (kept per version)."""
        text, version = self.workspace.read(name)
        key = (name, version)
        if key not in self._checked:
            if len(self._checked) > 64:
                self._checked.clear()
            self._checked[key] = validate_text(text, name)
        return text, version, self._checked[key]

    def scenario(self, name: str) -> tuple[Scenario, str]:
        """The valid scenario ``name`` and its version (``ScenarioError`` if it is invalid)."""
        _, version, checked = self.checked(name)
        if checked.scenario is None:
            raise ScenarioError(checked.diagnostics)
        return checked.scenario, version


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
    from accord.web import editor, ledger_pages, pages, tryout

    for module in (editor, tryout, ledger_pages, pages):
        app.include_router(module.router)
    return app


def templates() -> Jinja2Templates:
    """The page templates, with the helpers they use."""
    found = Jinja2Templates(directory=TEMPLATES)
    found.env.globals.update(static=STATIC_URL, version=__version__)
    found.env.filters["num"] = _num
    return found


def _num(value: object) -> str:
    """A number for a person: whole numbers with thousands separators, others to 4 significant
    digits.

    >>> _num(12900.0), _num(-15), _num(0.16666), _num(None)
    ('12,900', '-15', '0.1667', '—')
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "—" if value is None else str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:.4g}"


def wants_json(request: Request) -> bool:
    """Whether the client asked for JSON (``Accept: application/json`` before HTML)."""
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept.split("application/json")[0]


def bench_of(request: Request) -> Workbench:
    """The workbench serving ``request``."""
    bench: Workbench = request.app.state.bench
    return bench


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` with ``context``."""
    found: Jinja2Templates = request.app.state.templates
    bench = bench_of(request)
    context.setdefault("ledger_url", bench.ledger)
    return found.TemplateResponse(request, template, context, status_code=status)


async def form_of(request: Request) -> dict[str, str]:
    """The request's form fields (files are not expected, and left out)."""
    return {k: v for k, v in (await request.form()).items() if isinstance(v, str)}


def _status_of(error: AccordError) -> int:
    if isinstance(error, UnknownFile):
        return 404
    return 409 if isinstance(error, StaleVersion) else 400


def error_payload(error: AccordError) -> dict[str, Any]:
    """The CLI's ``error`` payload (message, hint, located diagnostics) of ``error``."""
    return error_json(error)


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
