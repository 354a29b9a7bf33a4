"""Assemble the report of one scenario from its results: summary, agreement, one section per
analysis (a section the scenario lacks says so), and compliance when a ledger is given.

Examples
--------
>>> from accord.scenario import load
>>> from accord.report._results import analyze_scenario
>>> results = analyze_scenario(load("examples/elmira.yaml"), "examples/elmira.yaml")
>>> document = build_document(results)
>>> [s.key for s in document.sections]
['summary', 'agreement', 'conflict', 'deal', 'phasing', 'verification', 'ledger']
>>> document.section("deal").blocks[0].text[:37]
'The scenario has no deal: section, so'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from accord._defaults import REPORT_SECTIONS
from accord._suggest import unknown_hint
from accord.conflict._analysis import ConflictAnalysis
from accord.deal._analysis import DealAnalysis
from accord.errors import InputError
from accord.phasing._analysis import PhasingAnalysis
from accord.report._results import ScenarioResults
from accord.report.document._agreement import agreement_section
from accord.report.document._conflict import conflict_section
from accord.report.document._deal import deal_section
from accord.report.document._ledger import LedgerView, ledger_section, no_ledger_paragraph
from accord.report.document._model import Document, Paragraph, Section
from accord.report.document._phasing import phasing_section
from accord.report.document._summary import missing_text, summary_section
from accord.report.document._sweep import sweep_section
from accord.report.document._text import TITLES
from accord.report.document._verification import verification_section
from accord.scenario import Scenario
from accord.sweep._aggregate import SweepResult
from accord.verification._analysis import VerificationReport

SECTIONS = REPORT_SECTIONS
"""The report's sections, in order (:data:`accord._defaults.REPORT_SECTIONS`)."""


def check_sections(chosen: Sequence[str]) -> list[str]:
    """The sections asked for, in report order; ``InputError`` names an unknown one."""
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        raise InputError(
            f"unknown section '{unknown[0]}'", unknown_hint(unknown[0], SECTIONS, "sections")
        )
    return [s for s in SECTIONS if s in chosen]


def build_document(
    results: ScenarioResults,
    ledger: LedgerView | None = None,
    sections: Sequence[str] = SECTIONS,
    sweep: SweepResult | None = None,
) -> Document:
    """The report of ``results`` with the ``sections`` asked for (the robustness section when
    ``sweep`` is given)."""
    builders: dict[str, Callable[[], Section]] = {
        "summary": lambda: summary_section(results, ledger),
        "agreement": lambda: agreement_section(results),
        "conflict": lambda: _analysis(results, "conflict"),
        "deal": lambda: _analysis(results, "deal"),
        "phasing": lambda: _analysis(results, "phasing"),
        "verification": lambda: _analysis(results, "verification"),
        "ledger": lambda: (
            ledger_section(ledger)
            if ledger is not None
            else Section("ledger", TITLES["ledger"], (no_ledger_paragraph(),))
        ),
    }
    if sweep is not None:
        builders["sweep"] = lambda: sweep_section(sweep)
    scenario = results.scenario
    notes = (
        f"Scenario: {results.file}.",
        "Analyses at their commands' defaults (Monte Carlo: 10,000 draws, seed 2019).",
    )
    return Document(
        scenario.title,
        "Agreement report",
        tuple(builders[key]() for key in check_sections(sections) if key in builders),
        notes,
    )


def _analysis(results: ScenarioResults, key: str) -> Section:
    if key in results.problems:
        why = f"The {key} analysis could not be carried out: {results.problems[key]}."
        return Section(key, TITLES[key], (Paragraph(why),))
    return analysis_section(results.scenario, key, getattr(results, key))


def analysis_section(scenario: Scenario, key: str, result: object) -> Section:
    """The section of one analysis from its result (``None``: the scenario lacks it)."""
    if isinstance(result, ConflictAnalysis):
        return conflict_section(result)
    if isinstance(result, DealAnalysis) and scenario.deal is not None:
        return deal_section(result, scenario.deal)
    if isinstance(result, PhasingAnalysis):
        return phasing_section(result)
    if isinstance(result, VerificationReport):
        return verification_section(result)
    return Section(key, TITLES[key], (Paragraph(missing_text(key)),))
