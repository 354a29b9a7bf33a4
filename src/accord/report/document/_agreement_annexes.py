"""The draft agreement's annexes: A the timetable (JCPOA-style milestone days), B verification,
C the sources.

Examples
--------
>>> from accord.scenario import load
>>> scenario = load("examples/singapore-2018.yaml")
>>> timetable_annex(scenario, []).blocks[0].text
'No timetable.'
>>> sources_annex(scenario).blocks[0].caption
'Sources cited by the scenario'
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from accord.report._results import ScenarioResults
from accord.report.document._model import Block, Paragraph, Section, Table
from accord.report.document._text import DASH, delivered, num, pct
from accord.scenario import Scenario


def party_name(scenario: Scenario, pid: str) -> str:
    """The party's name (its id if the scenario has no such party)."""
    party = scenario.parties.get(pid)
    return party.name if party is not None else pid


def timetable_annex(scenario: Scenario, timetable: list[dict[str, Any]]) -> Section:
    """Annex A: each milestone's deliveries, JCPOA-style (day 0 = signature)."""
    if not timetable or scenario.phasing is None:
        return Section(
            "annex-timetable", "Annex A. Timetable", (Paragraph("No timetable."),), False
        )
    start = scenario.phasing.start
    rows = []
    for m in timetable:
        day = (dt.date.fromisoformat(m["date"]) - start).days
        for party, items in m["deliveries"].items() or [(DASH, {})]:
            what = ", ".join(delivered(i, a) for i, a in items.items()) or "nothing delivered"
            rows.append(
                (
                    m["name"],
                    m["date"],
                    f"day {day}",
                    str(m["period"]),
                    party_name(scenario, party),
                    what,
                )
            )
    table = Table(
        "Milestones and deliveries (day 0 = signature)",
        ("milestone", "date", "day", "period", "who delivers", "what (item × amount)"),
        tuple(rows),
        (False, False, True, True),
    )
    return Section("annex-timetable", "Annex A. Timetable", (table,), False)


def verification_annex(results: ScenarioResults) -> Section:
    """Annex B: how each commitment is verified, the means, the declarations."""
    report = results.verification
    if report is None:
        return Section(
            "annex-verification",
            "Annex B. Verification",
            (Paragraph("The scenario has no verification: section."),),
            False,
        )
    data: Any = report.to_dict()
    rows = tuple(
        (
            p["item"],
            p["giver"],
            p["verification"] or DASH,
            pct(p["detection"]),
            pct(p["required_detection"]),
            "yes" if p["deterred"] else "no",
            str(p["lag"]),
        )
        for p in data["plans"]
    )
    blocks: list[Block | Section] = [
        Table(
            "Verification of each commitment",
            (
                "commitment",
                "giver",
                "means and uses per period",
                "detection",
                "needed",
                "deterred",
                "lag (periods)",
            ),
            rows,
            (False, False, False, True, True, False, True),
        )
    ]
    means = tuple(
        (m, s["label"], pct(s["detection"]), num(s["cost"])) for m, s in data["means"].items()
    )
    blocks.append(
        Table(
            "Means of verification",
            ("means", "who and how", "detection per use", "cost"),
            means,
            (False, False, True, True),
        )
    )
    for d in data["declarations"]:
        blocks.append(
            Paragraph(
                f"Declaration of {d['declaration']}: {num(d['declared'])} declared; {d['reason']}."
            )
        )
    return Section("annex-verification", "Annex B. Verification", tuple(blocks), False)


def sources_annex(scenario: Scenario) -> Section:
    """Annex C: the sources the scenario cites."""
    if not scenario.sources:
        return Section(
            "annex-sources",
            "Annex C. Sources",
            (Paragraph("The scenario cites no sources."),),
            False,
        )
    rows = tuple((s.id, s.cite, s.url or DASH) for s in scenario.sources)
    return Section(
        "annex-sources",
        "Annex C. Sources",
        (Table("Sources cited by the scenario", ("id", "citation", "where"), rows),),
        False,
    )
