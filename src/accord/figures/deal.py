"""Figures of a deal analysis: the outcome space, the frontier, Monte Carlo, sensitivity.

Each function takes the :class:`~accord.deal._analysis.DealAnalysis` that ``accord deal --json``
serialises and draws parts of that JSON (utilities in each party's own points, at the mode).

Examples
--------
>>> from accord.scenario import load
>>> from accord.deal._analysis import analyze
>>> result = analyze(load("examples/singapore-2018.yaml"), draws=0)
>>> spec = outcome_space(result)
>>> len(spec["datasets"]["outcomes"]), spec["datasets"]["solutions"][0]["name"]
(16, 'nash')
"""

from __future__ import annotations

from typing import Any

from accord.deal._analysis import DealAnalysis
from accord.errors import FigureUnavailable
from accord.figures._labels import OBSTACLE_TEXT, PLACES, extent_of, place
from accord.figures._spec import (
    ACCENT,
    BAD,
    GOOD,
    NEUTRAL,
    Rows,
    Spec,
    chart,
    field,
    named,
    number,
)

SOLUTION_NAMES = {
    "nash": "Nash",
    "kalai_smorodinsky": "Kalai–Smorodinsky",
    "egalitarian": "Egalitarian",
    "utilitarian": "Utilitarian",
}
TORNADO_ROWS = 20
WIDTH, HEIGHT = 520, 420
"""The outcome space's plot size in pixels."""
"""The sensitivity chart shows the ranges with the largest swings, at most this many."""


def solution_name(name: str) -> str:
    """``Kalai–Smorodinsky`` for ``kalai_smorodinsky``, ..."""
    return SOLUTION_NAMES.get(name, name.replace("_", " ").capitalize())


def _json(result: DealAnalysis) -> dict[str, Any]:
    if result.outcomes is None:
        raise FigureUnavailable("the deal has no items, so there is no package to draw")
    return result.to_dict()


def outcome_space(result: DealAnalysis) -> Spec:
    """Two bargaining parties: every package (or a sample), the frontier, the reservation
    lines, the zone of agreement shaded, the bargaining solutions and the proposals."""
    data = _json(result)
    if len(result.parties) != 2:
        raise FigureUnavailable(
            f"the outcome space is drawn for two bargaining parties; this deal has "
            f"{len(result.parties)} (see the parallel-coordinates view of the frontier)"
        )
    first, second = result.parties
    outcomes = data["outcomes"]
    columns = outcomes["parties"]
    i, j = columns.index(first), columns.index(second)
    points = [
        {"first": row[i], "second": row[j], "acceptable": ok}
        for row, ok in zip(outcomes["utilities"], outcomes["acceptable"], strict=True)
    ]
    frontier = [
        {"first": p["utilities"][first], "second": p["utilities"][second], "index": k}
        for k, p in enumerate(data["frontier"])
    ]
    floor = data["reservations"]
    solutions = [
        {
            "name": n,
            "label": solution_name(n),
            "first": s["utilities"][first],
            "second": s["utilities"][second],
        }
        for n, s in data["solutions"].items()
    ]
    proposals = [
        {
            "name": n,
            "label": p["label"],
            "first": p["utilities"][first],
            "second": p["utilities"][second],
            "acceptable": p["acceptable"],
        }
        for n, p in data["proposals"].items()
    ]
    datasets = {
        "outcomes": points,
        "frontier": frontier,
        "zone": _zone(frontier, floor[first], floor[second]) if data["zone_of_agreement"] else [],
        "reservations": [{"party": p, "value": floor[p]} for p in (first, second)],
        "solutions": solutions,
        "proposals": proposals,
    }
    datasets.update(_solution_labels(datasets))
    return chart(
        f"What {first} and {second} could agree on",
        _outcome_note(outcomes),
        datasets,
        width=WIDTH,
        height=HEIGHT,
        layer=_outcome_layers(first, second, len(datasets["outcomes"])),
    )


def _zone(frontier: Rows, floor_x: float, floor_y: float) -> Rows:
    """The shaded zone: under the frontier's staircase, above both reservation lines."""
    inside = sorted(
        (p for p in frontier if p["first"] >= floor_x and p["second"] >= floor_y),
        key=lambda p: p["first"],
    )
    if not inside:
        return []
    edge = [{"first": floor_x, "second": inside[0]["second"], "floor": floor_y}]
    return edge + [{"first": p["first"], "second": p["second"], "floor": floor_y} for p in inside]


