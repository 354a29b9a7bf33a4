"""The curated public API: explicit, sorted and complete."""

from __future__ import annotations

import importlib

import pytest

import accord

PACKAGES = [
    "accord",
    "accord.scenario",
    "accord.conflict",
    "accord.deal",
    "accord.phasing",
    "accord.verification",
    "accord.ledger",
    "accord.choices",
    "accord.solver",
    "accord.questions",
    "accord.figures",
    "accord.display",
]


@pytest.mark.parametrize("name", PACKAGES)
def test_all_is_sorted_and_importable(name: str) -> None:
    module = importlib.import_module(name)
    exported = list(module.__all__)
    assert exported == sorted(exported)
    for symbol in exported:
        assert hasattr(module, symbol), f"{name}.{symbol} is in __all__ but missing"


def test_accord_exports_the_scenario_entry_points() -> None:
    assert {"Scenario", "load", "ScenarioError", "AccordError"} <= set(accord.__all__)


def test_scenario_all_is_complete() -> None:
    import accord.scenario as scenario

    public = {
        n
        for n, v in vars(scenario).items()
        if not n.startswith("_") and getattr(v, "__module__", "").startswith("accord.")
    }
    assert public <= set(scenario.__all__)
