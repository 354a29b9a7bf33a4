"""Running analyses that call solvers: Ctrl-C stops them cleanly, solver output stays out.

Every command that runs a solver (``plan``, ``verify``, ``deal``, ``analyze``) runs its work
through :func:`run_solvers`:

- The work runs in a worker thread, so Ctrl-C reaches the main thread at once (HiGHS and
  CP-SAT do not look at signals). Ctrl-C sets a stop request that every solver call and loop of
  the analyses honours (:mod:`accord.solver._control`): the work returns promptly with the best
  it has, and the command reports it (exit 130). A second Ctrl-C, or a worker still busy after
  :data:`GRACE` seconds, abandons it: the process then exits without waiting for it.
- The solvers' own log is off; with ``--solver-log`` it goes to stderr. Anything a solver's
  native code would print on file descriptor 1 is discarded (or sent to stderr with
  ``--solver-log``), so stdout carries only the command's output (``--json`` stays clean).
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, NoReturn, TypeVar

import typer

from accord.cli._common import err_console
from accord.solver import _watchdog as watchdog
from accord.solver._control import solver_log, stopping

T = TypeVar("T")
EXIT_INTERRUPTED = 130
"""Ctrl-C, as ``accord`` exits on it elsewhere (128 + SIGINT)."""
GRACE = 5.0
"""Seconds the work has, after Ctrl-C, to return its best so far."""

SOLVER_LOG_OPTION = typer.Option(
    False, "--solver-log", help="Show the solvers' own log (HiGHS, CP-SAT) on stderr."
)


@dataclass(frozen=True)
class Run(Generic[T]):
    """How the work ended: its value (``None`` if it raised or was abandoned), and whether the
    user interrupted it."""

    value: T | None
    interrupted: bool


def run_solvers(work: Callable[[], T], show_log: bool = False) -> Run[T]:
    """Run ``work`` (which calls solvers) in a worker thread; see the module's docstring.

    Errors raised by ``work`` are raised here, unless the user interrupted it (then the error
    is taken to come from the stop, and the value is ``None``).
    """
    stop = threading.Event()
    finished = threading.Event()
    box: dict[str, Any] = {}
    sink = _to_stderr if show_log else None

    def target() -> None:
        try:
            with stopping(stop), solver_log(sink):
                box["value"] = work()
        except BaseException as error:  # handed to the main thread below
            box["error"] = error
        finally:
            finished.set()

    context = contextvars.copy_context()
    interrupted = False
    with native_output(show_log):
        worker = threading.Thread(target=context.run, args=(target,), name="accord-solve")
        worker.daemon = True
        try:
            worker.start()
            while not finished.wait(0.1):
                pass
        except KeyboardInterrupt:
            interrupted = True
            stop.set()
            _wait_a_little(finished)
    if not finished.is_set():
        watchdog.abandon(finished)  # finish() then exits without waiting for it
        return Run(None, True)
    if "error" in box:
        if interrupted or isinstance(box["error"], KeyboardInterrupt):
            return Run(None, True)
        raise box["error"]
    return Run(box["value"], interrupted)


def _wait_a_little(finished: threading.Event) -> None:
    with contextlib.suppress(KeyboardInterrupt):  # a second Ctrl-C: do not wait any longer
        finished.wait(GRACE)


def _to_stderr(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def exit_interrupted() -> NoReturn:
    """Exit with 130 (see :func:`finish`)."""
    finish(EXIT_INTERRUPTED)


def finish(code: int) -> NoReturn:
    """Exit with ``code``; skip interpreter shutdown while an abandoned worker or solver call
    (both registered with :func:`accord.solver._watchdog.abandon`) is still running.

    Shutting the interpreter down under a thread that is inside a solver's native code can
    abort the process (exit -6 instead of ``code``), and waiting for it would overrun the time
    limit; what was printed is flushed first.
    """
    if watchdog.still_running():
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise typer.Exit(code)


def interrupted_without_result(last: str) -> NoReturn:
    """Ctrl-C before anything could be shown: say so on stderr and exit with 130."""
    err_console.print(f"interrupted: {last}", markup=False)
    exit_interrupted()


@contextlib.contextmanager
def native_output(to_stderr: bool) -> Iterator[None]:
    """Send what native code prints on file descriptor 1 to /dev/null (or to stderr).

    Python's own ``sys.stdout`` is flushed before and after; the command prints its results
    after the block, on the restored descriptor.
    """
    sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:  # pragma: no cover - no file descriptor 1
        yield
        return
    sink = os.dup(2) if to_stderr else os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(sink, 1)
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        os.close(sink)
