"""``accord plan`` and ``accord audit``: phased plans that are safe for every party.

The engines are imported when a command runs, not when the module is (``accord plan --help``
loads no solver).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.progress import BarColumn, SpinnerColumn, TaskID, TextColumn
from rich.progress import Progress as RichProgress

from accord.choices import PlanObjective, PlanStatus
from accord.cli._common import (
    EXIT_PROBLEM,
    JSON_OPTION,
    STRICT_OPTION,
    console,
    emit_json,
    err_console,
    fail,
    load_or_exit,
)
from accord.cli._solving import (
    SOLVER_LOG_OPTION,
    exit_interrupted,
    finish,
    interrupted_without_result,
    run_solvers,
)
from accord.errors import AccordError, InputError

if TYPE_CHECKING:
    from accord.phasing._analysis import PhasingAnalysis
    from accord.phasing._planner import PlanResult, Progress
    from accord.scenario import Scenario

OBJECTIVE_OPTION = typer.Option(
    None,
    "--objective",
    help=f"What to minimise first: {', '.join(PlanObjective)} (default: the file's, else periods).",
)


def plan_command(
    file: Path = typer.Argument(..., help="The scenario file (YAML)."),
    package: str | None = typer.Option(None, "--package", help="A proposal name from deal:."),
    objective: str | None = OBJECTIVE_OPTION,
    time_limit: float = typer.Option(
        30.0, "--time-limit", help="Seconds for the whole command (planner, fixes, audits)."
    ),
    reproducible: bool = typer.Option(
        False,
        "--reproducible",
        help="Bound the solvers' work too: the same file and limit give the same plan.",
    ),
    as_json: bool = JSON_OPTION,
    strict: bool = STRICT_OPTION,
    show_log: bool = SOLVER_LOG_OPTION,
) -> None:
    """Plan the package step by step so that no party gains by defecting (exit 1 if impossible).

    Example: [bold]accord plan korea-2019.yaml --package hanoi_dprk_offer[/bold]
    """
    from accord.questions import plan
    from accord.questions._common import no_section

    scenario = load_or_exit(file, as_json, strict)
    if scenario.phasing is None:  # before the progress bar draws anything
        fail(no_section("phasing"), as_json)
    if not time_limit > 0:
        fail(InputError(f"--time-limit must be positive, not {time_limit:g}", None), as_json)
    tracker = _Tracker()
    try:
        with _progress_bar(tracker, as_json):
            run = run_solvers(
                lambda: plan(
                    scenario,
                    package,
                    objective=objective,
                    time_limit=time_limit,
                    progress=tracker,
                    reproducible=reproducible,
                ),
                show_log,
            )
    except AccordError as error:
        fail(error, as_json)
    if run.interrupted:
        _interrupted(scenario, package, run.value, tracker, as_json)
    result = run.value
    assert result is not None
    _show(result, as_json)
    finish(EXIT_PROBLEM if result.result.plan is None else 0)


def _show(result: PhasingAnalysis, as_json: bool) -> None:
    from accord.report._phasing import render_plan

    if as_json:
        emit_json("plan", result.to_dict())
    else:
        render_plan(console, result)


class _Tracker:
    """Follows the planner: a progress bar on the terminal (none with --json), the best plan."""

    def __init__(self) -> None:
        self.bar: RichProgress | None = None
        self.task: TaskID | None = None
        self.best: PlanResult | None = None
        self.last = "no solver call finished yet"

    def __call__(self, progress: Progress) -> None:
        self.best = progress.best or self.best
        self.last = progress.stage
        if self.bar is not None and self.task is not None:
            self.bar.update(
                self.task, completed=progress.done, total=progress.total, description=progress.stage
            )


@contextlib.contextmanager
def _progress_bar(tracker: _Tracker, as_json: bool) -> Iterator[None]:
    """A transient progress bar on stderr that ``tracker`` moves; nothing with --json."""
    if as_json:
        yield
        return
    columns = (SpinnerColumn(), TextColumn("planning: {task.description}"), BarColumn())
    with RichProgress(*columns, console=err_console, transient=True) as bar:
        tracker.bar, tracker.task = bar, bar.add_task("starting", total=None)
        yield


def _interrupted(
    scenario: Scenario,
    package: str | None,
    done: PhasingAnalysis | None,
    tracker: _Tracker,
    as_json: bool,
) -> NoReturn:
    """Ctrl-C: show the best plan found so far (marked ``interrupted``), or say there is none.

    ``done`` is what the stopped analysis returned (``None`` when it was abandoned: then the
    tracker's best plan is completed without any further solving).
    """
    from accord.phasing._analysis import complete
    from accord.solver._control import Deadline

    best = done.result if done is not None and done.result.plan is not None else tracker.best
    if best is None or best.plan is None:
        interrupted_without_result(f"no safe plan found yet (last: {tracker.last})")
    marked = replace(best, status=PlanStatus.INTERRUPTED, gap=None)
    if done is not None and done.result.plan is not None:
        result = done.interrupted()
    else:
        result = complete(scenario, package, marked, deadline=Deadline.after(0))
    _show(result, as_json)
    exit_interrupted()


def audit_command(
    file: Path = typer.Argument(..., help="The scenario file (YAML)."),
    as_json: bool = JSON_OPTION,
    strict: bool = STRICT_OPTION,
) -> None:
    """Audit every plan written under phasing: (exit 1 when one is unsafe).

    Example: [bold]accord audit jcpoa-2015.yaml[/bold]
    """
    from accord.questions import audit
    from accord.report._phasing import render_written

    scenario = load_or_exit(file, as_json, strict)
    try:
        audits = audit(scenario)
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json("audit", audits.to_dict())
    else:
        if not audits.audits:
            console.print("no plans to audit: write one under phasing: plan or plans", markup=False)
        for written in audits.audits:
            render_written(console, written)
    if not audits.safe:
        raise typer.Exit(EXIT_PROBLEM)


def summarise(scenario: Scenario) -> tuple[dict[str, Any], Callable[[], None]]:
    """The phasing summary for ``accord analyze``: the planned timetable and every audit
    (``accord analyze`` runs it through the solver-run helper)."""
    from accord.questions import plan
    from accord.report._phasing import render_plan, render_written

    result = plan(scenario, time_limit=10.0)

    def show() -> None:
        render_plan(console, result)
        for written in result.audits:
            render_written(console, written)

    return result.to_dict(), show


def register(app: typer.Typer) -> None:
    """Add ``plan`` and ``audit`` to the app."""
    app.command("plan")(plan_command)
    app.command("audit")(audit_command)
