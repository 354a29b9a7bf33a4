"""Verification-aware plans: faked deliveries against the phasing model's safety condition."""

from __future__ import annotations

from fractions import Fraction as F  # noqa: N817

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.phasing._audit import audit_plan
from accord.phasing._model import PhasingItem, PhasingProblem, Plan, Step
from accord.phasing._safety import defection_value
from accord.verification._deterrence import MeansSpec
from accord.verification._plans import verify_plan, with_verification_lags

GOOD = PhasingItem("good", "s", F(1), {"s": F(-4), "b": F(10)})
PAY = PhasingItem("pay", "b", F(1), {"s": F(6), "b": F(-6)})


def _exchange(penalty: F) -> tuple[PhasingProblem, Plan]:
    problem = PhasingProblem(("s", "b"), (GOOD, PAY), penalty={"s": penalty, "b": penalty})
    plan = Plan((Step(1, {"pay": F(1)}), Step(2, {"good": F(1)})))
    return problem, plan


def test_cheating_margin_is_expected_value_of_faking() -> None:
    problem, plan = _exchange(F(2))
    means = {"look": MeansSpec("look", F(3, 10))}
    checked = verify_plan(problem, plan, means, {"good": ["look"], "pay": ["look"]})
    for index, delivery in enumerate(checked.deliveries):
        party = delivery.party
        honest = problem.final_value(party)
        faked = (1 - delivery.detection) * (honest + delivery.gain) + delivery.detection * (
            defection_value(problem, plan, party, index)
        )
        assert delivery.cheating_margin == honest - faked


def test_unverified_costly_deliveries_are_never_safe() -> None:
    problem, plan = _exchange(F(100))
    checked = verify_plan(problem, plan, {}, {})
    assert audit_plan(problem, plan).safe  # safe against withholding...
    assert not checked.safe  # ...but not against faking
    assert all(d.detection == 0 and d.cheating_margin == -d.gain for d in checked.deliveries)
    assert checked.deliveries[0].reason == (
        "faking it pays 6 in expectation: it is not verified, and 5.5% detection is needed"
    )


@settings(max_examples=30)
@given(st.integers(0, 30), st.integers(0, 3))
def test_certain_detection_reduces_to_the_phasing_audit(penalty: int, lag: int) -> None:
    problem, plan = _exchange(F(penalty))
    means = {"sure": MeansSpec("sure", F(1), lag=lag)}
    verifies = {"good": ["sure"], "pay": ["sure"]}
    checked = verify_plan(problem, plan, means, verifies)
    lagged = with_verification_lags(problem, means, verifies)
    assert checked.safe == audit_plan(lagged, plan).safe
    assert checked.lags == {"good": lag, "pay": lag}


def test_budget_decides_which_delivery_is_verified() -> None:
    problem = PhasingProblem(("s", "b"), (GOOD, PAY), penalty={"s": F(20), "b": F(20)})
    plan = Plan((Step(1, {"pay": F(1), "good": F(1)}),))
    means = {"look": MeansSpec("look", F(1, 2), cost=F(1))}
    checked = verify_plan(problem, plan, means, {"good": ["look"], "pay": ["look"]}, F(1))
    assert sum(d.detection > 0 for d in checked.deliveries) == 1  # the budget pays one look


def test_a_fake_found_only_after_its_lag_is_judged_at_that_lag() -> None:
    # s delivers a quick (lag 0) and a slow (lag 1) item at once; b pays in period 2. Withheld,
    # the step is noticed at once (margin 1); a fake of the slow item only in period 2, after
    # the payment: faking it pays whatever the detection, and the reason says why (no "200%").
    quick = PhasingItem("quick", "s", F(1), {"s": F(0), "b": F(1)})
    slow = PhasingItem("slow", "s", F(1), {"s": F(-1), "b": F(1)}, verify_lag=1)
    pay = PhasingItem("pay", "b", F(1), {"s": F(2), "b": F(0)})
    problem = PhasingProblem(("s", "b"), (quick, slow, pay))
    plan = Plan((Step(1, {"quick": F(1), "slow": F(1)}), Step(2, {"pay": 1})))
    means = {"look": MeansSpec("look", F(9, 10))}
    checked = verify_plan(problem, plan, means, {"slow": ["look"], "quick": ["look"]})
    slow_check = next(d for d in checked.deliveries if d.item == "slow")
    assert (slow_check.margin, slow_check.fake_margin) == (1, -1)
    assert slow_check.cheating_margin == F(9, 10) * -1 - F(1, 10) * 1
    assert not slow_check.safe
    assert slow_check.reason == (
        "faking it pays whatever the verification: a fake is found only once the item is "
        "verified, and s is then still 1 better off than delivering"
    )
