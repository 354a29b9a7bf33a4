"""Ranges on detection probabilities, penalties and snapback recovery: read at the mode by a
single analysis, refused out of bounds with the field path, and drawn by a sweep.

The sweep's aggregates are checked against a plain loop that draws with NumPy's own spawned
seed sequences, writes the drawn values into the YAML text, loads it afresh and runs the
public analyses (the verification report, the plan audit, the planner) on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from accord.errors import ScenarioError
from accord.phasing._adapter import problem_from_scenario, written_plans
from accord.phasing._audit import audit_plan
from accord.phasing._planner import plan_exchange
from accord.scenario import load, loads
from accord.sweep import sweep, wilson
from accord.sweep._parameters import find_parameters
from accord.verification._analysis import analyze
from tests.unit.test_sweep_correlations import ASKED, CORRELATED, scipy_copula

ROOT = Path(__file__).resolve().parents[2]
ESTIMATES = ROOT / "tests" / "data" / "sweep" / "estimates.yaml"

RANGES = [  # the file's ranges, in file order, with where they sit
    ("phasing", "items", "relief", "reversible", "recover"),
    ("phasing", "penalty", "dprk"),
    ("phasing", "penalty", "us"),
    ("verification", "means", "iaea", "detection"),
    ("verification", "means", "ntm", "detection"),
]


def _at_mode(text: str) -> str:
    """``text`` with every one of :data:`RANGES` written as the plain number of its mode."""
    raw = yaml.safe_load(text)
    for path in RANGES:
        parent = _node(raw, path[:-1])
        parent[path[-1]] = parent[path[-1]]["mode"]
    return yaml.safe_dump(raw, sort_keys=False)


def _node(raw: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        raw = raw[key]
    return raw


def test_a_single_analysis_reads_each_range_at_its_mode() -> None:
    text = ESTIMATES.read_text()
    ranged, plain = loads(text), loads(_at_mode(text))
    assert analyze(ranged).to_dict() == analyze(plain).to_dict()
    assert problem_from_scenario(ranged) == problem_from_scenario(plain)
    assert ranged.phasing is not None
    assert ranged.phasing.penalty["dprk"].mode == 2
    assert [p.label for p in find_parameters(ranged)] == [
        "relief: share recovered by snapback",
        "dprk: defection penalty",
        "us: defection penalty",
        "iaea: detection probability",
        "ntm: detection probability",
    ]
    assert find_parameters(plain) == ()


def test_a_stakes_gain_and_penalty_can_be_ranges_too() -> None:
    scenario = loads(
        "accord: 1\ntitle: T\nparties: {us: {name: US}, dprk: {name: DPRK}}\n"
        "verification:\n  means: {iaea: {detection: 0.9}}\n  verifies: {site: [iaea]}\n"
        "  stakes: {site: {giver: dprk, gain: {low: 1, mode: 2, high: 5}, "
        "penalty: {low: 0, mode: 3, high: 9}}}\n"
    )
    plan = analyze(scenario).to_dict()["plans"][0]
    assert (plan["gain"], plan["penalty"]) == (2, 3)
    assert [p.label for p in find_parameters(scenario)] == [
        "site: gain from cheating",
        "site: penalty if caught",
    ]


HEAD = "accord: 1\ntitle: T\nparties: {us: {name: US}, dprk: {name: DPRK}}\n"
DEAL = "deal:\n  items: [{id: x, giver: dprk, value: {us: 1, dprk: -1}}]\n"


@pytest.mark.parametrize(
    ("section", "where", "message"),
    [
        (
            "verification:\n  means: {iaea: {detection: {low: 0.5, mode: 0.9, high: 1.2}}}\n",
            "f.yaml:7:29: verification.means.iaea.detection",
            "a probability must be in [0, 1]: the range's high is 1.2",
        ),
        (
            "phasing:\n  start: 2019-03-01\n"
            "  items: {x: {reversible: {recover: {low: 0, mode: 0.5, high: 1}}}}\n",
            "f.yaml:8:37: phasing.items.x.reversible.recover",
            "a share must be greater than 0 and at most 1: the range's low is 0",
        ),
        (
            "verification:\n  means: {iaea: {detection: 0.9}}\n  verifies: {x: [iaea]}\n"
            "  stakes: {x: {penalty: {low: -1, mode: 2, high: 3}}}\n",
            "f.yaml:9:25: verification.stakes.x.penalty",
            "the value must be at least 0: the range's low is -1",
        ),
        (
            "phasing:\n  start: 2019-03-01\n  penalty: {dprk: {low: 3, mode: 2, high: 4}}\n",
            "f.yaml:8:19: phasing.penalty.dprk",
            "a range needs low <= mode <= high, got low=3, mode=2, high=4",
        ),
    ],
)
def test_a_range_out_of_bounds_is_refused_at_its_field(
    section: str, where: str, message: str
) -> None:
    with pytest.raises(ScenarioError) as caught:
        loads(HEAD + DEAL + section, "f.yaml")
    assert f"{where}: {message}" in str(caught.value)


def _plain_loop(draws: int, seed: int, correlations: str = "") -> list[dict[str, Any]]:
    """Each draw from scratch: NumPy's spawned seeds (through SciPy's copula construction when
    the file has ``correlations``), the values written into the YAML."""
    text = ESTIMATES.read_text()  # each draw is written into the file without its correlations
    raw = yaml.safe_load(text)
    nodes = [_node(raw, path) for path in RANGES]
    low, mode, high = ([n[k] for n in nodes] for k in ("low", "mode", "high"))
    at_mode = loads(_at_mode(text))
    planned = plan_exchange(problem_from_scenario(at_mode), "periods").plan
    assert planned is not None
    joint = scipy_copula(list(zip(low, mode, high, strict=True)), ASKED, seed)
    answers = []
    for child in np.random.SeedSequence(seed).spawn(draws):
        values = next(joint) if correlations else rng_triangular(child, low, mode, high)
        drawn = yaml.safe_load(text)
        for path, value in zip(RANGES, values, strict=True):
            _node(drawn, path[:-1])[path[-1]] = float(value)
        answers.append(_answers(loads(yaml.safe_dump(drawn, sort_keys=False)), planned))
    return answers


def rng_triangular(child: Any, low: Any, mode: Any, high: Any) -> Any:
    return np.random.default_rng(child).triangular(low, mode, high)


def _answers(scenario: Any, planned: Any) -> dict[str, Any]:
    problem = problem_from_scenario(scenario)
    written = audit_plan(problem, written_plans(scenario)[0].plan)
    found = plan_exchange(problem, "periods")
    answers: dict[str, Any] = {
        "plan.plan.safe": written.safe,
        "plan.planned.safe": audit_plan(problem, planned).safe,
        "plan.exists": found.plan is not None,
    }
    for plan in analyze(scenario).allocation.plans:
        answers[f"verification.{plan.commitment.item}.deterred"] = plan.deterred
    for party, margin in written.min_margin.items():
        answers[f"margin.{party}"] = float(margin)
    return answers


@pytest.mark.slow
@pytest.mark.parametrize("correlations", ["", CORRELATED], ids=["independent", "correlated"])
def test_the_aggregates_equal_a_plain_loop(correlations: str) -> None:
    draws, seed = 30, 4
    expected = _plain_loop(draws, seed, correlations)
    scenario = loads(ESTIMATES.read_text() + correlations)
    result = sweep(scenario, draws=draws, seed=seed, workers=2).to_dict()
    verdicts = {v["id"]: v for v in result["verdicts"]}
    for verdict in [k for k in expected[0] if not k.startswith("margin.")]:
        yes = sum(bool(a[verdict]) for a in expected)
        assert verdicts[verdict]["yes"] == yes, verdict
        assert verdicts[verdict]["draws"] == draws
        assert (verdicts[verdict]["low"], verdicts[verdict]["high"]) == wilson(yes, draws)
    for party in ("us", "dprk"):
        margins = np.array([a[f"margin.{party}"] for a in expected])
        found = result["margins"][f"plan.plan.{party}"]
        assert found["min"] == pytest.approx(margins.min(), abs=1e-9)
        quantiles = np.quantile(margins, [0.05, 0.5, 0.95])
        assert list(found["quantiles"].values()) == pytest.approx(quantiles, abs=1e-9)
    # the new ranges decide: each check below can fail both ways
    for verdict in ("plan.planned.safe", "verification.yongbyon.deterred"):
        assert 0 < verdicts[verdict]["yes"] < draws, verdict
    moved = {s["parameter"] for s in verdicts["verification.yongbyon.deterred"]["sensitivity"]}
    assert moved
    assert moved <= {".".join(path) for path in RANGES}  # only the new ranges vary


@pytest.mark.slow
def test_same_seed_same_json_with_one_and_two_workers() -> None:
    scenario = load(ESTIMATES)
    one, two = (sweep(scenario, draws=10, seed=6, workers=k).to_dict() for k in (1, 2))
    assert one == two
    assert len(one["parameters"]) == len(RANGES)
