"""The agreement text: articles generated from the chosen package and plan, then its annexes.

The package is the ``phasing:`` section's (else the Nash package of ``deal:``); the plan is the
planner's safe plan (else the section's written ``plan:``). Each commitment becomes an article:
who delivers what and how much, by which milestone and date, how it is verified and by whom,
and what happens on a violation (snapback, penalty, escrow). Milestone names are the plan's
(the scenario's own where it names them). Annexes: the timetable with JCPOA-style milestone
days, the verification annex, the sources (in ``agreement_annexes``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from accord.errors import AccordError
from accord.phasing._adapter import problem_from_scenario
from accord.phasing._model import PhasingItem
from accord.report._results import ScenarioResults
from accord.report.document._agreement_annexes import (
    party_name,
    sources_annex,
    timetable_annex,
    verification_annex,
)
from accord.report.document._model import Article, Block, Paragraph, Section
from accord.report.document._text import num, pct, plural, words
from accord.scenario import Scenario


@dataclass(frozen=True)
class Commitment:
    """One commitment of the agreement: an item of the package, with its schedule."""

    item: str
    giver: str
    amount: Fraction
    label: str
    deliveries: list[tuple[str, str, float]] = field(default_factory=list)
    """``(milestone, date, amount)`` in the chosen plan."""
    phasing: PhasingItem | None = None


def agreement_section(results: ScenarioResults) -> Section:
    """The agreement text and its annexes (or why there is none)."""
    scenario = results.scenario
    commitments, plan_name = _commitments(results)
    if not commitments:
        why = (
            "The scenario has no deal: section, so there is no package to write as an agreement."
            if scenario.deal is None
            else "The deal has no package to write as an agreement (no phasing: package and no "
            "bargaining solution)."
        )
        return Section("agreement", "Draft agreement", (Paragraph(why),))
    timetable = _timetable(results)
    articles: list[Block | Section] = [
        Paragraph(
            f"Generated from {plan_name}. Every number below comes from the analyses of this "
            "report; it is a draft for negotiators, not a legal text."
        ),
        _parties_article(scenario),
        _definitions_article(scenario, timetable),
    ]
    number = 3
    package = {c.item for c in commitments}
    for giver in dict.fromkeys(c.giver for c in commitments):
        for c in (c for c in commitments if c.giver == giver):
            articles.append(_commitment_article(str(number), c, results, package))
            number += 1
    articles += _closing_articles(number, scenario, bool(timetable))
    annexes = [
        timetable_annex(scenario, timetable),
        verification_annex(results),
        sources_annex(scenario),
    ]
    return Section("agreement", "Draft agreement", (*articles, *annexes))


def _timetable(results: ScenarioResults) -> list[dict[str, Any]]:
    """The chosen plan's timetable (JSON form): the planned one, else the written ``plan``."""
    phasing = results.phasing
    if phasing is None:
        return []
    if phasing.timetable:
        return [m.to_dict() for m in phasing.timetable]
    written = next((a for a in phasing.audits if a.name == "plan"), None)
    return [] if written is None else [m.to_dict() for m in written.timetable]


def _commitments(results: ScenarioResults) -> tuple[list[Commitment], str]:
    scenario = results.scenario
    deal = scenario.deal
    if deal is None:
        return [], ""
    timetable = _timetable(results)
    schedule: dict[str, list[tuple[str, str, float]]] = {}
    for m in timetable:
        for items in m["deliveries"].values():
            for item, amount in items.items():
                schedule.setdefault(item, []).append((m["name"], m["date"], amount))
    if scenario.phasing is not None:
        try:
            problem = problem_from_scenario(scenario)
        except AccordError:
            problem = None
        if problem is not None:
            plan = (
                "the planned (safe) plan"
                if results.phasing and results.phasing.timetable
                else ("the plan written in the scenario" if timetable else "the package (no plan)")
            )
            label = (
                results.phasing.package
                if results.phasing and results.phasing.package
                else "the phasing package"
            )
            found = [
                Commitment(
                    i.id,
                    i.giver,
                    i.amount,
                    deal.item(i.id).label or i.id,
                    schedule.get(i.id, []),
                    i,
                )
                for i in problem.items
            ]
            return found, f"{label} and {plan}"
    nash = results.deal.solutions.get("nash") if results.deal is not None else None
    if nash is None:
        return [], ""
    found = [
        Commitment(
            item,
            deal.item(item).giver,
            Fraction(amount).limit_denominator(10**9),
            deal.item(item).label or item,
        )
        for item, amount in nash.package.items()
    ]
    return found, "the Nash package of the deal analysis (no phasing: section, so no timetable)"


def _parties_article(scenario: Scenario) -> Article:
    parties = [
        f"{p.name} ({pid})" for pid, p in scenario.parties.items() if p.role.value == "party"
    ]
    others = [f"{p.name} ({pid})" for pid, p in scenario.parties.items() if p.role.value != "party"]
    clauses = [f"The Parties to this agreement are {words(parties)}."]
    if others:
        clauses.append(
            f"{words(others)} {'is a stakeholder' if len(others) == 1 else 'are stakeholders'}: "
            "the agreement was drawn up so that it leaves them no worse off than no agreement."
        )
    clauses.append(f"Subject: {scenario.title}.")
    return Article("1", "Parties", tuple(clauses))


