"""Deterrence per commitment: thresholds and inspections needed, exactly."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.errors import InputError
from accord.verification._deterrence import (
    expected_cheating_gain,
    inspections_needed,
    required_detection,
)


def test_threshold_is_the_leadership_condition_of_the_worked_game() -> None:
    assert required_detection(1, 9) == Fraction(1, 10)  # d/(b+d) with d=1, b=9
    assert expected_cheating_gain(Fraction(1), Fraction(9), Fraction(1, 10)) == 0


def test_exact_ties_deter() -> None:
    assert inspections_needed(Fraction(9, 10), Fraction(9, 10)) == 1
    assert inspections_needed(Fraction(99, 100), Fraction(9, 10)) == 2
    assert inspections_needed(Fraction(51, 100), Fraction(3, 10)) == 2  # 1 - 0.49 = 0.51


def test_impossible_targets() -> None:
    assert inspections_needed(1, Fraction(9, 10)) is None
    assert inspections_needed(Fraction(1, 2), 0) is None
    with pytest.raises(InputError) as caught:
        required_detection(-1, 2)
    assert caught.value.message == "gain and penalty cannot be negative (got gain -1, penalty 2)"


@given(
    st.fractions(min_value=Fraction(1, 100), max_value=Fraction(99, 100), max_denominator=100),
    st.fractions(min_value=Fraction(1, 100), max_value=Fraction(99, 100), max_denominator=100),
)
def test_inspections_needed_is_least(required: Fraction, detection: Fraction) -> None:
    k = inspections_needed(required, detection)
    assert k is not None
    assert 1 - (1 - detection) ** k >= required
    assert k == 1 or 1 - (1 - detection) ** (k - 1) < required


def test_too_many_combinations_is_a_clear_error() -> None:
    from accord.limits import LimitExceeded
    from accord.verification._allocation import options
    from accord.verification._deterrence import Commitment, MeansSpec

    means = {f"m{j}": MeansSpec(f"m{j}", Fraction(1, 100), per_item=9) for j in range(6)}
    commitment = Commitment("x", "g", Fraction(1), Fraction(1), tuple(means))
    with pytest.raises(LimitExceeded) as caught:
        options(commitment, means)
    assert caught.value.message == (
        "verification.verifies.x: the commitment 'x' has 1,000,000 combinations, more than the "
        "limit of 200,000"
    )
    assert caught.value.hint == (
        "lower per_item or capacity, or list fewer means for it; or raise it with "
        "--max-verification-combinations 1000000"
    )
