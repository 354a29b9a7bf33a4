"""Running draws on a running Dask distributed cluster (``--cluster tcp://HOST:PORT``).

The setup is scattered once to every worker; each chunk of draw indices is one task running
the same function as the local pool (:func:`accord.sweep._local.run_chunk`). When a worker dies,
the scheduler runs its tasks again on the others (Dask's own recovery, up to its
``allowed-failures``): no draw is lost, and since a draw depends only on its index the result
does not change. The workers need Accord installed (the same version) to import the task;
started with ``dask worker ADDRESS --preload accord.sweep.cluster`` they import the analyses
and solvers once, when they start, rather than in the first task (:func:`dask_setup`).
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from accord.errors import AnalysisError, InputError
from accord.sweep._draw import Draw, SweepSetup
from accord.sweep._local import PRELOAD, Progress, chunked, run_chunk

CONNECT_TIMEOUT = "10s"
"""How long to wait for the scheduler before saying it cannot be reached."""
WORKERS_TIMEOUT = 120.0
"""How long to wait for a first worker to join the scheduler (workers may still be starting)."""


PROFILER = ("profile", "profile-cycle")
"""The worker's statistical profiler (its periodic callbacks): it samples the running task
every 10 ms, which cost about a tenth of a draw's CPU in ``benchmarks/bench_sweep.py``."""


def dask_setup(worker: Any) -> None:
    """Dask's preload hook (``dask worker --preload accord.sweep.cluster``): import what a
    draw needs when the worker starts, as the local pool's fork server does, and stop the
    worker's profiler (a sweep's tasks are all alike; the dashboard loses its profile page)."""
    for module in PRELOAD:
        importlib.import_module(module)
    for name in PROFILER:
        callback = getattr(worker, "periodic_callbacks", {}).pop(name, None)
        if callback is not None:
            callback.stop()


def _client(address: str) -> Any:
    try:
        from distributed import Client
    except ImportError as error:  # pragma: no cover - the extra is installed in development
        raise InputError(
            "--cluster needs Dask distributed", "pip install 'accord[cluster]'"
        ) from error
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as error:
        raise InputError(
            f"cannot reach a Dask scheduler at {address}: {error}",
            "start one with `dask scheduler` and workers with `dask worker ADDRESS`",
        ) from error


def _wait_for_workers(client: Any, address: str) -> int:
    """The number of workers, once at least one has joined (an error after the timeout)."""
    try:
        client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
    except TimeoutError as error:
        client.close()
        raise InputError(
            f"no worker joined the Dask scheduler at {address} in {WORKERS_TIMEOUT:g} s",
            f"start workers with `dask worker {address}`",
        ) from error
    return max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))


def run_cluster(
    setup: SweepSetup, indices: Sequence[int], address: str, progress: Progress
) -> tuple[list[Draw], bool]:
    """Compute the draws ``indices`` on the cluster at ``address``: (draws done, interrupted)."""
    from distributed import as_completed

    client = _client(address)
    done: dict[int, Draw] = {}
    futures: list[Any] = []
    try:
        workers = _wait_for_workers(client, address)
        shared = client.scatter(setup, broadcast=True, hash=False)
        futures = [
            client.submit(run_chunk, shared, chunk, pure=False)
            for chunk in chunked(indices, workers)
        ]
        for future in as_completed(futures, loop=client.loop):  # type: ignore[no-untyped-call]
            if future.status != "finished":
                raise AnalysisError(f"a sweep task failed on the cluster: {future.exception()}")
            done.update((d.index, d) for d in future.result())
            progress(len(done), len(indices))
    except KeyboardInterrupt:
        client.cancel(futures)
        return list(done.values()), True
    finally:
        client.close()
    return list(done.values()), False
