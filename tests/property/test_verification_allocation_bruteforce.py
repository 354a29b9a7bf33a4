"""Budget allocation against brute force over every combination of options, small instances."""

from __future__ import annotations

import itertools
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.verification._allocation import (
    Allocation,
    Option,
    all_vectors,
    allocate,
    greedy,
    options,
    use_bounds,
)
from accord.verification._deterrence import Commitment, MeansSpec, combined_detection

MEANS_IDS = ("a", "b", "c")


@st.composite
def instances(draw: st.DrawFn) -> tuple[list[Commitment], dict[str, MeansSpec], Fraction]:
    means = {
        m: MeansSpec(
            m,
            detection=draw(
                st.fractions(min_value=Fraction(1, 10), max_value=1, max_denominator=10)
            ),
            cost=Fraction(draw(st.integers(0, 4))),
            per_item=draw(st.integers(1, 3)),
            capacity=draw(st.one_of(st.none(), st.integers(0, 4))),
        )
        for m in MEANS_IDS
    }
    commitments = [
        Commitment(
            f"item{i}",
            "g",
            gain=Fraction(draw(st.integers(0, 10))),
            penalty=Fraction(draw(st.integers(0, 10))),
            means=tuple(draw(st.sets(st.sampled_from(MEANS_IDS), min_size=1, max_size=2))),
        )
        for i in range(draw(st.integers(1, 3)))
    ]
    return commitments, means, Fraction(draw(st.integers(0, 8)))


def _feasible(
    cs: list[Commitment], means: dict[str, MeansSpec], budget: Fraction, choice: tuple[Option, ...]
) -> bool:
    if sum(o.cost for o in choice) > budget:
        return False
    for m, spec in means.items():
        used = sum(
            k
            for c, o in zip(cs, choice, strict=True)
            for mm, k in zip(c.means, o.uses, strict=True)
            if mm == m
        )
        if spec.capacity is not None and used > spec.capacity:
            return False
    return True


def _every_option(c: Commitment, means: dict[str, MeansSpec], budget: Fraction) -> list[Option]:
    """Every use vector in the box, not only the candidates (independent of the pruning)."""
    result = []
    for uses in all_vectors(use_bounds(c, means, budget)):
        detection = combined_detection(dict(zip(c.means, uses, strict=True)), means)
        cost = sum((means[m].cost * k for m, k in zip(c.means, uses, strict=True)), Fraction(0))
        result.append(Option(uses, cost, detection, c.gain - detection * (c.gain + c.penalty)))
    return result


def _brute(
    cs: list[Commitment], means: dict[str, MeansSpec], budget: Fraction, key: str
) -> Fraction:
    best: Fraction | None = None
    for choice in itertools.product(*(_every_option(c, means, budget) for c in cs)):
        if not _feasible(cs, means, budget, choice):
            continue
        if key == "deter_most":
            value = Fraction(-sum(o.deters for o in choice))
        else:
            value = max(max(Fraction(0), o.cheating_gain) for o in choice)
        best = value if best is None or value < best else best
    assert best is not None  # using nothing is always feasible
    return best


def _value(result: Allocation, key: str) -> Fraction:
    if key == "deter_most":
        return Fraction(-result.deterred)
    return result.largest_cheating_gain


@settings(max_examples=40)
@given(instances(), st.sampled_from(["deter_most", "minimax_gain"]))
def test_allocation_is_optimal(
    instance: tuple[list[Commitment], dict[str, MeansSpec], Fraction], objective: str
) -> None:
    cs, means, budget = instance
    result = allocate(cs, means, budget, objective)  # type: ignore[arg-type]
    chosen = tuple(p.chosen for p in result.plans)
    assert _feasible(cs, means, budget, chosen)
    assert result.optimal
    expected = _brute(cs, means, budget, objective)
    assert abs(float(_value(result, objective) - expected)) <= 1e-6


@settings(max_examples=40)
@given(instances())
def test_greedy_is_feasible_and_never_better(
    instance: tuple[list[Commitment], dict[str, MeansSpec], Fraction],
) -> None:
    cs, means, budget = instance
    choice = greedy(cs, means, budget)
    assert _feasible(cs, means, budget, choice)
    assert sum(o.deters for o in choice) <= allocate(cs, means, budget).deterred


def test_candidates_keep_only_minimal_deterring_vectors() -> None:
    means = {
        "a": MeansSpec("a", Fraction(1, 2), per_item=3),
        "b": MeansSpec("b", Fraction(1, 2), per_item=3),
    }
    c = Commitment("x", "g", Fraction(3), Fraction(1), ("a", "b"))  # needs 3/4: two uses
    deterring = sorted(o.uses for o in options(c, means) if o.deters)
    assert deterring == [(0, 2), (1, 1), (2, 0)]


def _lexicographic(
    cs: list[Commitment], means: dict[str, MeansSpec], budget: Fraction, objective: str
) -> tuple[Fraction, Fraction]:
    best: tuple[Fraction, Fraction] | None = None
    for choice in itertools.product(*(_every_option(c, means, budget) for c in cs)):
        if not _feasible(cs, means, budget, choice):
            continue
        count = Fraction(-sum(o.deters for o in choice))
        largest = max(max(Fraction(0), o.cheating_gain) for o in choice)
        key = (count, largest) if objective == "deter_most" else (largest, count)
        best = key if best is None or key < best else best
    assert best is not None
    return best


@settings(max_examples=30)
@given(instances(), st.sampled_from(["deter_most", "minimax_gain"]))
def test_second_objective_is_optimal_too(
    instance: tuple[list[Commitment], dict[str, MeansSpec], Fraction], objective: str
) -> None:
    cs, means, budget = instance
    result = allocate(cs, means, budget, objective)  # type: ignore[arg-type]
    count, largest = Fraction(-result.deterred), result.largest_cheating_gain
    ours = (count, largest) if objective == "deter_most" else (largest, count)
    expected = _lexicographic(cs, means, budget, objective)
    assert ours[0] == expected[0] or abs(float(ours[0] - expected[0])) <= 1e-6
    assert abs(float(ours[1] - expected[1])) <= 1e-6
