"""Each figure holds exactly the data of the result it draws, for every example scenario.

The data are read back out of each spec (its named ``datasets``) and compared with the JSON
output of the same result (``to_dict``, as the commands print it). Every spec is also checked
against the Vega-Lite 6.4.1 JSON Schema (a typo in a property would otherwise be silently
ignored) and drawn to SVG offline.
"""

from __future__ import annotations

import gzip
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from accord.errors import FigureUnavailable
from accord.figures import conflict, deal, ledger, phasing, render, verification
from accord.figures._spec import Spec
from accord.ledger._compliance import compliance
from accord.ledger._demo import Cast, jcpoa_story
from accord.report._results import ScenarioResults, analyze_scenario
from accord.scenario import load
from accord.verification._inspection_game import game_parameters, solve_game

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.name for p in (ROOT / "examples").glob("*.yaml"))
SCENARIOS = {name: load(ROOT / "examples" / name) for name in EXAMPLES}


def having(section: str) -> list[str]:
    """The examples with ``section`` (for deal: with items)."""
    found = [n for n, s in SCENARIOS.items() if getattr(s, section) is not None]
    if section == "deal":
        found = [n for n in found if SCENARIOS[n].deal.items]  # type: ignore[union-attr]
    return found


SCHEMA = ROOT / "tests" / "data" / "vega-lite-6.4.1.schema.json.gz"


@cache
def results(name: str) -> ScenarioResults:
    return analyze_scenario(SCENARIOS[name], f"examples/{name}")


def as_json(result: Any) -> Any:
    """The result's JSON form as printed (through a JSON round trip)."""
    return json.loads(json.dumps(result.to_dict()))


@cache
def validator() -> Any:
    schema = json.loads(gzip.decompress(SCHEMA.read_bytes()))
    return jsonschema.validators.validator_for(schema)(schema)


def checked(spec: Spec) -> Spec:
    """``spec`` after checking it against the schema (with at most 20 rows per dataset)."""
    light = {**spec, "datasets": {k: v[:20] for k, v in spec["datasets"].items()}}
    errors = [f"{list(e.path)}: {e.message[:200]}" for e in validator().iter_errors(light)]
    assert not errors, errors
    assert "$schema" not in spec
    assert '"url"' not in json.dumps(spec)  # data are inline: nothing is fetched
    return spec


def test_there_are_examples_of_every_section() -> None:
    assert {"korea-2019.yaml", "jcpoa-2015.yaml", "singapore-2018.yaml"} <= set(EXAMPLES)
    assert all(having(section) for section in ("conflict", "deal", "phasing", "verification"))


@pytest.mark.parametrize("name", having("conflict"))
def test_conflict_figures_hold_the_conflict_json(name: str) -> None:
    analysis = results(name).conflict
    assert analysis is not None
    data = as_json(analysis)
    cells = checked(conflict.stability_grid(analysis))["datasets"]["cells"]
    for concept, found in data["stability"].items():
        mine = [c for c in cells if c["concept"] == concept]
        for dm, stable in found["per_dm"].items():
            assert [c["state"] for c in mine if c["dm"] == dm and c["stable"]] == stable
        assert [c["state"] for c in mine if c["dm"] is None and c["stable"]] == found["equilibria"]
    ranking = checked(conflict.preference_rankings(analysis))["datasets"]["ranking"]
    for dm, ties in data["preferences"].items():
        assert [r["states"] for r in ranking if r["dm"] == dm] == ties
        assert [r["rank"] for r in ranking if r["dm"] == dm] == list(range(1, len(ties) + 1))
    _check_option_form(analysis, data)
    _check_status_quo_graph(analysis, data)


def _check_option_form(analysis: Any, data: dict[str, Any]) -> None:
    if not data["states"][0]["options"]:
        with pytest.raises(FigureUnavailable, match="graph form"):
            conflict.option_form(analysis)
        return
    cells = checked(conflict.option_form(analysis))["datasets"]["cells"]
    drawn: dict[int, dict[str, bool]] = {}
    for c in cells:
        if c["feasible"]:
            drawn.setdefault(c["state"], {})[c["option"]] = c["taken"]
    assert drawn == {s["number"]: s["options"] for s in data["states"]}
    options = list(data["states"][0]["options"])
    greyed = {tuple(c["taken"] for c in cells if c["column"] == k) for k in _infeasible(cells)}
    feasible = {tuple(s["options"][o] for o in options) for s in data["states"]}
    every = {
        tuple(bool(code >> k & 1) for k in range(len(options))) for code in range(2 ** len(options))
    }
    assert greyed == every - feasible


