"""The conflict section of the report: why the parties are stuck, with tables and figures.

Tables list every state up to :data:`TABLE_STATES` states; a larger model (the 917,504-state
benchmark) gets its tables summarised (counts per concept and decision maker, the equilibria
when they are few) and says where the full lists are.
"""

from __future__ import annotations

import numpy as np

from accord.conflict._analysis import ConflictAnalysis
from accord.conflict._status_quo import Reach, equilibrium_concepts
from accord.figures import conflict as figures
from accord.figures.conflict import concept_name
from accord.report.document._conflict_more import more_blocks
from accord.report.document._model import Block, Paragraph, Section, Table, Verdict
from accord.report.document._text import TITLES, figure, num, plural, words

TABLE_STATES = 2_048
"""Tables list every state of models up to this size; larger ones are summarised."""


def conflict_section(analysis: ConflictAnalysis) -> Section:
    """The whole conflict section."""
    model = analysis.model
    kind = "option form" if model.is_option_form else "graph form"
    blocks: list[Block | Section] = [
        Paragraph(
            f"The graph model has {plural(model.size, 'state')} ({kind}) and "
            f"{plural(len(model.dms), 'decision maker')}: {words(list(model.dms))}. A state is "
            "stable for a decision maker when it has no move to a state it prefers that the "
            "others cannot sanction (the concept says which sanctions count: Nash none, GMR any, "
            "SMR those it cannot escape, SEQ those made of moves the others prefer)."
        ),
        *status_quo_blocks(analysis),
        *more_blocks(analysis),
        figure(
            "conflict-option-form",
            "The states in option form.",
            lambda: figures.option_form(analysis),
        ),
        figure(
            "conflict-preferences",
            "Preference rankings.",
            lambda: figures.preference_rankings(analysis),
        ),
        figure(
            "conflict-stability",
            "Stability under each concept.",
            lambda: figures.stability_grid(analysis),
        ),
        figure(
            "conflict-status-quo",
            "Paths from the status quo.",
            lambda: figures.status_quo_graph(analysis),
        ),
        equilibria_table(analysis),
        *state_tables(analysis),
        *explanation_tables(analysis),
    ]
    if analysis.interrupted:
        blocks.insert(1, Verdict(None, "Interrupted.", "Only the concepts completed are shown."))
    return Section("conflict", TITLES["conflict"], tuple(blocks))


def status_quo_sentence(analysis: ConflictAnalysis) -> Verdict | None:
    """The status quo's verdict and its reason, in one or two sentences."""
    quo = analysis.status_quo
    if quo is None:
        return None
    model, result = analysis.model, analysis.result
    state = quo.state
    under = equilibrium_concepts(result, state)
    label = model.labels[state] if model.labels[state] != "(none)" else "no option taken"
    head = f"The status quo (state {state + 1}: {label}) is "
    if under:
        head += f"an equilibrium under {words([concept_name(c) for c in under])}."
    else:
        head += "not an equilibrium under any concept."
    return Verdict(bool(under), head, _why_status_quo(analysis))


def _why_status_quo(analysis: ConflictAnalysis) -> str:
    """Per decision maker at the status quo: no move it prefers, or its verdicts and one reason."""
    assert analysis.status_quo is not None
    mine = [e for e in analysis.explanations if e.state == analysis.status_quo.state]
    model = analysis.model
    parts = []
    idle = [
        model.dms[d]
        for d in range(len(model.dms))
        if all(e.kind == "no_improvement" for e in mine if e.dm == d)
        and any(e.dm == d for e in mine)
    ]
    if idle:
        parts.append(
            f"{words(idle)} {'has' if len(idle) == 1 else 'have'} no move to a state "
            f"{'it prefers' if len(idle) == 1 else 'they prefer'}"
        )
    for d, dm in enumerate(model.dms):
        own = [e for e in mine if e.dm == d]
        if not own or dm in idle:
            continue
        example = next((e for e in own if not e.stable), own[0])
        parts.append(example.describe(3).rstrip("."))
    return ". ".join(parts) + "." if parts else ""


def status_quo_blocks(analysis: ConflictAnalysis) -> list[Block]:
    """The status quo verdict, then what it can reach alone and by joint moves."""
    verdict = status_quo_sentence(analysis)
    quo = analysis.status_quo
    if verdict is None or quo is None:
        return [
            Paragraph(
                "The scenario names no status quo, so nothing is said about where the "
                "conflict can go from it."
            )
        ]
    blocks: list[Block] = [verdict]
    for name, reach in (
        ("unilateral improvements", quo.unilateral),
        ("coalition improvements", quo.coalition),
    ):
        blocks.append(Paragraph(_reach_sentence(analysis, name, reach)))
    blocks.append(paths_table(analysis))
    return blocks


def _reach_sentence(analysis: ConflictAnalysis, name: str, reach: Reach) -> str:
    quo = analysis.status_quo
    assert quo is not None
    targets = [t + 1 for t in sorted(reach.paths) if t != quo.state]
    count = plural(len(reach.reachable), "state")
    text = f"By {name} the status quo reaches {count} (itself included)"
    text += (
        f"; equilibria among them: {state_words([str(t) for t in targets])}."
        if targets
        else "; no other equilibrium."
    )
    if reach.truncated:
        text += " The search stopped at its budget, so this is partial."
    return text


