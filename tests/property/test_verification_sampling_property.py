"""Sample sizes against a linear scan over every sample size (an independent brute force)."""

from __future__ import annotations

from fractions import Fraction
from math import comb

from hypothesis import given
from hypothesis import strategies as st

from accord.verification._sampling import exact_sample_size, iaea_sample_size

populations = st.integers(1, 120).flatmap(lambda n: st.tuples(st.just(n), st.integers(1, n)))
betas = st.fractions(min_value=0, max_value=1, max_denominator=1000)


@given(populations, betas)
def test_sample_sizes_are_the_least_that_reach_the_target(
    population: tuple[int, int], beta: Fraction
) -> None:
    items, falsified = population
    iaea = next(n for n in range(items + 1) if Fraction(items - n, items) ** falsified <= beta)
    exact = next(
        n
        for n in range(items + 1)
        if Fraction(comb(items - n, falsified), comb(items, falsified)) <= beta
    )
    assert iaea_sample_size(items, falsified, beta) == iaea
    assert exact_sample_size(items, falsified, beta) == exact
    assert exact <= iaea
