"""Figures of a conflict analysis: option form, rankings, stability grid, status quo graph.

Each function takes the :class:`~accord.conflict._analysis.ConflictAnalysis` that
``accord conflict --json`` serialises and draws the parts of that JSON it names (state numbers
are 1-based, as there). Models larger than :data:`MAX_DRAWN_STATES` states are not drawn: the
function raises :class:`~accord.errors.FigureUnavailable` saying so, and the report shows its
tables instead.

Examples
--------
>>> from accord.scenario import load
>>> from accord import analyze_conflict
>>> analysis = analyze_conflict(load("examples/elmira.yaml"))
>>> spec = stability_grid(analysis)
>>> cells = spec["datasets"]["cells"]
>>> [c["state"] for c in cells if c["row"] == "Nash: equilibrium" and c["stable"]]
[5, 8, 9]
"""

from __future__ import annotations

from collections import deque
from typing import Any

from accord.conflict._analysis import ConflictAnalysis
from accord.conflict._concepts import NAMES
from accord.errors import FigureUnavailable
from accord.figures._spec import ACCENT, GOOD, NEUTRAL, Rows, Spec, chart, field, named

MAX_DRAWN_STATES = 64
"""The conflict figures draw models of up to this many states (the report tables cover more)."""
TOP_AXIS = {"orient": "top", "labelAngle": 0}
MAX_DRAWN_COMBINATIONS = 128
"""Infeasible option combinations are drawn (greyed) when there are at most this many in all."""


def _check_size(analysis: ConflictAnalysis, what: str) -> None:
    size = analysis.model.size
    if size > MAX_DRAWN_STATES:
        raise FigureUnavailable(
            f"the {what} is drawn for models of up to {MAX_DRAWN_STATES} states; this one has "
            f"{size:,}, so its tables stand in for it"
        )


def concept_name(concept: str) -> str:
    """The name a person reads: ``Nash``, ``GMR``, ..."""
    return NAMES.get(concept, concept.upper())


def option_form(analysis: ConflictAnalysis) -> Spec:
    """The option-form table: options (rows, by decision maker) × states, Y where taken.

    Infeasible combinations of options (removed from the model) are shown greyed as ``×1``,
    ``×2``, ... when there are at most :data:`MAX_DRAWN_COMBINATIONS` combinations in all.
    """
    _check_size(analysis, "option-form table")
    model = analysis.model
    if model.options is None or model.codes is None:
        raise FigureUnavailable("the conflict is in graph form: it has no options to tabulate")
    rows = [f"{o.dm}: {o.id}" for o in model.options]
    cells: Rows = []
    for state in analysis.states_json():
        code = int(model.codes[state["number"] - 1])
        cells += _column(rows, str(state["number"]), code, state["number"], state["options"])
    feasible = {int(c) for c in model.codes}
    combinations = 2 ** len(model.options)
    infeasible = [c for c in range(combinations) if c not in feasible]
    shown = infeasible if combinations <= MAX_DRAWN_COMBINATIONS else []
    for k, code in enumerate(shown, start=1):
        taken = {o.id: bool(code >> i & 1) for i, o in enumerate(model.options)}
        cells += _column(rows, f"×{k}", code, None, taken)
    note = "Y (filled): the option is taken in that state; empty: it is not."
    if shown:
        note += f" Greyed ×1–×{len(shown)}: infeasible combinations (not states of the model)."
    elif infeasible:
        note += f" {len(infeasible):,} infeasible combinations are not shown."
    x = field("column", "ordinal", "State", sort={"field": "order"}, axis={"labelAngle": 0})
    y = field("row", "ordinal", None, sort=rows)
    fill = {
        "condition": [
            {"test": "!datum.feasible", "value": NEUTRAL},
            {"test": "datum.taken", "value": GOOD},
        ],
        "value": "transparent",
    }
    tooltip = [
        field("column", "nominal", "State"),
        field("row", "nominal", "Option"),
        field("mark", "nominal", "Taken"),
    ]
    return chart(
        "Option form",
        note,
        {"cells": cells},
        data=named("cells"),
        width={"step": 18},
        height={"step": 18},
        encoding={"x": x, "y": y, "tooltip": tooltip},
        layer=[
            {
                "mark": {"type": "rect", "stroke": NEUTRAL, "strokeWidth": 0.5, "opacity": 0.6},
                "encoding": {"fill": fill},
            },
            {
                "transform": [{"filter": "datum.taken"}],
                "mark": {"type": "text", "fontSize": 10},
                "encoding": {"text": field("mark", "nominal")},
            },
        ],
    )


