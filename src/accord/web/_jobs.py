"""Analyses run off the request thread: each in a worker thread, with progress and a stop.

A job is keyed by what it computes (file, version, analysis), so a second request for the same
analysis of the same text joins the job under way or takes its result. A stop request is the
one the CLI's Ctrl-C makes (:func:`accord.solver._control.stopping`): solvers and loops return
their best so far. A job that failed keeps the error's message (an :class:`AccordError` is the
user's to fix; anything else is logged with its traceback and reported as a server error).

Examples
--------
>>> jobs = Jobs()
>>> job = jobs.start(("demo",), lambda tell: 6 * 7)
>>> job.wait(10), job.state, job.result
(True, 'done', 42)
>>> jobs.start(("demo",), lambda tell: 0) is job
True
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Callable, Hashable
from typing import Literal

from accord.errors import AccordError
from accord.solver._control import solver_log, stopping

State = Literal["running", "done", "failed", "stopped"]
Work = Callable[[Callable[[str], None]], object]
"""The work: called with a function that tells what it is doing now."""
KEEP = 64
"""Finished jobs kept (the oldest are forgotten first)."""

log = logging.getLogger("accord.web")


class Job:
    """One analysis under way or finished."""

    def __init__(self, key: Hashable, work: Work) -> None:
        self.key = key
        self.state: State = "running"
        self.stage = "starting"
        self.result: object = None
        self.error: str | None = None
        self.user_error: AccordError | None = None
        self.started = time.monotonic()
        self.elapsed = 0.0
        self._stop = threading.Event()
        self._finished = threading.Event()
        context = contextvars.copy_context()
        self._thread = threading.Thread(
            target=context.run, args=(self._run, work), daemon=True, name="accord-job"
        )
        self._thread.start()

    def _tell(self, stage: str) -> None:
        self.stage = stage

    def _run(self, work: Work) -> None:
        try:
            with stopping(self._stop), solver_log(None):
                self.result = work(self._tell)
            self.state = "stopped" if self._stop.is_set() else "done"
        except AccordError as error:
            self.user_error = error
            self.error = str(error)
            self.state = "failed"
        except Exception as error:
            log.exception("the analysis %r failed", self.key)
            self.error = f"the analysis failed unexpectedly ({type(error).__name__})"
            self.state = "failed"
        finally:
            self.elapsed = time.monotonic() - self.started
            self._finished.set()

    def stop(self) -> None:
        """Ask the work to stop with its best so far."""
        self._stop.set()

    def wait(self, seconds: float | None) -> bool:
        """Wait up to ``seconds`` (``None``: as long as it takes); whether it has finished."""
        return self._finished.wait(seconds)

    @property
    def running_for(self) -> float:
        """Seconds since the job started (until it finished)."""
        return self.elapsed if self._finished.is_set() else time.monotonic() - self.started


class Jobs:
    """The jobs of one workbench."""

    def __init__(self) -> None:
        self._jobs: dict[Hashable, Job] = {}
        self._lock = threading.Lock()

    def start(self, key: Hashable, work: Work, again: bool = False) -> Job:
        """The job for ``key`` if there is one, else a new one running ``work``; with
        ``again``, a stopped or failed job is started anew."""
        with self._lock:
            job = self._jobs.get(key)
            if job is not None and (job.state in ("running", "done") or not again):
                return job
            job = Job(key, work)
            self._jobs[key] = job
            self._forget_old()
            return job

    def get(self, key: Hashable) -> Job | None:
        """The job for ``key``, if any."""
        return self._jobs.get(key)

    def _forget_old(self) -> None:
        finished = [k for k, j in self._jobs.items() if j.state != "running"]
        for key in finished[: max(0, len(self._jobs) - KEEP)]:
            del self._jobs[key]

    def stop_all(self) -> None:
        """Ask every job under way to stop (the server is shutting down)."""
        for job in list(self._jobs.values()):
            job.stop()
