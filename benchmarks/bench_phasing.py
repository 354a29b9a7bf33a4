"""Phasing planner: proven-optimal plans (20 items x 12 periods) and large plans with a gap
(100 items x 36 periods), against an even-split heuristic checked by the auditor in the same run.

Targets (issue 5): 20 x 12 proven optimal in <= 5 s; 100 x 36 a safe plan with a proven gap of
<= 5% within 60 s.
"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np

from accord.choices import PlanObjective
from accord.phasing._audit import audit_plan
from accord.phasing._model import PhasingItem, PhasingProblem, Plan, Reversible, Step
from accord.phasing._planner import plan_exchange


def random_problem(items: int, horizon: int, seed: int) -> PhasingProblem:
    """Two parties trading ``items`` items (half each), with penalties, lags and snapbacks."""
    rng = np.random.default_rng(seed)
    built = []
    for k in range(items):
        giver, other = ("a", "b") if k % 2 == 0 else ("b", "a")
        amount = int(rng.integers(2, 9))
        reversible = Reversible(1, Fraction(1, 2)) if rng.random() < 0.3 else None
        cost = int(rng.integers(2, 6))
        worth = Fraction(cost) * Fraction(int(rng.integers(11, 16)), 10)  # 1.1 to 1.5 x the cost
        built.append(
            PhasingItem(
                f"item{k}",
                giver,
                Fraction(amount),
                {giver: Fraction(-cost), other: worth},
                divisible=bool(rng.random() < 0.5),
                verify_lag=int(rng.integers(0, 2)),
                reversible=reversible,
                per_period=Fraction(max(1, amount // 2)),
            )
        )
    penalty = {"a": Fraction(1), "b": Fraction(1)}
    return PhasingProblem(("a", "b"), tuple(built), penalty=penalty, horizon=horizon)


def even_split(problem: PhasingProblem) -> Plan:
    """The heuristic baseline: every item in equal parts over every period (whole units first)."""
    per_period: dict[int, dict[str, Fraction]] = {}
    for item in problem.items:
        parts = _parts(item, problem.horizon)
        for t, amount in enumerate(parts, start=1):
            if amount:
                per_period.setdefault(t, {})[item.id] = amount
    return Plan(tuple(Step(t, per_period[t]) for t in sorted(per_period)))


def _parts(item: PhasingItem, horizon: int) -> list[Fraction]:
    if item.divisible:
        return [item.amount / horizon] * horizon
    base, extra = divmod(int(item.amount), horizon)
    return [Fraction(base + (1 if t < extra else 0)) for t in range(horizon)]


def run(
    items: int,
    horizon: int,
    time_limit: float,
    gap: float,
    objective: PlanObjective = PlanObjective.PERIODS,
) -> None:
    problem = random_problem(items, horizon, seed=7)
    start = time.perf_counter()
    result = plan_exchange(problem, objective, time_limit=time_limit, gap=gap)
    planner_time = time.perf_counter() - start
    start = time.perf_counter()
    baseline = audit_plan(problem, even_split(problem))
    baseline_time = time.perf_counter() - start
    safe = result.audit is not None and result.audit.safe
    print(
        f"{items} items x {horizon} periods, {objective} first: planner {result.status} "
        f"(gap {result.gap}), {planner_time:.2f} s, safe per auditor: {safe}, "
        f"last period {result.values.get('last_period')}, "
        f"max exposure {result.values.get('max_exposure')}"
    )
    exposure = max(float(v) for row in baseline.steps for v in row.exposure.values())
    print(
        f"  even-split heuristic: safe {baseline.safe}, last period {horizon}, "
        f"max exposure {exposure:.4g}, {baseline_time:.2f} s"
    )
    if result.values.get("last_period"):
        print(
            f"  planner finishes in {result.values['last_period'] / horizon:.2f}x the "
            f"heuristic's periods, {planner_time / max(baseline_time, 1e-9):.1f}x its time"
        )


def main() -> None:
    run(20, 12, time_limit=10, gap=0.0)
    run(100, 36, time_limit=60, gap=0.05)
    # the whole 36-period model at once (two stages): least exposure, then fewest periods
    run(100, 36, time_limit=60, gap=0.05, objective="exposure")


if __name__ == "__main__":
    main()
