"""The planner: a safe phased plan, optimal for an objective, as a HiGHS mixed-integer program.

Variables: ``x[i,t]`` the amount of item i delivered in period t (integer for indivisible
items), ``on[i,t]`` whether it is delivered at all (``eps * on <= x <= cap * on``), and for each
party p, period t and verification lag class l, ``w[p,t,l]`` = p delivers some item with lag
<= l at t. The safety condition of :mod:`accord.phasing.safety` becomes one big-M row per
(p, t, l), active exactly when the smallest lag p delivers at t is l. Objectives are
lexicographic: ``periods`` (last period used, then the largest exposure) deepens the horizon
one period at a time — the first horizon with a safe plan has the fewest periods when every
shorter one was proven infeasible, and that solve minimises the exposure; ``steps`` (number of
periods with a delivery, then exposure) and ``exposure`` (largest exposure, then last period)
are solved in two stages. The solution is turned into exact fractions and checked by the
independent auditor.

Examples
--------
>>> from fractions import Fraction as F
>>> from accord.phasing.model import PhasingItem, PhasingProblem
>>> good = PhasingItem("good", "s", F(2), {"s": F(-1), "b": F(3)})
>>> pay = PhasingItem("pay", "b", F(4), {"s": F(1), "b": F(-1)}, divisible=True)
>>> problem = PhasingProblem(("s", "b"), (good, pay), penalty={"s": F(1), "b": F(1)}, horizon=6)
>>> result = plan_exchange(problem)
>>> result.status, result.audit.safe, len(result.plan.steps) <= 6
('optimal', True, True)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any, Literal

from accord.phasing.audit import Audit, audit_plan
from accord.phasing.formulation import Formulation, build
from accord.phasing.model import PhasingProblem, Plan, Step

Objective = Literal["periods", "steps", "exposure"]
OBJECTIVES: tuple[Objective, ...] = ("periods", "steps", "exposure")
Clock = Callable[[], float]
"""Seconds from an arbitrary origin (``time.monotonic`` by default); only the budget reads it."""


@dataclass(frozen=True)
class PlanResult:
    """The planner's answer: a plan (or none), how good it is proven to be, and its audit."""

    status: str
    """``optimal``, ``feasible`` (time limit hit; see ``gap``) or ``infeasible`` (no safe plan
    within the horizon) or ``unknown`` (no plan found within the time limit)."""
    objective: Objective
    values: dict[str, float]
    gap: float | None
    plan: Plan | None
    audit: Audit | None

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/phasing-json.md)."""
        return {
            "status": self.status,
            "objective": self.objective,
            "values": self.values,
            "gap": self.gap,
            "audit": None if self.audit is None else self.audit.to_json(),
        }


@dataclass(frozen=True)
class Progress:
    """Where the planner is, reported after every solver call (for a progress bar, or Ctrl-C)."""

    stage: str
    """What was just solved, e.g. ``horizon 3 of 14: infeasible``."""
    done: int
    """Work done of ``total`` in the current stage (horizons tried, or solver stages)."""
    total: int
    best: PlanResult | None
    """The best safe plan found so far (not yet proven optimal), or ``None``."""


ProgressCallback = Callable[[Progress], None]


def _ignore(_progress: Progress) -> None:
    return None


def plan_exchange(
    problem: PhasingProblem,
    objective: Objective = "periods",
    time_limit: float = 30.0,
    gap: float = 0.0,
    *,
    clock: Clock = time.monotonic,
    progress: ProgressCallback = _ignore,
) -> PlanResult:
    """Find a safe plan optimal for ``objective`` (or within ``gap``) in ``time_limit`` seconds.

    ``clock`` measures the time budget of the horizon-by-horizon search (inject a fake one to
    test the budget); the result does not depend on it otherwise. ``progress`` is called after
    every solver call with the best plan so far, so a caller interrupted between calls (Ctrl-C)
    can still show it.
    """
    if objective == "periods":
        return _fewest_periods(problem, time_limit, gap, clock, progress)
    if objective == "steps":
        return _two_stages(problem, objective, time_limit, gap, None, progress)
    first = _fewest_periods(problem, time_limit / 3, gap, clock, progress)
    incumbent = None
    if first.plan is not None:
        if first.status == "optimal" and first.values["max_exposure"] == 0:
            return replace(first, objective="exposure")  # exposure 0 cannot be beaten
        incumbent = replace(first, objective="exposure", status="feasible", gap=None)
        progress(Progress("fewest periods: a first plan", 1, 3, incumbent))
    return _two_stages(problem, objective, time_limit * 2 / 3, gap, incumbent, progress)


def _two_stages(
    problem: PhasingProblem,
    objective: Objective,
    time_limit: float,
    gap: float,
    incumbent: PlanResult | None,
    progress: ProgressCallback,
) -> PlanResult:
    """The whole-horizon model: the first objective, then the second with the first fixed.

    ``incumbent`` (a plan found before) bounds the first objective (the largest exposure) and is
    the answer when the solver finds nothing better in its time.
    """
    form = build(problem)
    first, second = _stages(form, objective)
    if incumbent is not None:
        form.lp.row(first, hi=incumbent.values["max_exposure"] * (1 + 1e-9) + 1e-9)
    stage1 = form.lp.solve(first, time_limit / 2, gap)
    if stage1.status in ("infeasible", "no_solution"):
        if incumbent is not None:
            return incumbent
        status = "infeasible" if stage1.status == "infeasible" else "unknown"
        return PlanResult(status, objective, {}, None, None, None)
    assert stage1.objective is not None
    found = plan_from_solution(problem, form, stage1.x)
    progress(Progress(f"{objective}: first stage", 2, 3, _result(problem, objective, found)))
    form.lp.row(first, hi=stage1.objective + 1e-6 * max(1.0, abs(stage1.objective)))
    stage2 = form.lp.solve(second, time_limit / 2, gap)
    chosen = stage2 if stage2.x else stage1
    proven = stage1.status == "optimal" and stage2.status == "optimal"
    gaps = [g for g in (stage1.gap, stage2.gap) if g is not None]
    plan = plan_from_solution(problem, form, chosen.x)
    return _result(problem, objective, plan, proven, max(gaps) if gaps else None)


def _fewest_periods(
    problem: PhasingProblem,
    time_limit: float,
    gap: float,
    clock: Clock,
    progress: ProgressCallback,
) -> PlanResult:
    """Deepen the horizon: the first horizon with a safe plan has the fewest periods (every
    shorter one is proven infeasible); that solve also minimises the largest exposure."""
    stop = clock() + time_limit  # the solver's budget only; results do not read it
    proven_below = 0
    for horizon in range(1, problem.horizon + 1):
        left = stop - clock()
        if left <= 0:
            break
        shorter = replace(problem, horizon=horizon)
        form = build(shorter)
        outcome = form.lp.solve({form.max_exposure: 1.0}, left, gap)
        stage = f"horizon {horizon} of {problem.horizon}: {outcome.status.replace('_', ' ')}"
        progress(Progress(stage, horizon, problem.horizon, None))
        if outcome.status == "infeasible":
            proven_below += proven_below == horizon - 1
            continue
        if outcome.status == "no_solution":
            continue
        plan = plan_from_solution(shorter, form, outcome.x)
        periods_proven = proven_below == horizon - 1
        proven = periods_proven and outcome.status == "optimal"
        period_gap = (horizon - proven_below - 1) / horizon
        exposure_gap = outcome.gap or 0.0
        return _result(problem, "periods", plan, proven, max(period_gap, exposure_gap))
    status = "infeasible" if proven_below == problem.horizon else "unknown"
    return PlanResult(status, "periods", {}, None, None, None)


def _result(
    problem: PhasingProblem,
    objective: Objective,
    plan: Plan,
    proven: bool = False,
    gap: float | None = None,
) -> PlanResult:
    audit = audit_plan(problem, plan, tolerance=audit_tolerance(problem))
    values = {
        "last_period": float(max((s.period for s in plan.steps), default=0)),
        "steps": float(len(plan.steps)),
        "max_exposure": _max_exposure(audit),
    }
    status = "optimal" if proven else "feasible"
    return PlanResult(status, objective, values, 0.0 if proven else gap, plan, audit)


def audit_tolerance(problem: PhasingProblem) -> Fraction:
    """The margin shortfall accepted in a plan computed in floating point: 10⁻⁶ of the largest
    party's total value (at least 10⁻⁶)."""
    scale = max([abs(problem.final_value(p)) for p in problem.parties] + [Fraction(1)])
    return scale / 10**6


