"""Running draws on this machine: a pool of worker processes.

Each worker receives the setup once (at start) and computes chunks of draw indices. A worker
that dies (killed, out of memory) breaks the pool: the draws already returned are kept, the pool
is started again and the missing draws are sent again, at most :data:`RESTARTS` times. Workers
ignore Ctrl-C; the caller's Ctrl-C stops the sweep with the draws done so far. One worker runs in
this process instead (no pool to start, nothing to restart).
"""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from accord.errors import AnalysisError
from accord.sweep._draw import Draw, SweepSetup, evaluate

RESTARTS = 5
"""Times the pool is started again after a worker died, before the sweep gives up."""

PRELOAD = [
    "accord.sweep._draw",
    "ortools.sat.python.cp_model",
    "highspy",
    "scipy.optimize",
    "scipy.sparse",
]
"""Imported once by the fork server, so that each worker starts with the solvers loaded."""

Progress = Callable[[int, int], None]
"""Called with (draws done, draws in all) after each chunk."""


def no_progress(done: int, total: int) -> None:
    """No progress report (the default of every sweep entry point)."""


_setup: SweepSetup | None = None


def run_chunk(setup: SweepSetup, indices: Sequence[int]) -> list[Draw]:
    """The draws ``indices`` of ``setup`` (the task every backend runs)."""
    return [evaluate(setup, index) for index in indices]


def chunked(indices: Sequence[int], workers: int) -> list[list[int]]:
    """Indices in chunks small enough to share the work well and to lose little on a failure.

    >>> chunked(list(range(10)), 2)
    [[0], [1], [2], [3], [4], [5], [6], [7], [8], [9]]
    >>> [len(c) for c in chunked(list(range(100)), 2)][:3]
    [8, 8, 8]
    """
    size = max(1, min(8, len(indices) // (4 * workers)))
    return [list(indices[k : k + size]) for k in range(0, len(indices), size)]


def _start(setup: SweepSetup) -> None:
    global _setup
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _setup = setup


def _pool_chunk(indices: list[int]) -> list[Draw]:
    assert _setup is not None, "worker started without its setup"
    return run_chunk(_setup, indices)


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where it exists (safe with the parent's threads; the server imports the
    analyses once, so each worker starts as a fork of it), else spawn."""
    if not sys.platform.startswith("linux"):
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def run_local(
    setup: SweepSetup, indices: Sequence[int], workers: int, progress: Progress
) -> tuple[list[Draw], bool]:
    """Compute the draws ``indices`` on ``workers`` processes: (draws done, interrupted).

    One worker computes in this process: no pool to start (seconds on a busy machine)."""
    done: dict[int, Draw] = {}
    restarts = 0
    try:
        if workers == 1:
            for chunk in chunked(indices, 1):
                done.update((d.index, d) for d in run_chunk(setup, chunk))
                progress(len(done), len(indices))
        while missing := [i for i in indices if i not in done]:
            if _pool_round(setup, missing, workers, done, progress, len(indices)):
                continue
            restarts += 1
            if restarts > RESTARTS:
                raise AnalysisError(
                    f"sweep workers died {restarts} times; {len(missing)} draws not done"
                )
    except KeyboardInterrupt:
        return list(done.values()), True
    return list(done.values()), False


def _pool_round(
    setup: SweepSetup,
    missing: list[int],
    workers: int,
    done: dict[int, Draw],
    progress: Progress,
    total: int,
) -> bool:
    """Send ``missing`` to a new pool; collect into ``done``. False when a worker died."""
    pool = ProcessPoolExecutor(workers, _context(), initializer=_start, initargs=(setup,))
    broken = False
    try:
        pending: set[Future[list[Draw]]] = {
            pool.submit(_pool_chunk, chunk) for chunk in chunked(missing, workers)
        }
        while pending:
            finished, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in finished:
                if isinstance(future.exception(), BrokenProcessPool):
                    broken = True
                    continue
                done.update((d.index, d) for d in future.result())
            if finished:
                progress(len(done), total)
    finally:
        _stop(pool)
    return not broken


def _stop(pool: ProcessPoolExecutor) -> None:
    """Shut the pool down now: pending chunks cancelled, busy workers ended."""
    workers = list((getattr(pool, "_processes", None) or {}).values())  # no public way in 3.11
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        if process.is_alive():
            process.terminate()
    for process in workers:
        process.join(5)
    pool.shutdown(wait=True)  # the manager thread ends once it sees the workers gone
