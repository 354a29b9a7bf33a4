"""The frontier and the bargaining solutions equal an independent brute force, exactly.

Random deals: up to 16 items (some with quantities up to 3), integer values for two parties
and a stakeholder, an interaction, a constraint and reservation values. The brute force lists
every package with ``itertools.product`` and evaluates it with NumPy, independently of
``accord.deal._space``.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.deal._frontier import pareto_frontier
from accord.deal._space import build_space
from accord.deal._utility import party_utility
from accord.scenario._deal import Deal, Item, Together
from accord.scenario._expressions import parse

PARTIES = ["a", "b", "s"]


@st.composite
def deals(draw: st.DrawFn, max_items: int = 16, max_size: int = 2**14) -> Deal:
    count = draw(st.integers(1, max_items))
    items = []
    size = 1
    for i in range(count):
        quantity = draw(st.sampled_from([1, 1, 1, 2, 3]))
        if size * (quantity + 1) > max_size:
            quantity = 1
        if size * 2 > max_size:
            break
        size *= quantity + 1
        value = {p: draw(st.integers(-10, 10)) for p in PARTIES if draw(st.booleans()) or p != "s"}
        items.append(
            Item(id=f"i{i}", giver=draw(st.sampled_from(PARTIES)), quantity=quantity, value=value)
        )
    ids = [item.id for item in items]
    together = []
    if len(ids) >= 2 and draw(st.booleans()):
        pair = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
        together.append(
            Together(
                items=pair, value={"a": draw(st.integers(-5, 5)), "b": draw(st.integers(-5, 5))}
            )
        )
    constraints = []
    if len(ids) >= 2 and draw(st.booleans()):
        x, y = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2, unique=True))
        constraints.append(f"{x} if {y}")
    reservation = {p: draw(st.integers(-8, 4)) for p in PARTIES}
    return Deal.model_validate(
        {
            "items": items,
            "together": together,
            "constraints": constraints,
            "reservation": reservation,
        }
    )


def brute_force(deal: Deal) -> tuple[np.ndarray, list[dict[str, float]]]:
    """Every acceptable package's utilities (a, b, s) and the package, by itertools.product."""
    ranges = [range(int(item.quantity) + 1) for item in deal.items]
    amounts = np.array(list(itertools.product(*ranges)), dtype=float)
    per_unit = np.array(
        [[item.value[p].mode if p in item.value else 0.0 for p in PARTIES] for item in deal.items]
    )
    utilities = amounts @ per_unit
    ids = [item.id for item in deal.items]
    given = {item_id: amounts[:, k] > 0 for k, item_id in enumerate(ids)}
    for together in deal.together:
        active = np.all([given[i] for i in together.items], axis=0)
        bonus = [together.value[p].mode if p in together.value else 0.0 for p in PARTIES]
        utilities[active] += bonus
    reservation = [deal.reservation_value(p).mode for p in PARTIES]
    ok = np.all(utilities >= reservation, axis=1)
    for text in deal.constraints:
        ok &= parse(text).evaluate_many(given)
    packages = [dict(zip(ids, row, strict=True)) for row in amounts[ok]]
    return utilities[ok], packages


def brute_frontier(utilities: np.ndarray) -> set[tuple[float, float]]:
    """Non-dominated (a, b) pairs: for each a, the best b; kept if no larger a has a b as good."""
    best: dict[float, float] = {}
    for ua, ub in utilities[:, :2].tolist():
        best[ua] = max(best.get(ua, -math.inf), ub)
    frontier = set()
    for ua, ub in best.items():
        if all(other_b < ub for other_a, other_b in best.items() if other_a > ua):
            frontier.add((ua, ub))
    return frontier


@given(deals())
def test_enumerated_frontier_equals_brute_force(deal: Deal) -> None:
    check_enumerated(deal)


@pytest.mark.slow
@given(deals(max_size=2**16))
def test_enumerated_frontier_equals_brute_force_up_to_2_16_packages(deal: Deal) -> None:
    check_enumerated(deal)


def check_enumerated(deal: Deal) -> None:
    frontier = pareto_frontier(build_space(deal, PARTIES), ["a", "b"])
    utilities, _ = brute_force(deal)
    pairs = {(p.utilities["a"], p.utilities["b"]) for p in frontier.points}
    assert pairs == brute_frontier(utilities)
    assert len(pairs) == len(frontier.points)
    for point in frontier.points:
        for party in PARTIES:
            assert party_utility(deal, party, point.package) == point.utilities[party]


@settings(max_examples=25)
@given(deals(max_items=8, max_size=2**8))
def test_solver_frontier_equals_brute_force(deal: Deal) -> None:
    frontier = pareto_frontier(build_space(deal, PARTIES), ["a", "b"], max_enumeration=0)
    assert frontier.method == "cp-sat epsilon-constraint"
    utilities, _ = brute_force(deal)
    pairs = {(p.utilities["a"], p.utilities["b"]) for p in frontier.points}
    assert pairs == brute_frontier(utilities)
    for point in frontier.points:
        assert party_utility(deal, "s", point.package) >= deal.reservation_value("s").mode
