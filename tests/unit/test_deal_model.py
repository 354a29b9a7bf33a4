"""The ``deal:`` section: parsing, and every bad input with its exact located message."""

from __future__ import annotations

import pytest

from accord.errors import ScenarioError
from accord.scenario import loads
from accord.scenario._deal import Curve

HEAD = "accord: 1\ntitle: T\nparties: {a: {name: A}, b: {name: B}}\ndeal:\n"
ITEM_X = "  items:\n    - {id: x, giver: a, value: {a: 1}}\n"


def messages(body: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        loads(HEAD + body, "f.yaml")
    return [d.render() for d in caught.value.diagnostics]


def test_values_can_be_numbers_ranges_and_curves() -> None:
    scenario = loads(
        HEAD
        + "  items:\n"
        + "    - {id: x, giver: a, quantity: 10, value: {a: 2, b: {low: 1, mode: 2, high: 3}}}\n"
        + "    - {id: y, giver: b, value: {a: {points: [[0, 0], [1, 5]]}}}\n"
        + "  reservation: {a: 1}\n"
        + "  proposals: {p: {x: 3}, q: {package: {y: 1}, label: Q}}\n"
    )
    deal = scenario.deal
    assert deal is not None
    assert deal.items[0].value["a"].mode == 2.0  # type: ignore[union-attr]
    assert isinstance(deal.items[1].value["a"], Curve)
    assert deal.reservation_value("a").mode == 1.0
    assert deal.reservation_value("b").mode == 0.0
    assert deal.proposals["p"].package == {"x": 3.0}
    assert deal.proposals["q"].label == "Q"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "  items:\n    - {id: x, giver: c, value: {a: 1}}\n",
            "f.yaml:6:22: deal.items[0].giver: the giver 'c' of item 'x' is not a party "
            "(hint: known parties: a, b)",
        ),
        (
            "  items:\n    - {id: x, giver: a, value: {z: 1}}\n",
            "f.yaml:6:36: deal.items[0].value.z: unknown party 'z' (hint: known parties: a, b)",
        ),
        (
            "  items:\n    - {id: x, giver: a, value: {a: {low: 3, mode: 2, high: 1}}}\n",
            "f.yaml:6:36: deal.items[0].value.a: a range needs low <= mode <= high, got low=3, "
            "mode=2, high=1 (got {'low': 3, 'mode': 2, 'high': 1})",
        ),
        (
            "  items:\n    - {id: x, giver: a, quantity: 5, "
            "value: {a: {points: [[0, 0], [3, 1], [2, 2]]}}}\n",
            "f.yaml:6:58: deal.items[0].value.a.points: a curve's amounts must be strictly "
            "increasing, but point 2 (amount 2) does not come after amount 3 "
            "(got [[0, 0], [3, 1], [2, 2]])",
        ),
        (
            ITEM_X + "  proposals: {p: {y: 1}}\n",
            "f.yaml:7:22: deal.proposals.p.y: unknown item 'y' (hint: known items: x)",
        ),
        (
            ITEM_X + "  constraints: [x if yy]\n",
            "f.yaml:7:17: deal.constraints[0]: unknown item 'yy' at column 6 "
            "(hint: known items: x)",
        ),
        (
            ITEM_X + "  together:\n    - {items: [x, w], value: {b: 1}}\n",
            "f.yaml:8:19: deal.together[0].items[1]: unknown item 'w' (hint: known items: x)",
        ),
        (
            ITEM_X + "  reservation: {q: 1}\n",
            "f.yaml:7:20: deal.reservation.q: unknown party 'q' (hint: known parties: a, b)",
        ),
        (
            "  items:\n    - {id: x, giver: a, quantity: 5, "
            "value: {a: {points: [[0, 0], [3, 1]]}}}\n",
            "f.yaml:6:58: deal.items[0].value.a.points: the curve ends at amount 3 but item "
            "'x' can be given in amounts 0 to 5 (hint: end the curve at the quantity)",
        ),
        (
            "  items:\n    - {id: x, giver: a, quantity: 5, "
            "value: {a: {points: [[1, 0], [5, 1]]}}}\n",
            "f.yaml:6:58: deal.items[0].value.a.points: a curve starts at [0, 0] (giving nothing "
            "is worth nothing), got [1, 0]",
        ),
        (
            "  items:\n    - {id: x, giver: a, value: {a: {low: 1, mode: 2, hgh: 3}}}\n",
            "f.yaml:6:36: deal.items[0].value.a.high: missing required field 'high' "
            "(hint: add `high:` here)\n"
            "f.yaml:6:54: deal.items[0].value.a.hgh: unknown key 'hgh' (hint: did you mean "
            "'high'?)",
        ),
        (
            ITEM_X + "    - {id: x, giver: b}\n",
            "f.yaml:7:12: deal.items[1].id: duplicate item id 'x' (first used at "
            "deal.items[0]) (hint: give each item its own id)",
        ),
        (
            "  adjusted_winner:\n    parties: [a, b]\n"
            "    points: {h: {a: 60, b: 50}, c: {a: 40, b: 40}}\n",
            "f.yaml:7:13: deal.adjusted_winner.points: b's points add up to 90, not 100 "
            "(hint: each party spreads exactly 100 points over the items)",
        ),
        (
            ITEM_X + "  proposals: {p: {x: 2}}\n",
            "f.yaml:7:22: deal.proposals.p.x: item 'x' can be given in amounts 0 to 1, got 2",
        ),
    ],
)
def test_bad_input_is_located(body: str, expected: str) -> None:
    assert "\n".join(messages(body)) == expected
