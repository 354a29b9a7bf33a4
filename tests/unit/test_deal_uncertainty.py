"""The vectorised Monte Carlo equals a plain per-draw loop on the same draws."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from accord.deal._space import build_space
from accord.deal._uncertainty import UncertainDeal, swings, zone_by_candidates, zone_by_enumeration
from accord.scenario import loads
from accord.scenario._deal import Curve, Deal

TEXT = """
accord: 1
title: T
parties: {a: {name: A}, b: {name: B}, s: {name: S, role: stakeholder}}
deal:
  items:
    - {id: x, giver: a, quantity: 2, value: {a: {low: -4, mode: -2, high: -1}, b: 3}}
    - id: y
      giver: b
      value: {a: {low: 1, mode: 4, high: 6}, b: -2, s: {low: -2, mode: 0, high: 1}}
    - {id: z, giver: a, quantity: 3, value: {a: {points: [[0, 0], [1, -1], [3, -6]]}, b: 2}}
  together:
    - {items: [x, y], value: {b: {low: -1, mode: 1, high: 2}}}
  constraints: [x if z]
  reservation: {a: {low: -1, mode: 0, high: 2}, b: 1}
"""


def deal() -> Deal:
    scenario = loads(TEXT)
    assert scenario.deal is not None
    return scenario.deal


def naive_margins(
    d: Deal, model: UncertainDeal, draw: np.ndarray, package: dict[str, float]
) -> list[float]:
    def drawn(kind: str, target: int, party: str, mode: float) -> float:
        for k, p in enumerate(model.parameters):
            if (p.kind, p.target, model.parties[p.party]) == (kind, target, party):
                return float(draw[k])
        return mode

    margins = []
    for party in model.parties:
        total = 0.0
        for i, item in enumerate(d.items):
            amount = package.get(item.id, 0.0)
            value = item.value.get(party)
            if value is None or not amount:
                continue
            total += (
                value.at(amount)
                if isinstance(value, Curve)
                else (drawn("item", i, party, value.mode) * amount)
            )
        for t, together in enumerate(d.together):
            if party in together.value and all(package.get(i, 0) > 0 for i in together.items):
                total += drawn("together", t, party, together.value[party].mode)
        reservation = drawn("reservation", -1, party, d.reservation_value(party).mode)
        margins.append(total - reservation)
    return margins


PACKAGES = [{}, {"x": 1.0}, {"x": 2.0, "y": 1.0}, {"x": 1.0, "y": 1.0, "z": 3.0}, {"y": 1.0}]


def test_margins_equal_a_plain_loop() -> None:
    d = deal()
    model = UncertainDeal.build(d, ["a", "b", "s"])
    draws = model.sample(200, np.random.default_rng(7))
    for package in PACKAGES:
        fast = model.margins(draws, package)
        for row in range(len(draws)):
            assert fast[row].tolist() == pytest.approx(naive_margins(d, model, draws[row], package))


def test_zone_probability_equals_a_plain_loop() -> None:
    d = deal()
    model = UncertainDeal.build(d, ["a", "b", "s"])
    draws = model.sample(100, np.random.default_rng(3))
    space = build_space(d, ["a", "b", "s"])
    fast = zone_by_enumeration(model, space, draws)
    packages = [
        {"x": float(x), "y": float(y), "z": float(z)}
        for x, y, z in itertools.product(range(3), range(2), range(4))
        if not (z and not x)  # the constraint: x if z
    ]
    for row in range(len(draws)):
        exists = any(min(naive_margins(d, model, draws[row], p)) >= 0 for p in packages)
        assert fast[row] == float(exists)
    candidates = zone_by_candidates(model, PACKAGES, draws)
    assert np.all(candidates <= fast)  # a lower bound


def test_seeded_draws_repeat_and_swings_rank_by_size() -> None:
    model = UncertainDeal.build(deal(), ["a", "b", "s"])
    first = model.sample(1000, np.random.default_rng(11))
    assert np.array_equal(first, model.sample(1000, np.random.default_rng(11)))
    outcome = (model.margins(first, {"x": 1.0, "y": 1.0})[:, 0] >= 0).astype(float)
    ranked = swings(model, first, outcome, {"x": 1.0, "y": 1.0})
    sizes = [abs(r["swing"]) for r in ranked]
    assert sizes == sorted(sizes, reverse=True)
    assert ranked[0]["parameter"] in {"a: value of y", "a: value of x", "a: reservation"}
