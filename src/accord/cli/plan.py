"""``accord plan`` and ``accord audit``: phased plans that are safe for every party."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import typer

from accord.cli import analyze
from accord.cli.common import EXIT_PROBLEM, JSON_OPTION, console, emit_json, fail, load_or_exit
from accord.errors import AccordError
from accord.phasing.analysis import analyse, audit_scenario
from accord.report.phasing import render_plan, render_written
from accord.scenario import Scenario

OBJECTIVE_OPTION = typer.Option(
    None, "--objective", help="periods (default), steps or exposure: what to minimise first."
)


def _require_phasing(scenario: Scenario, as_json: bool) -> None:
    if scenario.phasing is None:
        fail(AccordError("the scenario has no phasing: section"), as_json)


def plan_command(
    file: Path = typer.Argument(..., help="The scenario file (YAML)."),
    package: str | None = typer.Option(None, "--package", help="A proposal name from deal:."),
    objective: str | None = OBJECTIVE_OPTION,
    time_limit: float = typer.Option(30.0, "--time-limit", help="Solver time limit (seconds)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Plan the package step by step so that no party gains by defecting (exit 1 if impossible).

    Example: [bold]accord plan examples/korea-2019.yaml --package hanoi_dprk_offer[/bold]
    """
    scenario = load_or_exit(file, as_json)
    _require_phasing(scenario, as_json)
    if objective not in (None, "periods", "steps", "exposure"):
        fail(
            AccordError(f"unknown objective '{objective}': use periods, steps or exposure"), as_json
        )
    try:
        with console.status("planning…") if not as_json else _Quiet(), solver_output_to_stderr():
            result = analyse(scenario, package, objective, time_limit)  # type: ignore[arg-type]
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json(result.to_json())
    else:
        render_plan(console, result)
    if result.result.plan is None:
        raise typer.Exit(EXIT_PROBLEM)


def audit_command(
    file: Path = typer.Argument(..., help="The scenario file (YAML)."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Audit every plan written under phasing: (exit 1 when one is unsafe).

    Example: [bold]accord audit examples/jcpoa-2015.yaml[/bold]
    """
    scenario = load_or_exit(file, as_json)
    _require_phasing(scenario, as_json)
    try:
        audits = audit_scenario(scenario)
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json(
            {
                "version": 1,
                "safe": all(a.audit.safe for a in audits),
                "audits": [a.to_json() for a in audits],
            }
        )
    else:
        if not audits:
            console.print("no plans to audit: write one under phasing: plan or plans", markup=False)
        for written in audits:
            render_written(console, written)
    if not all(a.audit.safe for a in audits):
        raise typer.Exit(EXIT_PROBLEM)


@contextlib.contextmanager
def solver_output_to_stderr() -> Iterator[None]:
    """Send what the solver's C++ code prints on file descriptor 1 to stderr (keeps JSON clean)."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # pragma: no cover - no file descriptor 1
        yield
        return
    try:
        os.dup2(2, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


class _Quiet:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


def summarise(scenario: Scenario) -> tuple[dict[str, Any], Callable[[], None]]:
    """The phasing summary for ``accord analyze``: the planned timetable and every audit."""
    with solver_output_to_stderr():
        result = analyse(scenario, time_limit=10.0)

    def show() -> None:
        render_plan(console, result)
        for written in result.audits:
            render_written(console, written)

    return result.to_json(), show


def register(app: typer.Typer) -> None:
    """Add ``plan`` and ``audit`` to the app and the phasing summary to ``analyze``."""
    app.command("plan")(plan_command)
    app.command("audit")(audit_command)
    analyze.SECTION_SUMMARIES["phasing"] = summarise
