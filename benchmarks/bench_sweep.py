"""Sweep: a plan-robustness sweep of korea-2019 on 1 local worker, 2 local workers, and a local
2-worker Dask cluster, in the same run.

Every draw audits the plans and runs the planner again (one MIP per draw), so the draws are
real work. Targets: 2 local workers at least 1.7x faster than 1; the 2-worker cluster at least
1.5x. Also printed: the per-draw overhead of the cluster path against the local pool, and the
machine's load average before and after (the machine is shared: ratios under load say less).
The three results must be the same JSON (same seed).

Where the time goes, printed too: the fixed cost of a sweep (the fork server that imports the
solvers, once per process; a pool's start; the plan at the mode), and for each run the CPU
seconds this process and every process under it used (workers, fork server, Dask scheduler and
workers), as *cores used* (CPU / wall) and CPU per draw, with the share of the machine left
idle. Two workers can only be twice as fast when they get two cores: when the machine is busy
with other work, *cores used* says so.

``python -m benchmarks sweep`` runs 1,000 draws; ``SWEEP_DRAWS=100 python -m benchmarks sweep``
or ``python -m benchmarks.bench_sweep --draws 100`` a quick run.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from accord.scenario import load
from accord.scenario._model import Scenario
from accord.sweep import sweep
from tests.dask_cluster import local_cluster

ROOT = Path(__file__).resolve().parents[1]
KOREA = ROOT / "examples" / "korea-2019.yaml"
DRAWS = 1000
SEED = 2019
TARGET_LOCAL = 1.7
TARGET_CLUSTER = 1.5


def _load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def _tree_cpu() -> float:
    """CPU seconds used so far by this process and every process under it, alive or ended
    (an ended process's time is in its parent's ``children_*`` once the parent reaped it)."""
    me = psutil.Process()
    total = 0.0
    for process in [me, *me.children(recursive=True)]:
        try:
            t = process.cpu_times()
        except psutil.NoSuchProcess:  # ended between the listing and the reading
            continue
        total += t.user + t.system + t.children_user + t.children_system
    return total


@dataclass(frozen=True)
class Run:
    """One timed run: wall seconds, CPU seconds of the process tree, idle share of the machine."""

    wall: float
    cpu: float
    idle: float
    result: Any

    def line(self, draws: int) -> str:
        return (
            f"{self.wall:8.1f} s   cores used {self.cpu / self.wall:.2f}"
            f"   CPU {self.cpu / draws * 1000:5.0f} ms/draw   machine idle {self.idle:3.0%}"
        )


def _timed(run: Callable[[], Any]) -> Run:
    machine = psutil.cpu_times()
    cpu = _tree_cpu()
    start = time.perf_counter()
    result = run()
    wall = time.perf_counter() - start
    after = psutil.cpu_times()
    busy = sum(after) - sum(machine)
    idle = (after.idle - machine.idle) / busy if busy > 0 else 0.0
    return Run(wall, _tree_cpu() - cpu, idle, result)


def _fixed_costs(scenario: Scenario) -> None:
    """The cost of a sweep that is not its draws: a 2-draw sweep on 2 workers, first in this
    process (the fork server starts and imports the solvers) and again (a pool's start only)."""

    def tiny() -> Any:
        return sweep(scenario, 2, SEED, ["plan"], workers=2)

    first, again = _timed(tiny), _timed(tiny)
    print(f"  fixed cost, first sweep of the process (fork server starts): {first.wall:5.1f} s")
    print(f"  fixed cost, any later sweep (a pool of 2 starts):            {again.wall:5.1f} s")


def run(draws: int) -> None:
    scenario = load(KOREA)
    print(f"korea-2019, plan robustness, {draws} draws, seed {SEED}")
    print(f"load average at start: {_load()} (1, 5, 15 min; {os.cpu_count()} cores)", flush=True)
    _fixed_costs(scenario)

    def local(workers: int) -> Any:
        return sweep(scenario, draws, SEED, ["plan"], workers=workers).to_dict()

    one = _timed(lambda: local(1))
    print(f"  1 local worker:   {one.line(draws)}   (load after: {_load()})", flush=True)
    two = _timed(lambda: local(2))
    print(
        f"  2 local workers:  {two.line(draws)}   {one.wall / two.wall:.2f}x"
        f" (target {TARGET_LOCAL}x)   (load after: {_load()})",
        flush=True,
    )
    with local_cluster(2) as (address, _):
        print(f"  (cluster up; load average {_load()})", flush=True)
        remote = _timed(lambda: sweep(scenario, draws, SEED, ["plan"], cluster=address).to_dict())
    print(
        f"  2-worker Dask:    {remote.line(draws)}   {one.wall / remote.wall:.2f}x"
        f" (target {TARGET_CLUSTER}x)   (load after: {_load()})"
    )
    overhead = (remote.wall - two.wall) / draws * 1000
    cpu_overhead = (remote.cpu - two.cpu) / draws * 1000
    print(
        f"  cluster path vs local pool: {overhead:+.1f} ms per draw (wall),"
        f" {cpu_overhead:+.1f} ms per draw (CPU)"
    )
    same = one.result == two.result == remote.result
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
