"""A phased plan that is safe against faked deliveries, found by the phasing planner's MIP.

The phasing planner (:mod:`accord.phasing.planner`) finds a plan safe against *withholding*.
Here its model is built unchanged (:func:`accord.phasing.formulation.build`) and one row is added
per item ``i`` and period ``t``, active when ``i`` is delivered at ``t``: faking that delivery must
not pay, ``π_i M_p(t) >= (1 - π_i) g_i(t)`` (see :mod:`accord.verification.plans`), where ``π_i``
is the best detection the item's means reach in one period, ``M_p(t)`` the giver's defection
margin with the item's verification lag and ``g_i(t)`` the giver's cost of the amount delivered.
Linear in the plan, since ``π_i`` is fixed: the means actually used in each period are then
chosen within the budget by :func:`accord.verification.plans.verify_plan`, which reports any
delivery the budget cannot cover.

This module builds on the phasing planner's public model API (``defection_coefficients``,
``largest_value``, ``objective_stages``, ``plan_result``); it changes none of its rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from accord.phasing.formulation import (
    Formulation,
    build,
    defection_coefficients,
    largest_value,
)
from accord.phasing.model import PhasingItem, PhasingProblem
from accord.phasing.planner import (
    Objective,
    PlanResult,
    objective_stages,
    plan_from_solution,
    plan_result,
)


def add_fake_rows(
    form: Formulation,
    problem: PhasingProblem,
    item: PhasingItem,
    detection: Fraction,
) -> None:
    """Rows making a faked delivery of ``item`` unprofitable in every period it may be given."""
    party, pi = item.giver, float(detection)
    cost = -float(item.value(party))  # the giver's cost per unit, kept by faking
    if cost <= 0:
        return
    rhs = pi * float(problem.final_value(party) + problem.forfeit(party))
    for t in range(1, problem.horizon + 1):
        noticed = min(t + item.verify_lag, problem.horizon)
        coefs = {
            k: pi * v for k, v in defection_coefficients(form, problem, party, t, noticed).items()
        }
        kept = form.amount[item.id, t]
        coefs[kept] = coefs.get(kept, 0.0) + (1 - pi) * cost
        big_m = max(0.0, largest_value(form, problem, coefs) - rhs)
        form.lp.row({**coefs, form.on[item.id, t]: big_m}, hi=rhs + big_m)


def plan_against_fakes(
    problem: PhasingProblem,
    detection: Mapping[str, Fraction],
    objective: Objective = "periods",
    time_limit: float = 30.0,
) -> PlanResult:
    """A plan safe against withholding and against faking each delivery (detection per item).

    Examples
    --------
    >>> from accord.phasing.model import PhasingItem
    >>> good = PhasingItem("good", "s", Fraction(2), {"s": Fraction(-1), "b": Fraction(3)})
    >>> pay = PhasingItem("pay", "b", Fraction(4), {"s": Fraction(1), "b": Fraction(-1)},
    ...                   divisible=True)
    >>> problem = PhasingProblem(("s", "b"), (good, pay), penalty={"s": Fraction(1),
    ...                          "b": Fraction(1)}, horizon=6)
    >>> plan_against_fakes(problem, {"good": Fraction(9, 10), "pay": Fraction(9, 10)}).status
    'optimal'
    >>> plan_against_fakes(problem, {"good": Fraction(0), "pay": Fraction(9, 10)}).status
    'infeasible'
    """
    form = build(problem)
    for item in problem.items:
        add_fake_rows(form, problem, item, detection.get(item.id, Fraction(0)))
    return solve_in_stages(problem, form, objective, time_limit)


def solve_in_stages(
    problem: PhasingProblem, form: Formulation, objective: Objective, time_limit: float
) -> PlanResult:
    """Solve ``form`` for ``objective`` lexicographically, then audit the plan found."""
    first, second = objective_stages(form, objective)
    stage1 = form.lp.solve(first, time_limit / 2)
    if stage1.status in ("infeasible", "no_solution"):
        status = "infeasible" if stage1.status == "infeasible" else "unknown"
        return PlanResult(status, objective, {}, None, None, None)
    assert stage1.objective is not None
    form.lp.row(first, hi=stage1.objective + 1e-6 * max(1.0, abs(stage1.objective)))
    stage2 = form.lp.solve(second, time_limit / 2)
    chosen = stage2 if stage2.x else stage1
    proven = stage1.status == "optimal" and stage2.status == "optimal"
    gaps = [g for g in (stage1.gap, stage2.gap) if g is not None]
    plan = plan_from_solution(problem, form, chosen.x)
    return plan_result(problem, objective, plan, proven, max(gaps) if gaps else None)
