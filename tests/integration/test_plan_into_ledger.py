"""A plan from `accord plan --json` is accepted in an agreement entry, unchanged; `accord ledger
submit URL agreement PLAN.json --title T` files it with the parties that deliver in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli._main import app
from accord.ledger._agreements import agreement_from_plan, commitments_from_plan
from accord.ledger._entries import make_entry
from accord.ledger._entry_bodies import Agreement
from accord.ledger._keys import SigningKey

KOREA = Path(__file__).resolve().parents[2] / "examples" / "korea-2019.yaml"


def test_planner_output_becomes_an_agreement_with_one_commitment_per_delivery() -> None:
    result = CliRunner().invoke(app, ["plan", str(KOREA), "--json"])
    assert result.exit_code == 0
    output = json.loads(result.stdout)
    timetable = output["plan"]["timetable"]
    agreement = Agreement(title="Korea phased plan", parties=["us", "dprk"], plan=output)
    commitments = commitments_from_plan(agreement.plan)
    expected = [
        (number, party, item, amount, step["date"])
        for number, step in enumerate(timetable, start=1)
        for party, items in step["deliveries"].items()
        for item, amount in items.items()
    ]
    assert [(c.step, c.party, c.item, c.amount, c.due.isoformat()) for c in commitments] == (
        expected
    )
    assert len(commitments) >= 2


def test_the_planner_output_is_filed_whole_with_the_delivering_parties(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["plan", str(KOREA), "--json"])
    output = json.loads(result.stdout)
    body = agreement_from_plan(output, "Korea phased plan")
    key = SigningKey.from_seed(b"k" * 32)
    entry = make_entry(key, ledger="l", submitter="us_delegate", kind="agreement", body=body,
                       sequence=1, timestamp="2026-01-01T00:00:00Z")  # fmt: skip
    agreement = entry.envelope.body
    assert isinstance(agreement, Agreement)
    assert agreement.plan == output
    delivering = {party for step in output["plan"]["timetable"] for party in step["deliveries"]}
    assert agreement.parties == sorted(delivering)


def test_an_agreement_from_the_planner_needs_a_title(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    Path("plan.json").write_text(runner.invoke(app, ["plan", str(KOREA), "--json"]).stdout)
    assert runner.invoke(app, ["ledger", "keygen", "us"]).exit_code == 0
    submit = ["ledger", "submit", "http://127.0.0.1:9", "agreement", "plan.json", "--key", "us.key",
              "--as", "us_delegate"]  # fmt: skip
    result = runner.invoke(app, submit)
    assert result.exit_code == 2
    assert "the agreement needs a title" in result.output
    result = runner.invoke(app, [*submit[:3], "note", '{"text": "x"}', *submit[5:], "--title", "t"])
    assert result.exit_code == 2
    assert "--title is for an agreement" in result.output
