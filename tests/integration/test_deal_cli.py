"""``accord deal``: the JSON form, --package, exit codes, errors, and the analyze summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli._main import app

KOREA = "examples/korea-2019.yaml"
runner = CliRunner()


def run_json(*args: str) -> tuple[int, dict[str, object]]:
    result = runner.invoke(app, ["deal", *args, "--json"])
    return result.exit_code, json.loads(result.stdout)


def test_korea_json_has_the_documented_keys() -> None:
    code, data = run_json(KOREA, "--draws", "500")
    assert code == 0
    assert list(data) == [
        "accord",
        "kind",
        "parties",
        "stakeholders",
        "reservations",
        "zone_of_agreement",
        "zone",
        "frontier",
        "frontier_method",
        "solutions",
        "solutions_missing",
        "time_budget",
        "proposals",
        "package",
        "adjusted_winner",
        "uncertainty",
        "outcomes",
    ]
    assert data["zone_of_agreement"] is True
    assert data["parties"] == ["us", "dprk"]
    assert data["stakeholders"] == ["rok", "japan"]
    assert set(data["solutions"]) == {"nash", "kalai_smorodinsky", "egalitarian", "utilitarian"}
    assert data["time_budget"] is None  # 2^20 packages: enumerated, nothing to cut
    assert data["solutions_missing"] == {}
    assert all(s["proven"] and s["gap"] == 0.0 for s in data["solutions"].values())
    frontier = data["frontier"]
    assert isinstance(frontier, list)
    assert frontier
    assert set(frontier[0]) == {"utilities", "package"}


def test_the_hanoi_proposals_are_each_refused_by_the_other_side() -> None:
    _, data = run_json(KOREA, "--draws", "0")
    proposals = data["proposals"]
    assert isinstance(proposals, dict)
    offer, big_deal = proposals["hanoi_dprk_offer"], proposals["us_big_deal"]
    assert offer["refused_by"] == ["us", "japan"]
    assert offer["refusals"]["us"]["costs"][0]["item"] == "unsc_2016_2017"
    assert offer["dominated_by"] is not None
    assert big_deal["refused_by"] == ["dprk"]
    assert big_deal["refusals"]["dprk"]["costs"][0]["item"] == "warheads"
    nash = data["solutions"]["nash"]  # type: ignore[index]
    assert all(gain >= 0 for gain in nash["gains"].values())


def test_package_option_evaluates_and_sets_the_exit_code() -> None:
    code, data = run_json(KOREA, "--draws", "0", "--package", "yongbyon, unsc_2016_2017=1")
    assert code == 1  # the US refuses
    package = data["package"]
    assert isinstance(package, dict)
    assert package["package"] == {"yongbyon": 1.0, "unsc_2016_2017": 1.0}
    assert package["refused_by"] == ["us", "japan"]
    nash = data["solutions"]["nash"]["package"]  # type: ignore[index]
    text = ", ".join(f"{item}={amount:g}" for item, amount in nash.items())
    code, data = run_json(KOREA, "--draws", "0", "--package", text)
    assert code == 0
    assert data["package"]["efficient"] is True  # type: ignore[index]


def test_unknown_item_in_package_is_a_clear_error() -> None:
    result = runner.invoke(app, ["deal", KOREA, "--package", "yongbyon, nukes"])
    assert result.exit_code == 2
    assert "error: unknown item 'nukes' in --package" in result.stderr
    assert "hint: known items: declaration, inspectors" in result.stderr


def test_amount_out_of_range_is_a_clear_error() -> None:
    result = runner.invoke(app, ["deal", KOREA, "--package", "warheads=4"])
    assert result.exit_code == 2
    assert "error: item 'warheads' can be given in amounts 0 to 3, got 4" in result.stderr


def test_a_scenario_without_deal_section(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("accord: 1\ntitle: T\nparties: {a: {name: A}}\n", encoding="utf-8")
    result = runner.invoke(app, ["deal", str(path)])
    assert result.exit_code == 2
    assert "error: the scenario has no deal: section" in result.stderr


def test_adjusted_winner_json_is_exact() -> None:
    code, data = run_json("examples/bob-carol.yaml")
    assert code == 0
    division = data["adjusted_winner"]
    assert isinstance(division, dict)
    assert division["totals"] == {"carol": "170/3", "bob": "170/3"}
    assert division["split_item"] == "retirement_account"
    assert division["shares"]["retirement_account"] == {"carol": "5/6", "bob": "1/6"}


def test_analyze_includes_the_deal_summary() -> None:
    result = runner.invoke(app, ["analyze", KOREA, "--json"])
    assert result.exit_code == 0
    deal = json.loads(result.stdout)["analyses"]["deal"]
    assert deal["zone_of_agreement"] is True
    assert deal["proposals"]["us_big_deal"] == {"acceptable": False, "refused_by": ["dprk"]}
    assert list(deal) == [
        "zone_of_agreement",
        "frontier_points",
        "solutions",
        "time_budget",
        "proposals",
        "zone_probability",
        "adjusted_winner",
    ]
    assert list(deal["solutions"]["nash"]) == ["gains", "package", "proven", "gap"]


def test_terminal_report_explains_the_refusals() -> None:
    result = runner.invoke(app, ["deal", KOREA, "--draws", "200"])
    assert result.exit_code == 0
    assert "refused by us: its utility -15 is 15 short of its reservation 0" in result.stdout
    assert "refused by dprk: its utility -53 is 53 short of its reservation 0" in result.stdout
    assert "refused by japan (stakeholder): its utility -2 is 2 short" in result.stdout
    text = " ".join(result.stdout.split())
    assert "it gets +15: yongbyon +12, test_moratorium +3 it pays 30: unsc_2016_2017 30" in text
    assert "unsc_2016_2017 with us_unilateral +5" in text
    assert "mrbm 8, 4 smaller ones 18" in text
    assert "Zone of agreement: yes" in result.stdout
    text = " ".join(result.stdout.split())
    assert "the Nash package instead: dprk adds humanitarian_access" in text
    assert "dprk drops warheads, mrbm" in text


def test_the_numbers_the_how_to_quotes() -> None:
    """docs/how-to/deal.md quotes these; if the example changes, update the page too."""
    _, data = run_json(KOREA, "--draws", "0")
    assert data["zone"]["acceptable_packages"] == 28248  # type: ignore[index]
    assert len(data["frontier"]) == 19  # type: ignore[arg-type]
    solutions = data["solutions"]
    assert isinstance(solutions, dict)
    assert solutions["nash"]["gains"] == {"us": 20.0, "dprk": 19.0}
    assert solutions["egalitarian"]["package"] == solutions["nash"]["package"]
    nash, ks = set(solutions["nash"]["package"]), set(solutions["kalai_smorodinsky"]["package"])
    assert nash - ks == {"humanitarian_access"}
    assert not ks - nash
    assert "warheads" not in nash
    assert "force_posture" not in nash
    offer = data["proposals"]["hanoi_dprk_offer"]  # type: ignore[index]
    assert offer["refusals"]["us"]["benefit_total"] == 15.0
    assert offer["refusals"]["us"]["cost_total"] == -30.0
    big = data["proposals"]["us_big_deal"]  # type: ignore[index]
    assert big["refusals"]["dprk"]["benefit_total"] == 55.0  # with +5 when both lifted
    assert big["refusals"]["dprk"]["cost_total"] == -108.0


def test_every_refusal_adds_up_to_the_utility_and_the_shortfall() -> None:
    """The items and interactions a refusal lists sum to the party's utility of the package."""
    _, data = run_json(KOREA, "--draws", "0")
    proposals = data["proposals"]
    assert isinstance(proposals, dict)
    checked = 0
    for proposal in proposals.values():
        for party, why in proposal["refusals"].items():
            utility = proposal["utilities"][party]
            listed = [e["value"] for e in why["benefits"] + why["costs"]]
            assert sum(listed) == pytest.approx(utility, abs=1e-9)
            assert why["benefit_total"] + why["cost_total"] == pytest.approx(utility, abs=1e-9)
            assert why["reservation"] - utility == pytest.approx(why["shortfall"], abs=1e-9)
            checked += 1
    assert checked == 3  # us and japan refuse the DPRK offer, the DPRK the big deal


