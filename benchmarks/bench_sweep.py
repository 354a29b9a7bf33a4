"""Sweep: a plan-robustness sweep of korea-2019 on 1 local worker, 2 local workers, and a local
2-worker Dask cluster, in the same run.

Every draw audits the plans and runs the planner again (one MIP per draw), so the draws are
real work. Targets: 2 local workers at least 1.7x faster than 1; the 2-worker cluster at least
1.5x. Also printed: the per-draw overhead of the cluster path against the local pool, and the
machine's load average before and after (the machine is shared: ratios under load say less).
The three results must be the same JSON (same seed).

``python -m benchmarks sweep`` runs 1,000 draws; ``SWEEP_DRAWS=100 python -m benchmarks sweep``
or ``python -m benchmarks.bench_sweep --draws 100`` a quick run.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from accord.scenario import load
from accord.sweep import sweep

ROOT = Path(__file__).resolve().parents[1]
KOREA = ROOT / "examples" / "korea-2019.yaml"
DRAWS = 1000
SEED = 2019
TARGET_LOCAL = 1.7
TARGET_CLUSTER = 1.5
BIN = Path(sys.executable).parent


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def _timed(run: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@contextmanager
def local_cluster(workers: int) -> Iterator[str]:
    """A Dask scheduler and ``workers`` single-threaded workers on loopback, with their own
    commands; stopped at the end."""
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    quiet: dict[str, Any] = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    dask = str(BIN / "dask")
    processes = [
        subprocess.Popen(
            [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            **quiet,
        )
    ]
    processes += [
        subprocess.Popen(
            [
                dask,
                "worker",
                address,
                "--nthreads",
                "1",
                "--no-nanny",
                "--preload",
                "accord.sweep.cluster",
                "--no-dashboard",
            ],
            **quiet,
        )
        for _ in range(workers)
    ]
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with Client(address, timeout="5s", set_as_default=False) as client:
                    client.wait_for_workers(workers, timeout=180)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        yield address
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def run(draws: int) -> None:
    scenario = load(KOREA)
    print(f"korea-2019, plan robustness, {draws} draws, seed {SEED}")
    print(f"load average at start: {_load()} (1, 5, 15 min; {os.cpu_count()} cores)", flush=True)

    def local(workers: int) -> Any:
        return sweep(scenario, draws, SEED, ["plan"], workers=workers).to_dict()

    one, reference = _timed(lambda: local(1))
    print(f"  1 local worker:     {one:8.1f} s   (load after: {_load()})", flush=True)
    two, result_two = _timed(lambda: local(2))
    print(
        f"  2 local workers:    {two:8.1f} s   {one / two:.2f}x (target {TARGET_LOCAL}x)"
        f"   (load after: {_load()})",
        flush=True,
    )
    with local_cluster(2) as address:
        print(f"  (cluster up; load average {_load()})", flush=True)
        remote, result_cluster = _timed(
            lambda: sweep(scenario, draws, SEED, ["plan"], cluster=address).to_dict()
        )
    print(
        f"  2-worker Dask:      {remote:8.1f} s   {one / remote:.2f}x (target {TARGET_CLUSTER}x)"
        f"   (load after: {_load()})"
    )
    overhead = (remote - two) / draws * 1000
    print(f"  cluster path vs local pool: {overhead:+.1f} ms per draw")
    same = reference == result_two == result_cluster
    print(f"  same JSON on every backend: {same}")
    print(f"load average at end: {_load()}")
    if not same:
        raise SystemExit("the backends disagree: a sweep must not depend on its workers")


def main() -> None:
    run(int(os.environ.get("SWEEP_DRAWS", DRAWS)))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=DRAWS, help="draws (default 1,000)")
    run(parser.parse_args().draws)