def _infeasible(cells: list[dict[str, Any]]) -> set[str]:
    return {c["column"] for c in cells if not c["feasible"]}


def _check_status_quo_graph(analysis: Any, data: dict[str, Any]) -> None:
    quo = data["status_quo"]
    if quo is None:
        with pytest.raises(FigureUnavailable, match="no status quo"):
            conflict.status_quo_graph(analysis)
        return
    drawn = checked(conflict.status_quo_graph(analysis))["datasets"]
    steps = {
        (s["from"], s["to"], "+".join(s["movers"]))
        for reach in ("unilateral", "coalition")
        for path in quo[reach]["paths"]
        for s in path["steps"]
    }
    assert {(e["from"], e["to"], e["movers"]) for e in drawn["edges"]} == steps
    targets = {p["to"] for r in ("unilateral", "coalition") for p in quo[r]["paths"]}
    roles = {n["state"]: n["role"] for n in drawn["nodes"]}
    assert roles[quo["state"]] == "status quo"
    assert {n for n, r in roles.items() if r.startswith("equilibrium")} == targets - {quo["state"]}


@pytest.mark.parametrize("name", having("deal"))
def test_deal_figures_hold_the_deal_json(name: str) -> None:
    result = results(name).deal
    assert result is not None
    data = as_json(result)
    first, second = data["parties"]
    drawn = checked(deal.outcome_space(result))["datasets"]
    columns = data["outcomes"]["parties"]
    i, j = columns.index(first), columns.index(second)
    assert [(p["first"], p["second"], p["acceptable"]) for p in drawn["outcomes"]] == [
        (u[i], u[j], ok)
        for u, ok in zip(data["outcomes"]["utilities"], data["outcomes"]["acceptable"], strict=True)
    ]
    assert [(p["first"], p["second"]) for p in drawn["frontier"]] == [
        (p["utilities"][first], p["utilities"][second]) for p in data["frontier"]
    ]
    assert {r["party"]: r["value"] for r in drawn["reservations"]} == {
        p: data["reservations"][p] for p in (first, second)
    }
    assert {s["name"]: (s["first"], s["second"]) for s in drawn["solutions"]} == {
        n: (s["utilities"][first], s["utilities"][second]) for n, s in data["solutions"].items()
    }
    assert {p["name"]: (p["first"], p["second"], p["acceptable"]) for p in drawn["proposals"]} == {
        n: (p["utilities"][first], p["utilities"][second], p["acceptable"])
        for n, p in data["proposals"].items()
    }
    assert bool(drawn["zone"]) == bool(data["zone_of_agreement"])
    _check_uncertainty(result, data["uncertainty"])


def _check_uncertainty(result: Any, uncertainty: dict[str, Any] | None) -> None:
    if uncertainty is None:
        with pytest.raises(FigureUnavailable):
            deal.acceptance(result)
        return
    rows = checked(deal.acceptance(result))["datasets"]["acceptance"]
    expected = [uncertainty["zone_probability"]]
    expected += [p["all"] for p in uncertainty["solutions"].values()]
    expected += [p["all"] for p in uncertainty["proposals"].values()]
    assert [r["probability"] for r in rows] == expected
    tornado = checked(deal.sensitivity(result))["datasets"]["sensitivity"]
    ranked = uncertainty["sensitivity"][: deal.TORNADO_ROWS]
    assert [(r["parameter"], r["swing"]) for r in tornado] == [
        (r["parameter"], r["swing"]) for r in ranked
    ]
    bins = checked(deal.margin_distributions(result))["datasets"]["bins"]
    for party, histogram in uncertainty["margins"]["parties"].items():
        mine = [b for b in bins if b["party"] == party]
        assert [b["count"] for b in mine] == histogram["counts"]
        assert [b["start"] for b in mine] + [mine[-1]["end"]] == histogram["edges"]


