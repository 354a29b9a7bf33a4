"""The conflict section's further parts, each present only when it was computed: which
coalitions can move the conflict from the status quo, coalition stability, inverse analyses
(what would make a desired state stable, as incentives in the scenario's words) and
misperceptions (the first-level hypergame). The terminal shows the same (``report.conflict_more``);
the report lists them whole.

Examples
--------
>>> from accord.scenario import load
>>> from accord import analyze_conflict
>>> blocks = more_blocks(analyze_conflict(load("examples/korea-2019.yaml")))
>>> [b.title for b in blocks if isinstance(b, Section)]
['What would make state 50 stable (inverse analysis)']
"""

from __future__ import annotations

from accord.conflict._analysis import ConflictAnalysis
from accord.conflict._concepts import NAMES
from accord.conflict._inverse import InverseResult
from accord.conflict._inverse_text import incentive, summary
from accord.report.document._model import Block, Paragraph, Section, Table, Verdict
from accord.report.document._text import words

STATES_LISTED = 2_048
"""A coalition's stable states are listed up to this many; beyond, counted."""


def more_blocks(analysis: ConflictAnalysis) -> list[Block | Section]:
    """Coalition moves from the status quo, coalition stability, inverse analyses and the
    hypergame: whichever were computed."""
    blocks: list[Block | Section] = [*coalition_moves(analysis), *coalition_stability(analysis)]
    blocks += [inverse_section(analysis, found, label) for found, label in analysis.extras.inverse]
    hypergame = analysis.extras.hypergame
    if hypergame is not None:
        lines = [line.strip() for line in hypergame.sentences()]
        blocks.append(
            Section(
                "conflict-hypergame",
                "Misperceptions (first-level hypergame)",
                tuple(Paragraph(line) for line in lines),
                page_break=False,
            )
        )
    return blocks


def coalition_moves(analysis: ConflictAnalysis) -> list[Block]:
    """Which coalitions can move the conflict from the status quo to a state every member
    prefers, with the moves that do it."""
    quo = analysis.status_quo
    if quo is None or not quo.by_coalition:
        return []
    model = analysis.model
    rows = []
    for found in quo.by_coalition:
        if not found.improvements:
            continue
        cut = " (search cut at its budget)" if found.truncated else ""
        rows.append(
            (
                "+".join(model.dms[j] for j in found.members),
                words([str(m.target + 1) for m in found.improvements]) + cut,
                found.improvements[0].describe(model),
            )
        )
    if not rows:
        return [
            Paragraph("No coalition can move the status quo to a state all its members prefer.")
        ]
    return [
        Table(
            f"Who can move the conflict from the status quo (state {quo.state + 1})",
            ("coalition", "to states every member prefers", "for example"),
            tuple(rows),
        )
    ]


def coalition_stability(analysis: ConflictAnalysis) -> list[Block]:
    """Per coalition and concept, the states stable for the coalition; then why the unstable
    verdicts computed are unstable."""
    found = analysis.extras.coalitions
    if found is None:
        return []
    rows = []
    for k in range(len(found.coalitions)):
        cells = []
        for stable in found.stable.values():
            states = [str(s + 1) for s in stable[k].nonzero()[0]]
            listed = ", ".join(states) if len(states) <= STATES_LISTED else f"{len(states):,}"
            cells.append(listed or "none")
        rows.append(("+".join(found.names(k)), *cells))
    header = ("coalition", *(f"coalition {NAMES[c]}" for c in found.stable))
    blocks: list[Block] = [
        Table("Coalition stability: the states stable for each coalition", header, tuple(rows))
    ]
    for concept in found.stable:
        every = [str(s + 1) for s in found.stable_for_every_coalition(concept)]
        blocks.append(
            Paragraph(f"Stable for every coalition under {NAMES[concept]}: {words(every)}.")
        )
    unstable = [e for e in analysis.extras.coalition_explanations if not e.stable]
    if unstable:
        blocks.append(
            Table(
                "Why: the joint moves that break a state",
                ("reason",),
                tuple((e.text,) for e in unstable),
            )
        )
    return blocks


def inverse_section(analysis: ConflictAnalysis, found: InverseResult, label: str) -> Section:
    """One inverse analysis: the verdict, then each change of preference as an incentive."""
    model, state = analysis.model, found.desired + 1
    rows = tuple(
        (model.dms[c.dm], str(q + 1), incentive(model, c.dm, found.desired, q).split(": ", 1)[-1])
        for c in found.changes
        for q in c.smallest
    )
    blocks: list[Block] = []
    if label:
        blocks.append(Paragraph(f"Desired state {state}: {label}."))
    blocks.append(Verdict(True if found.verified else None, summary(found), ""))
    if rows:
        blocks.append(
            Table(
                f"The smallest set of preference changes that makes state {state} an equilibrium",
                ("decision maker", f"must prefer {state} to state", "that is, it must"),
                rows,
                (False, True),
            )
        )
    return Section(
        f"conflict-inverse-{state}",
        f"What would make state {state} stable (inverse analysis)",
        tuple(blocks),
        page_break=False,
    )
