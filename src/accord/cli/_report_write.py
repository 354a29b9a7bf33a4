"""What ``accord report`` does once its arguments are checked (:mod:`accord.cli._report`):
analyse, build the document, draw its figures, render and write it.

Imported when the command runs, with the engines and the renderers it needs.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.progress import Progress, SpinnerColumn, TextColumn

from accord.cli._common import console, emit_json, err_console, fail, load_or_exit
from accord.cli._solving import interrupted_without_result, run_solvers
from accord.errors import AccordError, InputError, VerificationFailed
from accord.report._results import ScenarioResults, analyze_scenario
from accord.report.document._build import analysis_section, build_document
from accord.report.document._compare import build_comparison
from accord.report.document._ledger import LedgerView, ledger_view
from accord.report.document._model import Document
from accord.report.document._output import FigureDrawer, format_of, render
from accord.scenario import Scenario
from accord.sweep import sweep as run_sweep
from accord.sweep._aggregate import SweepResult


def write_report(
    files: Sequence[Path],
    targets: Sequence[Path],
    sections: Sequence[str],
    ledger: tuple[str | None, int | None, dt.date, str | None],
    flags: tuple[bool, bool],
    as_json: bool,
    sweep_draws: int | None = None,
) -> None:
    """Analyse, build, render and write; report what was written. ``ledger`` is the source,
    the agreement, the date and the trusted log key; ``flags`` are --strict and --solver-log."""
    strict, show_log = flags
    scenarios = [load_or_exit(f, as_json, strict) for f in files]
    drawer = FigureDrawer()
    try:
        view = _ledger(*ledger)
        with _status(as_json) as tell:

            def early(scenario: Scenario) -> Callable[[str, object], None] | None:
                return _early(drawer, scenario, sections) if len(files) == 1 else None

            def analyses() -> list[ScenarioResults]:
                return [
                    analyze_scenario(s, str(f), _teller(tell, f.name), early(s))
                    for s, f in zip(scenarios, files, strict=True)
                ]

            run = run_solvers(analyses, show_log)
            if run.interrupted or run.value is None:
                interrupted_without_result("no report written")
            swept = _sweep(scenarios[0], sweep_draws, tell) if sweep_draws else None
            tell("drawing the figures")
            document = _document(run.value, view, sections, swept)
            rendered = render(document, {format_of(t) for t in targets}, drawer)
    except AccordError as error:
        fail(error, as_json)
    finally:
        drawer.close()
    written = [_write(t, rendered[format_of(t)]) for t in targets]
    for w in written if not as_json else ():
        console.print(f"wrote {w['path']} ({w['format']}, {w['bytes']:,} bytes)", markup=False)
    if as_json:
        emit_json(
            "report",
            {
                "files": written,
                "scenarios": [str(f) for f in files],
                "sections": [s.key for s in document.sections],
            },
        )


def _early(
    drawer: FigureDrawer, scenario: Scenario, sections: Sequence[str]
) -> Callable[[str, object], None]:
    """Start drawing an analysis's figures as soon as it is done, while the next one runs."""

    def draw(key: str, result: object) -> None:
        if key in sections:
            drawer.draw(analysis_section(scenario, key, result).figures())

    return draw


def _teller(tell: Callable[[str], None], name: str) -> Callable[[str], None]:
    return lambda what: tell(f"{name}: {what}")


def _sweep(scenario: Scenario, draws: int, tell: Callable[[str], None]) -> SweepResult:
    """The sweep of the robustness section (Ctrl-C: the draws finished, marked partial)."""
    tell(f"sweep: 0/{draws:,} draws")

    def progress(done: int, total: int) -> None:
        tell(f"sweep: {done:,}/{total:,} draws")

    return run_sweep(scenario, draws, progress=progress)


def _document(
    results: list[ScenarioResults],
    view: LedgerView | None,
    sections: Sequence[str],
    swept: SweepResult | None = None,
) -> Document:
    if len(results) == 1:
        return build_document(results[0], view, sections, swept)
    return build_comparison(results)


def _ledger(
    source: str | None, agreement: int | None, day: dt.date, log_key: str | None
) -> LedgerView | None:
    if source is None:
        if agreement is not None:
            raise InputError("--agreement needs --ledger")
        return None
    from accord.cli._ledger_verify import trusted_export

    try:
        export, keys = trusted_export(source, log_key)
    except VerificationFailed as error:
        raise InputError(f"--ledger {source}: {error}") from None
    view = ledger_view(export, source, agreement, day, keys)
    if keys is not None:
        _require_signed(view, export, source, keys[0])
    return view


def _require_signed(view: LedgerView, export: dict[str, Any], source: str, key: str) -> None:
    """Refuse a log whose checkpoints are not signed by the trusted log key ``key``: its
    entries would then be whatever the operator (or the file) says."""
    problems = [f.message for f in view.audit.findings if f.kind == "checkpoint"]
    if not export.get("checkpoint"):
        problems.insert(0, "it shows no signed checkpoint")
    if problems:
        raise InputError(
            f"--ledger {source}: the log's checkpoints do not verify against its trusted key "
            f"{key}: {problems[0]}; refusing to report on it",
            hint="the key is the one pinned at first contact (or --log-key); a log that "
            "rotated its key says so in advance",
        )


def _write(target: Path, data: bytes) -> dict[str, object]:
    """Write ``data`` to ``target`` whole or not at all (a temporary file, then a rename)."""
    handle, temporary = tempfile.mkstemp(prefix=".accord-", dir=target.parent or Path("."))
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        # a report is to hand on: the mode a new file gets (mkstemp's is owner-only)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return {"path": str(target), "format": format_of(target), "bytes": len(data)}


@contextmanager
def _status(quiet: bool) -> Iterator[Callable[[str], None]]:
    if quiet:
        yield lambda _what: None
        return
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=err_console, transient=True
    ) as bar:
        task = bar.add_task("report: loading", total=None)
        yield lambda what: bar.update(task, description=f"report: {what}")
