"""Every non-ledger ``--json`` output shares one envelope: ``{"accord": 1, "kind": ..., ...}``.

The commands below are every command with a ``--json`` option outside ``accord ledger``; a test
checks that none is missing, and that docs/reference/json.md documents every kind.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.core import TyperGroup
from typer.testing import CliRunner

from accord.cli._main import app, command_group
from accord.frontend._envelope import JSON_KINDS, envelope

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
KOREA = str(EXAMPLES / "korea-2019.yaml")
GENIUS = ROOT / "examples" / "holiday"
SWEEP = str(ROOT / "tests" / "data" / "sweep" / "small.yaml")

GAME = [
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
# (command words, arguments, expected kind, expected exit code)
CASES = [
    (["validate"], [KOREA], "validation", 0),
    (["analyze"], [str(EXAMPLES / "elmira.yaml")], "analysis", 0),
    (["conflict"], [str(EXAMPLES / "chicken.yaml")], "conflict", 0),
    (["deal"], [str(EXAMPLES / "bob-carol.yaml")], "deal", 0),
    (["plan"], [str(EXAMPLES / "jcpoa-2015.yaml")], "plan", 0),
    (["audit"], [str(EXAMPLES / "jcpoa-2015.yaml")], "audit", 0),
    (
        ["verify", "sample-size"],
        ["--items", "10", "--falsified", "1", "--nondetection", "0.5"],
        "verify.sample_size",
        0,
    ),
    (
        ["verify", "detection"],
        ["--items", "10", "--falsified", "1", "--sample", "5"],
        "verify.detection",
        0,
    ),
    (
        ["verify", "game"],
        GAME,
        "verify.game",
        0,
    ),
    (["verify", "file"], [KOREA], "verification", 1),
    (["report"], [str(EXAMPLES / "chicken.yaml"), "-o", "chicken.html"], "report", 0),
    (["sweep"], [SWEEP, "--draws", "2", "--workers", "1", "--only", "deal"], "sweep", 0),
    (["example"], [], "examples", 0),
    (["example"], ["chicken"], "example", 0),
]


def _json_commands(group: TyperGroup, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for name, command in group.commands.items():
        if isinstance(command, TyperGroup):
            found |= _json_commands(command, (*prefix, name))
        elif any("--json" in p.opts for p in command.params):
            found.add((*prefix, name))
    return found


def test_every_json_command_outside_the_ledger_is_covered() -> None:
    commands = _json_commands(command_group())
    outside_ledger = {c for c in commands if c[0] != "ledger"}
    covered = {tuple(words) for words, *_ in CASES} | {("deal-import",), ("deal-export",)}
    assert outside_ledger == covered


@pytest.mark.parametrize(("words", "args", "kind", "code"), CASES, ids=[c[2] for c in CASES])
def test_json_output_starts_with_the_envelope(
    words: list[str],
    args: list[str],
    kind: str,
    code: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, [*words, *args, "--json"])
    assert result.exit_code == code, result.output
    payload = json.loads(result.stdout)
    assert list(payload)[:2] == ["accord", "kind"]
    assert (payload["accord"], payload["kind"]) == (1, kind)


def test_deal_import_and_export_use_the_envelope(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    files = [str(GENIUS / f"holiday-{n}.json") for n in ("domain", "ann", "ben")]
    imported = CliRunner().invoke(app, ["deal-import", *files, "-o", "h.yaml", "--json"])
    assert json.loads(imported.stdout)["kind"] == "deal.import", imported.output
    exported = CliRunner().invoke(app, ["deal-export", "h.yaml", "-o", "out", "--json"])
    assert list(json.loads(exported.stdout))[:3] == ["accord", "kind", "ok"]
    assert json.loads(exported.stdout)["kind"] == "deal.export"


@pytest.mark.parametrize(
    "args",
    [
        ["verify", "detection", "--items", "10", "--falsified", "1", "--sample", "11"],
        ["conflict", str(EXAMPLES / "bob-carol.yaml")],
        ["analyze", str(ROOT / "tests" / "data" / "broken" / "tab.yaml")],
    ],
    ids=["bad value", "missing section", "invalid scenario"],
)
def test_errors_use_the_envelope(args: list[str]) -> None:
    result = CliRunner().invoke(app, [*args, "--json"])
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert list(payload) == ["accord", "kind", "ok", "error", "hint", "diagnostics"]
    assert (payload["accord"], payload["kind"], payload["ok"]) == (1, "error", False)


def test_an_invalid_scenario_error_carries_its_diagnostics() -> None:
    broken = ROOT / "tests" / "data" / "broken" / "tab.yaml"
    payload = json.loads(CliRunner().invoke(app, ["analyze", str(broken), "--json"]).stdout)
    assert payload["error"] == "the scenario has 1 problem"
    assert payload["diagnostics"][0]["line"] == 4


def test_the_envelope_refuses_undocumented_kinds_and_clashing_keys() -> None:
    with pytest.raises(ValueError, match="undocumented JSON kind"):
        envelope("nonsense", {})
    with pytest.raises(ValueError, match="envelope's key"):
        envelope("deal", {"kind": "x"})


def test_the_reference_documents_every_kind() -> None:
    page = (ROOT / "docs" / "reference" / "json.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([a-z_.]+)` \| (.+?) \|", page, re.M))
    assert set(rows) == set(JSON_KINDS)


def test_the_reference_examples_are_real_output() -> None:
    page = (ROOT / "docs" / "reference" / "json.md").read_text(encoding="utf-8")
    first, error = (json.loads(b) for b in re.findall(r"```json\n(.*?)```", page, re.S))
    detection = ["verify", "detection", "--items", "100", "--falsified", "1", "--sample", "90"]
    assert json.loads(CliRunner().invoke(app, [*detection, "--json"]).stdout) == first
    detection[-1] = "11"
    detection[3] = "10"
    assert json.loads(CliRunner().invoke(app, [*detection, "--json"]).stdout) == error
