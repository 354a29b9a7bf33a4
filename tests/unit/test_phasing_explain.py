"""Explanations when no safe plan exists: who defects where, and the smallest fixes."""

from __future__ import annotations

from fractions import Fraction as F  # noqa: N817

from accord.phasing._explain import explain_infeasible
from accord.phasing._model import PhasingItem, PhasingProblem
from accord.phasing._planner import plan_exchange


def one_shot(penalty: F, divisible: bool = False) -> PhasingProblem:
    """A single indivisible good for a single payment: the one-shot exchange that unravels."""
    good = PhasingItem("good", "s", F(1), {"s": F(-10), "b": F(30)})
    pay = PhasingItem("pay", "b", F(20), {"s": F(1), "b": F(-1)}, divisible=divisible)
    return PhasingProblem(("s", "b"), (good, pay), penalty={"s": penalty, "b": penalty}, horizon=4)


def test_phasing_one_shot_without_penalty_unravels() -> None:
    assert plan_exchange(one_shot(F(0))).status == "infeasible"


def test_phasing_explanation_names_the_least_penalty_that_works() -> None:
    why = explain_infeasible(one_shot(F(0)))
    assert why.defector is not None
    penalty = why.fixes[0]
    assert penalty.kind == "penalty"
    assert penalty.amount is not None
    problem = one_shot(F(0))
    fixed = {p: F(penalty.amount) if p == penalty.party else F(0) for p in problem.parties}
    assert (
        plan_exchange(
            PhasingProblem(problem.parties, problem.items, penalty=fixed, horizon=4)
        ).status
        == "optimal"
    )
    # a little less than the fix is not enough
    short = {p: v * F(99, 100) for p, v in fixed.items()}
    assert (
        plan_exchange(
            PhasingProblem(problem.parties, problem.items, penalty=short, horizon=4)
        ).status
        == "infeasible"
    )


def test_phasing_explanation_suggests_reversibility_of_the_good() -> None:
    why = explain_infeasible(one_shot(F(0)))
    assert ("reversible", "good") in {(f.kind, f.item) for f in why.fixes}


def test_phasing_explanation_names_the_commitments_that_bind() -> None:
    """The defector of the closest plan withholds its own deliveries of that step, and the
    others notice in that step's period plus the smallest lag of what is withheld."""
    problem = one_shot(F(0))
    why = explain_infeasible(problem)
    assert why.defector is not None
    assert why.closest is not None
    step = why.closest.steps[why.defector.index - 1]
    own = [
        i
        for i, a in step.deliveries.items()
        if a > 0 and problem.item(i).giver == why.defector.party
    ]
    assert list(why.withholds) == own
    assert own, "a defector withholds something at its step"
    lag = min(problem.item(i).verify_lag for i in own)
    assert why.noticed_in == step.period + lag
    data = why.to_dict()
    assert data["withholds"] == own
    assert data["noticed_in"] == why.noticed_in


def test_phasing_search_says_which_horizons_it_ruled_out_and_how() -> None:
    """The one-shot exchange: every horizon is ruled out (by the bound or the solver)."""
    result = plan_exchange(one_shot(F(0)))
    assert result.status == "infeasible"
    covered = [h for run in result.horizons for h in range(run.first, run.last + 1)]
    assert covered == list(range(1, 5))
    assert {run.by for run in result.horizons} <= {"certificate", "solver"}
    assert result.to_dict()["horizons"] == [r.to_dict() for r in result.horizons]
