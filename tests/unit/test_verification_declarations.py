"""Declarations: exact probabilities under the triangular prior, checked against simulation."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from accord.errors import InputError
from accord.verification._declarations import (
    check_declaration,
    confirmation_effort,
    expected_shortfall,
    incompleteness_probability,
)
from accord.verification._deterrence import MeansSpec


def test_declaration_at_the_low_end_of_the_estimates_is_certainly_incomplete() -> None:
    check = check_declaration(
        "warheads", 20, 20, 30, 60, 0.9, {"x": MeansSpec("x", Fraction(1, 2))}
    )
    assert check.incomplete_probability == 1
    assert check.effort == {"x": None}
    assert check.reason.startswith("certainly incomplete under the estimate: 20 declared")


def test_korea_declaration_against_the_published_range() -> None:
    # low 10 (Kristensen & Norris), mode 30 (SIPRI), high 60 (DIA); 20 declared
    assert incompleteness_probability(20, 10, 30, 60) == Fraction(9, 10)
    assert expected_shortfall(20, 10, 30, 60) == Fraction(41, 3)


@pytest.mark.parametrize(
    ("declared", "low", "mode", "high"),
    [(20, 10, 30, 60), (45, 10, 30, 60), (5, 10, 30, 60), (12, 10, 10, 40)],
)
def test_against_seeded_simulation(declared: int, low: int, mode: int, high: int) -> None:
    rng = np.random.default_rng(7)
    draws = rng.triangular(low, mode, high, size=400_000)
    p = float(incompleteness_probability(declared, low, mode, high))
    assert abs((draws > declared).mean() - p) < 0.005
    shortfall = float(expected_shortfall(declared, low, mode, high))
    assert abs(np.maximum(0, draws - declared).mean() - shortfall) < 0.05


def test_confirmation_effort_is_the_least_number_of_clean_uses() -> None:
    for prior, delta, gamma in [
        (Fraction(9, 10), Fraction(7, 10), Fraction(9, 10)),
        (Fraction(1, 2), Fraction(1, 10), Fraction(99, 100)),
    ]:
        k = confirmation_effort(prior, delta, gamma)
        assert k is not None

        def posterior(uses: int, p: Fraction = prior, d: Fraction = delta) -> Fraction:
            miss = (1 - d) ** uses
            return p * miss / (p * miss + 1 - p)

        assert posterior(k) <= 1 - gamma < posterior(k - 1)


def test_bad_declaration_input() -> None:
    with pytest.raises(InputError) as caught:
        confirmation_effort(0.5, 0.5, 1.2)
    assert caught.value.message == "confidence must be a probability in [0, 1] (got 1.2)"
    with pytest.raises(InputError) as caught:
        incompleteness_probability(10, 30, 20, 60)
    assert caught.value.message == "an estimate needs low <= mode <= high (got 30, 20, 60)"
