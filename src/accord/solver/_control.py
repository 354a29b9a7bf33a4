"""What a caller controls from outside an analysis: its deadline, a stop request, the solver log.

A :class:`Deadline` is passed down explicitly: every solver call and every loop of an analysis
asks it how long is left, so one time limit bounds a whole command. The clock is injected
(``time.monotonic`` by default), so tests can run the budget on a fake clock.

A stop request (Ctrl-C in the CLI) and the destination of the solvers' own log lines are set by
the caller for a block of work (:func:`stopping`, :func:`solver_log`) and read by the solver
wrappers; they are context variables, so a worker thread started with
``contextvars.copy_context().run`` sees them.

Examples
--------
>>> ticks = iter([0.0, 0.0, 4.0, 11.0])
>>> deadline = Deadline.after(10, clock=lambda: next(ticks))
>>> deadline.left(), deadline.left(), deadline.expired()
(10.0, 6.0, True)
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

Clock = Callable[[], float]
"""Seconds from an arbitrary origin (``time.monotonic`` by default)."""

LogSink = Callable[[str], None]

SOLVER_SEED = 1
"""The random seed of every solver call (HiGHS and CP-SAT): a solve that ends before its time
limit gives the same answer every run (CP-SAT with one worker; with more, the workers race)."""

_stop: ContextVar[threading.Event | None] = ContextVar("accord_solver_stop", default=None)
_log: ContextVar[LogSink | None] = ContextVar("accord_solver_log", default=None)


@dataclass(frozen=True)
class Deadline:
    """A point in time on ``clock`` by which work must end."""

    end: float
    clock: Clock = time.monotonic

    @classmethod
    def after(cls, seconds: float, clock: Clock = time.monotonic) -> Deadline:
        """The deadline ``seconds`` from now on ``clock``."""
        return cls(clock() + seconds, clock)

    def left(self) -> float:
        """Seconds left (0 when past), or 0 when a stop was requested."""
        if stop_requested():
            return 0.0
        return max(0.0, self.end - self.clock())

    def expired(self) -> bool:
        """Whether no time is left (past the end, or a stop was requested)."""
        return self.left() <= 0

    def share(self, fraction: float) -> Deadline:
        """A sooner deadline: ``fraction`` of the time left from now."""
        return Deadline(self.clock() + max(0.0, fraction) * self.left(), self.clock)

    def within(self, seconds: float) -> Deadline:
        """The sooner of this deadline and ``seconds`` from now."""
        return Deadline(min(self.end, self.clock() + seconds), self.clock)


def stop_requested() -> bool:
    """Whether the caller asked the work under way to stop (Ctrl-C)."""
    event = _stop.get()
    return event is not None and event.is_set()


class Stopped(Exception):
    """The caller asked the work under way to stop: raised by :func:`check_stop` inside long
    loops that call no solver, and caught by the analysis that can keep what it has done."""


def check_stop() -> None:
    """Raise :class:`Stopped` if the caller asked the work under way to stop."""
    if stop_requested():
        raise Stopped


@contextlib.contextmanager
def stopping(event: threading.Event) -> Iterator[None]:
    """Within the block, solvers and loops stop (with their best so far) once ``event`` is set."""
    token = _stop.set(event)
    try:
        yield
    finally:
        _stop.reset(token)


@contextlib.contextmanager
def solver_log(sink: LogSink | None) -> Iterator[None]:
    """Within the block, the solvers' own log lines go to ``sink`` (``None``: nowhere)."""
    token = _log.set(sink)
    try:
        yield
    finally:
        _log.reset(token)


def log_sink() -> LogSink | None:
    """Where the solvers' log lines go now (``None``: they are not produced at all)."""
    return _log.get()