def _stages(form: Formulation, objective: Objective) -> tuple[dict[int, float], dict[int, float]]:
    periods = {form.last_period: 1.0}
    exposure = {form.max_exposure: 1.0}
    steps = dict.fromkeys(form.used, 1.0)
    if objective == "periods":
        return periods, exposure
    if objective == "steps":
        return steps, exposure
    return exposure, periods


def plan_from_solution(problem: PhasingProblem, form: Formulation, x: list[float]) -> Plan:
    """Exact fractions from the solver's floats; each item's total made exact on its last step."""
    amounts: dict[int, dict[str, Fraction]] = {}
    for item in problem.items:
        delivered: list[tuple[int, Fraction]] = []
        for t in range(1, problem.horizon + 1):
            raw = x[form.amount[item.id, t]]
            value = (
                Fraction(round(raw))
                if not item.divisible
                else (Fraction(raw).limit_denominator(10**6))
            )
            if value > 0:
                delivered.append((t, value))
        if delivered:
            rest = item.amount - sum(v for _, v in delivered[:-1])
            delivered[-1] = (delivered[-1][0], rest)
        for t, value in delivered:
            amounts.setdefault(t, {})[item.id] = value
    return Plan(tuple(Step(t, amounts[t]) for t in sorted(amounts)))


def _max_exposure(audit: Audit) -> float:
    return float(max((v for s in audit.steps for v in s.exposure.values()), default=Fraction(0)))


# The public face of the planner for extensions that solve a model of their own.


def objective_stages(
    form: Formulation, objective: Objective
) -> tuple[dict[int, float], dict[int, float]]:
    """The two lexicographic objectives of ``objective`` (first, then second) as coefficients."""
    return _stages(form, objective)


def plan_result(
    problem: PhasingProblem, objective: Objective, plan: Plan, proven: bool, gap: float | None
) -> PlanResult:
    """The planner's result for ``plan``: its values and the independent audit."""
    return _result(problem, objective, plan, proven, gap)
