"""``accord plan`` and ``accord audit``: phased plans that are safe for every party."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import typer
from rich.progress import BarColumn, SpinnerColumn, TaskID, TextColumn
from rich.progress import Progress as RichProgress

from accord.cli import analyze
from accord.cli.common import (
    EXIT_PROBLEM,
    JSON_OPTION,
    STRICT_OPTION,
    console,
    emit_json,
    err_console,
    fail,
    load_or_exit,
    no_section,
    require_choice,
)
from accord.errors import AccordError, InputError
from accord.phasing.analysis import analyse, audit_scenario, complete
from accord.phasing.planner import PlanResult, Progress
from accord.report.phasing import render_plan, render_written
from accord.scenario import Scenario

T = TypeVar("T")
EXIT_INTERRUPTED = 130
"""Ctrl-C, as ``accord`` exits on it elsewhere (128 + SIGINT)."""

OBJECTIVE_OPTION = typer.Option(
    None, "--objective", help="periods (default), steps or exposure: what to minimise first."
)


def _require_phasing(scenario: Scenario, as_json: bool) -> None:
    if scenario.phasing is None:
        fail(no_section("phasing"), as_json)


def plan_command(
    file: Path = typer.Argument(..., help="The scenario file (YAML)."),
    package: str | None = typer.Option(None, "--package", help="A proposal name from deal:."),
    objective: str | None = OBJECTIVE_OPTION,
    time_limit: float = typer.Option(30.0, "--time-limit", help="Solver time limit (seconds)."),
    as_json: bool = JSON_OPTION,
    strict: bool = STRICT_OPTION,
) -> None:
    """Plan the package step by step so that no party gains by defecting (exit 1 if impossible).

    Example: [bold]accord plan korea-2019.yaml --package hanoi_dprk_offer[/bold]
    """
    scenario = load_or_exit(file, as_json, strict)
    _require_phasing(scenario, as_json)
    if objective is not None:
        require_choice(objective, ("periods", "steps", "exposure"), "objective", as_json)
    if not time_limit > 0:
        fail(InputError(f"--time-limit must be positive, not {time_limit:g}", None), as_json)
    tracker = _Tracker()
    try:
        with _progress_bar(tracker, as_json), solver_output_discarded():
            result = _interruptible(
                lambda: analyse(scenario, package, objective, time_limit, progress=tracker)  # type: ignore[arg-type]
            )
    except AccordError as error:
        fail(error, as_json)
    except KeyboardInterrupt:
        _interrupted(scenario, package, tracker, as_json)
    if as_json:
        emit_json("plan", result.to_json())
    else:
        render_plan(console, result)
    if result.result.plan is None:
        raise typer.Exit(EXIT_PROBLEM)


_abandoned: list[threading.Event] = []
"""The "finished" events of planner threads Ctrl-C left running (see :func:`_exit_interrupted`).

An event, not ``Thread.is_alive()``: in Python 3.11 a ``join`` interrupted by Ctrl-C can leave
``is_alive()`` false for a thread that is still running."""


def _exit_interrupted() -> NoReturn:
    """Exit with 130; skip interpreter shutdown while a solver thread is still in native code.

    Shutting the interpreter down under a daemon thread that is inside HiGHS can abort the
    process (exit -6 instead of 130); the report is printed and flushed first.
    """
    if not all(finished.is_set() for finished in _abandoned):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_INTERRUPTED)


def _interruptible(work: Callable[[], T]) -> T:
    """Run ``work`` in a worker thread so that Ctrl-C reaches this one at once.

    HiGHS releases the GIL but does not look at signals: in the main thread a KeyboardInterrupt
    would wait for the current solver call (up to the whole time limit). The worker is a daemon
    and is abandoned on Ctrl-C; the process exits right after reporting.
    """
    box: dict[str, Any] = {}
    finished = threading.Event()

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as error:  # handed to the main thread below
            box["error"] = error
        finally:
            finished.set()

    worker = threading.Thread(target=target, name="accord-plan", daemon=True)
    worker.start()
    try:
        while not finished.wait(0.1):
            pass
    except KeyboardInterrupt:
        _abandoned.append(finished)
        raise
    if "error" in box:
        raise box["error"]
    result: T = box["value"]
    return result


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
    scenario: Scenario, package: str | None, tracker: _Tracker, as_json: bool
) -> NoReturn:
    """Ctrl-C: show the best plan found so far (marked ``interrupted``), or say there is none."""
    if tracker.best is None:
        err_console.print(
            f"interrupted: no safe plan found yet (last: {tracker.last})", markup=False
        )
        _exit_interrupted()
    best = replace(tracker.best, status="interrupted", gap=None)
    result = complete(scenario, package, best)
    if as_json:
        emit_json("plan", result.to_json())
    else:
        render_plan(console, result)
    _exit_interrupted()


def audit_command(
    file: Path = typer.Argument(..., help="The scenario file (YAML)."),
    as_json: bool = JSON_OPTION,
    strict: bool = STRICT_OPTION,
) -> None:
    """Audit every plan written under phasing: (exit 1 when one is unsafe).

    Example: [bold]accord audit jcpoa-2015.yaml[/bold]
    """
    scenario = load_or_exit(file, as_json, strict)
    _require_phasing(scenario, as_json)
    try:
        audits = audit_scenario(scenario)
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json(
            "audit",
            {
                "safe": all(a.audit.safe for a in audits),
                "audits": [a.to_json() for a in audits],
            },
        )
    else:
        if not audits:
            console.print("no plans to audit: write one under phasing: plan or plans", markup=False)
        for written in audits:
            render_written(console, written)
    if not all(a.audit.safe for a in audits):
        raise typer.Exit(EXIT_PROBLEM)


@contextlib.contextmanager
def solver_output_discarded() -> Iterator[None]:
    """Discard what the solver's C++ code prints on file descriptor 1 (HiGHS debug lines).

    Keeps the JSON on stdout clean and the terminal free of solver noise; the progress bar and
    errors go to stderr, which is left alone.
    """
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # pragma: no cover - no file descriptor 1
        yield
        return
    sink = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(sink, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        os.close(sink)


def summarise(scenario: Scenario) -> tuple[dict[str, Any], Callable[[], None]]:
    """The phasing summary for ``accord analyze``: the planned timetable and every audit."""
    with solver_output_discarded():
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