def test_uncertainty_repeats_with_the_same_seed_and_changes_with_another() -> None:
    """--seed makes the Monte Carlo results reproducible; another seed gives other draws."""
    runs = {
        seed: run_json(KOREA, "--draws", "300", "--seed", seed)[1]["uncertainty"]
        for seed in ("7", "8")
    }
    again = run_json(KOREA, "--draws", "300", "--seed", "7")[1]["uncertainty"]
    assert again == runs["7"]
    assert runs["7"]["seed"] == 7  # type: ignore[index]
    assert runs["8"] != runs["7"]
    first, second = runs["7"], runs["8"]
    assert isinstance(first, dict)
    assert isinstance(second, dict)
    assert first["sensitivity"] != second["sensitivity"]  # the draws differ, not only the seed


def test_a_long_frontier_table_says_which_rows_it_shows_and_ends_with_the_last() -> None:
    result = runner.invoke(app, ["deal", "examples/jcpoa-2015.yaml"])
    assert result.exit_code == 0
    assert "(10 of 27 points shown: one in 3, and the last)" in result.stdout
    rows = [line.split()[0] for line in result.stdout.splitlines() if "│" in line]
    assert rows[:2] == ["1", "4"]
    assert "27" in rows


def test_the_zone_probability_says_how_it_was_found() -> None:
    result = runner.invoke(app, ["deal", KOREA, "--draws", "100"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert (
        "P(zone of agreement) = 1.000 (a frontier, solution or proposal package is acceptable "
        "in every draw, so 1 is exact)" in text
    )


def test_a_refusal_with_no_benefit_and_a_constant_outcome_say_so(tmp_path: Path) -> None:
    path = tmp_path / "gift.yaml"
    path.write_text(
        "accord: 1\ntitle: A gift nobody gives\nparties: {a: {name: A}, b: {name: B}}\n"
        "deal:\n  items:\n    - {id: gift, giver: a, value: {a: {low: -3, mode: -2, high: -1},"
        " b: 1}}\n  reservation: {b: 5}\n  proposals: {give: {gift: 1}}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["deal", str(path), "--draws", "50"])
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert lines[lines.index("refused by a: its utility -2 is 2 short of its reservation 0") + 1 :][
        :2
    ] == ["it gets nothing", "it pays 2: gift 2"]
    assert "(no range changes it in these draws)" in lines
    assert not any("swing +0.000" in line for line in lines)


def test_an_empty_deal_section_says_there_is_nothing_to_analyse(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("accord: 1\ntitle: T\nparties: {a: {name: A}}\ndeal: {}\n", encoding="utf-8")
    result = runner.invoke(app, ["deal", str(path)])
    assert result.exit_code == 0
    assert "Nothing to analyse: the deal: section has no items" in result.stdout


def test_a_one_point_frontier_is_listed_once(tmp_path: Path) -> None:
    path = tmp_path / "one.yaml"
    path.write_text(
        "accord: 1\ntitle: T\nparties: {a: {name: A}, b: {name: B, role: stakeholder}}\n"
        "deal:\n  items: [{id: x, giver: a, value: {a: -1, b: 2}}]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["deal", str(path), "--draws", "0"])
    assert result.exit_code == 0
    assert "Pareto frontier over a (1 point, enumeration, exact)" in result.stdout
    assert result.stdout.count("#1: (nothing)") == 1


NO_ZONE_WITH_A_RANGE = (
    "accord: 1\ntitle: T\nparties: {a: {name: A}, b: {name: B}}\ndeal:\n  items:\n"
    "    - {id: x, giver: a, value: {a: {low: -3, mode: -2, high: -1}, b: 1}}\n"
    "  reservation: {b: 5}\n"
)


def test_no_zone_with_ranges_and_no_proposals_is_reported(tmp_path: Path) -> None:
    """Nothing to list in the acceptance table (no solution, no proposal): no table, no crash."""
    path = tmp_path / "nz.yaml"
    path.write_text(NO_ZONE_WITH_A_RANGE, encoding="utf-8")
    result = runner.invoke(app, ["deal", str(path), "--draws", "50"])
    assert result.exit_code == 0, result.output
    assert "P(zone of agreement) = 0.000 (every package checked in every draw)" in result.stdout
    assert "Probability of acceptance" not in result.stdout


def test_the_package_option_has_its_row_in_the_acceptance_table() -> None:
    result = runner.invoke(app, ["deal", KOREA, "--draws", "100", "--package", "yongbyon"])
    assert result.exit_code == 1  # the US gives nothing: the DPRK refuses
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith(" --package")]
    assert len(rows) == 1
    assert rows[0][0] == "--package"
    assert float(rows[0][-1]) == 0.0  # "all"


def test_a_proposal_breaking_a_constraint_is_never_accepted_by_all(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "accord: 1\ntitle: T\nparties: {a: {name: A}, b: {name: B}}\ndeal:\n  items:\n"
        "    - {id: x, giver: a, value: {a: {low: -1, mode: 1, high: 2}, b: 1}}\n"
        "    - {id: y, giver: b, value: {a: 1, b: 1}}\n"
        "  constraints: [y if x]\n  proposals: {only_x: {x: 1}}\n",
        encoding="utf-8",
    )
    _, data = run_json(str(path), "--draws", "200")
    proposal = data["proposals"]["only_x"]  # type: ignore[index]
    assert proposal["violated_constraints"] == ["y if x"]
    accepted = data["uncertainty"]["proposals"]["only_x"]  # type: ignore[index]
    assert accepted["b"] == 1.0
    assert 0 < accepted["a"] < 1
    assert accepted["all"] == 0.0


def test_analyze_says_what_would_open_a_missing_zone() -> None:
    result = runner.invoke(app, ["analyze", "tests/data/deal/no-zone.yaml"])
    assert result.exit_code == 0, result.output
    assert (
        "Zone of agreement: no; it opens if one reservation drops: us's by 3, or dprk's by 7"
        in (" ".join(result.stdout.split()))
    )


def test_a_time_limit_that_is_not_positive_is_refused() -> None:
    code, data = run_json(KOREA, "--time-limit", "0")
    assert code == 2
    assert "must be positive" in str(data)