def paths_table(analysis: ConflictAnalysis) -> Table:
    """Every shortest path from the status quo to a reachable equilibrium (the
    :data:`TABLE_STATES` shortest when there are more, with a note saying so)."""
    quo = analysis.status_quo
    assert quo is not None
    found = [
        (len(steps), name, target, steps)
        for name, reach in (("unilateral", quo.unilateral), ("coalition", quo.coalition))
        for target, steps in sorted(reach.paths.items())
    ]
    shown = (
        found if len(found) <= TABLE_STATES else sorted(found, key=lambda f: f[:3])[:TABLE_STATES]
    )
    rows = []
    for _, name, target, steps in shown:
        moves = "; ".join(
            f"{'+'.join(analysis.model.dms[j] for j in s.movers)}: "
            f"{s.source + 1} → {s.target + 1}"
            f" ({analysis.model.change(s.source, s.target)})"
            for s in steps
        )
        under = [concept_name(c) for c in equilibrium_concepts(analysis.result, target)]
        rows.append((name, str(target + 1), words(under), moves or "(the status quo itself)"))
    note = (
        ""
        if shown is found
        else f"{len(found):,} paths in all: the {TABLE_STATES:,} with the fewest steps are listed; "
        "`accord conflict FILE --json` lists every one."
    )
    return Table(
        "Shortest paths from the status quo to each reachable equilibrium",
        ("search", "to state", "equilibrium under", "steps"),
        tuple(rows),
        (False, True, False, False),
        note,
    )


def state_words(numbers: list[str], limit: int = 16) -> str:
    """``49, 51 and 63``; beyond ``limit`` states, their count (the table lists them).

    >>> state_words(["1", "5"]), state_words([str(n) for n in range(40)])
    ('1 and 5', '40 states (see the table of paths)')
    """
    return (
        words(numbers)
        if len(numbers) <= limit
        else f"{len(numbers):,} states (see the table of paths)"
    )


def equilibria_table(analysis: ConflictAnalysis) -> Table:
    """Per concept: how many states are stable for each decision maker, and the equilibria."""
    result, model = analysis.result, analysis.model
    rows = []
    for concept, table in result.stable.items():
        equilibria = result.equilibria(concept)
        shown = (
            ", ".join(str(s + 1) for s in equilibria)
            if len(equilibria) <= TABLE_STATES
            else (f"{len(equilibria):,} states (the full list: accord conflict FILE --json)")
        )
        counts = [num(int(np.count_nonzero(table[i]))) for i in range(len(model.dms))]
        rows.append((concept_name(concept), *counts, num(len(equilibria)), shown))
    header = ("concept", *(f"stable for {dm}" for dm in model.dms), "equilibria", "which")
    numeric = (False, *(True for _ in model.dms), True, False)
    return Table("Equilibria under each concept", header, tuple(rows), numeric)


def state_tables(analysis: ConflictAnalysis) -> list[Block]:
    """The states with their stability, and the rankings; summarised beyond TABLE_STATES."""
    model, result = analysis.model, analysis.result
    if model.size > TABLE_STATES:
        return [
            Paragraph(
                f"The model has {model.size:,} states: the tables of states, rankings and "
                f"stability are listed for models of up to {TABLE_STATES:,} states, so they are "
                "summarised above (counts per concept and decision maker). "
                "`accord conflict FILE --json` prints every "
                "state, ranking and verdict."
            )
        ]
    rows = []
    for s in range(model.size):
        cells = []
        for table in result.stable.values():
            column = table[:, s]
            if column.all():
                cells.append("equilibrium")
            else:
                cells.append(words([model.dms[i] for i in np.flatnonzero(column)], "—"))
        rows.append((str(s + 1), model.labels[s], *cells))
    stability = Table(
        "Every state: the decision makers for whom it is stable, under each concept",
        (
            "state",
            "options taken" if model.is_option_form else "state",
            *(concept_name(c) for c in result.stable),
        ),
        tuple(rows),
        (True,),
    )
    return [stability, rankings_table(analysis)]


def rankings_table(analysis: ConflictAnalysis) -> Table:
    """Each decision maker's ranking, most preferred first; tied states share a row."""
    rankings = analysis.preferences_json()
    depth = max(len(r) for r in rankings.values())
    rows = []
    for position in range(depth):
        cells = [
            ", ".join(map(str, r[position])) if position < len(r) else "" for r in rankings.values()
        ]
        rows.append((str(position + 1), *cells))
    return Table(
        "Preferences: each decision maker's states, most preferred first (ties share a row)",
        ("rank", *rankings),
        tuple(rows),
        (True,),
    )


def explanation_tables(analysis: ConflictAnalysis) -> list[Block]:
    """Every explanation computed, as a table of verdicts with their reasons."""
    if not analysis.explanations:
        return []
    rows = tuple(
        (
            str(e.state + 1),
            analysis.model.dms[e.dm],
            concept_name(e.concept),
            "stable" if e.stable else "unstable",
            e.describe(),
        )
        for e in analysis.explanations
    )
    which = {e.state for e in analysis.explanations}
    caption = (
        "Why: each verdict with its reason (the move that breaks a state, or the sanctions)"
        if len(which) > 1
        else f"Why: each verdict at state {next(iter(which)) + 1} with its reason"
    )
    return [
        Table(caption, ("state", "decision maker", "concept", "verdict", "reason"), rows, (True,))
    ]
