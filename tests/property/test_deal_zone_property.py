"""The zone of agreement and the reservation drops that would open it equal a brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings

from accord.deal._space import build_space
from accord.deal._zone import zone_of_agreement
from accord.scenario._deal import Deal
from accord.scenario._expressions import parse

from .test_deal_frontier import PARTIES, deals


def every_package(deal: Deal) -> tuple[np.ndarray, np.ndarray]:
    """Utilities of every package meeting the constraints, and the reservation values."""
    ranges = [range(int(item.quantity) + 1) for item in deal.items]
    amounts = np.array(list(itertools.product(*ranges)), dtype=float)
    per_unit = np.array(
        [[item.value[p].mode if p in item.value else 0.0 for p in PARTIES] for item in deal.items]
    )
    utilities = amounts @ per_unit
    given = {item.id: amounts[:, k] > 0 for k, item in enumerate(deal.items)}
    for together in deal.together:
        active = np.all([given[i] for i in together.items], axis=0)
        utilities[active] += [
            together.value[p].mode if p in together.value else 0.0 for p in PARTIES
        ]
    ok = np.ones(len(amounts), dtype=bool)
    for text in deal.constraints:
        ok &= parse(text).evaluate_many(given)
    return utilities[ok], np.array([deal.reservation_value(p).mode for p in PARTIES])


@settings(max_examples=30)
@given(deals(max_items=7, max_size=2**7))
def test_zone_and_lowering_equal_brute_force(deal: Deal) -> None:
    utilities, reservation = every_package(deal)
    meets = utilities >= reservation
    exists = bool(np.all(meets, axis=1).any())
    for limit in (2**20, 0):
        zone = zone_of_agreement(build_space(deal, PARTIES), max_enumeration=limit)
        assert zone.exists == exists
        if exists:
            continue
        for j, party in enumerate(PARTIES):
            others = np.all(np.delete(meets, j, axis=1), axis=1)
            expected = float(reservation[j] - utilities[others, j].max()) if others.any() else None
            assert zone.lowering_needed[party] == expected, (party, limit)
        if len(utilities):
            assert zone.closest is not None
            short = np.maximum(reservation - utilities, 0).sum(axis=1)
            least = short.min()
            assert sum(zone.closest.shortfalls.values()) == least
            best_total = utilities[short == least].sum(axis=1).max()  # ties: largest sum
            assert sum(zone.closest.utilities.values()) == pytest.approx(best_total, abs=1e-9)
