"""Parsing ``--package`` and evaluating packages: exact messages and verdicts."""

from __future__ import annotations

import pytest

from accord.deal._evaluate import evaluate_package, parse_package
from accord.deal._frontier import pareto_frontier
from accord.deal._space import build_space
from accord.errors import InputError
from accord.scenario import load
from accord.scenario._deal import Deal


def korea() -> Deal:
    deal = load("examples/korea-2019.yaml").deal
    assert deal is not None
    return deal


def test_items_without_amount_are_given_in_full() -> None:
    assert parse_package("yongbyon, warheads, unsc_2016_2017=1", korea()) == {
        "yongbyon": 1.0,
        "warheads": 3.0,
        "unsc_2016_2017": 1.0,
    }
    assert parse_package("", korea()) == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("nukes", "unknown item 'nukes' in --package"),
        ("warheads=two", "'two' is not a number (item 'warheads')"),
        ("warheads=1.5", "item 'warheads' is indivisible: give a whole number of units, got 1.5"),
        ("yongbyon=-1", "item 'yongbyon' can be given in amounts 0 to 1, got -1"),
    ],
)
def test_bad_packages_are_refused_with_a_message(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_package(text, korea())
    assert caught.value.message == message


def test_a_package_that_breaks_a_constraint_is_not_acceptable() -> None:
    deal = korea()
    space = build_space(deal, ["us", "dprk", "rok", "japan"])
    frontier = pareto_frontier(space, ["us", "dprk"])
    result = evaluate_package(deal, space, frontier, {"warheads": 1.0, "unsc_2016_2017": 1.0})
    assert result.violated_constraints == ["inspectors if warheads"]
    assert result.acceptable is False
    assert result.efficient is False
