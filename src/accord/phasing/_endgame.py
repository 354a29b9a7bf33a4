"""A heuristic's start, the solver's end: the last periods of a plan solved exactly.

The lockstep heuristic (:mod:`accord.phasing._heuristic`) is good at the start of an exchange,
where each step is bounded by the other's room, and poor at the end, where units of expensive
items, whole units and verification lags decide how the last steps fit under the forfeits.
The solver is the other way round: the whole model is too large for it to find a plan (on
issue 18's 60 items with penalty 20 it found none in 180 s), but the end alone is small.

So: build heuristic plans in turns (:func:`accord.phasing._heuristic.lockstep_plan`, over a
longer horizon, so that a plan that would end too late still gives its start), also with
each giver in turn, and both, rationing its promptly verified units (one a step, so that more
of its steps are verified at once). Cut them all at the same period: the first at which some
plan has every party's cost still to deliver below :data:`CUT` of the package's cost. Rank
the starts by the largest cost still to deliver there (the furthest on first). For each in
turn, in a share of the time: fix its deliveries up to the cut, and let the solver find the
fewest periods for the rest, within one period fewer than the best plan so far (and the
horizon). Every plan found goes to the search's auditor.

Measured on issue 18's 60 items with penalty 20: the best complete heuristic plan needs 35
periods, and the solver finds no end in 34 after its start; the start that is furthest on at
the cut (giver b rationing, 133 units of cost left at period 24) ends, solved, in 33 periods
(proven the fewest after that start, in 3.0 s at load 3).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from fractions import Fraction

from accord.phasing._formulation import Formulation, build
from accord.phasing._heuristic import RULES, lockstep_plan
from accord.phasing._model import PhasingProblem, Plan
from accord.phasing._stages import Engine, engine_solve, plan_from_solution
from accord.solver._control import Deadline

CUT = Fraction(1, 20)
"""The share of the package's cost (both parties') that each party has left to deliver where
the starts are cut: small enough for the solver to decide the rest in seconds."""
TRIED = 4
"""The starts handed to the solver, the furthest on first."""


def starts(problem: PhasingProblem, deadline: Deadline) -> Iterator[Plan]:
    """The heuristic's plans in turns, without rationing and with each giver (then all)
    rationing its promptly verified units, over twice the horizon."""
    longer = replace(problem, horizon=2 * problem.horizon, alternate=True)
    rations = [frozenset[str]()] + [frozenset({p}) for p in problem.parties]
    if len(problem.parties) > 1:
        rations.append(frozenset(problem.parties))
    for ration in rations:
        for lead in problem.parties:
            for rule in RULES:
                if deadline.expired():
                    return
                plan = lockstep_plan(longer, rule=rule, lead=lead, ration=ration)
                if plan is not None:
                    yield plan


def left_to_deliver(problem: PhasingProblem, plan: Plan, period: int) -> Fraction:
    """The largest cost any party has still to deliver after ``period`` in ``plan``."""
    left = dict.fromkeys(problem.parties, Fraction(0))
    for item in problem.items:
        cost = -item.value(item.giver)
        left[item.giver] += max(Fraction(0), cost) * (item.amount - plan.delivered(item.id, period))
    return max(left.values(), default=Fraction(0))


def ranked(problem: PhasingProblem, plans: list[Plan]) -> tuple[int, list[Plan]]:
    """The cut (the first period at which some plan has less than :data:`CUT` of the cost
    left for each party) and the plans, the least left there first."""
    total = sum(
        (max(Fraction(0), -i.value(i.giver)) * i.amount for i in problem.items), Fraction(0)
    )
    cuts = [
        next(
            (
                s.period
                for s in plan.steps
                if left_to_deliver(problem, plan, s.period) < CUT * total
            ),
            None,
        )
        for plan in plans
    ]
    cut = min((c for c in cuts if c is not None), default=0)
    order = sorted(
        plans, key=lambda plan: (left_to_deliver(problem, plan, cut), plan.steps[-1].period)
    )
    return cut, order


def fix_start(form: Formulation, problem: PhasingProblem, plan: Plan, through: int) -> None:
    """Fix the model's amounts in periods ``1..through`` to ``plan``'s."""
    for item in problem.items:
        for t in range(1, min(through, form.horizon) + 1):
            now = plan.delivered(item.id, t) - plan.delivered(item.id, t - 1)
            column = form.amount[item.id, t]
            form.lp.lower[column] = form.lp.upper[column] = now


def finish(
    problem: PhasingProblem,
    start: Plan,
    through: int,
    deadline: Deadline,
    engine: Engine,
) -> tuple[Plan | None, bool]:
    """The plan with ``start``'s deliveries up to ``through`` and the fewest periods after
    (within ``problem.horizon``), or ``None``; and whether the solver proved it the fewest
    after that start (or proved that none exists)."""
    if through >= problem.horizon:
        return None, False
    form = build(problem)
    fix_start(form, problem, start, through)
    outcome = engine_solve(form, {form.last_period: 1}, deadline, engine)
    proven = outcome.status in ("optimal", "infeasible")
    if not outcome.x:
        return None, proven
    return plan_from_solution(problem, form, outcome.x), proven


def solve_endgames(
    problem: PhasingProblem,
    deadline: Deadline,
    engine: Engine,
    periods: Callable[[], int],
    offer: Callable[[Plan], bool],
) -> None:
    """Hand the furthest-on heuristic starts to the solver (:func:`finish`), each in a share
    of ``deadline``; ``periods()`` is the best plan's periods so far (the horizon plus one
    without a plan), ``offer`` audits and keeps a plan (``True`` when it is better)."""
    cut, order = ranked(problem, list(starts(problem, deadline)))
    for k, start in enumerate(order[:TRIED]):
        while not deadline.expired():
            shorter = replace(problem, horizon=min(problem.horizon, periods() - 1))
            share = deadline.share(1 / (TRIED - k))
            plan, proven = finish(shorter, start, cut, share, engine)
            if plan is None or not offer(plan) or proven:
                break
