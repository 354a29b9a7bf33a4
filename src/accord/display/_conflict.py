"""What a conflict analysis shows: equilibria and the status quo, the stability tables, the
four figures of the report."""

from __future__ import annotations

from typing import Any

from accord._results import Display, Rows
from accord.conflict._analysis import ConflictAnalysis
from accord.conflict._concepts import concept_name
from accord.conflict._status_quo import equilibrium_concepts
from accord.figures import conflict as figures

HTML_TABLES_UP_TO = 2_048
"""Larger models show no tables in a notebook (``to_frame()`` still has them)."""


def display(analysis: ConflictAnalysis) -> Display:
    """Summary, tables (``states``, ``stability``, ``explanations``) and figures."""
    return Display(
        summary(analysis),
        {
            "states": lambda: states(analysis),
            "stability": lambda: stability(analysis),
            "explanations": lambda: explanations(analysis),
        },
        [
            ("The states in option form.", lambda: figures.option_form(analysis)),
            ("Preference rankings.", lambda: figures.preference_rankings(analysis)),
            ("Stability under each concept.", lambda: figures.stability_grid(analysis)),
            ("Paths from the status quo.", lambda: figures.status_quo_graph(analysis)),
        ],
        tables_in_html=analysis.model.size <= HTML_TABLES_UP_TO,
    )


def _name(analysis: ConflictAnalysis, concept: str) -> str:
    return concept_name(concept, analysis.result.horizon)


def summary(analysis: ConflictAnalysis) -> list[str]:
    """One sentence on the model, one per concept, one on the status quo."""
    model, result = analysis.model, analysis.result
    lines = [f"{model.size} states, decision makers {', '.join(model.dms)}."]
    for concept in result.stable:
        found = [str(s + 1) for s in result.equilibria(concept)]
        shown = ", ".join(found[:20]) + (" ..." if len(found) > 20 else "")
        lines.append(f"{_name(analysis, concept)} equilibria: {shown or 'none'}.")
    quo = analysis.status_quo
    if quo is not None:
        under = equilibrium_concepts(result, quo.state)
        names = ", ".join(_name(analysis, c) for c in under) or "no concept"
        reach = ", ".join(str(s + 1) for s in sorted(quo.coalition.paths)) or "none"
        lines.append(
            f"Status quo {quo.state + 1}: an equilibrium under {names}; equilibria reachable "
            f"by improvements (unilateral or joint): {reach}."
        )
    if analysis.interrupted:
        lines.append("Interrupted: some concepts, the status quo or explanations are missing.")
    return lines


def states(analysis: ConflictAnalysis) -> Rows:
    """One row per state: number, label, and whether it is an equilibrium under each concept."""
    model, result = analysis.model, analysis.result
    equilibria = {c: set(result.equilibria(c)) for c in result.stable}
    return [
        {
            "state": s + 1,
            "label": model.labels[s],
            **{_name(analysis, c): s in found for c, found in equilibria.items()},
        }
        for s in range(model.size)
    ]


def stability(analysis: ConflictAnalysis) -> Rows:
    """One row per (state, decision maker, concept): whether the state is stable for it."""
    data: dict[str, Any] = analysis.result.to_dict()
    rows: Rows = []
    for concept, entry in data.items():
        for dm, stable in entry["per_dm"].items():
            found = set(stable)
            rows += [
                {"state": s, "decision_maker": dm, "concept": concept, "stable": s in found}
                for s in range(1, analysis.model.size + 1)
            ]
    return rows


def explanations(analysis: ConflictAnalysis) -> Rows:
    """One row per explanation asked for: the verdict and the sentence that says why."""
    return [
        {
            "state": e.state + 1,
            "decision_maker": analysis.model.dms[e.dm],
            "concept": e.name,
            "stable": e.stable,
            "kind": e.kind,
            "why": e.text,
        }
        for e in analysis.explanations
    ]
