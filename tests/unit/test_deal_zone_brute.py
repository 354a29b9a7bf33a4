"""With no zone of agreement, the explanation equals a brute force over every package.

The brute force lists the 12 packages of a small deal (one item in 0..2 units, a constraint,
an interaction, a stakeholder) in plain Python, independently of the package space.
"""

from __future__ import annotations

import itertools

import pytest

from accord.deal._space import build_space
from accord.deal._zone import zone_of_agreement
from accord.scenario import loads
from accord.scenario._base import Estimate
from accord.scenario._deal import Deal

TEXT = """
accord: 1
title: No zone
parties: {a: {name: A}, b: {name: B}, s: {name: S, role: stakeholder}}
deal:
  items:
    - {id: x, giver: a, quantity: 2, value: {a: -3, b: 2, s: 1}}
    - {id: y, giver: b, value: {a: 4, b: -5, s: -2}}
    - {id: z, giver: b, value: {a: 1, b: -1}}
  together:
    - {items: [x, y], value: {b: 2}}
  constraints: [x if y]
  reservation: {a: 2, b: 1, s: 0}
"""
PARTIES = ["a", "b", "s"]
PER_UNIT = {"x": (-3, 2, 1), "y": (4, -5, -2), "z": (1, -1, 0)}
RESERVATION = (2, 1, 0)


def brute_force() -> list[tuple[dict[str, int], tuple[int, ...]]]:
    """Every package meeting the constraint, with each party's utility."""
    packages = []
    for x, y, z in itertools.product(range(3), range(2), range(2)):
        if y and not x:  # x if y
            continue
        amounts = {"x": x, "y": y, "z": z}
        utility = [sum(PER_UNIT[i][j] * n for i, n in amounts.items()) for j in range(3)]
        if x and y:
            utility[1] += 2
        packages.append(({i: n for i, n in amounts.items() if n}, tuple(utility)))
    return packages


def deal_with_reservation(party: str, value: float) -> Deal:
    deal = loads(TEXT, "f.yaml").deal
    assert deal is not None
    reservation = {**deal.reservation, party: Estimate(low=value, mode=value, high=value)}
    return deal.model_copy(update={"reservation": reservation})


def shortfalls(utility: tuple[int, ...]) -> dict[str, float]:
    return {
        p: float(RESERVATION[j] - utility[j])
        for j, p in enumerate(PARTIES)
        if utility[j] < RESERVATION[j]
    }


@pytest.mark.parametrize("limit", [2**20, 0], ids=["enumeration", "cp-sat"])
def test_no_zone_explanation_equals_brute_force(limit: int) -> None:
    packages = brute_force()
    assert len(packages) == 10  # 12 minus the two with y but no x
    assert not any(all(u[j] >= RESERVATION[j] for j in range(3)) for _, u in packages)
    deal = loads(TEXT, "f.yaml").deal
    assert deal is not None
    zone = zone_of_agreement(build_space(deal, PARTIES), max_enumeration=limit)
    assert zone.exists is False
    expected: dict[str, float | None] = {}
    for j, party in enumerate(PARTIES):
        others = [u for _, u in packages if all(u[k] >= RESERVATION[k] for k in range(3) if k != j)]
        expected[party] = float(RESERVATION[j] - max(u[j] for u in others)) if others else None
    assert zone.lowering_needed == expected == {"a": 4.0, "b": None, "s": None}
    least = min(sum(shortfalls(u).values()) for _, u in packages)
    closest = [(p, u) for p, u in packages if sum(shortfalls(u).values()) == least]
    best_total = max(sum(u) for _, u in closest)  # ties: the largest sum of utilities
    closest = [(p, u) for p, u in closest if sum(u) == best_total]
    assert zone.closest is not None
    found = {k: int(v) for k, v in zone.closest.package.items()}
    assert (found, tuple(int(v) for v in zone.closest.utilities.values())) in closest
    utility = next(u for p, u in closest if p == found)
    assert zone.closest.shortfalls == shortfalls(utility)
    blocking = sorted(
        (PER_UNIT[i][PARTIES.index(p)] * n, i, p)
        for i, n in found.items()
        for p in shortfalls(utility)
        if PER_UNIT[i][PARTIES.index(p)] < 0
    )
    assert [(b["value"], b["item"], b["party"]) for b in zone.blocking] == blocking


@pytest.mark.parametrize("party", ["a"])
def test_the_lowering_is_the_smallest_change_that_opens_the_zone(party: str) -> None:
    """Lowering a's reservation from 2 by exactly 4 opens the zone; by 3.5 it does not."""
    opened = zone_of_agreement(build_space(deal_with_reservation(party, 2 - 4), PARTIES))
    assert opened.exists
    assert opened.acceptable_packages == sum(
        all(u[k] >= (-2, 1, 0)[k] for k in range(3)) for _, u in brute_force()
    )
    assert not zone_of_agreement(build_space(deal_with_reservation(party, 2 - 3.5), PARTIES)).exists


def test_lowering_b_or_s_alone_cannot_open_the_zone() -> None:
    """No package gives a 2 and s 0 together, so no drop of b's reservation helps (nor s's)."""
    assert not any(u[0] >= 2 and u[2] >= 0 for _, u in brute_force())
    assert not any(u[0] >= 2 and u[1] >= 1 for _, u in brute_force())
    for party in ("b", "s"):
        assert not zone_of_agreement(
            build_space(deal_with_reservation(party, -1000), PARTIES)
        ).exists