def _column(
    rows: list[str], label: str, code: int, number: int | None, taken: dict[str, bool]
) -> Rows:
    return [
        {
            "column": label,
            "order": code,
            "state": number,
            "option": option,
            "dm": row.split(": ", 1)[0],
            "row": row,
            "taken": value,
            "mark": "Y" if value else "N",
            "feasible": number is not None,
        }
        for row, (option, value) in zip(rows, taken.items(), strict=True)
    ]


def preference_rankings(analysis: ConflictAnalysis) -> Spec:
    """Each decision maker's ranking of the states, most preferred on top; ties share a row."""
    _check_size(analysis, "preference ranking")
    ranks: Rows = []
    for dm, ties in analysis.preferences_json().items():
        for position, tie in enumerate(ties, start=1):
            text = [", ".join(map(str, tie[i : i + 12])) for i in range(0, len(tie), 12)]
            ranks.append({"dm": dm, "rank": position, "states": tie, "text": text})
    lines = max((len(r["text"]) for r in ranks), default=1)
    dms = list(analysis.model.dms)
    return chart(
        "Preferences: each decision maker's ranking",
        "States most preferred first; states on one row are tied.",
        {"ranking": ranks},
        data=named("ranking"),
        width={"step": 220},
        height={"step": 8 + 13 * lines},
        mark={"type": "text", "fontSize": 11, "lineBreak": "\n", "limit": 210},
        encoding={
            "x": field("dm", "nominal", "Decision maker", sort=dms, axis=TOP_AXIS),
            "y": field("rank", "ordinal", "Rank (1 = most preferred)"),
            "text": field("text", "nominal"),
        },
    )


def stability_grid(analysis: ConflictAnalysis) -> Spec:
    """States × (concept, decision maker): stable cells filled, equilibria highlighted."""
    _check_size(analysis, "stability grid")
    stability = analysis.result.to_dict()
    cells: Rows = []
    rows: list[str] = []
    for concept, found in stability.items():
        name = concept_name(concept)
        equilibria = set(found["equilibria"])
        for dm, stable in [*found["per_dm"].items(), ("equilibrium", found["equilibria"])]:
            row = f"{name}: {dm}"
            rows.append(row)
            kept = set(stable)
            cells += [
                {
                    "state": n,
                    "concept": concept,
                    "dm": None if dm == "equilibrium" else dm,
                    "row": row,
                    "stable": n in kept,
                    "equilibrium": n in equilibria,
                }
                for n in range(1, analysis.model.size + 1)
            ]
    fill = {
        "condition": [
            {"test": "datum.dm === null && datum.stable", "value": ACCENT},
            {"test": "datum.stable", "value": GOOD},
        ],
        "value": "transparent",
    }
    return chart(
        "Stability of every state",
        "Green: stable for that decision maker. Orange: an equilibrium (stable for all).",
        {"cells": cells},
        data=named("cells"),
        width={"step": 14},
        height={"step": 16},
        mark={"type": "rect", "stroke": NEUTRAL, "strokeWidth": 0.5, "opacity": 0.8},
        encoding={
            "x": field("state", "ordinal", "State", axis={"labelAngle": -90, "labelFontSize": 9}),
            "y": field("row", "ordinal", None, sort=rows),
            "fill": fill,
            "tooltip": [
                field("state", "ordinal", "State"),
                field("row", "nominal", "Row"),
                field("stable", "nominal", "Stable"),
            ],
        },
    )


