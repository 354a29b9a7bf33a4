"""A plan from `accord plan --json` is accepted as the body of an agreement entry, unchanged."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from accord.cli.main import app
from accord.ledger.agreements import commitments_from_plan
from accord.ledger.entry_bodies import Agreement

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
