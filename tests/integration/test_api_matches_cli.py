"""For every bundled example: ``accord.<question>(scenario).to_dict()`` is what the command
prints with ``--json`` (without the envelope's ``accord`` and ``kind``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import accord
from accord.cli import _common as common
from accord.cli._main import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
runner = CliRunner()

QUESTIONS: dict[str, tuple[str, Callable[[accord.Scenario], Any]]] = {
    "conflict": ("conflict", accord.analyze_conflict),
    "deal": ("deal", accord.analyze_deal),
    "plan": ("phasing", accord.plan),
    "audit": ("phasing", accord.audit),
    "verify": ("verification", accord.analyze_verification),
}
FAST = {("elmira.yaml", "conflict"), ("jcpoa-2015.yaml", "audit"), ("bob-carol.yaml", "deal")}


def _cases() -> list[Any]:
    cases = []
    for path in EXAMPLES:
        scenario = accord.load(path)
        present = {name for name, _ in scenario.sections()}
        for command, (section, _) in QUESTIONS.items():
            if section in present:
                slow = (path.name, command) not in FAST
                marks = [pytest.mark.slow] if slow else []
                cases.append(pytest.param(path, command, marks=marks, id=f"{path.stem}-{command}"))
    return cases


def _plain(value: Any) -> Any:
    """``value`` through JSON and back, as the command line encodes it."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=common._default))


@pytest.mark.parametrize(("path", "command"), _cases())
def test_the_api_gives_what_the_command_prints(path: Path, command: str) -> None:
    _, question = QUESTIONS[command]
    printed = runner.invoke(app, [command, str(path), "--json"])
    assert printed.exit_code in (0, 1), printed.output
    payload = json.loads(printed.stdout)
    payload.pop("accord")
    payload.pop("kind")
    if command == "verify":
        assert payload.pop("file") == str(path)
    assert _plain(question(accord.load(path)).to_dict()) == payload


def test_the_robustness_api_gives_what_accord_sweep_prints() -> None:
    """``accord.analyze_robustness`` and ``accord sweep --json`` on korea-2019 (the deal
    question: no solver time limit, so the same answer under any load)."""
    path = ROOT / "examples" / "korea-2019.yaml"
    args = ["--draws", "4", "--seed", "7", "--workers", "1", "--only", "deal", "--json"]
    printed = runner.invoke(app, ["sweep", str(path), *args])
    assert printed.exit_code == 0, printed.output
    payload = json.loads(printed.stdout)
    assert (payload.pop("accord"), payload.pop("kind")) == (1, "sweep")
    swept = accord.analyze_robustness(
        accord.load(path), draws=4, seed=7, questions=["deal"], workers=1
    )
    assert _plain(swept.to_dict()) == payload
