"""The phasing section of the report: the planned timetable (or why there is none), and the
audit of every plan written in the file, each verdict with its reason."""

from __future__ import annotations

from typing import Any

from accord.figures import phasing as figures
from accord.phasing._analysis import PhasingAnalysis, WrittenAudit
from accord.report.document._model import Block, Paragraph, Section, Table, Verdict
from accord.report.document._text import DASH, TITLES, delivered, figure, num, pct, plural, words


def phasing_section(analysis: PhasingAnalysis) -> Section:
    """The whole phasing section."""
    data = analysis.to_dict()
    plan = data["plan"]
    blocks: list[Block | Section] = [
        Paragraph(
            "A plan is safe when, at every step where a party delivers, carrying the plan out is "
            "worth at least as much to it as defecting there (keeping what it has received until "
            "the others notice, minus what snaps back, its penalty and its escrow)."
        ),
        plan_verdict(analysis.package, plan),
    ]
    if plan["audit"] is not None:
        blocks += [
            figure("phasing-timetable", "Timetable.", lambda: figures.timetable(analysis)),
            figure(
                "phasing-exposure",
                "Exposure and margins.",
                lambda: figures.exposure_and_margins(analysis),
            ),
            timetable_table(plan["timetable"], "Timetable of the planned plan"),
            steps_table(plan["audit"], "Exposure and margin after each step of the planned plan"),
            substance_table(plan["substance"], "Substance of the planned plan"),
        ]
    elif data["explanation"] is not None:
        blocks += explanation_blocks(data["explanation"])
    blocks.append(
        substance_table(data["agreement_substance"], "Substance of the agreement as written")
    )
    blocks += [written_section(w, k) for k, w in enumerate(analysis.audits, start=1)]
    blocks += [Paragraph(f"Note: {note}.") for note in data["notes"]]
    return Section("phasing", TITLES["phasing"], tuple(blocks))


def plan_verdict(package: str | None, plan: dict[str, Any]) -> Verdict:
    """The planner's verdict: how long a safe plan takes, or why none exists."""
    what = f"the package '{package}'" if package else "the package"
    status, values = plan["status"], plan["values"]
    if plan["audit"] is not None:
        proof = {
            "optimal": "proven optimal",
            "interrupted": "interrupted: the best plan found so far, not proven optimal",
        }.get(status, f"not proven optimal (gap {num(plan['gap'])})")
        return Verdict(
            True,
            f"A safe plan for {what} takes {num(values['last_period'])} periods in "
            f"{num(values['steps'])} steps.",
            f"Largest exposure {num(values['max_exposure'])}; objective: {plan['objective']}, "
            f"{proof}; the auditor checked every step of it independently.",
        )
    if status == "interrupted":
        return Verdict(
            False,
            f"The planner was stopped before it found a safe plan for {what}.",
            "Run it again, and let it run longer.",
        )
    if status == "unknown":
        return Verdict(
            False,
            f"No safe plan for {what} was found within the time limit.",
            "None was proven impossible either: a longer --time-limit may find one.",
        )
    return Verdict(
        False,
        f"No safe plan for {what} exists within the horizon ({status}).",
        "See the closest plan and the fixes below.",
    )


def explanation_blocks(explanation: dict[str, Any]) -> list[Block]:
    """Who defects in the closest plan, and the fixes that would make a safe plan exist."""
    blocks: list[Block] = []
    d = explanation["defector"]
    if d is not None:
        blocks.append(
            Paragraph(
                f"In the closest plan, {d['party']} gains {num(d['shortfall'])} by defecting at "
                f"{step_words(d['index'], d['name'])}."
            )
        )
    rows = tuple(
        (f["kind"], f["party"] or DASH, f["item"] or DASH, f["text"]) for f in explanation["fixes"]
    )
    if rows:
        blocks.append(
            Table(
                "Fixes: each change would make a safe plan exist",
                ("kind", "party", "item", "fix"),
                rows,
            )
        )
    return blocks


def step_words(index: int, name: str) -> str:
    """``step 2 (Relief)``, or ``step 3`` when the step has no name of its own."""
    return f"step {index}" if name == f"step {index}" else f"step {index} ({name})"


def timetable_table(timetable: list[dict[str, Any]], caption: str) -> Table:
    """One row per step and giver: milestone, date, period and what is delivered."""
    rows = []
    for k, m in enumerate(timetable, start=1):
        if not m["deliveries"]:
            rows.append((str(k), m["name"], m["date"], str(m["period"]), DASH, "nothing delivered"))
        for party, items in m["deliveries"].items():
            what = ", ".join(delivered(i, a) for i, a in items.items())
            rows.append((str(k), m["name"], m["date"], str(m["period"]), party, what))
    return Table(
        caption,
        ("step", "milestone", "date", "period", "giver", "deliveries (item × amount)"),
        tuple(rows),
        (True, False, False, True),
    )


def steps_table(audit: dict[str, Any], caption: str) -> Table:
    """Exposure and margin of every party after every step."""
    parties = list(audit["steps"][0]["exposure"]) if audit["steps"] else []
    rows = tuple(
        (
            str(s["index"]),
            s["name"],
            str(s["period"]),
            *(f"{num(s['exposure'][p])} / {num(s['margin'][p])}" for p in parties),
        )
        for s in audit["steps"]
    )
    return Table(
        caption,
        ("after step", "name", "period", *(f"{p}: exposure / margin" for p in parties)),
        rows,
        (True, False, True, *(True for _ in parties)),
        "Margin: the party's gain from carrying on rather than defecting at its next delivery "
        f"({DASH}: nothing left to give); below 0 it gains by defecting.",
    )


