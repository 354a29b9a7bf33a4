"""Terminal rendering of a conflict analysis: stability table, equilibria, status quo paths."""

from __future__ import annotations

import numpy as np
from rich.console import Console
from rich.table import Table

from accord.conflict._analysis import ConflictAnalysis
from accord.conflict._concepts import MARKS, concept_name
from accord.conflict._status_quo import Reach, equilibrium_concepts

FULL_TABLE_UP_TO = 64
"""Larger models show only the status quo and some equilibria in the table."""
EQUILIBRIA_SHOWN = 40
PATHS_SHOWN = 20
"""At most this many paths per kind of reach are printed (``--json`` has every one)."""
SANCTIONS_SHOWN = 5
"""At most this many sanctions are named per explanation on the terminal (``--json``: all)."""


def marks(flags: dict[str, bool]) -> str:
    """One letter per concept where stable, a dot where not: ``NG·Q``.

    >>> marks({"nash": False, "gmr": True, "smr": True, "seq": False})
    '·GS·'
    """
    return "".join(MARKS[c] if ok else "·" for c, ok in flags.items())


def render_conflict(console: Console, analysis: ConflictAnalysis, show_all: bool = False) -> None:
    """Print the stability table, the equilibria, the status quo paths and explanations."""
    from accord.report._conflict_more import render_coalition_moves, render_more

    render_table(console, analysis, show_all)
    render_equilibria(console, analysis)
    if analysis.status_quo is not None:
        render_status_quo(console, analysis)
        render_coalition_moves(console, analysis)
    if analysis.explanations:
        render_explanations(console, analysis)
    render_more(console, analysis)


def render_explanations(console: Console, analysis: ConflictAnalysis) -> None:
    """Each verdict with a move or a sanction; decision makers with no improving move are
    listed once per state."""
    console.rule("Why")
    model = analysis.model
    idle: dict[tuple[int, int], list[str]] = {}
    for explanation in analysis.explanations:
        if explanation.kind == "no_improvement":
            idle.setdefault((explanation.state, explanation.dm), []).append(explanation.name)
            continue
        console.print(f"• {explanation.describe(SANCTIONS_SHOWN)}", markup=False)
    by_state: dict[tuple[int, tuple[str, ...]], list[int]] = {}
    for (state, dm), found in sorted(idle.items()):
        by_state.setdefault((state, tuple(found)), []).append(dm)
    for (state, concepts), dms in by_state.items():
        who = ", ".join(model.dms[j] for j in dms)
        every = len(concepts) == len(analysis.result.stable)
        under = "every concept" if every else ", ".join(concepts)
        console.print(
            f"• From state {state + 1}, no move to a preferred state for: {who} (stable "
            f"under {under}).",
            markup=False,
        )


def _rows(analysis: ConflictAnalysis, show_all: bool) -> list[int]:
    """Every state of a small model; else the status quo and up to 40 equilibria, those
    stable under the most concepts first."""
    model, result = analysis.model, analysis.result
    if show_all or model.size <= FULL_TABLE_UP_TO:
        return list(range(model.size))
    strength = np.zeros(model.size, dtype=np.int64)
    for table in result.stable.values():
        strength += table.all(axis=0)
    chosen = [int(s) for s in np.argsort(-strength, kind="stable")[:EQUILIBRIA_SHOWN]]
    chosen = [s for s in chosen if strength[s] > 0]
    if model.status_quo is not None and model.status_quo not in chosen:
        chosen.append(model.status_quo)
    return sorted(chosen)


def render_table(console: Console, analysis: ConflictAnalysis, show_all: bool) -> None:
    """States × decision makers, each cell the concepts under which the state is stable."""
    model, result = analysis.model, analysis.result
    legend = ", ".join(f"{MARKS[c]} = {concept_name(c, result.horizon)}" for c in result.stable)
    table = Table(title=f"Stability ({legend}; · = unstable)", show_edge=False)
    table.add_column("state", justify="right")
    table.add_column("options taken" if model.is_option_form else "label")
    for dm in model.dms:
        table.add_column(dm, justify="center")
    table.add_column("equilibrium", justify="center")
    rows = _rows(analysis, show_all)
    for s in rows:
        cells = [
            marks({c: bool(t[i, s]) for c, t in result.stable.items()})
            for i in range(len(model.dms))
        ]
        whole = marks({c: bool(t[:, s].all()) for c, t in result.stable.items()})
        number = f"{s + 1}" + (" (sq)" if s == model.status_quo else "")
        style = "bold green" if whole.strip("·") else None
        table.add_row(number, model.labels[s], *cells, whole, style=style)
    console.print(table)
    if len(rows) < model.size:
        console.print(
            f"Showing the status quo and equilibria (those stable under the most concepts "
            f"first): {len(rows)} of {model.size} states; --all shows every state.",
            markup=False,
        )


def render_equilibria(console: Console, analysis: ConflictAnalysis) -> None:
    """One line per concept: its equilibria."""
    for concept in analysis.result.stable:
        found = [s + 1 for s in analysis.result.equilibria(concept)]
        shown = ", ".join(map(str, found[:30])) + (" ..." if len(found) > 30 else "")
        console.print(
            f"{concept_name(concept, analysis.result.horizon):>4} equilibria ({len(found)}): "
            f"{shown or 'none'}",
            markup=False,
        )


def render_status_quo(console: Console, analysis: ConflictAnalysis) -> None:
    """The equilibria reachable from the status quo, with the shortest path to each."""
    quo = analysis.status_quo
    assert quo is not None
    console.rule(f"From the status quo (state {quo.state + 1})")
    stable_under = equilibrium_concepts(analysis.result, quo.state)
    names = (
        ", ".join(concept_name(c, analysis.result.horizon) for c in stable_under) or "no concept"
    )
    console.print(f"The status quo is an equilibrium under {names}.", markup=False)
    _render_reach(console, analysis, "unilateral improvements", quo.unilateral)
    _render_reach(console, analysis, "coalition improvements", quo.coalition)


def _render_reach(console: Console, analysis: ConflictAnalysis, how: str, reach: Reach) -> None:
    model = analysis.model
    cut = " (search cut short: the model is large)" if reach.truncated else ""
    console.print(
        f"By {how}: {len(reach.reachable)} state{'s' if len(reach.reachable) != 1 else ''} "
        f"reachable{cut}; equilibria among them:",
        markup=False,
    )
    paths = sorted(reach.paths.items())
    for target, steps in paths[:PATHS_SHOWN]:
        concepts = ", ".join(
            concept_name(c, analysis.result.horizon)
            for c in equilibrium_concepts(analysis.result, target)
        )
        if not steps:
            console.print(f"  {target + 1} (the status quo itself; {concepts})", markup=False)
            continue
        parts = []
        for step in steps:
            who = "+".join(model.dms[j] for j in step.movers)
            change = f" ({model.change(step.source, step.target)})" if model.is_option_form else ""
            parts.append(f"{who}: {step.source + 1} → {step.target + 1}{change}")
        console.print(f"  {target + 1} ({concepts}) via " + "; ".join(parts), markup=False)
    if len(paths) > PATHS_SHOWN:
        console.print(
            f"  ... and {len(paths) - PATHS_SHOWN} more (--json lists every path)", markup=False
        )
