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


WORK_PER_SECOND = 0.1
"""Units of CP-SAT's deterministic time a reproducible run gives each second of its limit. One
CP-SAT worker did 0.4-0.5 units a second at load 9 on the 2 shared cores (more when idle), so
at this rate the work runs out before the clock on such a machine (see docs/explanation/
safe-exchange.md, "What is reproducible")."""


@dataclass(eq=False)
class Work:
    """A budget of solver work in CP-SAT's deterministic time units, which depend on the model
    and the search only, not on the machine's speed or load. A share spends from its parents.

    >>> whole = Work(10.0)
    >>> part = whole.share(0.5)
    >>> part.spend(2.0)
    >>> part.left(), whole.left()
    (3.0, 8.0)
    """

    limit: float
    parent: Work | None = None
    used: float = 0.0

    def left(self) -> float:
        """Units left (0 when spent), within every parent's."""
        own = max(0.0, self.limit - self.used)
        return own if self.parent is None else min(own, self.parent.left())

    def spend(self, units: float) -> None:
        """Count ``units`` as done here and in every parent."""
        self.used += units
        if self.parent is not None:
            self.parent.spend(units)

    def share(self, fraction: float) -> Work:
        """A budget of ``fraction`` of the units left, spending from this one."""
        return Work(max(0.0, fraction) * self.left(), self)


@dataclass(frozen=True)
class Deadline:
    """A point in time on ``clock`` by which work must end, and optionally a budget of solver
    ``work``: then every CP-SAT call under it runs one worker within the work left (a
    deterministic search), and the deadline expires when either runs out."""

    end: float
    clock: Clock = time.monotonic
    work: Work | None = None

    @classmethod
    def after(
        cls, seconds: float, clock: Clock = time.monotonic, work: float | None = None
    ) -> Deadline:
        """The deadline ``seconds`` from now on ``clock`` (with ``work`` units of solver work)."""
        return cls(clock() + seconds, clock, None if work is None else Work(work))

    def left(self) -> float:
        """Seconds left (0 when past), or 0 when a stop was requested."""
        if stop_requested():
            return 0.0
        return max(0.0, self.end - self.clock())

    def expired(self) -> bool:
        """Whether no time is left (past the end, or a stop was requested), or no work."""
        return self.left() <= 0 or (self.work is not None and self.work.left() <= 0)

    def share(self, fraction: float) -> Deadline:
        """A sooner deadline: ``fraction`` of the time left from now (and of the work left)."""
        work = None if self.work is None else self.work.share(fraction)
        return Deadline(self.clock() + max(0.0, fraction) * self.left(), self.clock, work)

    def within(self, seconds: float) -> Deadline:
        """The sooner of this deadline and ``seconds`` from now (the same work budget)."""
        return Deadline(min(self.end, self.clock() + seconds), self.clock, self.work)


def stop_requested() -> bool:
    """Whether the caller asked the work under way to stop (Ctrl-C).

    Returns
    -------
    bool
        True inside a :func:`stopping` block whose event is set.

    Examples
    --------
    >>> import threading
    >>> event = threading.Event()
    >>> with stopping(event):
    ...     before = stop_requested()
    ...     event.set()
    ...     after = stop_requested()
    >>> before, after, stop_requested()
    (False, True, False)
    """
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
    """Within the block, solvers and loops stop (with their best so far) once ``event`` is set.

    Parameters
    ----------
    event : threading.Event
        Set it (from another thread, e.g. on Ctrl-C) to ask the work to stop.

    Returns
    -------
    context manager
        The block in which :func:`stop_requested` follows ``event``; the thread's context, so
        a worker thread started with a copy of it (``contextvars.copy_context``) follows it too.

    Examples
    --------
    >>> import threading
    >>> done = threading.Event()
    >>> done.set()
    >>> with stopping(done):
    ...     stop_requested()
    True
    """
    token = _stop.set(event)
    try:
        yield
    finally:
        _stop.reset(token)


@contextlib.contextmanager
def solver_log(sink: LogSink | None) -> Iterator[None]:
    """Within the block, the solvers' own log lines go to ``sink`` (``None``: nowhere).

    Parameters
    ----------
    sink : callable or None
        Called with each line of HiGHS' or CP-SAT's log; ``None`` turns the log off.

    Returns
    -------
    context manager
        The block in which :func:`log_sink` is ``sink``.

    Examples
    --------
    >>> lines = []
    >>> with solver_log(lines.append):
    ...     log_sink() is not None
    True
    >>> log_sink() is None
    True
    """
    token = _log.set(sink)
    try:
        yield
    finally:
        _log.reset(token)


def log_sink() -> LogSink | None:
    """Where the solvers' log lines go now (``None``: they are not produced at all)."""
    return _log.get()
