"""Phasing at the scale of real agreements (issue 18): a verdict within the time asked for.

Twelve generated two-party packages of the issue's class (:mod:`benchmarks.phasing_instances`:
indivisible items of 1-5 units, one unit per item per month, worth 1.01-1.11 x the giver's
cost, verification lags 0-2 months, 36 monthly periods, equal penalties): 30, 60 and 100
items, each with penalties 20, 30, 60 and 200. For each instance:

- ``accord plan FILE --json --time-limit 60`` is run as a user runs it (a new process): its
  wall time, from start-up to exit, and its verdict (a safe plan with its proven gap, or
  infeasibility with its reason; ``unknown`` is no verdict);
- the time to the first safe plan, in-process (from the call to the planner to the first
  progress report that carries an audited plan);
- the baseline, in the same run: the method of the planner before issue 18 (horizons 1, 2,
  3, ... solved in turn by HiGHS, the first with a plan ending the search; no heuristic, no
  certificate), given the same 60 s (before issue 18 it did not stop at its limit at all).

Targets: every instance gets a verdict within 60 s, the command ends within 66 s, a first safe
plan within 5 s when one exists; the median gap at 60 s and the share proven optimal are
reported. ``python -m benchmarks phasing_agreements`` (about 30 min); set
``ACCORD_BENCH_QUICK=1`` for one small instance with a 10 s limit (a smoke test).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from accord.phasing._audit import audit_plan
from accord.phasing._formulation import build
from accord.phasing._model import PhasingProblem
from accord.phasing._planner import plan_exchange
from accord.phasing._result import Progress, audit_tolerance
from accord.phasing._stages import Engine, engine_solve, plan_from_solution
from accord.solver._control import Deadline, stopping
from accord.solver._solve import prepare
from benchmarks.phasing_instances import agreement, scenario_yaml

ITEMS = (30, 60, 100)
PENALTIES = (20, 30, 60, 200)
LIMIT = 60.0
COMMAND_BOUND = 66.0
FIRST_PLAN_BOUND = 5.0


@dataclass
class Row:
    name: str
    status: str
    gap: float | None
    periods: float | None
    at_least: int
    why: str
    wall: float
    startup: float
    first_plan: float | None
    baseline: str
    baseline_time: float


def instances(quick: bool) -> list[tuple[str, PhasingProblem]]:
    if quick:
        return [("30 items, penalty 30", agreement(30, 30, seed=30))]
    return [
        (f"{n} items, penalty {p}", agreement(n, p, seed=n * 1000 + p))
        for n in ITEMS
        for p in PENALTIES
    ]


def run_command(
    problem: PhasingProblem, folder: Path, limit: float
) -> tuple[float, float, dict[str, Any]]:
    """``accord plan --json --time-limit`` in a new process: its wall time, its start-up (the
    same command given 0.01 s: loading, the solvers' import, the answer's audits) and its JSON."""
    path = folder / f"agreement-{len(problem.items)}-{problem.penalty['a']}.yaml"
    path.write_text(scenario_yaml(problem))
    command = [sys.executable, "-m", "accord", "plan", str(path), "--json"]
    timed = []
    for seconds in (0.01, limit):
        start = time.monotonic()
        done = subprocess.run([*command, "--time-limit", str(seconds)], capture_output=True)
        timed.append(time.monotonic() - start)
        if done.returncode not in (0, 1) or done.stderr:
            raise RuntimeError(f"accord plan failed ({done.returncode}): {done.stderr[-2000:]!r}")
    return timed[1], timed[0], json.loads(done.stdout)


def first_plan_time(problem: PhasingProblem, limit: float) -> float | None:
    """Seconds from calling the planner to its first audited plan (then it is stopped)."""
    stop = threading.Event()
    seen: list[float] = []
    start = time.perf_counter()

    def heard(progress: Progress) -> None:
        if progress.best is not None and progress.best.plan is not None and not seen:
            seen.append(time.perf_counter() - start)
            stop.set()

    with stopping(stop):
        plan_exchange(problem, time_limit=limit, progress=heard)
    return seen[0] if seen else None


def baseline(problem: PhasingProblem, limit: float) -> tuple[str, float]:
    """The planner before issue 18: horizons 1, 2, 3, ... in turn (HiGHS), within ``limit``."""
    start = time.perf_counter()
    deadline = Deadline.after(limit)
    engine = Engine("highs")
    for horizon in range(1, problem.horizon + 1):
        shorter = replace(problem, horizon=horizon)
        form = build(shorter)
        outcome = engine_solve(form, {form.max_exposure: 1}, deadline, engine)
        if outcome.status == "infeasible":
            continue
        took = time.perf_counter() - start
        if not outcome.x:
            return f"unknown (horizons 1-{horizon - 1} ruled out)", took
        plan = plan_from_solution(shorter, form, outcome.x)
        safe = audit_plan(problem, plan, audit_tolerance(problem)).safe
        return f"{horizon} periods, safe {safe}", took
    return "infeasible", time.perf_counter() - start


def measure(name: str, problem: PhasingProblem, folder: Path, limit: float) -> Row:
    wall, startup, payload = run_command(problem, folder, limit)
    plan = payload["plan"]
    explanation = payload.get("explanation") or {}
    certificate = plan.get("certificate") or explanation.get("certificate") or {}
    why = certificate.get("kind", "") if plan["status"] == "infeasible" else ""
    if plan["status"] == "unknown":
        fixes = explanation.get("fixes") or []
        why = f"fix: {fixes[0]['kind']}" if fixes else "no fix found"
    first = first_plan_time(problem, limit) if plan["status"] != "infeasible" else None
    base, base_time = baseline(problem, limit)
    return Row(
        name,
        plan["status"],
        plan["gap"],
        plan["values"].get("last_period"),
        plan["periods_at_least"],
        why,
        wall,
        startup,
        first,
        base,
        base_time,
    )


def show(row: Row) -> None:
    gap = "-" if row.gap is None else f"{row.gap:.3f}"
    periods = "-" if row.periods is None else f"{row.periods:g}"
    first = "-" if row.first_plan is None else f"{row.first_plan:.1f} s"
    print(
        f"{row.name:22} {row.status:10} periods {periods:>3} (>= {row.at_least:2}) gap {gap:>5} "
        f"{row.why:12} command {row.wall:5.1f} s (start-up {row.startup:4.1f} s)  "
        f"first plan {first:>7}  load "
        f"{os.getloadavg()[0]:.1f} | baseline: {row.baseline} in {row.baseline_time:.1f} s",
        flush=True,
    )


def summary(rows: list[Row], limit: float, bound: float) -> None:
    verdicts = [r for r in rows if r.status != "unknown"]
    within = [r for r in rows if r.wall <= bound]
    planned = [r for r in rows if r.periods is not None]
    fast = [r for r in planned if r.first_plan is not None and r.first_plan <= FIRST_PLAN_BOUND]
    gaps = [r.gap for r in planned if r.gap is not None]
    optimal = [r for r in rows if r.status == "optimal"]
    infeasible = [r for r in rows if r.status == "infeasible"]
    base_verdicts = [r for r in rows if not r.baseline.startswith("unknown")]
    print(f"instances: {len(rows)}; verdict within the {limit:g} s limit: {len(verdicts)}")
    longest = max(r.wall for r in rows)
    print(
        f"command ended within {bound:g} s: {len(within)} of {len(rows)} (longest {longest:.1f} s)"
    )
    over = max(r.wall - r.startup for r in rows)
    print(f"command less its start-up, longest: {over:.1f} s (bound: {bound:g} s)")
    firsts = [r.first_plan for r in planned if r.first_plan is not None]
    if firsts:
        print(
            f"first safe plan within {FIRST_PLAN_BOUND:g} s: {len(fast)} of {len(planned)} with a "
            f"plan (median {statistics.median(firsts):.1f} s, longest {max(firsts):.1f} s)"
        )
    if gaps:
        print(f"median gap at {limit:g} s: {statistics.median(gaps):.3f} (over {len(gaps)} plans)")
    periods = [r for r in planned if r.periods == r.at_least]
    print(
        f"proven optimal: {len(optimal)} of {len(rows)} ({len(optimal) / len(rows):.0%}); "
        f"proven infeasible: {len(infeasible)}; fewest periods proven (a gap in the largest "
        f"exposure at most): {len(periods)} of {len(planned)} plans"
    )
    print(f"baseline (same {limit:g} s): a verdict on {len(base_verdicts)} of {len(rows)}")


def main() -> None:
    quick = os.environ.get("ACCORD_BENCH_QUICK") == "1"
    limit = 10.0 if quick else LIMIT
    bound = limit * 1.1
    print(f"load average at start: {os.getloadavg()}, {os.cpu_count()} cores", flush=True)
    prepare("cpsat")  # the solvers' import is start-up, as in the command
    prepare("highs")
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name, problem in instances(quick):
            rows.append(measure(name, problem, Path(folder), limit))
            show(rows[-1])
    summary(rows, limit, bound)
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
