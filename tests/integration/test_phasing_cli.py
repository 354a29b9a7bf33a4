"""``accord plan`` and ``accord audit`` through the CLI: exit codes and the JSON form."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from accord.cli._main import app

ROOT = Path(__file__).resolve().parents[2]
JCPOA = str(ROOT / "examples" / "jcpoa-2015.yaml")
runner = CliRunner()

UNSAFE = """\
accord: 1
title: One-shot exchange
parties: {s: {name: Seller}, b: {name: Buyer}}
deal:
  items:
    - {id: good, giver: s, value: {s: -10, b: 30}}
    - {id: pay, giver: b, quantity: 20, value: {s: 1, b: -1}}
phasing:
  start: 2020-01-01
  horizon: 4
  plan:
    - {step: Delivery, deliver: {s: {good: 1}}}
    - {step: Payment, deliver: {b: {pay: 20}}}
"""


def test_phasing_audit_jcpoa_is_safe_json() -> None:
    result = runner.invoke(app, ["audit", JCPOA, "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["safe"] is True
    (audit,) = payload["audits"]
    assert audit["timetable"][3]["name"] == "Implementation Day"
    assert audit["timetable"][3]["date"] == "2016-01-16"
    assert audit["without_snapback"]["safe"] is False
    assert audit["substance"]["score"] == 0.875


def test_phasing_audit_exits_1_when_unsafe(tmp_path: Path) -> None:
    path = tmp_path / "unsafe.yaml"
    path.write_text(UNSAFE, encoding="utf-8")
    result = runner.invoke(app, ["audit", str(path)])
    assert result.exit_code == 1
    assert "plan: unsafe" in result.output
    plan = runner.invoke(app, ["plan", str(path), "--json"])
    assert plan.exit_code == 1
    payload = json.loads(plan.output)
    assert payload["plan"]["status"] == "infeasible"
    kinds = {fix["kind"] for fix in payload["explanation"]["fixes"]}
    assert {"penalty", "reversible"} <= kinds


def test_phasing_plan_json_has_steps_dates_margins_and_proof() -> None:
    result = runner.invoke(app, ["plan", JCPOA, "--json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)["plan"]
    assert plan["status"] == "optimal"
    assert plan["gap"] == 0.0
    assert plan["timetable"][0]["date"] == "2015-07-14"
    assert {"exposure", "margin", "deliveries"} <= set(plan["audit"]["steps"][1])


def test_phasing_plan_unknown_package_is_a_usage_error() -> None:
    result = runner.invoke(app, ["plan", JCPOA, "--package", "nope"])
    assert result.exit_code == 2
    assert "unknown package 'nope'" in result.output


def test_phasing_analyze_includes_phasing() -> None:
    result = runner.invoke(app, ["analyze", JCPOA, "--json"])
    assert result.exit_code == 0, result.output
    analyses = json.loads(result.output)["analyses"]
    assert analyses["phasing"]["audits"][0]["safe"] is True


def test_phasing_plan_rejects_a_time_limit_that_is_not_positive() -> None:
    for limit in ("0", "-1", "nan"):
        result = runner.invoke(app, ["plan", JCPOA, "--time-limit", limit])
        assert result.exit_code == 2, limit
        assert "--time-limit must be positive" in result.stderr


def test_phasing_commands_without_a_phasing_section_say_what_to_add() -> None:
    chicken = str(ROOT / "examples" / "chicken.yaml")
    for command in ("plan", "audit"):
        result = runner.invoke(app, [command, chicken])
        assert result.exit_code == 2
        assert result.stderr.splitlines() == [
            "error: the scenario has no phasing: section",
            "hint: add one: `accord new sections.yaml --sections phasing` writes a commented "
            "example of it",
        ]
        payload = json.loads(runner.invoke(app, [command, chicken, "--json"]).stdout)
        assert payload["error"].startswith("the scenario has no phasing: section")


def test_phasing_plan_of_a_proposal_scores_its_written_plan_as_the_agreement() -> None:
    """Before: --package hanoi_dprk_offer scored the bare package (deadline 0) although the file
    writes that proposal's plan (hanoi_offer, scored 0.67 by accord audit)."""
    korea = str(ROOT / "examples" / "korea-2019.yaml")
    result = runner.invoke(app, ["plan", korea, "--package", "hanoi_dprk_offer", "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    (offer,) = [a for a in payload["audits"] if a["package"] == "hanoi_dprk_offer"]
    assert payload["agreement_substance"] == offer["substance"]
    assert payload["agreement_substance"]["with_deadline"] == 1.0


def test_phasing_audit_says_what_the_snapback_adds_without_denying_it_exists() -> None:
    """Issue 13: "with nothing reversible (no snapback) the plan is unsafe" was printed for the
    JCPOA, whose UN resolutions are reversible: the line is about a counterfactual plan."""
    jcpoa = str(Path(__file__).resolve().parents[2] / "examples" / "jcpoa-2015.yaml")
    shown = CliRunner().invoke(app, ["audit", jcpoa]).stdout
    assert "without the snapback (if nothing were reversible) the plan would be unsafe" in shown
    assert "with nothing reversible (no snapback) the plan is" not in shown
