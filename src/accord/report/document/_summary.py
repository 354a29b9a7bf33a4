"""The summary page: the five answers in plain sentences, with their numbers."""

from __future__ import annotations

from accord.conflict._analysis import ConflictAnalysis
from accord.conflict._inverse_text import summary as inverse_summary
from accord.deal._analysis import DealAnalysis
from accord.figures.conflict import concept_name
from accord.figures.deal import solution_name
from accord.report._deal_text import grouped_text
from accord.report._results import ScenarioResults
from accord.report.document._conflict import state_words, status_quo_sentence
from accord.report.document._deal import zone_verdict
from accord.report.document._ledger import LedgerView, ledger_summary
from accord.report.document._model import Block, Paragraph, Section, Table, Verdict
from accord.report.document._phasing import phasing_summary, substance_words
from accord.report.document._text import num, pct, plural, words
from accord.report.document._verification import verification_summary
from accord.scenario._deal import Deal

QUESTIONS = (
    ("conflict", "Why are the parties stuck?"),
    ("deal", "What deal could every party accept?"),
    ("phasing", "How can it be carried out step by step?"),
    ("verification", "How sure can we be that cheating is caught?"),
    ("ledger", "Is each side complying?"),
)


def missing_text(section: str) -> str:
    """What the report says for a section the scenario does not have."""
    return (
        f"The scenario has no {section}: section, so this question is not analysed (to add one, "
        f"`accord new sections.yaml --sections {section}` writes a commented example of it)."
    )


def summary_section(results: ScenarioResults, ledger: LedgerView | None) -> Section:
    """The summary page."""
    scenario = results.scenario
    blocks: list[Block | Section] = []
    if scenario.description:
        blocks.append(Paragraph(" ".join(scenario.description.split())))
    blocks.append(
        Table(
            "Parties",
            ("id", "name", "role"),
            tuple((pid, p.name, p.role.value) for pid, p in scenario.parties.items()),
        )
    )
    for number, (key, question) in enumerate(QUESTIONS, start=1):
        blocks.append(Verdict(None, f"{number}. {question}", answer(key, results, ledger)))
    if results.phasing is not None:
        blocks.append(Paragraph(f"Substance score {substance_words(results.phasing)}."))
    return Section("summary", "Summary: the five answers", tuple(blocks), page_break=False)


def answer(key: str, results: ScenarioResults, ledger: LedgerView | None) -> str:
    """The answer to one question, in plain sentences with its numbers."""
    if key == "ledger":
        return (
            ledger_summary(ledger)
            if ledger is not None
            else (
                "No ledger was given, so compliance is not reported (pass --ledger with an export "
                "file or a service URL)."
            )
        )
    if key in results.problems:
        return f"The {key} analysis could not be carried out: {results.problems[key]}."
    if results.scenario.deal is not None and key == "deal" and results.deal is not None:
        return deal_summary(results.deal, results.scenario.deal)
    if key == "conflict" and results.conflict is not None:
        return conflict_summary(results.conflict)
    if key == "phasing" and results.phasing is not None:
        return phasing_summary(results.phasing)
    if key == "verification" and results.verification is not None:
        return verification_summary(results.verification)
    return missing_text(key)


def conflict_summary(analysis: ConflictAnalysis) -> str:
    """The status quo's verdict with its reason, where it can go, and the equilibria."""
    result = analysis.result
    counts = [f"{len(result.equilibria(c)):,} under {concept_name(c)}" for c in result.stable]
    text = f"Of {plural(analysis.model.size, 'state')}, equilibria: {words(counts)}."
    verdict = status_quo_sentence(analysis)
    quo = analysis.status_quo
    if verdict is None or quo is None:
        return text + " The scenario names no status quo."
    text = f"{verdict.head} {verdict.reason} {text}".replace("  ", " ")
    for name, reach in (
        ("unilateral improvements", quo.unilateral),
        ("joint moves", quo.coalition),
    ):
        targets = [str(t + 1) for t in sorted(reach.paths) if t != quo.state]
        partial = " (search cut at its budget)" if reach.truncated else ""
        where = (
            f"{'equilibrium' if len(targets) == 1 else 'equilibria'} {words(targets)}"
            if 0 < len(targets) <= 16
            else state_words(targets).replace("states", "equilibria")
            if targets
            else "no other equilibrium"
        )
        text += f" By {name} it can reach {where}{partial}."
    for found, _label in analysis.extras.inverse:
        text += f" {inverse_summary(found)}"
    return text


def deal_summary(result: DealAnalysis, deal: Deal) -> str:
    """The zone, the Nash package, each proposal's verdict, the probability of agreement."""
    data = result.to_dict()
    if data["zone"] is None:
        if data["adjusted_winner"] is not None:
            aw = data["adjusted_winner"]
            return (
                f"The deal is an Adjusted Winner division: split item "
                f"{aw['split_item'] or 'none'}; each party gets "
                f"{num(aw['totals_float'][aw['parties'][0]])} points."
            )
        return "The deal: section has no items."
    verdict = zone_verdict(data, deal)
    text = f"{verdict.head} {verdict.reason}"
    if data["uncertainty"] is not None:
        u = data["uncertainty"]
        bound = ", a lower bound" if u["zone_method"] != "enumeration" else ""
        text += f" Under uncertainty, P(a zone exists) = {pct(u['zone_probability'])}{bound}."
    nash = data["solutions"].get("nash")
    if nash is not None:
        gains = words([f"{p} {num(g)}" for p, g in nash["gains"].items()])
        what = grouped_text(nash["package"], deal)
        text += (
            f" The {solution_name('nash')} package gives {gains} over their reservations: {what}."
        )
    for name, p in data["proposals"].items():
        if p["acceptable"]:
            text += f" Proposal {name} is acceptable to every party."
        else:
            short = [f"{q} (short by {num(r['shortfall'])})" for q, r in p["refusals"].items()]
            text += f" Proposal {name} is refused by {words(short or ['a constraint'])}."
    return text
