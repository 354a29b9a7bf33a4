"""The fixes of the newcomer's path, each pinned by its text: written dates kept (or a warning
with both dates, an error with --strict), milestone names, the substance score's verification
share, the deterrence table's budget basis, the --max-sample note, tied bargaining solutions,
section skeletons from `accord new --sections`, the scenario reference page, and hints that do
not point at files only a clone has."""

from __future__ import annotations

import ast
import itertools
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli._main import app
from accord.deal._solutions import bargaining_solutions
from accord.deal._space import build_space
from accord.phasing._analysis import analyze
from accord.scenario import load, loads
from accord.scenario._deal import Deal, Item
from accord.scenario._reference import NAMES, WORDS, reference_markdown
from accord.scenario._schema import SECTIONS, json_schema, template

ROOT = Path(__file__).resolve().parents[2]
KOREA = str(ROOT / "examples" / "korea-2019.yaml")
runner = CliRunner()

WEEKLY = """\
accord: 1
title: A ceasefire in weekly steps
parties: {gov: {name: Government}, rebels: {name: Rebels}}
deal:
  items:
    - {id: heavy_weapons, giver: rebels, value: {gov: 10, rebels: -6}}
    - {id: services, giver: gov, value: {gov: -4, rebels: 8}}
phasing:
  start: 2022-12-08
  period: week
  penalty: {gov: 5, rebels: 5}
  plan:
    - {step: Services restored, date: 2022-12-26, deliver: {gov: {services: 1}}}
    - {step: Heavy weapons handed over, date: 2022-12-29, deliver: {rebels: {heavy_weapons: 1}}}
"""

DATE_WARNING = (
    "phasing.plan[0].date: step 'Services restored' is dated 2022-12-26 but falls in period 3, "
    "which begins on 2022-12-22: the timetable keeps 2022-12-26, the analysis counts the step "
    "from 2022-12-22 (hint: date the step 2022-12-22, or use shorter periods: period: day)"
)


@pytest.fixture
def weekly(tmp_path: Path) -> Path:
    path = tmp_path / "weekly.yaml"
    path.write_text(WEEKLY, encoding="utf-8")
    return path


def test_a_written_date_is_kept_in_the_timetable(weekly: Path) -> None:
    result = runner.invoke(app, ["audit", str(weekly), "--json"])
    timetable = json.loads(result.stdout)["audits"][0]["timetable"]
    assert [(m["date"], m["period"]) for m in timetable] == [("2022-12-26", 3), ("2022-12-29", 4)]


@pytest.mark.parametrize("command", ["validate", "audit", "plan", "verify", "analyze"])
def test_a_date_inside_a_period_is_a_warning_with_both_dates(weekly: Path, command: str) -> None:
    result = runner.invoke(app, [command, str(weekly)])
    assert f"warning: {weekly}:13:39: {DATE_WARNING}" in result.output
    assert result.exit_code in (0, 1, 2)


@pytest.mark.parametrize("command", ["validate", "audit", "plan", "analyze"])
def test_strict_makes_the_warning_an_error(weekly: Path, command: str) -> None:
    result = runner.invoke(app, [command, str(weekly), "--strict"])
    assert result.exit_code == 2
    assert f"{weekly}:13:39: {DATE_WARNING}" in result.output


def test_dates_that_begin_their_periods_give_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "exact.yaml"
    path.write_text(WEEKLY.replace("2022-12-26", "2022-12-22"), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path), "--strict"])
    assert result.exit_code == 0
    assert "warning" not in result.output


def test_a_date_that_disagrees_with_its_period_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "both.yaml"
    text = WEEKLY.replace(
        "{step: Services restored, date: 2022-12-26,",
        "{step: Services restored, period: 2, date: 2022-12-26,",
    )
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", str(path)])
    assert "is dated 2022-12-26 but is given period 2, which begins on 2022-12-15" in result.output


def test_milestones_are_neutral_by_default_and_the_scenarios_choice() -> None:
    korea = analyze(load(KOREA), time_limit=20)
    assert [m.name for m in korea.timetable][:2] == ["Step 1", "Step 2"]
    jcpoa = analyze(load(ROOT / "examples" / "jcpoa-2015.yaml"), time_limit=20)
    names = [m.name for m in jcpoa.timetable]
    assert names[0] == "Adoption Day"
    assert names[-1] == "Completion Day"
    assert all(n.startswith("Implementation Day ") for n in names[1:-1])


def test_only_the_jcpoa_like_examples_name_jcpoa_milestones() -> None:
    for path in (ROOT / "examples").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "milestones:" in text:
            assert path.stem.startswith("jcpoa"), path.name


SEVEN = """\
accord: 1
title: Seven commitments, four verified
parties: {{a: {{name: A}}, b: {{name: B}}}}
deal:
  items:
{items}
phasing:
  start: 2022-01-01
  penalty: {{a: 50, b: 50}}
verification:
  means: {{inspectors: {{detection: 0.9}}}}
  verifies: {{i1: [inspectors], i2: [inspectors], i3: [inspectors], i4: [inspectors]}}
"""


