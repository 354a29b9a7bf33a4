"""Attribute sampling: the worked numbers of the facts file, exactly, and simulation."""

from __future__ import annotations

from fractions import Fraction
from math import comb, isclose

import numpy as np
import pytest

from accord.errors import InputError
from accord.verification._sampling import (
    detection_probability,
    exact_sample_size,
    iaea_sample_size,
    sample_size,
)


def test_iaea_worked_case_500_items_4_falsified() -> None:
    plan = sample_size(500, 4, 0.1)
    assert (plan.iaea, plan.exact) == (219, 219)
    assert round(float(plan.iaea_detection_probability), 4) == 0.9012
    assert plan.detection_probability == Fraction(66250201, 73515175)
    assert plan.iaea_detection_probability == 1 - Fraction(comb(496, 219), comb(500, 219))


def test_iaea_worked_case_100_items_1_falsified_is_exactly_nine_tenths() -> None:
    plan = sample_size(100, 1, "0.1")
    assert (plan.iaea, plan.exact) == (90, 90)
    assert plan.detection_probability == Fraction(9, 10)


def test_exact_sample_is_the_least_reaching_the_target() -> None:
    for items, falsified, beta in [
        (10, 3, Fraction(1, 10)),
        (60, 1, Fraction(1, 10)),
        (500, 4, Fraction(1, 5)),
        (37, 5, Fraction(1, 100)),
    ]:
        n = exact_sample_size(items, falsified, beta)
        assert detection_probability(items, falsified, n) >= 1 - beta
        assert n == 0 or detection_probability(items, falsified, n - 1) < 1 - beta
        assert n <= iaea_sample_size(items, falsified, beta)


def test_iaea_formula_matches_floating_point_away_from_ties() -> None:
    import math

    for items, falsified, beta in [(500, 4, 0.1), (1000, 8, 0.05), (77, 3, 0.8)]:
        expected = math.ceil(items * (1 - beta ** (1 / falsified)))
        assert iaea_sample_size(items, falsified, beta) == expected


def test_certainty_needs_all_but_m_minus_one_items() -> None:
    assert exact_sample_size(10, 3, 0) == 8
    assert detection_probability(10, 3, 8) == 1
    assert iaea_sample_size(10, 3, 0) == 10


@pytest.mark.parametrize(("items", "falsified", "sample"), [(60, 1, 30), (500, 4, 219), (40, 7, 5)])
def test_detection_probability_against_seeded_simulation(
    items: int, falsified: int, sample: int
) -> None:
    rng = np.random.default_rng(20190227)
    draws = 200_000
    found = rng.hypergeometric(falsified, items - falsified, sample, size=draws) > 0
    exact = float(detection_probability(items, falsified, sample))
    sigma = (exact * (1 - exact) / draws) ** 0.5
    assert abs(found.mean() - exact) <= 5 * sigma + 1e-12
    assert isclose(exact, 1 - comb(items - falsified, sample) / comb(items, sample))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: detection_probability(100, 1, 101),
            "the sample (101) is larger than the population (100 items)",
        ),
        (
            lambda: detection_probability(100, 0, 10),
            "falsified must be a positive whole number (got 0)",
        ),
        (lambda: detection_probability(4, 5, 1), "falsified (5) cannot exceed items (4)"),
        (lambda: detection_probability(0, 1, 0), "items must be a positive whole number (got 0)"),
        (
            lambda: detection_probability(10, 1, -1),
            "sample must be a whole number of items, 0 or more (got -1)",
        ),
        (
            lambda: iaea_sample_size(100, 1, 1.5),
            "nondetection must be a probability in [0, 1] (got 1.5)",
        ),
        (
            lambda: exact_sample_size(100, 1, -0.1),
            "nondetection must be a probability in [0, 1] (got -0.1)",
        ),
        (lambda: sample_size(100, 1, "abc"), "nondetection must be a number (got 'abc')"),
    ],
)
def test_bad_input_is_a_clear_error(call: object, message: str) -> None:
    with pytest.raises(InputError) as caught:
        call()  # type: ignore[operator]
    assert caught.value.message == message
