"""``accord analyze FILE``: every analysis whose section is present, summarised."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from accord.cli._common import JSON_OPTION, STRICT_OPTION, console, emit_json, load_or_exit
from accord.cli._solving import SOLVER_LOG_OPTION, interrupted_without_result, run_solvers

if TYPE_CHECKING:  # the engines load when the command runs: `accord analyze --help` loads none
    from accord.scenario import Scenario

    Summary = Callable[[Scenario], tuple[dict[str, Any], Callable[[], None]]]
    """A section summariser: returns the JSON form and a function that prints it."""

SECTION_SUMMARIES: dict[str, str] = {
    "conflict": "accord.cli._conflict",
    "deal": "accord.cli._deal",
    "phasing": "accord.cli._plan",
    "verification": "accord.cli._verify",
}
"""Section name -> the command module whose ``summarise`` summarises it (imported when the
section is present: the commands load on first use, see :mod:`accord.cli._lazy`)."""


def analyze_command(
    file: Path = typer.Argument(..., help="The scenario file (YAML)."),
    as_json: bool = JSON_OPTION,
    html: Path | None = typer.Option(
        None,
        "--html",
        help="Write the agreement report instead (an alias of: accord report FILE -o HTML).",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the --html file if it exists."),
    strict: bool = STRICT_OPTION,
    show_log: bool = SOLVER_LOG_OPTION,
) -> None:
    """Run every analysis whose section is present in FILE and print a summary.

    Example: [bold]accord analyze korea-2019.yaml --json[/bold]
    """
    if html is not None:
        from accord.cli._report import report_command

        report_command(
            [file], [html], sections=None, ledger=None, agreement=None, as_of=None,
            log_key=None, strict=strict, show_log=show_log, force=force, as_json=as_json,
            sweep=None,
        )  # fmt: skip
        return
    from accord.report._overview import render_overview

    scenario = load_or_exit(file, as_json, strict)
    run = run_solvers(lambda: _summaries(scenario), show_log)
    if run.interrupted or run.value is None:
        interrupted_without_result("the analysis was stopped")
    results, printers = run.value
    if as_json:
        emit_json("analysis", {"title": scenario.title, "file": str(file), "analyses": results})
        return
    render_overview(console, scenario, str(file))
    for printer in printers:
        printer()


def _summaries(scenario: Scenario) -> tuple[dict[str, Any], list[Callable[[], None]]]:
    """Each present section's summary (JSON form) and its printer, in the file's order."""
    results: dict[str, Any] = {}
    printers: list[Callable[[], None]] = []
    for name, _section in scenario.sections():
        module = SECTION_SUMMARIES.get(name)
        if module is not None:
            summarise: Summary = importlib.import_module(module).summarise
            payload, printer = summarise(scenario)
            results[name] = payload
            printers.append(printer)
    return results, printers


def register(app: typer.Typer) -> None:
    """Add ``analyze`` to the app."""
    app.command("analyze")(analyze_command)
