"""The sweep's figures draw exactly what its JSON says, and render."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.errors import FigureUnavailable
from accord.figures import _sweep as figures
from accord.figures import render
from accord.figures._spec import WRAP, wrapped_bands
from accord.scenario import load
from accord.sweep import SweepResult, sweep

SMALL = Path(__file__).resolve().parents[2] / "tests" / "data" / "sweep" / "small.yaml"


@pytest.fixture(scope="module")
def result() -> SweepResult:
    return sweep(load(SMALL), draws=30, seed=3, questions=["deal", "plan"], workers=1)


def test_verdicts_are_the_jsons_probabilities_and_intervals(result: SweepResult) -> None:
    data = result.to_dict()["verdicts"]
    rows = figures.verdicts(result)["datasets"]["verdicts"]
    assert [(r["id"], r["probability"], r["low"], r["high"]) for r in rows] == [
        (v["id"], v["probability"], v["low"], v["high"]) for v in data
    ]


def test_sensitivity_draws_the_chosen_verdicts_ranking(result: SweepResult) -> None:
    spec = figures.sensitivity(result, "plan.exists")
    expected = next(v for v in result.to_dict()["verdicts"] if v["id"] == "plan.exists")
    assert [r["swing"] for r in spec["datasets"]["sensitivity"]] == [
        s["swing"] for s in expected["sensitivity"]
    ]
    with pytest.raises(FigureUnavailable, match="no estimate moves it"):
        figures.sensitivity(result, "plan.plan.safe")  # never safe: nothing flips it


def test_margins_are_the_jsons_quantiles(result: SweepResult) -> None:
    margins = result.to_dict()["margins"]
    rows = figures.margins(result)["datasets"]["margins"]
    for row in rows:
        m = margins[f"plan.{row['plan']}.{row['party']}"]
        assert (row["min"], row["median"]) == (m["min"], m["quantiles"]["0.5"])
    assert len(rows) == len(margins)


def test_long_labels_wrap_instead_of_being_cut(result: SweepResult) -> None:
    """A verdict longer than the axis' label limit is drawn on several lines, whole."""
    long = "a safe plan exists (planned afresh for the drawn values)"
    rows = [{"label": long}, {"label": "short"}]
    y, height = wrapped_bands(rows, "label", "lines")
    assert rows[0]["lines"].split("\n") == [
        "a safe plan exists (planned afresh for",
        "the drawn values)",
    ]
    assert y["axis"]["labelExpr"] == "split(datum.label, '\\n')"
    assert height["step"] > wrapped_bands([{"label": "short"}], "label", "lines")[1]["step"]
    for spec in (figures.verdicts(result), figures.margins(result)):
        shown = next(iter(spec["datasets"].values()))
        for row in shown:
            assert all(len(line) <= WRAP for line in row["lines"].split("\n"))
            assert row["lines"].replace("\n", " ") == row.get("label", row.get("row"))


def test_every_figure_renders(result: SweepResult) -> None:
    for spec in (figures.verdicts(result), figures.sensitivity(result), figures.margins(result)):
        assert render.to_svg(spec).startswith("<svg")


def test_the_results_tables_and_summary_come_from_its_json(result: SweepResult) -> None:
    data = result.to_dict()
    assert result.table_names() == ("verdicts", "margins", "solutions", "parameters")
    rows = result.to_rows("verdicts")
    assert [(r["id"], r["probability"], r["low"]) for r in rows] == [
        (v["id"], v["probability"], v["low"]) for v in data["verdicts"]
    ]
    assert repr(result) == "<SweepResult: 30 of 30 draws of 5 uncertain numbers, seed 3.>"
    zone = next(v for v in data["verdicts"] if v["id"] == "deal.zone")
    assert f"'a zone of agreement exists' holds in {zone['probability']:.0%}" in result.summary()
    assert result._repr_html_().count("<svg") == 3
