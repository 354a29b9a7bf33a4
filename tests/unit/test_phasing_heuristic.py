"""The lockstep heuristic on agreements of the size issue 18 is about."""

from __future__ import annotations

import pytest

from accord.phasing._audit import audit_plan
from accord.phasing._endgame import ranked, solve_endgames, starts
from accord.phasing._heuristic import RULES, first_plans, lockstep_plan
from accord.phasing._model import Plan
from accord.phasing._stages import Engine
from accord.solver._control import Deadline
from benchmarks.phasing_instances import agreement


def test_phasing_heuristic_counts_the_verification_lag_in_the_periods_an_item_needs() -> None:
    """Issue 18's generated agreement of 30 items with a penalty of 20: ordering each giver's
    items by the periods they still need *plus* their verification lag finishes in 25 periods
    (23 with a promptly verified item first); the other orderings need 34 or more, or get stuck
    within the 36 periods."""
    problem = agreement(30, 20, seed=30020)
    ends = {}
    for rule in RULES:
        plan = lockstep_plan(problem, rule=rule)
        if plan is not None:
            assert audit_plan(problem, plan).safe
            ends[rule] = plan.steps[-1].period
    assert (ends.pop("lagged"), ends.pop("lagged_prompt"), ends.pop("weighted")) == (25, 23, 24)
    assert all(end >= 34 for end in ends.values()), ends


def test_phasing_heuristic_weighs_the_periods_an_item_needs_by_its_cost() -> None:
    """Issue 18's 100 items with a penalty of 20: an expensive unit verified late is what gets
    stuck at the end; weighing the periods still needed by the unit's cost (and keeping cheap
    promptly verified units for the end) finishes in 35 of the 36 periods, where every other
    ordering gets stuck or runs out of periods."""
    problem = agreement(100, 20, seed=100020)
    ends = {}
    for rule in RULES:
        plan = lockstep_plan(problem, rule=rule)
        if plan is not None:
            assert audit_plan(problem, plan).safe
            ends[rule] = plan.steps[-1].period
    assert ends == {"weighted_costly": 35}


def test_phasing_heuristic_takes_turns_where_a_party_has_few_prompt_units() -> None:
    """Issue 18's 60 items with a penalty of 20: party b has 11 promptly verified units, and a
    step verified late holds the other party's next step back. Every ordering without turns gets
    stuck within the 36 periods; with turns (a restriction, so still safe without them) the
    heuristic finishes in 35, and that plan passes the auditor on the problem as given."""
    problem = agreement(60, 20, seed=60020)
    assert all(lockstep_plan(problem, rule=rule) is None for rule in RULES)
    plans = list(first_plans(problem))
    assert plans
    best = min(plans, key=lambda plan: plan.steps[-1].period)
    assert best.steps[-1].period == 35
    assert audit_plan(problem, best).safe
    givers = [{problem.item(i).giver for i in step.deliveries} for step in best.steps]
    assert all(len(g) == 1 for g in givers)


@pytest.mark.slow
def test_phasing_endgame_finishes_a_rationed_start_in_fewer_periods() -> None:
    """The same agreement: the start that is furthest on at the cut (period 24) is one where b
    keeps its promptly verified units, one a step; the solver finishes it in 33 periods, two
    fewer than the best complete heuristic plan. A budget of solver work (not of time) makes
    the search the same on any machine."""
    problem = agreement(60, 20, seed=60020)
    best = [35]
    found: list[Plan] = []

    def offer(plan: Plan) -> bool:
        assert audit_plan(problem, plan).safe
        if plan.steps[-1].period >= best[0]:
            return False
        best[0] = plan.steps[-1].period
        found.append(plan)
        return True

    cut, order = ranked(problem, list(starts(problem, Deadline.after(600))))
    assert cut == 24
    solve_endgames(problem, Deadline.after(600, work=2.0), Engine(), lambda: best[0], offer)
    assert [plan.steps[-1].period for plan in found] == [33]
    assert all(
        found[0].delivered(i.id, t) == order[0].delivered(i.id, t)
        for i in problem.items
        for t in range(1, cut + 1)
    )
