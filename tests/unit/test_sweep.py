"""Robustness sweeps: the draws, the substitution and the aggregates, checked independently.

The aggregates are checked against a plain loop that draws with NumPy's own spawned seed
sequences, writes the drawn values into the YAML text, loads it afresh and runs the analyses
directly; the intervals against SciPy's Wilson interval.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from scipy.stats import binomtest

from accord.deal._space import build_space
from accord.deal._uncertainty import UncertainDeal
from accord.deal._utility import utilities
from accord.deal._zone import zone_of_agreement
from accord.errors import InputError
from accord.limits import LimitExceeded, Limits
from accord.phasing._adapter import problem_from_scenario
from accord.phasing._planner import plan_exchange
from accord.scenario import load, loads
from accord.sweep import check_draws, sweep, wilson
from accord.sweep._draw import package_text
from accord.sweep._parameters import draw_values, find_parameters, substitute

MAX_DRAWS = Limits().sweep_draws

ROOT = Path(__file__).resolve().parents[2]
SMALL = ROOT / "tests" / "data" / "sweep" / "small.yaml"
KOREA = ROOT / "examples" / "korea-2019.yaml"


def test_the_parameters_are_the_deal_monte_carlos_and_not_the_declaration_prior() -> None:
    korea = load(KOREA)
    assert korea.deal is not None
    labels = [p.label for p in find_parameters(korea) if p.path[0] == "deal"]
    model = UncertainDeal.build(korea.deal, korea.party_ids)
    assert sorted(labels) == sorted(p.label for p in model.parameters)
    others = {p.path[:2] for p in find_parameters(korea) if p.path[0] != "deal"}
    assert others == {("phasing", "penalty"), ("phasing", "items"), ("verification", "means")}
    assert not any("declarations" in p.id for p in find_parameters(korea))
    assert "warheads" in (korea.verification.declarations if korea.verification else {})


def test_draw_i_is_the_ith_spawned_seed_sequence_whatever_else_is_drawn() -> None:
    parameters = find_parameters(load(SMALL))
    children = np.random.SeedSequence(11).spawn(6)
    low = [p.low for p in parameters]
    mode = [p.mode for p in parameters]
    high = [p.high for p in parameters]
    for index in (5, 0, 3):
        expected = np.random.default_rng(children[index]).triangular(low, mode, high)
        assert np.array_equal(draw_values(parameters, 11, index), expected)


def test_a_substituted_scenario_values_packages_as_the_deal_model_shifts_them() -> None:
    scenario = load(SMALL)
    assert scenario.deal is not None
    parameters = find_parameters(scenario)
    model = UncertainDeal.build(scenario.deal, scenario.party_ids)
    values = draw_values(parameters, 3, 7)
    drawn = substitute(scenario, parameters, values)
    assert drawn.deal is not None
    package = {"yongbyon": 1.0, "relief": 1.0}
    at_draw = utilities(drawn.deal, package, drawn.party_ids)
    margins = model.margins(values[None, :], package)[0]
    for j, party in enumerate(drawn.party_ids):
        reservation = drawn.deal.reservation_value(party).mode
        assert at_draw[party] - reservation == pytest.approx(margins[j])
    assert scenario.deal.items[0].value["dprk"].mode == -15  # the original is untouched


@pytest.mark.parametrize(("yes", "n"), [(0, 5), (3, 10), (10, 10), (57, 200), (1, 1)])
def test_wilson_is_scipys(yes: int, n: int) -> None:
    interval = binomtest(yes, n).proportion_ci(method="wilson")
    assert wilson(yes, n) == pytest.approx((interval.low, interval.high), abs=1e-12)


def test_draw_counts_are_bounded_before_any_work() -> None:
    check_draws(1)
    check_draws(MAX_DRAWS)
    for bad in (0, -3):
        with pytest.raises(InputError, match="--draws must be at least 1"):
            check_draws(bad)
    with pytest.raises(LimitExceeded, match=f"more than the limit of {MAX_DRAWS:,}") as caught:
        check_draws(MAX_DRAWS + 1)
    assert f"--max-sweep-draws {MAX_DRAWS + 1}" in str(caught.value.hint)


def test_unknown_questions_are_refused() -> None:
    with pytest.raises(InputError, match="unknown question"):
        sweep(load(SMALL), draws=2, questions=["plans"])


def _plain_loop(draws: int, seed: int) -> list[dict[str, Any]]:
    """Each draw from scratch: NumPy's spawned seeds, the values written into the YAML."""
    raw = yaml.safe_load(SMALL.read_text())
    ranges = [  # the file's ranges, in file order, with where they sit
        (("items", 0, "value", "dprk")),
        (("items", 0, "value", "us")),
        (("items", 1, "value", "dprk")),
        (("items", 1, "value", "us")),
        (("reservation", "dprk")),
    ]
    children = np.random.SeedSequence(seed).spawn(draws)
    answers = []
    for child in children:
        rng = np.random.default_rng(child)
        nodes = []
        for path in ranges:
            node: Any = raw["deal"]
            for key in path:
                node = node[key]
            nodes.append(node)
        low, mode, high = ([n[k] for n in nodes] for k in ("low", "mode", "high"))
        values = rng.triangular(low, mode, high)
        drawn = yaml.safe_load(SMALL.read_text())
        for path, value in zip(ranges, values, strict=True):
            target: Any = drawn["deal"]
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = float(value)
        answers.append(_answers(loads(yaml.safe_dump(drawn))))
    return answers


def _answers(scenario: Any) -> dict[str, Any]:
    deal = scenario.deal
    parties = scenario.party_ids
    values = utilities(deal, {"yongbyon": 1, "relief": 1}, parties)
    gains = {p: values[p] - deal.reservation_value(p).mode for p in parties}
    result = plan_exchange(problem_from_scenario(scenario), "periods")
    return {
        "deal.zone": zone_of_agreement(build_space(deal, parties)).exists,
        "deal.proposal.hanoi.dprk": gains["dprk"] >= -1e-9,
        "deal.proposal.hanoi.all": all(g >= -1e-9 for g in gains.values()),
        "plan.exists": result.plan is not None,
    }


@pytest.mark.slow
def test_the_aggregates_equal_a_plain_loop() -> None:
    draws, seed = 24, 5
    expected = _plain_loop(draws, seed)
    result = sweep(load(SMALL), draws=draws, seed=seed, questions=["deal", "plan"], workers=2)
    verdicts = {v["id"]: v for v in result.to_dict()["verdicts"]}
    for verdict in expected[0]:
        yes = sum(bool(a[verdict]) for a in expected)
        assert verdicts[verdict]["yes"] == yes, verdict
        assert verdicts[verdict]["draws"] == draws
        assert (verdicts[verdict]["low"], verdicts[verdict]["high"]) == wilson(yes, draws)
    assert 0 < verdicts["plan.exists"]["yes"] < draws  # the check can fail both ways


@pytest.mark.slow
def test_same_seed_same_json_whatever_the_number_of_workers() -> None:
    scenario = load(SMALL)
    results = [
        sweep(scenario, draws=12, seed=8, questions=["deal", "plan"], workers=k).to_dict()
        for k in (1, 2, 4)
    ]
    assert results[0] == results[1] == results[2]
    assert results[0]["draws"] == 12


def test_package_text_names_amounts_other_than_one() -> None:
    assert package_text({"a": 1.0, "b": 0.0, "c": 3.0}) == "a + c×3"
    assert package_text({"a": 0.0}) == "no deal"