@pytest.mark.parametrize("name", having("phasing"))
def test_phasing_figures_hold_the_plan_json(name: str) -> None:
    analysis = results(name).phasing
    assert analysis is not None
    data = as_json(analysis)
    plans: list[tuple[Any, dict[str, Any]]] = []
    if data["plan"]["audit"] is not None:
        plans.append((analysis, {**data["plan"]["audit"], "timetable": data["plan"]["timetable"]}))
    plans += [(a, w) for a, w in zip(analysis.audits, data["audits"], strict=True)]
    assert plans or data["plan"]["status"] != "optimal"
    for plan, expected in plans:
        _check_timetable(plan, expected)
        _check_exposure(plan, expected)


def _check_timetable(plan: Any, expected: dict[str, Any]) -> None:
    if not any(m["deliveries"] for m in expected["timetable"]):
        with pytest.raises(FigureUnavailable, match="delivers nothing"):
            phasing.timetable(plan)
        return
    drawn = checked(phasing.timetable(plan))["datasets"]
    assert [(m["name"], m["date"], m["period"]) for m in drawn["milestones"]] == [
        (m["name"], m["date"], m["period"]) for m in expected["timetable"]
    ]
    got: dict[int, dict[str, dict[str, float]]] = {}
    for d in drawn["deliveries"]:
        got.setdefault(d["step"], {}).setdefault(d["party"], {})[d["item"]] = d["amount"]
    want = {
        k: m["deliveries"] for k, m in enumerate(expected["timetable"], start=1) if m["deliveries"]
    }
    assert got == want


def _check_exposure(plan: Any, expected: dict[str, Any]) -> None:
    drawn = checked(phasing.exposure_and_margins(plan))["datasets"]
    for s in expected["steps"]:
        mine = [r for r in drawn["steps"] if r["index"] == s["index"]]
        assert {r["party"]: r["exposure"] for r in mine} == s["exposure"]
        assert {r["party"]: r["margin"] for r in mine} == s["margin"]
    unsafe = expected["first_unsafe"]
    if unsafe is None:
        assert drawn["unsafe"] == []
    else:
        (mark,) = drawn["unsafe"]
        assert (mark["index"], mark["party"], mark["shortfall"]) == (
            unsafe["index"],
            unsafe["party"],
            unsafe["shortfall"],
        )
        before = expected["steps"][unsafe["index"] - 1]
        assert before["margin"][unsafe["party"]] == mark["margin"] == -unsafe["shortfall"]


@pytest.mark.parametrize("name", having("verification"))
def test_verification_figures_hold_the_verify_json(name: str) -> None:
    report = results(name).verification
    assert report is not None
    data = as_json(report)
    rows = checked(verification.detection(report))["datasets"]["commitments"]
    assert [(r["item"], r["required"], r["achieved"], r["deterred"]) for r in rows] == [
        (p["item"], p["required_detection"], p["detection"], p["deterred"]) for p in data["plans"]
    ]
    if not data["declarations"]:
        return
    drawn = checked(verification.declarations(report))["datasets"]["declarations"]
    assert [
        (
            d["declaration"],
            d["declared"],
            d["low"],
            d["mode"],
            d["high"],
            d["interval_low"],
            d["interval_high"],
        )
        for d in drawn
    ] == [
        (
            d["declaration"],
            d["declared"],
            *d["estimate"].values(),
            d["interval"]["low"],
            d["interval"]["high"],
        )
        for d in data["declarations"]
    ]


def test_the_korea_report_has_figures_of_every_kind() -> None:
    korea = results("korea-2019.yaml")
    assert korea.present == ["conflict", "deal", "phasing", "verification"]
    assert not korea.problems


@pytest.mark.parametrize(
    "args", [(1, 9, 1, 10, 1), (1, 9, 1, 10, 1, 0.2), (10, 1, 1, 10, 1), (1, 1, 1, 2, 1)]
)
def test_the_inspection_game_figure_holds_the_game_json(args: tuple[float, ...]) -> None:
    solution = solve_game(game_parameters(*args))
    data = as_json(solution)
    drawn = checked(verification.inspection_game(solution))["datasets"]
    assert drawn["equilibrium"] == [
        {"p": data["inspect_probability"], "q": data["violate_probability"]}
    ]
    inspectee = [(r["p"], r["q"]) for r in drawn["responses"] if r["player"] == "inspectee"]
    if data["deterrable"]:
        assert (data["inspect_probability"], 0.0) in inspectee
    else:
        assert inspectee == [(0.0, 1.0), (1.0, 1.0)]