def _solution_labels(datasets: dict[str, Rows]) -> dict[str, Rows]:
    """One label per point (solutions at the same utilities share it: ``Nash = Egalitarian``),
    each at the first offset that clears the markers, the proposals' names and the other
    labels: ``labels_<k>`` holds those at offset ``k`` of :data:`~accord.figures._labels.PLACES`."""
    merged: dict[tuple[float, float], list[str]] = {}
    for s in datasets["solutions"]:
        merged.setdefault((s["first"], s["second"]), []).append(s["label"])
    labels = [
        {"first": x, "second": y, "label": " = ".join(names)}
        for (x, y), names in sorted(merged.items())
    ]
    obstacles = [
        {"x": p["first"], "y": p["second"], "text": p["name"]} for p in datasets["proposals"]
    ]
    groups = [datasets[k] for k in ("outcomes", "frontier", "solutions", "proposals")]
    extent = extent_of([g for g in groups if g], "first", "second")
    points = [{"x": m["first"], "y": m["second"], "text": m["label"]} for m in labels]
    where = place(points, obstacles, extent, (WIDTH, HEIGHT))
    return {
        f"labels_{k}": [m for m, w in zip(labels, where, strict=True) if w == k]
        for k in range(len(PLACES))
    }


def _outcome_note(outcomes: dict[str, Any]) -> list[str]:
    if outcomes["method"] == "every package":
        cloud = f"Dots: every package that meets the constraints ({outcomes['shown']:,})"
    else:
        cloud = (
            f"Dots: {outcomes['shown']:,} of the {outcomes['packages']:,} packages, drawn "
            f"uniformly among those that meet the constraints (seed {outcomes['seed']})"
        )
    return [
        f"{cloud}; green: acceptable to every party (stakeholders included).",
        "Line: the Pareto frontier. Dashed: reservation values. Shaded: the zone of agreement. "
        "Diamonds: bargaining solutions; squares: proposals.",
    ]


def _outcome_layers(first: str, second: str, dots: int) -> list[Spec]:
    x = field("first", "quantitative", f"{first}: utility (points)")
    y = field("second", "quantitative", f"{second}: utility (points)")
    xy = {"x": x, "y": y}
    acceptable = {"condition": {"test": "datum.acceptable", "value": GOOD}, "value": NEUTRAL}
    return [
        {
            "data": named("zone"),
            "mark": {"type": "area", "interpolate": "step-before", "opacity": 0.18, "color": GOOD},
            "encoding": {"x": x, "y": y, "y2": {"field": "floor"}},
        },
        {
            "data": named("outcomes"),
            # small faint dots for a cloud of thousands; a few dozen packages are drawn larger
            "mark": {
                "type": "circle",
                "size": 14 if dots > 200 else 45,
                "opacity": 0.45 if dots > 200 else 0.8,
            },
            "encoding": {**xy, "color": acceptable},
        },
        {
            "data": named("reservations"),
            "transform": [{"filter": f"datum.party === '{first}'"}],
            "mark": {"type": "rule", "strokeDash": [5, 4], "color": BAD},
            "encoding": {"x": field("value", "quantitative")},
        },
        {
            "data": named("reservations"),
            "transform": [{"filter": f"datum.party === '{second}'"}],
            "mark": {"type": "rule", "strokeDash": [5, 4], "color": BAD},
            "encoding": {"y": field("value", "quantitative")},
        },
        {
            "data": named("frontier"),
            "mark": {
                "type": "line",
                "interpolate": "step-before",
                "point": True,
                "color": "#4c78a8",
            },
            "encoding": {**xy, "order": field("first", "quantitative")},
        },
        {
            "data": named("solutions"),
            "mark": {
                "type": "point",
                "shape": "diamond",
                "filled": True,
                "size": 140,
                "color": ACCENT,
            },
            "encoding": {**xy, "tooltip": [field("label", "nominal", "Solution"), x, y]},
        },
        *(
            {
                "data": named(f"labels_{k}"),
                "mark": {"type": "text", "align": align, "dx": dx, "dy": dy, "fontSize": 11},
                "encoding": {**xy, "text": field("label", "nominal")},
            }
            for k, (dx, dy, align) in enumerate(PLACES)
        ),
        {
            "data": named("proposals"),
            "mark": {"type": "square", "size": 110, "opacity": 1},
            "encoding": {
                **xy,
                "color": {"condition": {"test": "datum.acceptable", "value": GOOD}, "value": BAD},
                "tooltip": [
                    field("name", "nominal", "Proposal"),
                    field("label", "nominal", "Label"),
                    x,
                    y,
                ],
            },
        },
        {
            "data": named("proposals"),
            "mark": {
                "type": "text",
                "align": OBSTACLE_TEXT[2],
                "dx": OBSTACLE_TEXT[0],
                "dy": OBSTACLE_TEXT[1],
                "fontSize": 11,
            },
            "encoding": {**xy, "text": field("name", "nominal")},
        },
    ]


