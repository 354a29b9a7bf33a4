"""Phasing formulations compared on issue 18's class of agreements, in one run.

Four ways to find the fewest periods, each given the same time on the same instances (30, 60
and 100 items of :mod:`benchmarks.phasing_instances`, penalties 30 and 120):

- ``search, CP-SAT``: the planner (certificates, lockstep heuristic, then the horizons in
  between), its models solved by CP-SAT (the default for all-integer models);
- ``search, HiGHS``: the same search, its models solved by HiGHS;
- ``whole, CP-SAT`` and ``whole, HiGHS``: one time-indexed model over all 36 periods,
  minimising the last period used, with no heuristic and no certificate.

For each: the periods of the best plan (audited), the bound proven, and the time to the first
plan. Also counted: items identical to another (same giver, units, values and lag), which is
what symmetry breaking would exploit. ``python -m benchmarks phasing_formulations``
(about 10 min).
"""

from __future__ import annotations

import math
import os
import time
from collections import Counter
from collections.abc import Callable

from accord.phasing._audit import audit_plan
from accord.phasing._formulation import build
from accord.phasing._model import PhasingProblem
from accord.phasing._planner import plan_exchange
from accord.phasing._result import Progress, audit_tolerance
from accord.phasing._stages import Engine, engine_solve, plan_from_solution
from accord.solver._control import Deadline
from accord.solver._solve import prepare
from benchmarks.phasing_instances import agreement

LIMIT = 20.0
CASES = [(n, p) for n in (30, 60, 100) for p in (30, 120)]


def search(problem: PhasingProblem, backend: str) -> str:
    """The planner's search with ``backend``: periods, bound, time to the first plan."""
    start = time.perf_counter()
    first: list[float] = []

    def heard(progress: Progress) -> None:
        if progress.best is not None and progress.best.plan is not None and not first:
            first.append(time.perf_counter() - start)

    result = plan_exchange(problem, time_limit=LIMIT, engine=Engine(backend), progress=heard)
    took = time.perf_counter() - start
    periods = result.values.get("last_period")
    shown = "-" if periods is None else f"{periods:g}"
    return _line(result.status, shown, result.periods_at_least, first, took)


def whole(problem: PhasingProblem, backend: str) -> str:
    """One model over the whole horizon, minimising the last period, with ``backend``."""
    start = time.perf_counter()
    first: list[float] = []
    form = build(problem)

    def improved(_x: list[float], _objective: float) -> None:
        if not first:
            first.append(time.perf_counter() - start)

    deadline = Deadline.after(LIMIT - (time.perf_counter() - start))
    engine = Engine(backend)
    outcome = engine_solve(form, {form.last_period: 1}, deadline, engine, on_improved=improved)
    took = time.perf_counter() - start
    periods = "-"
    if outcome.x:
        first = first or [took]
        plan = plan_from_solution(problem, form, outcome.x)
        safe = audit_plan(problem, plan, audit_tolerance(problem)).safe
        last = max((s.period for s in plan.steps), default=0)
        periods = f"{last}" + ("" if safe else " UNSAFE")
    bound = 0 if outcome.bound is None else math.ceil(outcome.bound - 1e-6)
    return _line(outcome.status, periods, bound, first, took)


def _line(status: str, periods: str, bound: int, first: list[float], took: float) -> str:
    seen = f"{first[0]:5.1f} s" if first else "   none"
    return f"{status:11} periods {periods:>3} (>= {bound:2}) first plan {seen} in {took:5.1f} s"


def identical(problem: PhasingProblem) -> int:
    """Items that have a twin (same giver, units, values, lag, capacity)."""
    kinds = Counter(
        (i.giver, i.amount, tuple(sorted(i.values.items())), i.verify_lag, i.per_period)
        for i in problem.items
    )
    return sum(n for n in kinds.values() if n > 1)


def main() -> None:
    print(f"load average at start: {os.getloadavg()}, {os.cpu_count()} cores, {LIMIT:g} s each")
    prepare("cpsat")
    prepare("highs")
    methods: list[tuple[str, Callable[[PhasingProblem], str]]] = [
        ("search, CP-SAT", lambda p: search(p, "cpsat")),
        ("search, HiGHS", lambda p: search(p, "highs")),
        ("whole, CP-SAT", lambda p: whole(p, "cpsat")),
        ("whole, HiGHS", lambda p: whole(p, "highs")),
    ]
    for items, penalty in CASES:
        problem = agreement(items, penalty, seed=items * 1000 + penalty)
        twins = identical(problem)
        print(f"{items} items, penalty {penalty} ({twins} items with a twin):", flush=True)
        for name, method in methods:
            print(f"  {name:15} {method(problem)}  load {os.getloadavg()[0]:.1f}", flush=True)
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