def test_the_ledger_figure_holds_the_status_json() -> None:
    report = compliance(jcpoa_story(Cast()), 4, date(2016, 3, 1))
    data = as_json(report)
    segments = checked(ledger.status_swimlanes(report))["datasets"]["segments"]
    for c in data["commitments"]:
        mine = [s for s in segments if s["commitment"] == c["id"]]
        assert [(s["start"], s["status"]) for s in mine] == [
            (h["on"], h["status"]) for h in c["history"]
        ]
        assert [s["end"] for s in mine] == [h["on"] for h in c["history"][1:]] + [data["as_of"]]


def test_large_conflicts_are_not_drawn_and_say_why() -> None:
    analysis = results("korea-2019.yaml").conflict
    assert analysis is not None
    original = conflict.MAX_DRAWN_STATES
    try:
        conflict.MAX_DRAWN_STATES = 63
        with pytest.raises(FigureUnavailable, match="up to 63 states; this one has 64"):
            conflict.status_quo_graph(analysis)
    finally:
        conflict.MAX_DRAWN_STATES = original


def test_every_figure_of_korea_draws_offline() -> None:
    korea = results("korea-2019.yaml")
    assert korea.conflict is not None
    assert korea.deal is not None
    assert korea.phasing is not None
    assert korea.verification is not None
    specs = [
        conflict.option_form(korea.conflict),
        conflict.status_quo_graph(korea.conflict),
        deal.outcome_space(korea.deal),
        deal.margin_distributions(korea.deal),
        phasing.timetable(korea.phasing),
        phasing.exposure_and_margins(korea.phasing.audits[0]),
        verification.detection(korea.verification),
        verification.declarations(korea.verification),
    ]
    for spec in specs:
        svg = render.to_svg(spec)
        assert svg.startswith("<svg")
        assert "<path" in svg
        assert spec["title"]["text"] in svg


def test_three_parties_get_the_frontier_in_parallel_coordinates() -> None:
    scenario = load(ROOT / "tests" / "data" / "deal" / "three-parties.yaml")
    result = analyze_scenario(scenario, "three-parties.yaml").deal
    assert result is not None
    data = as_json(result)
    assert len(data["parties"]) == 3
    with pytest.raises(FigureUnavailable, match="two bargaining parties; this deal has 3"):
        deal.outcome_space(result)
    lines = checked(deal.frontier_parallel(result))["datasets"]["lines"]
    frontier = [r for r in lines if r["kind"] == "frontier"]
    assert [(r["party"], r["utility"]) for r in frontier] == [
        (party, point["utilities"][party])
        for point in data["frontier"]
        for party in data["parties"]
    ]
    solutions = {(r["point"], r["party"]): r["utility"] for r in lines if r["kind"] == "solution"}
    assert solutions == {
        (deal.solution_name(n), party): s["utilities"][party]
        for n, s in data["solutions"].items()
        for party in data["parties"]
    }


def test_the_comparison_figures_hold_each_variants_json() -> None:
    from accord.figures import compare

    names = [n for n in having("deal") if results(n).deal.parties == ("us", "dprk")]  # type: ignore[union-attr]
    variants = [(n, results(n).deal) for n in names]
    frontier = checked(compare.frontiers(variants))["datasets"]["frontier"]  # type: ignore[arg-type]
    for name, result in variants:
        assert result is not None
        data = as_json(result)
        assert [(p["first"], p["second"]) for p in frontier if p["variant"] == name] == [
            (p["utilities"]["us"], p["utilities"]["dprk"]) for p in data["frontier"]
        ]
    plans = [(n, results(n).phasing) for n in having("phasing")]
    exposure = checked(compare.exposures(plans))["datasets"]["exposure"]  # type: ignore[arg-type]
    for name, analysis in plans:
        assert analysis is not None
        audit = as_json(analysis)["plan"]["audit"]
        mine = [(r["index"], r["party"], r["exposure"]) for r in exposure if r["variant"] == name]
        expected = (
            []
            if audit is None
            else [(s["index"], p, v) for s in audit["steps"] for p, v in s["exposure"].items()]
        )
        assert mine == expected
    rows = checked(
        compare.scores([(n, results(n).phasing, results(n).verification) for n in EXAMPLES])
    )["datasets"]["scores"]
    for name in having("verification"):
        data = as_json(results(name).verification)
        (share,) = [
            r["value"] for r in rows if r["variant"] == name and r["measure"] == "share deterred"
        ]
        assert share == data["deterred"] / data["commitments"]
