"""The agreement report: every section, every commitment as an article, every table row, the
summary numbers in the PDF's text, no external URL, and a clear word for what is missing."""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli._main import app
from accord.report._results import ScenarioResults, analyze_scenario
from accord.report.document._build import SECTIONS, build_document
from accord.report.document._html import to_html
from accord.report.document._model import Article, Document, Section, Table
from accord.report.document._output import render
from accord.scenario import load

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


@cache
def results(name: str) -> ScenarioResults:
    return analyze_scenario(load(ROOT / "examples" / f"{name}.yaml"), f"examples/{name}.yaml")


@cache
def korea() -> tuple[Document, str, bytes]:
    """The korea-2019 report: its document, its HTML and its PDF."""
    document = build_document(results("korea-2019"))
    out = render(document, ["html", "pdf"])
    return document, out["html"].decode("utf-8"), out["pdf"]


def main_part(page: str) -> str:
    """The content of the page, without the inlined libraries."""
    return page[page.index("<main>") : page.index("</main>")]


def tables(blocks: tuple[object, ...]) -> list[Table]:
    found: list[Table] = []
    for block in blocks:
        if isinstance(block, Section):
            found += tables(block.blocks)
        elif isinstance(block, Table):
            found.append(block)
    return found


def articles(document: Document) -> list[Article]:
    return [b for b in document.section("agreement").blocks if isinstance(b, Article)]


def test_the_korea_report_has_every_section_in_both_formats(
    pdftotext: Callable[[bytes], str],
) -> None:
    document, page, pdf = korea()
    text = pdftotext(pdf)
    no_sweep_run = [key for key in SECTIONS if key != "sweep"]  # only with --sweep N
    assert [s.key for s in document.sections] == no_sweep_run
    for section in document.sections:
        assert f'id="section-{section.key}"' in page
        assert " ".join(section.title.split()[:3]) in " ".join(text.split())


def test_every_commitment_of_the_package_is_an_article(
    pdftotext: Callable[[bytes], str],
) -> None:
    document, page, pdf = korea()
    text = pdftotext(pdf)
    scenario = results("korea-2019").scenario
    assert scenario.phasing is not None
    package = scenario.phasing.package
    assert isinstance(package, dict)
    titled = {a.title.rsplit(" (", 1)[1][:-1] for a in articles(document) if a.title.endswith(")")}
    assert set(package) <= titled
    flat = " ".join(text.split())
    for article in articles(document):
        assert f"Article {article.number}." in page
        assert f"Article {article.number}." in flat
    yongbyon = next(a for a in articles(document) if a.title.endswith("(yongbyon)"))
    clauses = " ".join(yongbyon.clauses)
    assert "North Korea (DPRK) shall deliver" in clauses
    phasing = results("korea-2019").phasing
    assert phasing is not None
    (when,) = [
        m
        for m in phasing.to_dict()["plan"]["timetable"]
        if "yongbyon" in m["deliveries"].get("dprk", {})
    ]
    assert f"by {when['name']} ({when['date']})" in clauses
    assert "detects cheating with probability 30% against the 16.7% needed" in clauses
    assert "bears a defection penalty of 3 points" in clauses


def test_every_table_row_is_in_the_html() -> None:
    document, page, _ = korea()
    expected = sum(len(t.rows) + 1 for s in document.sections for t in tables(s.blocks))
    assert main_part(page).count("<tr>") == expected
    frontier = next(t for t in tables(document.section("deal").blocks) if "frontier" in t.caption)
    assert len(frontier.rows) == 19  # every frontier point, none cut
    stability = next(
        t for t in tables(document.section("conflict").blocks) if "Every state" in t.caption
    )
    assert len(stability.rows) == 64
    # nothing cut with "..." (the one in the text is the scenario's own option label)
    assert "..." not in main_part(page).replace("sanctions (2270 ... 2397)", "")


def test_the_pdf_holds_the_summary_numbers(pdftotext: Callable[[bytes], str]) -> None:
    text = pdftotext(korea()[2])
    phasing = results("korea-2019").phasing
    assert phasing is not None
    plan = phasing.to_dict()["plan"]
    periods, steps = plan["values"]["last_period"], plan["values"]["steps"]
    exposure, score = plan["values"]["max_exposure"], plan["substance"]["score"]
    flat = " ".join(text.split())
    for number in (
        "28,248 of the 1,048,576 packages",
        f"takes {periods:g} periods in {steps:g} steps",
        f"largest exposure {exposure:g}",
        "5 of 6 commitments are deterred",
        f"Substance score {score:.2f}",
        "gives us 20 and dprk 19",
        "incomplete with probability 90%",
    ):
        assert number in flat, number


