"""What the workbench's pages share: the :class:`Workbench` (files, jobs, the ledger's
address), rendering a page or answering JSON, and running an analysis as a job. Kept apart from
:mod:`accord.web._app`, which puts the pages together, so that no page imports the app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from accord import __version__
from accord.errors import AccordError, InputError, ScenarioError
from accord.frontend._assets import STATIC_URL
from accord.frontend._envelope import error_json
from accord.scenario import Scenario
from accord.web import _analyses as analyses
from accord.web._jobs import Job, Jobs
from accord.web._workspace import Checked, Workspace, validate_text

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


def error_payload(error: AccordError) -> dict[str, Any]:
    """The CLI's ``error`` payload (message, hint, located diagnostics) of ``error``."""
    return error_json(error)


def start(bench: Workbench, name: str, analysis: str, again: bool = False) -> Job:
    """The job of ``analysis`` on the current version of ``name`` (started if need be; with
    ``again``, a stopped or failed one is run again)."""
    if analysis not in analyses.ANALYSES:
        raise InputError(f"unknown analysis '{analysis}'", "one of " + ", ".join(analyses.ANALYSES))
    scenario, version = bench.scenario(name)
    return bench.jobs.start(
        (name, version, analysis), lambda tell: analyses.run(analysis, scenario, tell), again
    )


async def finished(bench: Workbench, name: str, analysis: str) -> Any:
    """The result of ``analysis``, waiting for it off the event loop (raises its error)."""
    job = start(bench, name, analysis, again=True)
    await run_in_threadpool(job.wait, None)
    if job.user_error is not None:
        raise job.user_error
    if job.state == "failed":
        raise RuntimeError(job.error)
    return job.result
