"""``accord sweep``: how often the advice holds when every range of the file is drawn.

The sweep is imported when the command runs (``accord sweep --help`` loads no engine).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import Progress as RichProgress

from accord._defaults import SWEEP_DRAWS, SWEEP_QUESTIONS, SWEEP_SEED
from accord.cli._common import (
    JSON_OPTION,
    STRICT_OPTION,
    console,
    emit_json,
    err_console,
    fail,
    load_or_exit,
)
from accord.cli._solving import exit_interrupted, native_output
from accord.errors import AccordError, InputError
from accord.limits import Limits


class _Bar:
    """Moves a rich progress bar (draws done, time left); does nothing with --json."""

    def __init__(self) -> None:
        self.bar: RichProgress | None = None
        self.task: TaskID | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.update(self.task, completed=done, total=total)


@contextlib.contextmanager
def _progress(bar: _Bar, draws: int, as_json: bool) -> Iterator[None]:
    if as_json:
        yield
        return
    columns = (
        TextColumn("sweeping"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("draws, elapsed"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with RichProgress(*columns, console=err_console, transient=True) as progress:
        bar.bar, bar.task = progress, progress.add_task("sweep", total=draws)
        yield


def sweep_command(
    file: Path = typer.Argument(..., help="The scenario file (YAML)."),
    draws: int = typer.Option(
        SWEEP_DRAWS,
        "--draws",
        help=f"How many draws of every range (at most {Limits().sweep_draws:,}, "
        "unless --max-sweep-draws raises it).",
    ),
    seed: int = typer.Option(SWEEP_SEED, "--seed", help="The seed: same seed, same result."),
    workers: int | None = typer.Option(
        None, "--workers", help="Local worker processes (default: one per core)."
    ),
    cluster: str | None = typer.Option(
        None, "--cluster", help="A running Dask scheduler's address, e.g. tcp://127.0.0.1:8786."
    ),
    only: str | None = typer.Option(
        None, "--only", help=f"Ask only these, comma-separated: {', '.join(SWEEP_QUESTIONS)}."
    ),
    as_json: bool = JSON_OPTION,
    strict: bool = STRICT_OPTION,
) -> None:
    """Draw every range of the file many times: how often is each verdict still true, and
    which estimate decides it? Ctrl-C shows what the finished draws say (exit 130).

    Example: [bold]accord sweep korea-2019.yaml --draws 100 --only plan[/bold]
    """
    from accord.report._sweep import render_sweep
    from accord.sweep import check_draws, sweep

    scenario = load_or_exit(file, as_json, strict)
    questions = None if only is None else [q.strip() for q in only.split(",") if q.strip()]
    bar = _Bar()
    try:
        if workers is not None and cluster is not None:
            raise InputError("--workers and --cluster cannot be used together")
        check_draws(draws)
        with _progress(bar, draws, as_json), native_output(False):
            result = sweep(scenario, draws, seed, questions, workers, cluster, progress=bar)
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json("sweep", result.to_dict())
    else:
        render_sweep(console, result)
    if result.partial:
        exit_interrupted()


def register(app: typer.Typer) -> None:
    """Add ``sweep`` to the app."""
    app.command("sweep")(sweep_command)