def status_quo_graph(analysis: ConflictAnalysis) -> Spec:
    """The shortest paths from the status quo to the reachable equilibria, as a graph.

    Nodes are the states on the paths (by distance from the status quo, left to right); edges
    are the steps of the paths: a unilateral improvement (one mover) or a joint move.
    """
    _check_size(analysis, "status quo graph")
    if analysis.status_quo is None:
        raise FigureUnavailable("the scenario names no status quo, so there is no path to draw")
    quo = analysis.status_quo.to_dict()
    edges = _edges(quo)
    nodes = _nodes(analysis, quo, edges)
    _place(nodes, edges, quo["state"])
    return _graph_spec(quo, nodes, list(edges.values()))


def _edges(quo: dict[str, Any]) -> dict[tuple[int, int], dict[str, Any]]:
    edges: dict[tuple[int, int], dict[str, Any]] = {}
    for reach in ("unilateral", "coalition"):
        for path in quo[reach]["paths"]:
            for step in path["steps"]:
                key = (step["from"], step["to"])
                edge = edges.setdefault(
                    key,
                    {
                        "from": step["from"],
                        "to": step["to"],
                        "movers": "+".join(step["movers"]),
                        "kind": "joint move" if len(step["movers"]) > 1 else "unilateral move",
                        "searches": [],
                    },
                )
                if reach not in edge["searches"]:
                    edge["searches"].append(reach)
    return edges


def _nodes(
    analysis: ConflictAnalysis, quo: dict[str, Any], edges: dict[tuple[int, int], Any]
) -> dict[int, dict[str, Any]]:
    under = {
        p["to"]: p["equilibrium_under"]
        for r in ("unilateral", "coalition")
        for p in quo[r]["paths"]
    }
    concepts = len(analysis.result.stable)
    numbers = {quo["state"], *(n for key in edges for n in key)}
    nodes = {}
    for n in sorted(numbers):
        found = under.get(n, [])
        role = "on a path"
        if found:
            role = (
                "equilibrium (every concept)"
                if len(found) == concepts
                else "equilibrium (some concepts)"
            )
        if n == quo["state"]:
            role = "status quo"
        nodes[n] = {
            "state": n,
            "label": analysis.model.labels[n - 1],
            "role": role,
            "equilibrium_under": [concept_name(c) for c in found],
        }
    return nodes


WIDTH, HEIGHT, GAP = 560, 300, 40


def _place(nodes: dict[int, dict[str, Any]], edges: dict[tuple[int, int], Any], start: int) -> None:
    """Pixel positions: by breadth-first distance from the status quo, then by number."""
    depth = {start: 0}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for a, b in sorted(edges):
            if a == node and b not in depth:
                depth[b] = depth[node] + 1
                queue.append(b)
    layers: dict[int, list[int]] = {}
    for n in nodes:
        layers.setdefault(depth.get(n, 0), []).append(n)
    deepest = max(layers)
    for d, members in layers.items():
        for k, n in enumerate(sorted(members)):
            nodes[n]["x"] = GAP + (WIDTH - 2 * GAP) * (d / deepest if deepest else 0.5)
            nodes[n]["y"] = GAP + (HEIGHT - 2 * GAP) * ((k + 0.5) / len(members))
    for (a, b), edge in edges.items():
        edge.update(x=nodes[a]["x"], y=nodes[a]["y"], x2=nodes[b]["x"], y2=nodes[b]["y"])
        edge["mx"] = nodes[a]["x"] + 0.8 * (nodes[b]["x"] - nodes[a]["x"])
        edge["my"] = nodes[a]["y"] + 0.8 * (nodes[b]["y"] - nodes[a]["y"])
        edge["angle"] = _angle(edge)


