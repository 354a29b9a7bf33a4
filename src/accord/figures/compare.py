"""Figures that overlay variants of one case: frontiers, exposure, substance and deterrence.

Each takes ``(label, result)`` pairs (the label is usually the file name) and draws the same
parts of each result's JSON as the single-scenario figures do.

Examples
--------
>>> from accord.scenario import load
>>> from accord.deal._analysis import analyze
>>> named = [(n, analyze(load(f"examples/{n}.yaml"), draws=0))
...          for n in ("korea-2019", "singapore-2018")]
>>> sorted({p["variant"] for p in frontiers(named)["datasets"]["frontier"]})
['korea-2019', 'singapore-2018']
"""

from __future__ import annotations

from collections.abc import Sequence

from accord.deal._analysis import DealAnalysis
from accord.errors import FigureUnavailable
from accord.figures._spec import Rows, Spec, chart, field, named
from accord.phasing._analysis import PhasingAnalysis
from accord.verification._analysis import VerificationReport


def frontiers(variants: Sequence[tuple[str, DealAnalysis]]) -> Spec:
    """The Pareto frontiers of the variants over the same two bargaining parties."""
    pairs = {tuple(result.parties) for _, result in variants if result.frontier is not None}
    if not variants or len(pairs) != 1 or len(next(iter(pairs))) != 2:
        raise FigureUnavailable(
            "frontiers are overlaid when every variant has a deal between the same two "
            "bargaining parties"
        )
    first, second = next(iter(pairs))
    points: Rows = []
    for label, result in variants:
        data = result.to_dict()
        points += [
            {"variant": label, "first": p["utilities"][first], "second": p["utilities"][second]}
            for p in data["frontier"]
        ]
        points += [
            {
                "variant": label,
                "solution": name,
                "first": s["utilities"][first],
                "second": s["utilities"][second],
            }
            for name, s in data["solutions"].items()
            if name == "nash"
        ]
    frontier = [p for p in points if "solution" not in p]
    nash = [p for p in points if "solution" in p]
    colour = field("variant", "nominal", "Variant")
    x = field("first", "quantitative", f"{first}: utility (points)")
    y = field("second", "quantitative", f"{second}: utility (points)")
    return chart(
        "The Pareto frontiers of the variants",
        "Lines: each variant's frontier (utilities in each party's own points); diamonds: its "
        "Nash package.",
        {"frontier": frontier, "nash": nash},
        width=480,
        height=360,
        layer=[
            {
                "data": named("frontier"),
                "mark": {"type": "line", "interpolate": "step-before", "point": True},
                "encoding": {
                    "x": x,
                    "y": y,
                    "color": colour,
                    "order": field("first", "quantitative"),
                },
            },
            {
                "data": named("nash"),
                "mark": {"type": "point", "shape": "diamond", "filled": True, "size": 140},
                "encoding": {"x": x, "y": y, "color": colour},
            },
        ],
    )


def exposures(variants: Sequence[tuple[str, PhasingAnalysis]]) -> Spec:
    """Each variant's planned plan: every party's exposure after each step, overlaid."""
    rows: Rows = []
    for label, analysis in variants:
        audit = analysis.to_dict()["plan"]["audit"]
        if audit is None:
            continue
        rows += [
            {
                "variant": label,
                "index": s["index"],
                "party": party,
                "exposure": value,
                "line": f"{label}: {party}",
            }
            for s in audit["steps"]
            for party, value in s["exposure"].items()
        ]
    if not rows:
        raise FigureUnavailable("no variant has a planned plan")
    return chart(
        "Exposure along each variant's planned plan",
        "Value each party has given and not yet had matched by verified receipts, after each "
        "step (0 = signature).",
        {"exposure": rows},
        data=named("exposure"),
        width=480,
        height=260,
        encoding={
            "x": field("index", "ordinal", "After step", axis={"labelAngle": 0}),
            "y": field("exposure", "quantitative", "Exposure (points)"),
            "color": field("variant", "nominal", "Variant"),
            "detail": field("line", "nominal"),
        },
        layer=[
            {
                # the lines alone carry the party's dash, so that its legend draws dashed
                # lines (grey) rather than the dots of the points
                "mark": {"type": "line", "interpolate": "step-after"},
                "encoding": {
                    "strokeDash": field(
                        "party",
                        "nominal",
                        "Party",
                        legend={
                            "symbolType": "stroke",
                            "symbolSize": 300,
                            "symbolStrokeWidth": 2,
                            "symbolStrokeColor": "#777",
                        },
                    )
                },
            },
            {"mark": {"type": "point", "filled": True}},
        ],
    )


MEASURES = {
    "substance (as written)": "#9d755d",
    "substance (planned)": "#4c78a8",
    "share deterred": "#72b7b2",
}
"""The bars of :func:`scores` and their colours (no red or green: those say bad and good)."""


def scores(
    variants: Sequence[tuple[str, PhasingAnalysis | None, VerificationReport | None]],
) -> Spec:
    """Substance score and share of commitments deterred, side by side."""
    rows: Rows = []
    for label, phasing, verification in variants:
        if phasing is not None:
            score = phasing.to_dict()["agreement_substance"]["score"]
            planned = phasing.to_dict()["plan"]["substance"]
            rows.append({"variant": label, "measure": "substance (as written)", "value": score})
            if planned is not None:
                rows.append(
                    {"variant": label, "measure": "substance (planned)", "value": planned["score"]}
                )
        if verification is not None:
            data = verification.to_dict()
            total = data["commitments"]
            if isinstance(total, int) and total:
                deterred = data["deterred"]
                assert isinstance(deterred, int)
                rows.append(
                    {"variant": label, "measure": "share deterred", "value": deterred / total}
                )
    if not rows:
        raise FigureUnavailable("no variant has a phasing: or verification: section")
    for row in rows:
        row["text"] = f"{row['value']:.2f}"
    return chart(
        "Substance and deterrence of the variants",
        "Substance: share of commitments with a quantity, a deadline and verification. "
        "Deterred: share of verified commitments whose cheating does not pay.",
        {"scores": rows},
        data=named("scores"),
        width=max(260, 170 * len({r["variant"] for r in rows})),
        height=220,
        encoding={
            "x": field("variant", "nominal", None, axis={"labelAngle": 0, "labelLimit": 160}),
            "xOffset": field("measure", "nominal", sort=list(MEASURES)),
            "y": field("value", "quantitative", "Share", scale={"domain": [0, 1]}),
            "tooltip": [
                field("variant", "nominal", "Variant"),
                field("measure", "nominal", "Measure"),
                field("text", "nominal", "Value"),
            ],
        },
        layer=[
            {
                "mark": {"type": "bar"},
                "encoding": {
                    "color": field(
                        "measure",
                        "nominal",
                        "Measure",
                        legend={"orient": "bottom"},
                        scale={"domain": list(MEASURES), "range": list(MEASURES.values())},
                    )
                },
            },
            {
                "mark": {"type": "text", "dy": -6, "fontSize": 10},
                "encoding": {"text": field("text", "nominal")},
            },
        ],
    )
