"""The reason a deterrable commitment is left undeterred says truly what the budget went to."""

from __future__ import annotations

from fractions import Fraction

from accord.choices import VerificationObjective
from accord.verification._allocation import allocate
from accord.verification._deterrence import Commitment, MeansSpec

MEANS = {"a": MeansSpec("a", Fraction(1, 2), cost=Fraction(1), per_item=3)}
CHEAPER = "the budget went to commitments that are cheaper to deter"


def _commitment(item: str, gain: int, penalty: int) -> Commitment:
    return Commitment(item, "g", Fraction(gain), Fraction(penalty), ("a",))


def test_the_others_were_cheaper_to_deter_when_they_were() -> None:
    # x needs 2 uses, y and z one each: a budget of 2 deters y and z
    cs = [_commitment("x", 3, 1), _commitment("y", 1, 1), _commitment("z", 1, 1)]
    x = allocate(cs, MEANS, Fraction(2)).plans[0]
    assert not x.deterred
    assert x.cheapest is not None
    assert x.reason == f"not deterred: deterring it needs a ×2 (cost 2); {CHEAPER}"


def test_the_budget_went_to_a_dearer_commitment_is_not_called_cheaper() -> None:
    # x needs 1 use, y 2; deterring y leaves the smaller gain from cheating (1, not 2)
    cs = [_commitment("x", 1, 1), _commitment("y", 6, 2)]
    x, y = allocate(cs, MEANS, Fraction(2)).plans
    assert y.deterred
    assert x.cheapest is not None
    assert y.chosen.cost > x.cheapest.cost
    assert x.reason == (
        "not deterred: deterring it needs a ×1 (cost 1); the budget went to deterring 1 other "
        "commitment; deterring this one as well does not fit the budget and the means' "
        "capacities"
    )


def test_under_minimax_gain_the_budget_lowered_the_largest_gain() -> None:
    # y cannot be deterred with a budget of 1: the use goes to y, whose gain is the largest
    cs = [_commitment("x", 1, 1), _commitment("y", 2, 1)]
    x, y = allocate(cs, MEANS, Fraction(1), VerificationObjective.MINIMAX_GAIN).plans
    assert not x.deterred
    assert not y.deterred
    assert y.chosen.uses == (1,)
    assert x.reason == (
        "not deterred: deterring it needs a ×1 (cost 1); the budget went to lowering the "
        "largest expected gain from cheating (minimax_gain), left at 1"
    )
