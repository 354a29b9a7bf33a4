"""The verification-aware planner: its plans are safe against faked deliveries."""

from __future__ import annotations

from fractions import Fraction

import pytest

from accord.phasing._audit import audit_plan
from accord.phasing._model import PhasingItem, PhasingProblem, Plan, Step
from accord.phasing._planner import plan_exchange
from accord.verification._deterrence import MeansSpec
from accord.verification._planning import (
    plan_against_fakes,
    plan_choosing_means,
    verification_options,
)
from accord.verification._plans import verify_plan

GOOD = PhasingItem("good", "s", Fraction(4), {"s": Fraction(-1), "b": Fraction(3)})
PAY = PhasingItem("pay", "b", Fraction(8), {"s": Fraction(1), "b": Fraction(-1)}, divisible=True)
VERIFIES = {"good": ["m"], "pay": ["m"]}


def _problem(penalty: int) -> PhasingProblem:
    forfeit = {"s": Fraction(penalty), "b": Fraction(penalty)}
    return PhasingProblem(("s", "b"), (GOOD, PAY), penalty=forfeit, horizon=8)


def _two_step_plans(problem: PhasingProblem) -> list[Plan]:
    """Every plan delivering whole amounts of the good and the payment in periods 1 and 2."""
    plans = []
    for good in range(5):
        for pay in range(9):
            first = {"good": Fraction(good), "pay": Fraction(pay)}
            second = {"good": Fraction(4 - good), "pay": Fraction(8 - pay)}
            steps = [
                Step(t, {k: v for k, v in d.items() if v})
                for t, d in ((1, first), (2, second))
                if any(d.values())
            ]
            plans.append(Plan(tuple(steps)))
    return plans


@pytest.mark.parametrize(("detection", "penalty"), [("1/2", 2), ("7/10", 1), ("9/10", 4)])
def test_aware_plan_is_safe_where_a_plain_plan_is_not(detection: str, penalty: int) -> None:
    problem, pi = _problem(penalty), Fraction(detection)
    means = {"m": MeansSpec("m", pi)}
    plain = plan_exchange(problem)
    aware = plan_against_fakes(problem, {"good": pi, "pay": pi})
    assert plain.plan is not None
    assert aware.plan is not None
    assert aware.audit is not None
    # some plan safe against withholding alone is not safe against faking
    assert any(
        audit_plan(problem, plan).safe and not verify_plan(problem, plan, means, VERIFIES).safe
        for plan in [plain.plan, *_two_step_plans(problem)]
    )
    assert aware.audit.safe  # the phasing auditor: safe against withholding
    assert verify_plan(problem, aware.plan, means, VERIFIES).safe  # and against faking


def test_no_plan_when_faking_cannot_be_deterred() -> None:
    half = Fraction(1, 2)
    assert plan_against_fakes(_problem(1), {"good": half, "pay": half}).status == "infeasible"


def test_the_planner_chooses_the_means_within_the_budget() -> None:
    # One inspection a period (budget 1, cost 1): with each item's best detection and the
    # budget applied afterwards, a good and a payment share a period and one goes unverified;
    # choosing the means inside the model spreads the deliveries so each is inspected.
    g1 = PhasingItem("g1", "s", Fraction(1), {"s": Fraction(-1), "b": Fraction(3)})
    g2 = PhasingItem("g2", "s", Fraction(1), {"s": Fraction(-1), "b": Fraction(3)})
    pay = PhasingItem(
        "pay", "b", Fraction(4), {"s": Fraction(1), "b": Fraction(-1)}, divisible=True
    )
    forfeit = {"s": Fraction(2), "b": Fraction(2)}
    problem = PhasingProblem(("s", "b"), (g1, g2, pay), penalty=forfeit, horizon=6)
    means = {"look": MeansSpec("look", Fraction(9, 10), cost=Fraction(1))}
    verifies = {"g1": ["look"], "g2": ["look"], "pay": ["look"]}
    best = {item: Fraction(9, 10) for item in verifies}
    fixed = plan_against_fakes(problem, best)
    assert fixed.plan is not None
    assert not verify_plan(problem, fixed.plan, means, verifies, Fraction(1)).safe
    chosen = plan_choosing_means(problem, means, verifies, Fraction(1))
    assert chosen.status == "optimal"
    assert chosen.plan is not None
    assert verify_plan(problem, chosen.plan, means, verifies, Fraction(1)).safe
    assert all(len(step.deliveries) == 1 for step in chosen.plan.steps)  # one inspection each
    assert plan_choosing_means(problem, means, verifies, Fraction(0)).status == "infeasible"


def test_options_dominated_by_another_are_left_out_but_ties_keep_one() -> None:
    twins = {
        "a": MeansSpec("a", Fraction(1, 2), cost=Fraction(1)),
        "b": MeansSpec("b", Fraction(1, 2), cost=Fraction(1)),
    }
    item = PhasingItem("x", "g", Fraction(1), {"g": Fraction(-1)})
    found = verification_options(item, twins, {"x": ["a", "b"]}, None)
    assert [(uses, cost) for uses, cost, _ in found] == [({"b": 1}, 1), ({"a": 1, "b": 1}, 2)]
    limited = {**twins, "a": MeansSpec("a", Fraction(1, 2), cost=Fraction(1), capacity=1)}
    # now "a" alone is no better than "b" alone and uses a's capacity: only "b" is kept
    found = verification_options(item, limited, {"x": ["a", "b"]}, None)
    assert [uses for uses, _, _ in found] == [{"b": 1}, {"a": 1, "b": 1}]  # b spares a's capacity
