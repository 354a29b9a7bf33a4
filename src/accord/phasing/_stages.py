"""Lexicographic solves of the planner's model: the one staged solve every planner uses.

The phasing planner and the verification-aware planner (:mod:`accord.verification._planning`,
which adds rows to the same model) both call :func:`solve_in_stages`; :func:`engine_solve`
is the one place that picks the solver for a model.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction

from accord.choices import PlanObjective, PlanStatus
from accord.phasing._audit import audit_plan
from accord.phasing._formulation import Formulation, build, start_from
from accord.phasing._model import PhasingProblem, Plan, Step
from accord.phasing._result import (
    PlanResult,
    Progress,
    ProgressCallback,
    audit_tolerance,
    ignore,
    max_exposure,
    no_plan,
    plan_result,
)
from accord.solver._control import Deadline
from accord.solver._model import Improved, Outcome
from accord.solver._solve import Backend, prepare, solve


@dataclass(frozen=True)
class Engine:
    """Which solver takes the planner's models, and with how many threads (CP-SAT only).

    ``auto`` gives all-integer models (indivisible items) to CP-SAT and the others to HiGHS
    (see docs/explanation/decisions.md for the measurements behind it).
    """

    backend: Backend | str = "auto"
    workers: int = 2


def prepare_engine(problem: PhasingProblem, engine: Engine) -> None:
    """Load the solver ``engine`` will use for ``problem`` (before a deadline starts)."""
    whole = all(not i.divisible for i in problem.items)
    cpsat = engine.backend == "cpsat" or (engine.backend == "auto" and whole)
    prepare("cpsat" if cpsat else "highs")


def engine_solve(
    form: Formulation,
    objective: Mapping[int, Fraction | int],
    deadline: Deadline,
    engine: Engine,
    gap: float = 0.0,
    start: Mapping[int, float] | None = None,
    on_improved: Improved | None = None,
) -> Outcome:
    """Solve ``form`` for ``objective`` with the engine's solver (``on_improved`` hears of each
    better solution as it is found)."""
    backend: Backend = "highs"
    if engine.backend == "cpsat" or (engine.backend == "auto" and form.lp.integral()):
        backend = "cpsat"
    return solve(
        form.lp,
        objective,
        deadline,
        gap=gap,
        start=start,
        backend=backend,
        on_improved=on_improved,
        workers=engine.workers,
    )


def objective_stages(
    form: Formulation, objective: PlanObjective
) -> tuple[dict[int, Fraction], dict[int, Fraction]]:
    """The two lexicographic objectives of ``objective`` (first, then second) as coefficients."""
    one = Fraction(1)
    periods = {form.last_period: one}
    exposure = {form.max_exposure: one}
    steps = dict.fromkeys(form.used, one)
    if objective == "periods":
        return periods, exposure
    if objective == "steps":
        return steps, exposure
    return exposure, periods


def solve_in_stages(
    problem: PhasingProblem,
    form: Formulation,
    objective: PlanObjective,
    deadline: Deadline,
    *,
    engine: Engine,
    gap: float = 0.0,
    start: Mapping[int, float] | None = None,
    incumbent: PlanResult | None = None,
    progress: ProgressCallback = ignore,
) -> PlanResult:
    """Solve ``form`` for ``objective`` lexicographically, then audit the plan found.

    ``start`` is a solution to begin from (a warm start); ``incumbent``, a plan found before,
    is the answer when the solver finds nothing in its time.
    """
    first, second = objective_stages(form, objective)
    stage1 = engine_solve(form, first, deadline.share(0.5), engine, gap, start)
    if not stage1.x:
        if incumbent is not None:
            return incumbent
        return no_plan(
            PlanStatus.INFEASIBLE if stage1.status == "infeasible" else PlanStatus.UNKNOWN,
            objective,
        )
    assert stage1.objective is not None
    found = plan_result(problem, objective, plan_from_solution(problem, form, stage1.x))
    progress(Progress(f"{objective}: first stage", 2, 3, found))
    form.lp.row(first, hi=_snapped(form, first, stage1.objective))
    start2 = dict(enumerate(stage1.x))
    stage2 = engine_solve(form, second, deadline, engine, gap, start2)
    chosen = stage2 if stage2.x else stage1
    proven = stage1.status == "optimal" and stage2.status == "optimal"
    gaps = [g for g in (stage1.gap, stage2.gap) if g is not None]
    plan = plan_from_solution(problem, form, chosen.x)
    return plan_result(problem, objective, plan, proven, max(gaps) if gaps else None)


def _snapped(form: Formulation, objective: Mapping[int, Fraction], value: float) -> Fraction:
    """The first stage's optimum as an exact bound: on the objective's grid when it has one."""
    (column,) = objective if len(objective) == 1 else (None,)
    grid = Fraction(1) if column is None else form.lp.grid[column]
    if grid is None:
        return Fraction(value * (1 + 1e-9) + 1e-9)
    return math.ceil(Fraction(value) / grid - Fraction(1, 10**6)) * grid


def tidy(
    problem: PhasingProblem,
    best: PlanResult,
    deadline: Deadline,
    engine: Engine,
) -> PlanResult:
    """Among plans as good as ``best`` (no more periods, no larger exposure), one with the
    fewest steps, then the fewest deliveries: a cleaner timetable, chosen the same way whatever
    the solver's internal order. Returns ``best`` when nothing tidier is found in the time."""
    plan = best.plan
    if plan is None or deadline.expired() or not plan.steps:
        return best
    periods = int(best.values["last_period"])
    fixed = replace(problem, horizon=periods)
    form = build(fixed)
    form.lp.row(
        {form.max_exposure: Fraction(1)},
        hi=_snapped(form, {form.max_exposure: Fraction(1)}, best.values["max_exposure"]),
    )
    weight = len(form.on) + 1
    objective = {**dict.fromkeys(form.on.values(), Fraction(1))}
    for used in form.used:
        objective[used] = objective.get(used, Fraction(0)) + weight
    start = start_from(form, fixed, plan)
    outcome = engine_solve(form, objective, deadline, engine, 0.0, start)
    if not outcome.x:
        return best
    found = plan_from_solution(fixed, form, outcome.x)
    audit = audit_plan(problem, found, audit_tolerance(problem))
    tidier = (len(found.steps), _deliveries(found)) < (len(plan.steps), _deliveries(plan))
    if not audit.safe or not tidier or max_exposure(audit) > best.values["max_exposure"]:
        return best
    again = plan_result(problem, best.objective, found, False, None, audit)
    return replace(best, plan=found, audit=audit, values=again.values)


def _deliveries(plan: Plan) -> int:
    return sum(1 for s in plan.steps for a in s.deliveries.values() if a > 0)


def plan_from_solution(problem: PhasingProblem, form: Formulation, x: list[float]) -> Plan:
    """Exact fractions from the solver's floats; each item's total made exact on its last step."""
    amounts: dict[int, dict[str, Fraction]] = {}
    for item in problem.items:
        delivered: list[tuple[int, Fraction]] = []
        for t in range(1, form.horizon + 1):
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