def test_the_html_loads_nothing_from_outside() -> None:
    _, page, _ = korea()
    assert not re.search(r"<script[^>]*\bsrc\b", page)  # every script is inline
    markup = re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S)
    assert not re.search(r"\b(?:src|href)\s*=\s*[\"'](?!#)", markup)
    assert "<link" not in markup
    assert "@import" not in markup
    assert not re.search(r"url\((?!['\"]?#)", markup)
    specs = re.findall(r'<script type="application/json" class="accord-spec">(.*?)</script>', page)
    assert len(specs) == 16
    assert not any('"url"' in spec for spec in specs)


def test_every_figure_is_inline_with_its_static_picture() -> None:
    document, page, _ = korea()
    drawn = [f for f in document.figures() if f.spec is not None]
    assert len(drawn) == 16
    for figure in drawn:
        start = page.index(f'id="figure-{figure.key}"')
        assert page.index("<svg", start) < page.index('class="accord-spec"', start)


def test_a_scenario_without_sections_says_so() -> None:
    document = build_document(results("singapore-2018"))
    page = to_html(document, {}, interactive=False)
    for missing in ("conflict", "verification"):
        assert f"The scenario has no {missing}: section" in page
    summary = " ".join(b.reason for b in document.section("summary").blocks if hasattr(b, "reason"))
    assert "no conflict: section" in summary
    assert "No ledger was given" in summary
    elmira = build_document(results("elmira"))
    assert "has no deal: section, so there is no package" in to_html(elmira, {}, interactive=False)


