"""A hard bound on a solver call: the deadline holds even when a solver overruns its own limit.

HiGHS and CP-SAT stop at their time limit and when asked to (interrupt callbacks, a stop
request), but only at the points where they look: HiGHS was seen to run 94.6 s on a 20 s limit
inside a step that checks neither. :func:`bounded` runs the call in a worker thread and waits
for it on the deadline's own clock; once the deadline has passed (or a stop was requested) and
the call is still running :data:`GRACE` seconds later, it is *abandoned*: the answer is the best
solution the call reported so far (status ``time_limit``, gap unknown) or ``no_solution``. The
abandoned thread runs on in the background (native code cannot be killed) and reports nothing
more. :func:`abandon` keeps the one list of such threads (the command line's worker threads left
running after Ctrl-C are registered there too); :func:`still_running` tells a command whether
one is left, so that it exits without waiting for it.

Examples
--------
>>> from accord.solver._control import Deadline
>>> from accord.solver._model import Outcome
>>> def quick(on_improved):
...     on_improved([1.0], 1.0)
...     return Outcome("optimal", [1.0], 1.0, 1.0, 0.0)
>>> bounded(quick, Deadline.after(5)).status
'optimal'
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from typing import Any

from accord.solver._control import Deadline
from accord.solver._model import Improved, Outcome

GRACE = 1.0
"""Seconds (on the deadline's clock) a solver has, after its deadline, to stop by itself."""
POLL = 0.05
"""Seconds of real time between two looks at the deadline."""

_abandoned: list[threading.Event] = []
"""The "finished" events of the threads left running (see :func:`abandon`)."""
_registry = threading.Lock()


class _Incumbent:
    """The best solution a call reported, forwarded to the caller until the call is abandoned."""

    def __init__(self, forward: Improved | None) -> None:
        self.lock = threading.Lock()
        self.forward = forward
        self.best: tuple[list[float], float] | None = None
        self.open = True

    def __call__(self, x: list[float], objective: float) -> None:
        with self.lock:
            if not self.open:
                return
            self.best = (list(x), objective)
            if self.forward is not None:
                self.forward(x, objective)

    def close(self) -> Outcome:
        """Hear nothing more; the best solution heard as a time-limited outcome."""
        with self.lock:
            self.open = False
            if self.best is None:
                return Outcome("no_solution", [], None, None, None)
            x, objective = self.best
            return Outcome("time_limit", x, objective, None, None)


def bounded(
    call: Callable[[Improved], Outcome],
    deadline: Deadline,
    on_improved: Improved | None = None,
    grace: float = GRACE,
) -> Outcome:
    """``call(report)`` (a solve that calls ``report`` with each better solution), ended by
    ``deadline`` plus ``grace``: its outcome, or the best it reported when it overran."""
    incumbent = _Incumbent(on_improved)
    finished = threading.Event()
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = call(incumbent)
        except BaseException as error:  # handed to the caller below
            box["error"] = error
        finally:
            finished.set()

    context = contextvars.copy_context()  # the stop request and the log sink
    worker = threading.Thread(target=context.run, args=(target,), name="accord-solver")
    worker.daemon = True
    worker.start()
    if not _wait(finished, deadline, grace):
        abandon(finished)
        return incumbent.close()
    worker.join()
    if "error" in box:
        raise box["error"]
    outcome: Outcome = box["value"]
    return outcome


def _wait(finished: threading.Event, deadline: Deadline, grace: float) -> bool:
    """Whether the call finished before ``grace`` seconds past the deadline (or a stop)."""
    overdue_since: float | None = None
    while not finished.wait(POLL):
        if not deadline.expired():
            continue
        now = deadline.clock()
        if overdue_since is None:
            overdue_since = now
        elif now - overdue_since >= grace:
            return finished.is_set()
    return True


def abandon(finished: threading.Event) -> None:
    """Leave the thread that sets ``finished`` running: :func:`still_running` is true until it
    sets it. The one registry of abandoned threads, for :func:`bounded`'s solver calls and the
    command line's worker threads (``accord.cli._solving``)."""
    with _registry:
        _abandoned[:] = [*(event for event in _abandoned if not event.is_set()), finished]


def still_running() -> bool:
    """Whether a thread left running (:func:`abandon`) has not finished yet."""
    with _registry:
        return not all(finished.is_set() for finished in _abandoned)
