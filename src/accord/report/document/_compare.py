"""A comparison of variants of one case: one table of the measures that differ, overlaid
figures, then each variant's five answers.

Examples
--------
>>> from accord.scenario import load
>>> from accord.report._results import analyze_scenario
>>> results = [analyze_scenario(load(f"examples/{n}.yaml"), f"examples/{n}.yaml")
...            for n in ("elmira", "chicken")]
>>> document = build_comparison(results)
>>> document.sections[0].blocks[1].header
('measure', 'elmira', 'chicken')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePath

from accord.figures import compare as figures
from accord.figures.conflict import concept_name
from accord.report._results import ScenarioResults
from accord.report.document._conflict import state_words
from accord.report.document._model import Block, Document, Paragraph, Section, Table
from accord.report.document._summary import summary_section
from accord.report.document._text import DASH, figure, num, pct, words

Measure = Callable[[ScenarioResults], str]


def label_of(results: ScenarioResults) -> str:
    """The variant's short name: its file name without ``.yaml``."""
    return PurePath(results.file).stem


def build_comparison(variants: Sequence[ScenarioResults]) -> Document:
    """The comparison document of ``variants`` (two or more)."""
    labels = [label_of(r) for r in variants]
    deals = [
        (label_of(r), r.deal) for r in variants if r.deal is not None and r.deal.zone is not None
    ]
    plans = [(label_of(r), r.phasing) for r in variants if r.phasing is not None]
    blocks: list[Block | Section] = [
        Paragraph(
            f"{len(variants)} variants side by side: {words(labels)}. A dash means the variant "
            "has no such section; each variant's own report has the detail."
        ),
        measures_table(variants),
        figure("compare-frontiers", "Frontiers.", lambda: figures.frontiers(deals)),
        figure("compare-exposure", "Exposure.", lambda: figures.exposures(plans)),
        figure(
            "compare-scores",
            "Scores.",
            lambda: figures.scores([(label_of(r), r.phasing, r.verification) for r in variants]),
        ),
    ]
    sections = [Section("comparison", "Comparison", tuple(blocks), page_break=False)]
    for k, results in enumerate(variants, start=1):
        summary = summary_section(results, None)
        sections.append(
            Section(
                f"variant-{k}",
                f"Variant {label_of(results)}: {results.scenario.title}",
                summary.blocks,
            )
        )
    return Document(
        "Comparison: " + " / ".join(labels),
        "Comparison report",
        tuple(sections),
        tuple(f"Variant {label_of(r)}: {r.file}." for r in variants),
    )


def measures_table(variants: Sequence[ScenarioResults]) -> Table:
    """One row per measure, one column per variant."""
    rows = tuple((name, *(measure(r) for r in variants)) for name, measure in MEASURES)
    return Table("The variants compared", ("measure", *(label_of(r) for r in variants)), rows)


def _status_quo(r: ScenarioResults) -> str:
    c = r.conflict
    if c is None or c.status_quo is None:
        return DASH
    from accord.conflict._status_quo import equilibrium_concepts

    under = equilibrium_concepts(c.result, c.status_quo.state)
    return f"state {c.status_quo.state + 1}: " + (
        f"equilibrium under {words([concept_name(x) for x in under])}"
        if under
        else "not an equilibrium"
    )


def _joint(r: ScenarioResults) -> str:
    c = r.conflict
    if c is None or c.status_quo is None:
        return DASH
    targets = [str(t + 1) for t in sorted(c.status_quo.coalition.paths) if t != c.status_quo.state]
    return state_words(targets)


def _zone(r: ScenarioResults) -> str:
    d = r.deal
    if d is None or d.zone is None:
        return DASH
    count = d.zone.acceptable_packages
    text = "yes" if d.zone.exists else "no"
    return text + (f" ({count:,} of {d.zone.packages:,} packages)" if count is not None else "")


def _p_zone(r: ScenarioResults) -> str:
    u = r.deal.uncertainty if r.deal is not None else None
    return DASH if u is None else pct(u["zone_probability"])


def _nash(r: ScenarioResults) -> str:
    d = r.deal
    nash = d.solutions.get("nash") if d is not None else None
    if nash is None:
        return DASH
    gains = ", ".join(f"{p} {num(g)}" for p, g in nash.gains.items())
    return f"{len(nash.package)} items; gains {gains}"


def _plan(r: ScenarioResults) -> str:
    p = r.phasing
    if p is None:
        return DASH
    if p.result.plan is None:
        return f"no safe plan ({p.result.status})"
    v = p.result.values
    return f"{num(v['last_period'])} periods, {num(v['steps'])} steps"


def _exposure(r: ScenarioResults) -> str:
    p = r.phasing
    if p is None or p.result.plan is None:
        return DASH
    return num(p.result.values["max_exposure"])


def _written(r: ScenarioResults) -> str:
    p = r.phasing
    if p is None or not p.audits:
        return DASH
    safe = sum(a.audit.safe for a in p.audits)
    return f"{safe} of {len(p.audits)} safe"


def _deterred(r: ScenarioResults) -> str:
    v = r.verification
    if v is None:
        return DASH
    return f"{v.allocation.deterred} of {len(v.allocation.plans)}"


def _substance(r: ScenarioResults) -> str:
    p = r.phasing
    if p is None:
        return DASH
    planned = f"; planned {float(p.substance.score):.2f}" if p.substance is not None else ""
    return f"{float(p.agreement.score):.2f} as written{planned}"


MEASURES: tuple[tuple[str, Measure], ...] = (
    ("sections", lambda r: ", ".join(r.present) or DASH),
    ("status quo", _status_quo),
    ("equilibria reachable by joint moves", _joint),
    ("zone of agreement", _zone),
    ("P(a zone exists)", _p_zone),
    ("Nash package", _nash),
    ("planned plan", _plan),
    ("largest exposure of the planned plan", _exposure),
    ("written plans", _written),
    ("commitments deterred", _deterred),
    ("substance score", _substance),
)
"""The measures compared, in order: what the issue names (zone, chosen package, plan length
and largest exposure, deterrence, substance) and where the conflict stands."""
