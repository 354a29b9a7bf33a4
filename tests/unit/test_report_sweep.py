"""The robustness section of the report (``accord report --sweep N``)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from accord.cli._main import app
from accord.report._results import analyze_scenario
from accord.report.document._build import build_document
from accord.report.document._model import Figure, Table, Verdict
from accord.report.document._sweep import sweep_section
from accord.scenario import loads
from accord.sweep import sweep
from accord.sweep._aggregate import wilson

ROOT = Path(__file__).resolve().parents[2]
TEXT = """
accord: 1
title: T
parties: {a: {name: A}, b: {name: B}}
deal:
  items: [{id: x, giver: a, value: {a: {low: -3, mode: -1, high: 1}, b: 2}}]
  reservation: {a: -1}
  proposals: {just_x: {x: 1}}
"""


def _pct(share: float) -> str:
    return f"{share:.1%}"


def test_the_section_counts_each_verdict_as_a_plain_loop_over_the_draws() -> None:
    result = sweep(loads(TEXT), draws=40, seed=3, workers=1)
    yes = sum(1 for d in result.draws if d.values[0] >= -1)  # a accepts: value of x >= -1
    assert 0 < yes < 40  # the check can fail both ways
    section = sweep_section(result)
    verdict = section.blocks[1]
    assert isinstance(verdict, Verdict)
    assert verdict.ok is False
    assert (
        verdict.head == "2 of 4 answers are the same (yes, or no) in at least 95% of the 40 draws."
    )
    least = f"Least sure: a accepts proposal just_x (yes in {_pct(yes / 40)} of the draws)"
    assert verdict.reason.startswith(least)
    table = next(b for b in section.blocks if isinstance(b, Table))
    rows = {row[0]: row for row in table.rows}
    low, high = wilson(yes, 40)
    assert rows["a accepts proposal just_x"][1:4] == (
        _pct(yes / 40),
        f"{_pct(low)} – {_pct(high)}",
        "40",
    )
    assert rows["a accepts proposal just_x"][4].startswith("a: value of x (+")
    assert rows["b accepts proposal just_x"][1:] == (
        "100.0%",
        "91.2% – 100.0%",
        "40",
        "never flips",
    )
    keys = [b.key for b in section.blocks if isinstance(b, Figure)]
    assert keys == ["sweep-verdicts", "sweep-sensitivity"]  # no plan: no margins figure
    assert all(b.spec is not None for b in section.blocks if isinstance(b, Figure))


def test_the_report_has_the_section_only_with_a_sweep() -> None:
    scenario = loads(TEXT)
    results = analyze_scenario(scenario, "t.yaml")
    plain = build_document(results)
    assert "sweep" not in [s.key for s in plain.sections]
    swept = build_document(results, sweep=sweep(scenario, draws=8, seed=1, workers=1))
    assert [s.key for s in swept.sections][-2:] == ["ledger", "sweep"]


def test_report_sweep_arguments_are_checked_before_any_work(tmp_path: Path) -> None:
    korea = str(ROOT / "examples" / "korea-2019.yaml")
    out = str(tmp_path / "r.html")
    cases = [
        ([korea, "--sections", "summary,sweep", "-o", out], "the sweep section needs --sweep N"),
        ([korea, korea, "--sweep", "10"], "not to a comparison"),
        ([korea, "--sweep", "0", "-o", out], "--draws must be at least 1"),
    ]
    for args, message in cases:
        result = CliRunner().invoke(app, ["report", *args])
        assert result.exit_code == 2, result.output
        assert message in result.stderr
    assert not (tmp_path / "r.html").exists()


def test_a_refusal_in_every_draw_is_as_steady_as_an_acceptance() -> None:
    from accord.report.document._sweep import robustness_verdict

    def verdict(label: str, share: float) -> dict[str, object]:
        return {"label": label, "probability": share, "sensitivity": []}

    shares = {"refused": 0.0, "accepted": 1.0, "mostly refused": 0.2, "split": 0.35}
    data = {"draws": 20, "verdicts": [verdict(k, v) for k, v in shares.items()]}
    result = robustness_verdict(data)
    assert (
        result.head == "2 of 4 answers are the same (yes, or no) in at least 95% of the 20 draws."
    )
    assert result.reason == "Least sure: split (yes in 35.0% of the draws)."