def _angle(edge: dict[str, Any]) -> float:
    import math

    degrees = math.degrees(math.atan2(edge["y2"] - edge["y"], edge["x2"] - edge["x"]))
    return (degrees + 90) % 360  # the triangle shape points up at angle 0


def _graph_spec(quo: dict[str, Any], nodes: dict[int, dict[str, Any]], edges: Rows) -> Spec:
    px = {"type": "quantitative", "scale": None, "axis": None}
    roles = [
        "status quo",
        "equilibrium (every concept)",
        "equilibrium (some concepts)",
        "on a path",
    ]
    role_colour = {"domain": roles, "range": ["#4c78a8", ACCENT, "#eeca3b", NEUTRAL]}
    dash = {"condition": {"test": "datum.kind === 'joint move'", "value": [6, 3]}, "value": [1, 0]}
    truncated = [r for r in ("unilateral", "coalition") if quo[r]["truncated"]]
    note = ["Solid: a unilateral improvement; dashed: a joint move (a coalition improvement)."]
    if truncated:
        note.append(
            f"The {' and '.join(truncated)} search stopped at its budget: paths are partial."
        )
    if not edges:
        note.append("No move leads away from the status quo.")
    return chart(
        f"From the status quo (state {quo['state']}) to the equilibria it can reach",
        note,
        {"nodes": list(nodes.values()), "edges": edges},
        width=WIDTH,
        height=HEIGHT,
        layer=[
            {
                "data": named("edges"),
                "mark": {"type": "rule", "strokeWidth": 1.5, "color": NEUTRAL},
                "encoding": {
                    "x": {"field": "x", **px},
                    "y": {"field": "y", **px},
                    "x2": {"field": "x2"},
                    "y2": {"field": "y2"},
                    "strokeDash": dash,
                    "tooltip": _edge_tooltip(),
                },
            },
            {
                "data": named("edges"),
                "mark": {
                    "type": "point",
                    "shape": "triangle",
                    "filled": True,
                    "size": 70,
                    "color": NEUTRAL,
                },
                "encoding": {
                    "x": {"field": "mx", **px},
                    "y": {"field": "my", **px},
                    "angle": {"field": "angle", "type": "quantitative", "scale": None},
                },
            },
            {
                "data": named("edges"),
                "mark": {"type": "text", "dy": -7, "fontSize": 10},
                "encoding": {
                    "x": {"field": "mx", **px},
                    "y": {"field": "my", **px},
                    "text": field("movers", "nominal"),
                },
            },
            {
                "data": named("nodes"),
                "mark": {"type": "circle", "size": 600, "opacity": 1},
                "encoding": {
                    "x": {"field": "x", **px},
                    "y": {"field": "y", **px},
                    "color": field("role", "nominal", "State", scale=role_colour),
                    "tooltip": [
                        field("state", "ordinal", "State"),
                        field("label", "nominal", "Options taken"),
                        field("role", "nominal", "Role"),
                        field("equilibrium_under", "nominal", "Equilibrium under"),
                    ],
                },
            },
            {
                "data": named("nodes"),
                "mark": {"type": "text", "fontSize": 11, "fontWeight": "bold"},
                "encoding": {
                    "x": {"field": "x", **px},
                    "y": {"field": "y", **px},
                    "text": field("state", "ordinal"),
                    # dark numbers on the light yellow node, white on the others
                    "color": {
                        "condition": {"test": f"datum.role === '{roles[2]}'", "value": "#1d2430"},
                        "value": "#fff",
                    },
                },
            },
        ],
    )


def _edge_tooltip() -> list[Spec]:
    return [
        field("from", "ordinal", "From"),
        field("to", "ordinal", "To"),
        field("movers", "nominal", "Moved by"),
        field("kind", "nominal", "Kind"),
    ]
