"""The zone of agreement and its explanation, by enumeration and by CP-SAT (same answers)."""

from __future__ import annotations

import pytest

from accord.deal._frontier import pareto_frontier
from accord.deal._space import build_space
from accord.deal._zone import zone_of_agreement
from accord.scenario import load
from accord.scenario._deal import Deal

PARTIES = ["us", "dprk", "japan"]


def no_zone() -> Deal:
    deal = load("tests/data/deal/no-zone.yaml").deal
    assert deal is not None
    return deal


@pytest.mark.parametrize("limit", [2**20, 0])
def test_no_zone_is_explained(limit: int) -> None:
    zone = zone_of_agreement(build_space(no_zone(), PARTIES), max_enumeration=limit)
    assert zone.exists is False
    assert zone.lowering_needed == {"us": 3.0, "dprk": 7.0, "japan": None}
    assert zone.closest is not None
    assert sum(zone.closest.shortfalls.values()) == 3.0
    # both methods break the tie (aid vs nothing, both 3 short) by the larger sum of utilities
    assert zone.closest.package == {"aid": 1.0}
    assert zone.blocking == [{"item": "aid", "amount": 1.0, "party": "us", "value": -2.0}]


def test_lowering_the_reservation_by_the_amount_given_opens_the_zone() -> None:
    deal = no_zone()
    lowered = deal.model_copy(
        update={
            "reservation": {
                **deal.reservation,
                "us": deal.reservation_value("us").model_copy(update={"mode": -2.0, "low": -2.0}),
            }
        }
    )
    assert zone_of_agreement(build_space(lowered, PARTIES)).exists


def test_three_party_frontier_is_spread_and_non_dominated() -> None:
    deal = load("examples/korea-2019.yaml").deal
    assert deal is not None
    small = deal.model_copy(
        update={
            "items": deal.items[:6] + deal.items[11:17],
            "together": [],
            "constraints": [],
            "proposals": {},
        }
    )
    space = build_space(small, ["us", "dprk", "rok", "japan"])
    exact = pareto_frontier(space, ["us", "dprk", "rok"], spread=10**6)
    spread = pareto_frontier(space, ["us", "dprk", "rok"], spread=8)
    assert exact.complete
    assert not spread.complete
    assert len(spread.points) == 8
    vectors = {tuple(p.utilities[q] for q in ("us", "dprk", "rok")) for p in exact.points}
    for point in spread.points:
        assert tuple(point.utilities[q] for q in ("us", "dprk", "rok")) in vectors
    for v in vectors:  # no exact point dominates another
        assert not any(all(w[k] >= v[k] for k in range(3)) and w != v for w in vectors)
    solved = pareto_frontier(space, ["us", "dprk", "rok"], max_enumeration=0)
    assert solved.method == "cp-sat weighted sums"
    assert solved.points
    for point in solved.points:  # supported points are on the exact frontier
        assert tuple(point.utilities[q] for q in ("us", "dprk", "rok")) in vectors