def frontier_parallel(result: DealAnalysis) -> Spec:
    """Three or more bargaining parties: the frontier as parallel coordinates.

    Each axis is one party's utility scaled to its range over the frontier (the tooltips give
    the points); the bargaining solutions are drawn over the frontier.
    """
    data = _json(result)
    parties = list(result.parties)
    lines = [
        {
            "point": f"frontier {k + 1}",
            "kind": "frontier",
            "party": party,
            "utility": p["utilities"][party],
        }
        for k, p in enumerate(data["frontier"])
        for party in parties
    ]
    lines += [
        {
            "point": solution_name(n),
            "kind": "solution",
            "party": party,
            "utility": s["utilities"][party],
        }
        for n, s in data["solutions"].items()
        for party in parties
    ]
    scale = [
        {
            "joinaggregate": [
                {"op": "min", "field": "utility", "as": "low"},
                {"op": "max", "field": "utility", "as": "high"},
            ],
            "groupby": ["party"],
        },
        {
            "calculate": "datum.high > datum.low ? (datum.utility - datum.low) / "
            "(datum.high - datum.low) : 0.5",
            "as": "scaled",
        },
    ]
    return chart(
        "The Pareto frontier, party by party",
        [
            f"{len(data['frontier']):,} frontier points (grey) and the bargaining solutions "
            "(coloured); each axis runs from that party's lowest to its highest utility on it.",
        ],
        {"lines": lines},
        data=named("lines"),
        transform=scale,
        width=max(360, 160 * len(parties)),
        height=320,
        mark={"type": "line", "point": True},
        encoding={
            "x": field("party", "nominal", None, sort=parties, axis={"labelAngle": 0}),
            "y": field("scaled", "quantitative", "Utility, scaled to the frontier's range"),
            "detail": field("point", "nominal"),
            "color": {
                "condition": {"test": "datum.kind === 'frontier'", "value": NEUTRAL},
                "field": "point",
                "type": "nominal",
                "title": "Solution",
                "scale": {"domain": [solution_name(n) for n in data["solutions"]]},
            },
            "opacity": {
                "condition": {"test": "datum.kind === 'frontier'", "value": 0.5},
                "value": 1,
            },
            "tooltip": [
                field("point", "nominal", "Point"),
                field("party", "nominal", "Party"),
                field("utility", "quantitative", "Utility"),
            ],
        },
    )


def margin_distributions(result: DealAnalysis) -> Spec:
    """Monte Carlo: each party's margin over its reservation for the Nash package."""
    data = _json(result)
    uncertainty = data["uncertainty"]
    if uncertainty is None or uncertainty.get("margins") is None:
        raise FigureUnavailable(
            "there is no Monte Carlo distribution to draw (no ranges, no draws, or no Nash package)"
        )
    margins = uncertainty["margins"]
    accept = uncertainty["solutions"][margins["package"]]
    bins = [
        {
            "party": party,
            "panel": f"{party}: accepts in {accept[party]:.1%} of draws",
            "start": h["edges"][k],
            "end": h["edges"][k + 1],
            "count": count,
        }
        for party, h in margins["parties"].items()
        for k, count in enumerate(h["counts"])
    ]
    return chart(
        f"How sure: each party's margin over its reservation for the {solution_name('nash')} "
        "package",
        f"{uncertainty['draws']:,} draws (seed {uncertainty['seed']}), every range "
        f"{uncertainty['distribution']}; the party accepts in draws at or right of the red line "
        f"(margin 0). P(every party accepts) = {accept['all']:.1%}.",
        {"bins": bins},
        data=named("bins"),
        facet={
            "row": field(
                "panel",
                "nominal",
                None,
                sort=list(margins["parties"]),
                header={"labelAngle": 0, "labelAlign": "left", "labelFontSize": 12},
            )
        },
        spec={
            "width": 480,
            "height": 80,
            "layer": [
                {
                    "mark": {"type": "rect", "color": "#4c78a8", "opacity": 0.8},
                    "encoding": {
                        "x": field("start", "quantitative", "Margin (points)"),
                        "x2": {"field": "end"},
                        "y": field("count", "quantitative", "Draws"),
                    },
                },
                {
                    "mark": {"type": "rule", "color": BAD, "strokeWidth": 2},
                    "encoding": {"x": {"datum": 0}},
                },
            ],
        },
        resolve={"scale": {"x": "independent", "y": "independent"}},
    )


