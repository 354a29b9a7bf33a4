"""The JSON forms of docs/reference/phasing-json.md are the ones `accord plan/audit` print."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from accord.cli._main import app

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "reference" / "phasing-json.md").read_text()
runner = CliRunner()

PLAN = [
    "accord",
    "kind",
    "package",
    "plan",
    "explanation",
    "agreement_substance",
    "audits",
    "notes",
]
PLAN_INNER = [
    "status",
    "objective",
    "values",
    "gap",
    "audit",
    "periods_at_least",
    "ruled_out_by",
    "certificate",
    "horizons",
    "timetable",
    "substance",
]
CERTIFICATE = ["kind", "periods", "text", "parties", "items", "rows"]
EXPLANATION = ["defector", "withholds", "noticed_in", "fixes", "certificate"]
FIX = ["kind", "party", "item", "amount", "text", "verified"]
AUDIT = ["safe", "problems", "first_unsafe", "min_margin", "steps"]
STEP = ["index", "name", "period", "deliveries", "exposure", "margin"]
UNSAFE = ["index", "name", "party", "shortfall"]
MILESTONE = ["name", "period", "date", "deliveries"]
SUBSTANCE = ["score", "with_quantity", "with_deadline", "with_verification", "commitments"]
WRITTEN = ["name", "label", "package", *AUDIT, "timetable", "substance", "without_snapback"]


def _documented(heading: str, keys: list[str]) -> None:
    """``keys`` appear in this order in the first JSON block after ``heading``."""
    after = DOC[DOC.index(heading) :]
    block = re.search(r"```json\n(.*?)```", after, re.S)
    assert block is not None, heading
    positions = [block.group(1).find(f'"{key}":') for key in keys]
    assert -1 not in positions, (heading, dict(zip(keys, positions, strict=True)))
    assert positions == sorted(positions), heading


def _follows(marker: str, keys: list[str]) -> None:
    """``keys`` appear in this order right after ``marker`` (a line of a JSON block)."""
    after = DOC[DOC.index(marker) :]
    positions = [after.find(f'"{key}"') for key in keys]
    assert -1 not in positions, (marker, dict(zip(keys, positions, strict=True)))
    assert positions == sorted(positions), marker


def _run(*args: str) -> Any:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_phasing_plan_json_matches_the_reference() -> None:
    payload = _run("plan", str(ROOT / "examples" / "korea-2019.yaml"))
    assert list(payload) == PLAN
    assert list(payload["plan"]) == PLAN_INNER
    assert list(payload["plan"]["audit"]) == AUDIT
    assert list(payload["plan"]["audit"]["steps"][1]) == STEP
    assert list(payload["plan"]["timetable"][0]) == MILESTONE
    assert list(payload["plan"]["substance"])[:5] == SUBSTANCE
    _documented("## `accord plan FILE", PLAN)
    _documented("## `accord plan FILE", PLAN_INNER)
    _documented("**Audit**", AUDIT)
    _documented("**Step**", STEP)
    _documented("**Milestone**", MILESTONE)
    _documented("**Substance**", SUBSTANCE)


def test_phasing_plan_json_explains_no_plan_as_documented() -> None:
    payload = _run("plan", str(ROOT / "examples" / "singapore-2018.yaml"))
    assert list(payload["plan"]) == PLAN_INNER
    assert list(payload["plan"]["certificate"]) == CERTIFICATE
    assert list(payload["explanation"]) == EXPLANATION
    assert list(payload["explanation"]["fixes"][0]) == FIX
    _follows('"explanation": null | {', EXPLANATION)
    _follows('"fixes": [{', FIX)
    _documented("**Certificate**", CERTIFICATE)


def test_phasing_audit_json_matches_the_reference() -> None:
    payload = _run("audit", str(ROOT / "examples" / "korea-2019.yaml"))
    assert list(payload) == ["accord", "kind", "safe", "audits"]
    written = payload["audits"][0]
    assert list(written) == WRITTEN
    assert list(written["first_unsafe"]) == UNSAFE
    assert list(written["without_snapback"]) == ["safe", "first_unsafe", "min_margin"]
    _documented("## `accord audit FILE", ["accord", "kind", "safe", "audits"])
    _documented("**Unsafe**", UNSAFE)
    _documented("**WrittenAudit**", WRITTEN)
