"""A real Dask cluster on loopback, started with the engine's own commands (as the how-to does):
``dask scheduler`` and single-threaded ``dask worker`` processes that preload the analyses.

Used by the sweep's cluster tests and by ``benchmarks/bench_sweep.py``: one way to start it.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BIN = Path(sys.executable).parent
START_TIMEOUT = 180.0
"""Seconds the scheduler and every worker have to come up (the machine may be loaded)."""


def free_port() -> int:
    """A TCP port on loopback that nothing listens on (once the probe socket is closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def _worker(address: str) -> list[str]:
    return [
        str(BIN / "dask"),
        "worker",
        address,
        "--nthreads",
        "1",
        "--no-nanny",
        "--preload",
        "accord.sweep.cluster",
        "--no-dashboard",
        "--death-timeout",
        "60",
    ]


@contextmanager
def local_cluster(workers: int) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """A scheduler and ``workers`` workers on loopback: (address, the worker processes).

    Every process started is stopped at the end (terminated, killed after 20 s).
    """
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    command = [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port)]
    scheduler = subprocess.Popen([*command, "--no-dashboard"], **quiet)
    started = [subprocess.Popen(_worker(address), **quiet) for _ in range(workers)]
    try:
        _wait_for_workers(address, workers)
        yield address, started
    finally:
        for process in [*started, scheduler]:
            if process.poll() is None:
                process.terminate()
        for process in [*started, scheduler]:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_for_workers(address: str, workers: int) -> None:
    from distributed import Client

    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with Client(address, timeout="5s", set_as_default=False) as client:
                client.wait_for_workers(workers, timeout=START_TIMEOUT)
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)