def _definitions_article(scenario: Scenario, timetable: list[dict[str, Any]]) -> Article:
    clauses = []
    phasing = scenario.phasing
    if phasing is not None:
        clauses.append(
            f"“Period”: one {phasing.period.value}; period 1 begins on the date of signature, "
            f"{phasing.start.isoformat()}."
        )
    for m in timetable:
        clauses.append(f"“{m['name']}”: {m['date']} (period {m['period']}).")
    clauses.append(
        "“Verified”: confirmed by the means of verification named in the commitment's article "
        "and in Annex B; a delivery counts when it is verified."
    )
    clauses.append(
        "“Snapback”: the taking back, by a Party, of a reversible delivery it made, when the "
        "other Party fails to carry out its commitments."
    )
    return Article("2", "Definitions", tuple(clauses))


def _commitment_article(
    number: str, c: Commitment, results: ScenarioResults, package: set[str]
) -> Article:
    scenario = results.scenario
    assert scenario.deal is not None
    item = scenario.deal.item(c.item)
    spec = scenario.phasing.items.get(c.item) if scenario.phasing is not None else None
    if item.unit:
        how_much = f" ({num(c.amount)} {item.unit})"
    elif spec is not None and spec.measure:
        how_much = f" ({spec.measure})"
    else:
        how_much = "" if c.amount == 1 else f" (amount {num(c.amount)})"
    clauses = [f"{party_name(scenario, c.giver)} shall deliver: {c.label}{how_much}."]
    if c.deliveries:
        whole = len(c.deliveries) == 1 and c.deliveries[0][2] == c.amount and not item.unit
        when = "; ".join(
            f"{'in full' if whole else _quantity(a, item.unit)} by {name} ({date})"
            for name, date, a in c.deliveries
        )
        clauses.append(f"Schedule: {when}.")
    else:
        clauses.append("Schedule: none agreed (the plan does not schedule this commitment).")
    clauses.append(_verification_clause(c, results))
    clauses.append(_violation_clause(c, results, package))
    return Article(number, f"{c.label} ({c.item})", tuple(clauses))


def _quantity(amount: float, unit: str | None) -> str:
    """``1,000 centrifuges``, or the bare number when the item has no unit."""
    return f"{num(amount)} {unit}" if unit else num(amount)


def _verification_clause(c: Commitment, results: ScenarioResults) -> str:
    scenario = results.scenario
    spec = scenario.phasing.items.get(c.item) if scenario.phasing is not None else None
    parts = []
    if spec is not None and spec.verification:
        parts.append(f"Verification: {spec.verification}")
    if c.phasing is not None and c.phasing.verify_lag:
        parts.append(
            "the other Parties can verify a delivery "
            f"{plural(c.phasing.verify_lag, 'period')} after it"
        )
    section = scenario.verification
    if section is not None and c.item in section.verifies:
        means = [f"{section.means[m].label or m} ({m})" for m in section.verifies[c.item]]
        parts.append(f"means of verification: {words(means)}")
        plan = _verification_plan(results, c.item)
        if plan is not None:
            verdict = "deters cheating" if plan["deterred"] else "does NOT deter cheating"
            parts.append(
                f"the planned use, {plan['verification'] or 'none'}, detects cheating with "
                f"probability {pct(plan['detection'])} against the "
                f"{pct(plan['required_detection'])} "
                f"needed, so it {verdict}"
            )
    if not parts:
        return "Verification: no means of verification is named for this commitment."
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def _verification_plan(results: ScenarioResults, item: str) -> dict[str, Any] | None:
    if results.verification is None:
        return None
    plans: Any = results.verification.to_dict()["plans"]
    return next((p for p in plans if p["item"] == item), None)


def _violation_clause(c: Commitment, results: ScenarioResults, package: set[str]) -> str:
    scenario = results.scenario
    phasing = scenario.phasing
    parts = []
    if phasing is not None:
        reversible = [
            f"{i} ({pct(spec.reversible.recover.mode)} {_within(spec.reversible.lag)})"
            for i, spec in phasing.items.items()
            if spec.reversible is not None
            and _giver(scenario, i) not in (None, c.giver)
            and i in package
        ]
        if reversible:
            parts.append(
                "the other Parties may stop their deliveries and take back (snapback) "
                + words(reversible)
            )
        else:
            parts.append(
                "the other Parties may stop their remaining deliveries (nothing they deliver "
                "can be taken back)"
            )
        penalty = phasing.penalty.get(c.giver)
        escrow = phasing.escrow.get(c.giver)
        if penalty is not None:
            parts.append(
                f"{party_name(scenario, c.giver)} bears a defection penalty of "
                f"{num(penalty.mode)} points"
            )
        if escrow is not None:
            parts.append(f"and forfeits its escrow of {num(escrow.value)}")
    if not parts:
        return "On violation: nothing is agreed (the scenario has no phasing: section)."
    return "On violation: " + "; ".join(parts) + "."


def _within(lag: int) -> str:
    return "at once" if lag == 0 else f"within {plural(lag, 'period')}"


def _giver(scenario: Scenario, item: str) -> str | None:
    if scenario.deal is None or item not in scenario.deal.item_ids:
        return None
    return scenario.deal.item(item).giver


def _closing_articles(number: int, scenario: Scenario, timetabled: bool) -> list[Block | Section]:
    order = (
        "The Parties carry out the commitments above at the milestones of Annex A, in that order."
        if timetabled
        else "No timetable is agreed: the Parties shall agree one before any delivery."
    )
    return [
        Article(
            str(number), "Sequence", (order, "Annex A and Annex B are part of this agreement.")
        ),
        Article(
            str(number + 1),
            "Compliance record",
            (
                "Each declaration, claim of delivery, inspection report, dispute and snapback is "
                "signed by its author and recorded in a tamper-evident ledger that every Party "
                "can verify without trusting its operator.",
            ),
        ),
        Article(
            str(number + 2),
            "Entry into force",
            (
                "This agreement enters into force on signature"
                + (f", {scenario.phasing.start.isoformat()}." if scenario.phasing else "."),
            ),
        ),
    ]