def acceptance(result: DealAnalysis) -> Spec:
    """Monte Carlo: P(a zone of agreement exists) and P(every party accepts) each package."""
    data = _json(result)
    uncertainty = data["uncertainty"]
    if uncertainty is None:
        raise FigureUnavailable("there is no Monte Carlo analysis (no ranges, or no draws)")
    rows = [
        {
            "package": "some package (a zone exists)",
            "kind": "zone",
            "probability": uncertainty["zone_probability"],
        }
    ]
    rows += [
        {"package": solution_name(n), "kind": "solution", "probability": p["all"]}
        for n, p in uncertainty["solutions"].items()
    ]
    rows += [
        {"package": n, "kind": "proposal", "probability": p["all"]}
        for n, p in uncertainty["proposals"].items()
    ]
    for row in rows:
        row["text"] = f"{row['probability']:.1%}"
    note = f"{uncertainty['draws']:,} draws (seed {uncertainty['seed']})."
    if uncertainty["zone_method"] != "enumeration":
        note += " P(a zone exists) is a lower bound: only the frontier, solutions and proposals"
        note += " were checked in each draw."
    y = field("package", "nominal", None, sort=[r["package"] for r in rows])
    return chart(
        "How likely is agreement",
        note,
        {
            "acceptance": rows,
            "labels_outside": [r for r in rows if r["probability"] < 0.5],
            "labels_inside": [r for r in rows if r["probability"] >= 0.5],
        },
        width=420,
        height={"step": 24},
        encoding={
            "y": y,
            "x": field(
                "probability",
                "quantitative",
                "Probability",
                scale={"domain": [0, 1]},
                axis={"format": "%"},
            ),
        },
        layer=[
            {
                "data": named("acceptance"),
                "mark": {"type": "bar"},
                "encoding": {
                    "color": field(
                        "kind",
                        "nominal",
                        "Kind",
                        scale={
                            "domain": ["zone", "solution", "proposal"],
                            "range": [GOOD, ACCENT, "#4c78a8"],
                        },
                        legend={"orient": "bottom"},
                    )
                },
            },
            {
                "data": named("labels_outside"),
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {"text": field("text", "nominal")},
            },
            {
                "data": named("labels_inside"),
                "mark": {"type": "text", "align": "right", "dx": -4, "color": "white"},
                "encoding": {"text": field("text", "nominal")},
            },
        ],
    )


def sensitivity(result: DealAnalysis) -> Spec:
    """The tornado chart: the ranges whose uncertainty moves the outcome most."""
    data = _json(result)
    uncertainty = data["uncertainty"]
    if uncertainty is None or not uncertainty["sensitivity"]:
        raise FigureUnavailable("there is no sensitivity to draw (no ranges, or no draws)")
    ranked = uncertainty["sensitivity"]
    rows = [
        dict(r, range=f"{number(r['low'])} … {number(r['high'])}") for r in ranked[:TORNADO_ROWS]
    ]
    shown = f"the {len(rows)} of {len(ranked)} ranges" if len(ranked) > len(rows) else "every range"
    return chart(
        "Which uncertain values matter most",
        [
            f"Swing: P({uncertainty['sensitivity_outcome']}) when the value is in the top third "
            "of its draws, minus when it is in the bottom third.",
            f"Showing {shown} with the largest swings; the table lists all.",
        ],
        {"sensitivity": rows},
        data=named("sensitivity"),
        width=420,
        height={"step": 20},
        mark={"type": "bar"},
        encoding={
            "y": field("parameter", "nominal", None, sort=[r["parameter"] for r in rows]),
            "x": field("swing", "quantitative", "Swing in probability"),
            "color": {"condition": {"test": "datum.swing >= 0", "value": GOOD}, "value": BAD},
            "tooltip": [
                field("parameter", "nominal", "Value"),
                field("range", "nominal", "Range"),
                field("mode", "quantitative", "Mode"),
                field("swing", "quantitative", "Swing", format=".3f"),
            ],
        },
    )