def test_sections_can_be_chosen_and_unknown_ones_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "elmira.html"
    result = runner.invoke(
        app,
        [
            "report",
            "examples/elmira.yaml",
            "-o",
            str(out),
            "--sections",
            "conflict,summary",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert list(payload)[:2] == ["accord", "kind"]
    assert payload["kind"] == "report"
    assert payload["sections"] == ["summary", "conflict"]
    assert payload["files"] == [{"path": str(out), "format": "html", "bytes": out.stat().st_size}]
    bad = runner.invoke(
        app,
        ["report", "examples/elmira.yaml", "-o", str(tmp_path / "x.html"), "--sections", "conflct"],
    )
    assert bad.exit_code == 2
    assert "unknown section 'conflct'" in bad.output
    assert "did you mean 'conflict'?" in bad.output


def test_nothing_is_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "mine.html"
    out.write_text("a page the user wrote", encoding="utf-8")
    refused = runner.invoke(app, ["report", "examples/chicken.yaml", "-o", str(out)])
    assert refused.exit_code == 2
    assert "already exists; nothing was written" in refused.output
    assert out.read_text(encoding="utf-8") == "a page the user wrote"
    wrong = runner.invoke(app, ["report", "examples/chicken.yaml", "-o", str(tmp_path / "r.docx")])
    assert wrong.exit_code == 2
    assert "name the file .html or .pdf" in wrong.output
    forced = runner.invoke(app, ["report", "examples/chicken.yaml", "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_a_written_report_gets_the_mode_of_a_new_file(tmp_path: Path) -> None:
    out = tmp_path / "handed-on.html"
    umask = os.umask(0o022)
    try:
        result = runner.invoke(app, ["report", "examples/chicken.yaml", "-o", str(out)])
    finally:
        os.umask(umask)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == 0o644  # not mkstemp's owner-only 0o600


def test_analyze_html_is_an_alias_of_report(tmp_path: Path) -> None:
    out = tmp_path / "alias.html"
    result = runner.invoke(app, ["analyze", "examples/elmira.yaml", "--html", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert 'id="section-agreement"' in page
    assert "Summary: the five answers" in page


def test_a_ledger_export_adds_the_compliance_section(tmp_path: Path) -> None:
    from accord.ledger._audit import build_export
    from accord.ledger._demo import Cast, jcpoa_story

    cast = Cast()
    export = build_export(
        cast.ledger, [cast.members["registrar"].participant], jcpoa_story(cast), [], []
    )
    (tmp_path / "export.json").write_text(json.dumps(export), encoding="utf-8")
    out = tmp_path / "ledger.html"
    args = [
        "report",
        "examples/jcpoa-2015.yaml",
        "-o",
        str(out),
        "--sections",
        "summary,ledger",
        "--ledger",
        str(tmp_path / "export.json"),
        "--as-of",
        "2016-03-01",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "The log verifies" in page
    assert "1 claimed, 2 verified, 3 overdue" in page
    assert 'id="figure-ledger-status"' in page
    tampered = [*args[:3], str(tmp_path / "t.html"), *args[4:]]
    tampered[tampered.index(str(tmp_path / "export.json"))] = (
        "examples/ledger/jcpoa-demo-export-tampered.json"
    )
    result = runner.invoke(app, tampered)
    assert result.exit_code == 0, result.output
    assert "The log does NOT verify" in (tmp_path / "t.html").read_text(encoding="utf-8")


def test_several_files_are_compared_side_by_side(tmp_path: Path) -> None:
    out = tmp_path / "compare.html"
    files = ["examples/elmira.yaml", "examples/chicken.yaml", "examples/singapore-2018.yaml"]
    result = runner.invoke(app, ["report", *files, "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "The variants compared" in page
    for name in ("elmira", "chicken", "singapore-2018"):
        assert f'<th scope="col">{name}</th>' in page
        assert f"Variant {name}:" in page


def test_the_variants_page_shows_the_comparison_as_the_command_makes_it() -> None:
    from accord.report.document._compare import measures_table

    page = (ROOT / "docs" / "how-to" / "compare-korea-variants.md").read_text(encoding="utf-8")
    names = ("korea-2019", "korea-2019-action-for-action", "korea-2019-arms-control")
    table = measures_table([results(n) for n in names])
    lines = ["| " + " | ".join(table.header) + " |", "|" + "---|" * len(table.header)]
    lines += ["| " + " | ".join(row) + " |" for row in table.rows]
    assert "\n".join(lines) in page


def test_the_python_example_of_the_report_page_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    page = (ROOT / "docs" / "how-to" / "report.md").read_text(encoding="utf-8")
    (code,) = re.findall(r"```python\n(.*?)```", page, flags=re.S)
    namespace: dict[str, object] = {}
    monkeypatch.chdir(ROOT / "examples")  # where `accord example korea-2019` puts the file
    exec(compile(code, "docs/how-to/report.md", "exec"), namespace)
    assert str(namespace["svg"]).startswith("<svg")


def test_the_committed_korea_pdf_is_what_the_report_command_writes(
    pdftotext: Callable[[bytes], str],
) -> None:
    committed = (ROOT / "docs" / "korea-2019-report.pdf").read_bytes()
    assert pdftotext(committed) == pdftotext(korea()[2]), (
        "docs/korea-2019-report.pdf is out of date: regenerate it with "
        "`accord report examples/korea-2019.yaml -o docs/korea-2019-report.pdf --force`"
    )
    assert "docs/korea-2019-report.pdf" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_million_state_conflict_gets_its_tables_summarised(tmp_path: Path) -> None:
    out = tmp_path / "million.html"
    args = [
        "report",
        "benchmarks/conflict-million.yaml",
        "--max-states",
        "1048576",
        "-o",
        str(out),
        "--sections",
        "summary,conflict",
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    body = main_part(page)
    assert "917,504 states" in body
    assert "so they are summarised above" in body
    assert body.count("<tr>") < 2_200  # not 10^6 rows: at most 2,048 paths, and counts
    assert "paths in all: the 2,048 with the fewest steps are listed" in body
    assert (
        "Not drawn: the status quo graph is drawn for models of up to 64 states; this one has "
        "917,504" in body
    )
    assert len(page) < 3_000_000


def test_the_report_says_what_the_snapback_adds_without_denying_it_exists() -> None:
    """Issue 13, in the agreement document as in the terminal: the JCPOA's UN resolutions are
    reversible, so the line is about a counterfactual plan, not "with nothing reversible"."""
    page = to_html(build_document(results("jcpoa-2015")), {}, interactive=False)
    assert "Without the snapback (if nothing were reversible), the plan would be unsafe." in page
    assert "With nothing reversible" not in page