def test_the_substance_score_reads_the_verification_section(tmp_path: Path) -> None:
    items = "\n".join(f"    - {{id: i{k}, giver: a, value: {{a: -1, b: 2}}}}" for k in range(1, 8))
    path = tmp_path / "seven.yaml"
    path.write_text(SEVEN.format(items=items), encoding="utf-8")
    result = analyze(load(path), time_limit=10)
    assert result.agreement.with_verification == Fraction(4, 7)
    shown = runner.invoke(app, ["plan", str(path)]).output
    assert "verification 0.57 (4 of 7)" in shown


def test_the_deterrence_table_states_its_per_period_budget() -> None:
    out = " ".join(runner.invoke(app, ["verify", KOREA]).output.split())
    assert (
        "5 of 6 commitments deterred when all are checked in the same period, sharing one "
        "period's budget (4); spent 1" in out
    )
    assert (
        "Phased plans: each delivery is checked in its own period, against what is at stake at "
        "that step, the deliveries of a period sharing the budget of 4 per period" in out
    )


def test_an_iaea_sample_over_the_cap_is_noted() -> None:
    args = ["verify", "sample-size", "--items", "10", "--falsified", "3", "--nondetection", "0.1"]
    out = runner.invoke(app, [*args, "--max-sample", "5"]).output
    assert "6 (over 5)" in out
    assert (
        "note: the IAEA formula asks for 6 items, more than --max-sample 5 allows; the exact "
        "minimum, 5, is within it" in out
    )
    data = json.loads(runner.invoke(app, [*args, "--max-sample", "5", "--json"]).stdout)
    assert (data["max_sample"], data["iaea"], data["iaea_over_max"]) == (5, 6, True)
    assert "note:" not in runner.invoke(app, [*args, "--max-sample", "6"]).output


def test_tied_bargaining_solutions_are_flagged() -> None:
    twins = Deal(
        items=[
            Item(id="x", giver="a", value={"a": -1, "b": 3}),
            Item(id="y", giver="a", value={"a": -1, "b": 3}),
            Item(id="z", giver="b", value={"a": 2, "b": -1}),
        ]
    )
    found = bargaining_solutions(build_space(twins, ["a", "b"]), ["a", "b"])
    nash = found["nash"]
    assert nash.package == {"y": 1.0, "z": 1.0}  # x or y: the smallest amounts in file order
    assert (nash.tied, nash.tied_after_tiebreak) == (2, 2)
    out = " ".join(runner.invoke(app, ["deal", KOREA, "--draws", "0"]).output.split())
    assert (
        "a tie: 2 packages reach the same sum of gains, equally good: shown, the one with the "
        "smallest amounts in item order" in out
    )


@pytest.mark.parametrize(
    "sections",
    [c for n in range(1, 5) for c in itertools.combinations(SECTIONS, n)],
    ids=lambda c: ",".join(c),
)
def test_every_choice_of_section_skeletons_validates(
    sections: tuple[str, ...], tmp_path: Path
) -> None:
    path = tmp_path / "new.yaml"
    result = runner.invoke(app, ["new", str(path), "--sections", ",".join(sections)])
    assert result.exit_code == 0, result.output
    scenario = loads(path.read_text(encoding="utf-8"))
    present = {name for name, _ in scenario.sections()}
    assert set(sections) <= present
    if {"phasing", "verification"} & set(sections) and "deal" not in sections:
        assert "deal added, for its items" in result.output


def test_every_section_skeleton_runs_its_analysis(tmp_path: Path) -> None:
    path = tmp_path / "all.yaml"
    path.write_text(template(SECTIONS), encoding="utf-8")
    for command in ("conflict", "deal", "plan", "audit", "verify"):
        result = runner.invoke(app, [command, str(path)])
        assert result.exit_code in (0, 1), (command, result.output)


def test_an_empty_scenario_points_at_the_section_skeletons(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    runner.invoke(app, ["new", str(path)])
    out = " ".join(runner.invoke(app, ["analyze", str(path)]).output.split())
    assert "sections: none yet" in out
    assert "accord new examples.yaml --sections conflict,deal,phasing,verification" in out


def test_the_reference_page_names_every_part_in_words() -> None:
    page = reference_markdown()
    assert set(json_schema()["$defs"]) <= set(NAMES) | set(WORDS) | {"Role", "PeriodUnit"}
    for leak in ("_RangeInput", "list of any", ">>>", "Sourced", "Spec"):
        assert leak not in page, leak
    assert re.search(r"(?<!`)``(?!`)", page) is None  # no reStructuredText markup
    assert "`^[a-z][a-z0-9_]*$`" in page
    for name in SECTIONS:
        assert f"```yaml\n{template([name]).split(chr(10) + chr(10))[-1].splitlines()[0]}" in page


def test_the_scenario_template_and_skeletons_name_no_clone_files() -> None:
    for text in (template(SECTIONS), reference_markdown()):
        assert "docs/" not in text
        assert "examples/" not in text


def test_no_message_points_at_a_file_only_a_clone_has() -> None:
    found = []
    for path in sorted((ROOT / "src" / "accord").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        prose = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and id(node) not in prose and _clone_path(text):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text[:60]}")
    assert found == []


def _clone_path(text: str) -> bool:
    return any(clone in text for clone in ("docs/", "examples/", "/work/", "tests/"))


def test_the_bundled_examples_cite_sources_not_internal_files() -> None:
    for path in sorted((ROOT / "examples").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for internal in ("/work/", "facts file", "facts:", "docs/", "(issue "):
            assert internal not in text, f"{path.relative_to(ROOT)} mentions {internal!r}"
