"""``accord verify sample-size|detection|game``: JSON forms, exit codes, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli._main import app

runner = CliRunner()


def _json(args: list[str]) -> dict[str, object]:
    result = runner.invoke(app, ["verify", *args, "--json"])
    assert result.exit_code == 0, result.output
    payload: dict[str, object] = json.loads(result.stdout)
    return payload


def test_sample_size_json() -> None:
    payload = _json(["sample-size", "--items", "500", "--falsified", "4", "--nondetection", "0.1"])
    assert payload["iaea"] == 219
    assert payload["exact"] == 219
    assert round(float(payload["detection_probability"]), 4) == 0.9012  # type: ignore[arg-type]


def test_detection_json_is_exact() -> None:
    payload = _json(["detection", "--items", "100", "--falsified", "1", "--sample", "90"])
    assert payload["detection_probability"] == 0.9
    assert payload["exact_fractions"] == {"detection_probability": "9/10"}


def test_game_json() -> None:
    payload = _json(
        [
            "game",
            "--gain",
            "1",
            "--penalty",
            "9",
            "--inspection-cost",
            "1",
            "--missed-cost",
            "10",
            "--caught-cost",
            "1",
        ]
    )
    assert payload["inspect_probability"] == 0.1
    assert payload["violate_probability"] == 0.1
    assert payload["payoffs"] == {"inspector": -1, "inspectee": 0}
    assert payload["deterrence_threshold"] == 0.1


def test_game_terminal_output() -> None:
    result = runner.invoke(
        app,
        [
            "verify",
            "game",
            "--gain",
            "1",
            "--penalty",
            "9",
            "--inspection-cost",
            "1",
            "--missed-cost",
            "10",
            "--caught-cost",
            "1",
            "--nondetection",
            "0.5",
        ],
    )
    assert result.exit_code == 0
    assert "inspect probability p*" in result.stdout
    assert "detection probability ≥ 0.1" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            [
                "sample-size",
                "--items",
                "100",
                "--falsified",
                "1",
                "--nondetection",
                "0",
                "--max-sample",
                "99",
            ],
            "error: impossible target: detection 1 needs a sample of 100 items, more than the "
            "99 allowed",
        ),
        (
            ["detection", "--items", "100", "--falsified", "1", "--sample", "101"],
            "error: the sample (101) is larger than the population (100 items)",
        ),
        (
            ["sample-size", "--items", "100", "--falsified", "1", "--nondetection", "1.2"],
            "error: nondetection must be a probability in [0, 1] (got 1.2)",
        ),
        (
            [
                "game",
                "--gain",
                "1",
                "--penalty",
                "9",
                "--inspection-cost",
                "1",
                "--missed-cost",
                "10",
                "--caught-cost",
                "1",
                "--nondetection",
                "-0.2",
            ],
            "error: nondetection must be a probability in [0, 1] (got -0.2)",
        ),
    ],
)
def test_bad_input_exits_2_without_traceback(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["verify", *args])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == message
    assert "Traceback" not in result.output


def test_bad_input_json_form() -> None:
    result = runner.invoke(
        app,
        ["verify", "detection", "--items", "10", "--falsified", "1", "--sample", "11", "--json"],
    )
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert payload["ok"] is False
    assert payload["error"].startswith("the sample (11) is larger than the population (10 items)")


def test_korea_example_reports_which_commitments_are_deterred() -> None:
    result = runner.invoke(app, ["verify", "examples/korea-2019.yaml", "--json"])
    assert result.exit_code == 1  # other_sites is not deterred; written plans are unsafe
    payload = json.loads(result.stdout)
    plans = {p["item"]: p for p in payload["plans"]}
    assert {item for item, p in plans.items() if not p["deterred"]} == {"other_sites"}
    assert plans["other_sites"]["reason"].startswith("not deterrable with the means available")
    assert plans["other_sites"]["best_detection"] == 0.1
    assert plans["warheads"]["required_detection"] == 0.5  # gain 50 against penalty 50
    assert payload["optimal"] is True
    assert payload["spent"] <= payload["budget"]
    declaration = payload["declarations"][0]
    assert declaration["incomplete_probability"] == 0.9
    assert declaration["effort"] == {"sampling": 2, "us_experts": 4}
    assert {p["name"] for p in payload["phased_plans"]} >= {"hanoi_offer", "big_deal"}


def test_analyze_includes_the_verification_summary() -> None:
    result = runner.invoke(app, ["analyze", "examples/korea-2019.yaml", "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["analyses"]["verification"]["deterred"] == 5


def test_verify_file_options_are_checked() -> None:
    result = runner.invoke(app, ["verify", "examples/korea-2019.yaml", "--objective", "most"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "error: unknown objective 'most'"


def test_verify_file_without_section(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("accord: 1\ntitle: T\nparties: {a: {name: A}}\n", encoding="utf-8")
    result = runner.invoke(app, ["verify", str(target)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "error: the scenario has no verification: section"


def test_written_phased_plan_is_checked_against_fakes() -> None:
    result = runner.invoke(app, ["verify", "examples/yongbyon-for-relief.yaml", "--json"])
    assert result.exit_code == 1  # the written plan lets the US withhold relief
    payload = json.loads(result.stdout)
    (plan,) = payload["phased_plans"]
    assert plan["name"] == "plan"
    assert plan["lags"] == {"yongbyon": 1, "relief": 0}
    first, second = plan["deliveries"]
    assert (first["item"], first["verification"], first["safe"]) == ("yongbyon", "iaea ×1", True)
    assert first["reason"].startswith("faking it is deterred")
    assert not second["safe"]
    assert (
        second["reason"]
        == "us gains 8 by withholding from this step on: unsafe whatever the verification"
    )


def test_planner_plan_is_checked_on_request() -> None:
    result = runner.invoke(
        app, ["verify", "examples/yongbyon-for-relief.yaml", "--plans", "--json"]
    )
    payload = json.loads(result.stdout)
    names = [(p["name"], p["source"]) for p in payload["phased_plans"]]
    assert names == [("plan", "written"), ("planner", "planner"), ("verification-aware", "planner")]


def test_verification_aware_planner_in_the_cli() -> None:
    result = runner.invoke(
        app, ["verify", "examples/yongbyon-for-relief.yaml", "--plans", "--json"]
    )
    payload = json.loads(result.stdout)
    aware = payload["phased_plans"][-1]
    assert (aware["name"], aware["status"], aware["safe"]) == (
        "verification-aware",
        "optimal",
        True,
    )


def test_no_verification_aware_plan_names_what_cannot_be_verified(tmp_path: Path) -> None:
    text = Path("examples/yongbyon-for-relief.yaml").read_text(encoding="utf-8")
    unverified = text.replace(", relief: [un_records]}", "}")
    assert unverified != text
    path = tmp_path / "unverified.yaml"
    path.write_text(unverified, encoding="utf-8")
    result = runner.invoke(app, ["verify", str(path), "--plans", "--json"])
    assert result.exit_code == 1, result.output
    plans = {p["name"]: p for p in json.loads(result.stdout)["phased_plans"]}
    aware = plans["verification-aware"]
    assert (aware["status"], aware["safe"], aware["deliveries"]) == ("infeasible", False, [])
    assert aware["reason"] == (
        "relief cost their giver something and nothing can verify them (no means in verifies:, "
        "or none the budget pays), so faking them always pays"
    )
    assert plans["planner"]["reason"] is None
    terminal = runner.invoke(app, ["verify", str(path), "--plans"])
    assert "no plan (infeasible): relief cost their giver something" in terminal.stdout
