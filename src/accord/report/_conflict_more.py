"""Terminal rendering of what a conflict analysis adds to stability: the tables GMCR users read,
coalitions, inverse analyses and the hypergame. Each part prints only when computed."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from accord.conflict._analysis import ConflictAnalysis
from accord.conflict._concepts import NAMES
from accord.conflict._inverse_text import changes_text, summary
from accord.conflict._reading import TABLES_UP_TO, option_row, ranking_text

COALITION_STATES_SHOWN = 30
"""At most this many stable states are listed per coalition and concept on the terminal."""
COALITION_EXPLANATIONS_SHOWN = 12


def render_more(console: Console, analysis: ConflictAnalysis) -> None:
    """Every part that was computed, in the order: tables, coalitions, inverse, hypergame."""
    if analysis.tables:
        render_tables(console, analysis)
    if analysis.extras.coalitions is not None:
        render_coalitions(console, analysis)
    if analysis.extras.inverse:
        render_inverse(console, analysis)
    if analysis.extras.hypergame is not None:
        console.rule("Misperceptions (first-level hypergame)")
        for line in analysis.extras.hypergame.sentences():
            console.print(line if line.startswith("  ") else f"• {line}", markup=False)


def render_tables(console: Console, analysis: ConflictAnalysis) -> None:
    """Rankings (ties in brackets), the option-form table and every state's move options."""
    model = analysis.model
    console.rule("Preferences (most preferred first; [ ] = equally preferred)")
    for j, dm in enumerate(model.dms):
        console.print(f"{dm}: {ranking_text(model, j)}", markup=False)
    shown = list(range(min(model.size, TABLES_UP_TO)))
    more = f" (first {len(shown)} of {model.size:,} states)" if len(shown) < model.size else ""
    if model.is_option_form and model.options is not None:
        table = Table(title=f"Option form{more}", show_edge=False)
        table.add_column("dm")
        table.add_column("option")
        for s in shown:
            table.add_column(str(s + 1), justify="center")
        rows = {s: option_row(model, s) for s in shown}
        for k, option in enumerate(model.options):
            table.add_row(option.dm, option.id, *(rows[s][k] for s in shown))
        console.print(table)
    moves = Table(title=f"Move options (→ moves; bold: preferred by the mover){more}")
    moves.add_column("state", justify="right")
    for dm in model.dms:
        moves.add_column(dm)
    pay = model.payoffs
    for s in shown:
        cells = []
        for j in range(len(model.dms)):
            found = [
                f"[bold]{q + 1}[/bold]" if pay[j, q] > pay[j, s] else str(q + 1)
                for q in model.moves(j, s)
            ]
            cells.append(" ".join(found) or "·")
        moves.add_row(str(s + 1), *cells)
    console.print(moves)


def render_coalition_moves(console: Console, analysis: ConflictAnalysis) -> None:
    """Which coalitions can move the conflict from the status quo, and how."""
    quo = analysis.status_quo
    if quo is None or not quo.by_coalition:
        return
    model = analysis.model
    console.rule(f"Who can move the conflict from the status quo (state {quo.state + 1})")
    able = [m for m in quo.by_coalition if m.improvements]
    if not able:
        console.print("No coalition can reach a state all its members prefer.", markup=False)
    for found in able:
        who = "+".join(model.dms[j] for j in found.members)
        targets = ", ".join(str(m.target + 1) for m in found.improvements[:10])
        more = ", ..." if found.truncated or len(found.improvements) > 10 else ""
        best = found.improvements[0].describe(model)
        console.print(
            f"• {who} can move it to {targets}{more}, which every member prefers; for "
            f"example {best}",
            markup=False,
        )


def render_coalitions(console: Console, analysis: ConflictAnalysis) -> None:
    """For each coalition and concept, the stable states; then the explanations."""
    found = analysis.extras.coalitions
    assert found is not None
    console.rule("Coalition stability")
    table = Table(show_edge=False)
    table.add_column("coalition")
    for concept in found.stable:
        table.add_column(f"coalition {NAMES[concept]}")
    for k in range(len(found.coalitions)):
        cells = []
        for stable in found.stable.values():
            states = [str(s + 1) for s in stable[k].nonzero()[0][:COALITION_STATES_SHOWN]]
            extra = " ..." if int(stable[k].sum()) > COALITION_STATES_SHOWN else ""
            cells.append(", ".join(states) + extra or "none")
        table.add_row("+".join(found.names(k)), *cells)
    console.print(table)
    for concept in found.stable:
        every = [str(s + 1) for s in found.stable_for_every_coalition(concept)]
        console.print(
            f"Stable for every coalition under {NAMES[concept]}: {', '.join(every) or 'none'}",
            markup=False,
        )
    everyone = len(analysis.model.dms)
    explained = [
        e
        for e in analysis.extras.coalition_explanations
        if not e.stable and (len(e.members) < everyone or e.concept == "nash")
    ]
    for why in explained[:COALITION_EXPLANATIONS_SHOWN]:
        console.print(f"• {why.text}", markup=False)


def render_inverse(console: Console, analysis: ConflictAnalysis) -> None:
    """Each desired state: how many changes, and each as an incentive."""
    for found, label in analysis.extras.inverse:
        console.rule(f"What would make state {found.desired + 1} stable")
        if label:
            console.print(f"Desired: {label}", markup=False)
        console.print(summary(found), markup=False)
        for change in found.changes:
            for line in changes_text(found, change):
                console.print(f"• {line}", markup=False)
