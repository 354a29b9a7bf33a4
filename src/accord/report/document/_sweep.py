"""The robustness section of the report (``accord report FILE --sweep N``): how often each
verdict still holds when every range of the file is drawn, what moves it, and plan margins.

Examples
--------
>>> from accord.scenario import loads
>>> from accord.sweep import sweep
>>> result = sweep(loads('''
... accord: 1
... title: T
... parties: {a: {name: A}, b: {name: B}}
... deal:
...   items: [{id: x, giver: a, value: {a: {low: -3, mode: -1, high: 1}, b: 2}}]
...   proposals: {just_x: {x: 1}}
... '''), draws=40, seed=1, workers=1)
>>> section = sweep_section(result)
>>> section.blocks[1].head
'2 of 4 answers are the same (yes, or no) in at least 95% of the 40 draws.'
"""

from __future__ import annotations

from typing import Any

from accord.figures import _sweep as figures
from accord.report.document._model import Block, Paragraph, Section, Table, Verdict
from accord.report.document._text import DASH, TITLES, figure
from accord.sweep._aggregate import SweepResult

SURE = 0.95
"""A verdict is *steady* when it gives the same answer (yes, or no) in at least this share of
the draws: a proposal refused in every draw is as sure an answer as one accepted in every draw."""


def _pct(value: float | None) -> str:
    return DASH if value is None else f"{value:.1%}"


def sweep_section(result: SweepResult) -> Section:
    """The whole robustness section of ``result``."""
    data: dict[str, Any] = result.to_dict()
    partial = " The sweep was interrupted: these are the draws it finished." * data["partial"]
    blocks: list[Block | Section] = [
        Paragraph(
            f"Every range of the file ({len(data['parameters'])} uncertain numbers) was drawn "
            f"{data['draws']:,} times ({data['distribution']}, seed {data['seed']}), and each "
            f"draw was asked the same questions ({', '.join(data['questions'])})."
            f"{_together(data)}{partial}"
        ),
        robustness_verdict(data),
        figure("sweep-verdicts", "How often each verdict holds.", lambda: figures.verdicts(result)),
        verdicts_table(data),
        figure(
            "sweep-sensitivity",
            "Which estimate flips each verdict most.",
            lambda: figures.sensitivity(result),
        ),
    ]
    if data["margins"]:
        blocks.append(
            figure("sweep-margins", "Lowest margin per plan.", lambda: figures.margins(result))
        )
    return Section("sweep", TITLES["sweep"], tuple(blocks))


def _together(data: dict[str, Any]) -> str:
    """The ranges the file correlates, in words (empty when each is drawn on its own)."""
    labels = {p["id"]: p["label"] for p in data["parameters"]}
    groups = [
        f"{' and '.join(labels[i] for i in c['ranges'])} (rank correlation {c['coefficient']:g})"
        for c in data.get("correlations", [])
    ]
    return f" Drawn together: {'; '.join(groups)}." if groups else ""


def robustness_verdict(data: dict[str, Any]) -> Verdict:
    """``3 of 4 answers are the same in at least 95% of the draws`` and the least sure one
    (the verdict whose share of yes is nearest one half)."""
    known = [v for v in data["verdicts"] if v["probability"] is not None]
    steady = [v for v in known if _steady(v["probability"])]
    head = f"{len(steady)} of {len(known)} answers are the same (yes, or no) in at least "
    head += f"{SURE:.0%} of the {data['draws']:,} draws."
    if len(steady) == len(known):
        why = "The advice does not depend on where in its ranges each estimate lies."
        return Verdict(True, head, why)
    weakest = min(known, key=lambda v: abs(v["probability"] - 0.5))
    lead = weakest["sensitivity"][0]["label"] if weakest["sensitivity"] else None
    moved = f"; it depends most on {lead}" if lead else ""
    share = _pct(weakest["probability"])
    reason = f"Least sure: {weakest['label']} (yes in {share} of the draws){moved}."
    return Verdict(False, head, reason)


def _steady(share_of_yes: float) -> bool:
    return share_of_yes >= SURE or share_of_yes <= 1 - SURE


def verdicts_table(data: dict[str, Any]) -> Table:
    """Each verdict: its share of draws, the 95% interval, and the estimate that moves it most."""
    rows = []
    for v in data["verdicts"]:
        lead = v["sensitivity"][0] if v["sensitivity"] else None
        moved = "never flips" if lead is None else f"{lead['label']} ({lead['swing']:+.0%})"
        rows.append(
            (
                v["label"],
                _pct(v["probability"]),
                f"{_pct(v['low'])} – {_pct(v['high'])}",
                f"{v['draws']:,}",
                moved,
            )
        )
    return Table(
        "How often each verdict holds (95% Wilson interval)",
        ("verdict", "holds in", "interval", "draws", "moved most by (swing)"),
        tuple(rows),
        (False, True, False, True, False),
    )
