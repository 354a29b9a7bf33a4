"""Adjusted Winner: the published Bob and Carol case exactly, and the method's guarantees."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from accord.deal._adjusted_winner import adjusted_winner
from accord.scenario import load

BOB_CAROL = {
    "retirement": {"carol": 50, "bob": 40},
    "home": {"carol": 20, "bob": 30},
    "cottage": {"carol": 15, "bob": 10},
    "investments": {"carol": 10, "bob": 10},
    "other": {"carol": 5, "bob": 10},
}


def test_bob_and_carol_is_exact() -> None:
    result = adjusted_winner(BOB_CAROL, ("carol", "bob"))
    assert result.split_item == "retirement"
    assert result.shares["retirement"] == {"carol": Fraction(5, 6), "bob": Fraction(1, 6)}
    assert result.shares["cottage"] == {"carol": 1, "bob": 0}
    for item in ("home", "investments", "other"):
        assert result.shares[item] == {"carol": 0, "bob": 1}
    assert result.totals == {"carol": Fraction(170, 3), "bob": Fraction(170, 3)}
    assert result.to_dict()["totals"] == {"carol": "170/3", "bob": "170/3"}


def test_bob_and_carol_from_a_scenario_file() -> None:
    scenario = load("examples/bob-carol.yaml")
    assert scenario.deal is not None
    assert scenario.deal.adjusted_winner is not None
    block = scenario.deal.adjusted_winner
    result = adjusted_winner(block.points, block.parties)
    assert result.totals == {"carol": Fraction(170, 3), "bob": Fraction(170, 3)}


@st.composite
def point_spreads(draw: st.DrawFn) -> dict[str, dict[str, int]]:
    count = draw(st.integers(1, 8))
    spread = {}
    for party in ("a", "b"):
        cuts = sorted(draw(st.lists(st.integers(0, 100), min_size=count - 1, max_size=count - 1)))
        bounds = [0, *cuts, 100]
        spread[party] = [bounds[k + 1] - bounds[k] for k in range(count)]
    return {f"i{k}": {"a": spread["a"][k], "b": spread["b"][k]} for k in range(count)}


@given(point_spreads())
def test_equitable_envy_free_and_at_most_one_split(points: dict[str, dict[str, int]]) -> None:
    result = adjusted_winner(points, ("a", "b"))
    assert result.totals["a"] == result.totals["b"]
    split = [i for i, s in result.shares.items() if 0 < s["a"] < 1]
    assert len(split) <= 1
    assert split == ([result.split_item] if result.split_item else [])
    for party, other in (("a", "b"), ("b", "a")):
        mine = sum(result.shares[i][party] * points[i][party] for i in points)
        theirs = sum(result.shares[i][other] * points[i][party] for i in points)
        assert mine == result.totals[party]
        assert mine >= theirs  # envy-free
