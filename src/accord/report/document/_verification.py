"""The verification section of the report: means, deterrence per commitment, declarations, and
phased plans checked against faked deliveries; each verdict with its reason."""

from __future__ import annotations

from typing import Any

from accord.figures import verification as figures
from accord.report.document._model import Block, Paragraph, Section, Table, Verdict
from accord.report.document._text import DASH, TITLES, figure, num, pct, plural
from accord.verification._analysis import VerificationReport


def verification_section(report: VerificationReport) -> Section:
    """The whole verification section."""
    data: dict[str, Any] = report.to_dict()
    blocks: list[Block | Section] = [
        Paragraph(
            "A commitment is deterred when cheating on it does not pay: the detection probability "
            "of the means chosen is at least gain / (gain + penalty), where the gain is what "
            "cheating saves the giver and the penalty what being caught costs it."
        ),
        deterrence_verdict(data),
        figure(
            "verification-detection",
            "Detection needed and reached.",
            lambda: figures.detection(report),
        ),
        commitments_table(data),
        means_table(data),
    ]
    if data["declarations"]:
        blocks += [
            Verdict(
                d["incomplete_probability"] < 0.5,
                f"Declaration '{d['declaration']}':",
                d["reason"] + ".",
            )
            for d in data["declarations"]
        ]
        blocks.append(
            figure(
                "verification-declarations",
                "Declared against estimated.",
                lambda: figures.declarations(report),
            )
        )
        blocks.append(declarations_table(data))
    if data["phased_plans"]:
        blocks.append(phased_plans_table(data))
    return Section(
        "verification",
        TITLES["verification"],
        tuple(blocks),
    )


def deterrence_verdict(data: dict[str, Any]) -> Verdict:
    """``5 of 6 commitments are deterred`` and what the undeterred ones lack."""
    deterred, total = data["deterred"], data["commitments"]
    budget = "no budget limit" if data["budget"] is None else f"a budget of {num(data['budget'])}"
    proof = "proven optimal" if data["optimal"] else f"gap {num(data['gap'])}"
    short = [
        f"{p['item']} reaches {pct(p['detection'])} detection where {pct(p['required_detection'])} "
        "is needed"
        for p in data["plans"]
        if not p["deterred"]
    ]
    reason = (
        f"Objective {data['objective']} ({proof}), {budget} per period, {num(data['spent'])} spent."
    )
    if short:
        reason += " Not deterred: " + "; ".join(short) + "."
    return Verdict(
        deterred == total, f"{deterred} of {plural(total, 'commitment')} are deterred.", reason
    )


def commitments_table(data: dict[str, Any]) -> Table:
    """Every commitment: stakes, detection needed and reached, the means used, the reason."""
    rows = tuple(
        (
            p["item"],
            p["giver"],
            num(p["gain"]),
            num(p["penalty"]),
            pct(p["required_detection"]),
            p["verification"] or DASH,
            pct(p["detection"]),
            "yes" if p["deterred"] else "no",
            num(p["cost"]),
            p["reason"],
        )
        for p in data["plans"]
    )
    return Table(
        "Deterrence per commitment",
        (
            "commitment",
            "giver",
            "gain",
            "penalty",
            "needed",
            "verified by",
            "reached",
            "deterred",
            "cost",
            "reason",
        ),
        rows,
        (False, False, True, True, True, False, True, False, True),
    )


def means_table(data: dict[str, Any]) -> Table:
    """The means of verification as the analysis uses them."""
    rows = tuple(
        (
            m,
            spec["label"],
            pct(spec["detection"]),
            pct(spec["false_alarm"]),
            num(spec["cost"]),
            str(spec["lag"]),
            str(spec["per_item"]),
            DASH if spec["capacity"] is None else str(spec["capacity"]),
            DASH if spec["sample"] is None else str(spec["sample"]),
        )
        for m, spec in data["means"].items()
    )
    return Table(
        "Means of verification (per use and per period)",
        (
            "means",
            "what",
            "detection",
            "false alarm",
            "cost",
            "lag",
            "per item",
            "capacity",
            "sample",
        ),
        rows,
        (False, False, True, True, True, True, True, True, True),
    )


def declarations_table(data: dict[str, Any]) -> Table:
    """Each declaration against its estimate."""
    rows = tuple(
        (
            d["declaration"],
            num(d["declared"]),
            " / ".join(num(d["estimate"][k]) for k in ("low", "mode", "high")),
            f"{num(d['interval']['low'])} – {num(d['interval']['high'])} ({pct(d['confidence'])})",
            pct(d["incomplete_probability"]),
            num(d["expected_shortfall"]),
            ", ".join(f"{m} {DASH if k is None else k}" for m, k in d["effort"].items()) or DASH,
        )
        for d in data["declarations"]
    )
    return Table(
        "Declarations against estimates",
        (
            "declaration",
            "declared",
            "estimate low / mode / high",
            "interval (confidence)",
            "P(incomplete)",
            "expected undeclared",
            "clean uses to confirm",
        ),
        rows,
        (False, True, True, True, True, True, False),
    )


def phased_plans_table(data: dict[str, Any]) -> Table:
    """Every delivery of every phased plan, checked against faking it."""
    rows = []
    for plan in data["phased_plans"]:
        if not plan["deliveries"]:
            rows.append(
                (
                    plan["name"],
                    DASH,
                    DASH,
                    DASH,
                    DASH,
                    DASH,
                    DASH,
                    "no",
                    plan["reason"] or "no plan",
                )
            )
        for d in plan["deliveries"]:
            rows.append(
                (
                    plan["name"],
                    str(d["period"]),
                    d["item"],
                    d["party"],
                    pct(d["detection"]),
                    num(d["margin"]),
                    num(d["cheating_margin"]),
                    "yes" if d["safe"] else "no",
                    d["reason"],
                )
            )
    return Table(
        "Phased plans against faked deliveries",
        (
            "plan",
            "period",
            "item",
            "giver",
            "detection",
            "margin",
            "cheating margin",
            "safe",
            "reason",
        ),
        tuple(rows),
        (False, True, False, False, True, True, True),
    )


def verification_summary(report: VerificationReport) -> str:
    """One or two sentences for the summary page."""
    data: dict[str, Any] = report.to_dict()
    verdict = deterrence_verdict(data)
    text = verdict.head
    short = [p for p in data["plans"] if not p["deterred"]]
    if short:
        text += (
            " "
            + "; ".join(
                f"{p['item']} reaches {pct(p['detection'])} detection where "
                f"{pct(p['required_detection'])} is needed"
                for p in short
            )
            + "."
        )
    for d in data["declarations"]:
        text += (
            f" The declaration of {d['declaration']} ({num(d['declared'])}) is incomplete "
            f"with probability {pct(d['incomplete_probability'])}."
        )
    return text