def substance_table(score: dict[str, Any] | None, caption: str) -> Table:
    """The substance score and its parts, then the verified value delivered per phase."""
    if score is None:
        return Table(caption, ("measure", "value"), (("substance", "no plan"),))
    rows = [
        ("substance score (quantity, deadline and verification)", f"{score['score']:.2f}"),
        ("share with a quantity", f"{score['with_quantity']:.2f}"),
        ("share with a deadline", f"{score['with_deadline']:.2f}"),
        ("share with verification", f"{score['with_verification']:.2f}"),
        ("commitments", str(score["commitments"])),
    ]
    for phase in score["phases"]:
        value = ", ".join(f"{p} {num(v)}" for p, v in phase["value"].items()) or DASH
        rows.append((f"verified, irreversible value delivered at {phase['name']}", value))
    return Table(caption, ("measure", "value"), tuple(rows), (False, True))


def written_verdict(written: WrittenAudit) -> Verdict:
    """Safe, or the first unsafe step and its shortfall, with the feasibility problems."""
    audit = written.audit.to_dict()
    low = ", ".join(f"{p} {num(m)}" for p, m in audit["min_margin"].items())
    problems = "; ".join(audit["problems"])
    if audit["safe"]:
        return Verdict(True, f"The plan '{written.name}' is safe.", f"Lowest margins: {low}.")
    u = audit["first_unsafe"]
    if u is not None:
        reason = (
            f"At {step_words(u['index'], u['name'])}, {u['party']} gains {num(u['shortfall'])} "
            f"by defecting rather than carrying on."
        )
        return Verdict(
            False,
            f"The plan '{written.name}' is not safe.",
            reason + (f" Also: {problems}." if problems else ""),
        )
    return Verdict(
        False, f"The plan '{written.name}' cannot be carried out as written.", problems + "."
    )


def _snapback(written: WrittenAudit) -> list[Block]:
    plain = written.without_snapback
    if plain is None:
        return []
    lines = [
        "Without the snapback (if nothing were reversible), the plan would be "
        f"{'safe' if plain.safe else 'unsafe'}."
    ]
    for party, low in written.audit.min_margin.items():
        before = plain.min_margin.get(party)
        if low is not None and before is not None and low != before:
            lines.append(
                f"Reversibility adds {num(low - before)} to {party}'s lowest margin "
                f"({num(before)} → {num(low)})."
            )
    return [Paragraph(" ".join(lines))]


def written_section(written: WrittenAudit, number: int) -> Section:
    """One written plan: its verdict, figures, tables and substance."""
    data = written.to_dict()
    label = f" — {written.label}" if written.label else ""
    package = f" (package {written.package})" if written.package else ""
    blocks: list[Block | Section] = [
        written_verdict(written),
        *_snapback(written),
        figure(f"plan-{written.name}-timetable", "Timetable.", lambda: figures.timetable(written)),
        figure(
            f"plan-{written.name}-exposure",
            "Exposure and margins.",
            lambda: figures.exposure_and_margins(written),
        ),
        timetable_table(data["timetable"], f"Timetable of '{written.name}'"),
        steps_table(data, f"Exposure and margin after each step of '{written.name}'"),
        substance_table(data["substance"], f"Substance of '{written.name}'"),
    ]
    return Section(
        f"plan-{written.name}",
        f"3.{number} The written plan '{written.name}'{package}{label}",
        tuple(blocks),
        page_break=False,
    )


def phasing_summary(analysis: PhasingAnalysis) -> str:
    """One or two sentences for the summary page."""
    plan = analysis.to_dict()["plan"]
    verdict = plan_verdict(analysis.package, plan)
    text = verdict.head
    if plan["audit"] is not None:
        text = text.rstrip(".") + f", largest exposure {num(plan['values']['max_exposure'])}."
        timetable = plan["timetable"]
        if timetable:
            first, last = timetable[0], timetable[-1]
            text += (
                f" It runs from {first['name']} ({first['date']}) to {last['name']} "
                f"({last['date']})."
            )
    explanation = analysis.explanation
    if plan["audit"] is None and explanation is not None and explanation.fixes:
        fixes = [f.text for f in explanation.fixes]
        text += f" Any one of these would make a safe plan exist: {'; '.join(fixes)}."
    unsafe = [w for w in analysis.audits if not w.audit.safe]
    if analysis.audits:
        if unsafe:
            why = [_unsafe_words(w) for w in unsafe]
            text += f" Of the {plural(len(analysis.audits), 'written plan')}, {words(why)}."
        else:
            text += f" Every written plan is safe ({words([w.name for w in analysis.audits])})."
    return text


def _unsafe_words(written: WrittenAudit) -> str:
    u = written.audit.first_unsafe
    if u is None:
        return f"'{written.name}' cannot be carried out as written"
    gain = num(u.shortfall)
    return f"'{written.name}' is unsafe at step {u.index} ({u.party} gains {gain} by defecting)"


def substance_words(analysis: PhasingAnalysis) -> str:
    """``substance score 0.50 (50% of 16 commitments have ...)``."""
    score = analysis.substance or analysis.agreement
    text = (
        f"{float(score.score):.2f}: {pct(score.score)} of the {score.commitments} commitments have "
        "a quantity, a deadline and a means of verification"
    )
    if analysis.substance is not None:
        text += f" in the planned plan, against {float(analysis.agreement.score):.2f} as written"
    return text
