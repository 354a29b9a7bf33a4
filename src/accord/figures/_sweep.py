"""Figures of a robustness sweep: how often each verdict holds, what moves it, plan margins.

Each takes the :class:`~accord.sweep._aggregate.SweepResult` that ``accord sweep --json``
serialises, and draws its ``to_dict()`` (nothing is recomputed).

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
... '''), draws=30, seed=1, workers=1)
>>> rows = verdicts(result)["datasets"]["verdicts"]
>>> [(r["id"], r["probability"]) for r in rows][:1]
[('deal.zone', 1.0)]
"""

from __future__ import annotations

from typing import Any

from accord.errors import FigureUnavailable
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
    wrapped_bands,
)
from accord.sweep._aggregate import SweepResult

SHARE: Spec = {"type": "quantitative", "scale": {"domain": [0, 1]}, "axis": {"format": "%"}}


def verdicts(result: SweepResult) -> Spec:
    """Each verdict's probability (point) with its 95 % Wilson interval (rule)."""
    data = result.to_dict()
    rows: Rows = [
        {k: v[k] for k in ("id", "label", "probability", "low", "high", "yes", "draws")}
        for v in data["verdicts"]
        if v["probability"] is not None
    ]
    if not rows:
        raise FigureUnavailable("no verdict has a draw to show")
    partial = " (partial: interrupted)" if data["partial"] else ""
    y, height = wrapped_bands(rows, "label", "lines")  # a long verdict wraps, is not cut
    return chart(
        f"How often each verdict holds over {data['draws']:,} draws{partial}",
        "Point: the share of draws answering yes. Line: its 95% Wilson interval.",
        {"verdicts": rows},
        data=named("verdicts"),
        width=420,
        height=height,
        encoding={
            "y": y,
            "tooltip": [
                field("label", "nominal", "Verdict"),
                field("probability", "quantitative", "Share of draws", format=".1%"),
                field("low", "quantitative", "Interval from", format=".1%"),
                field("high", "quantitative", "to", format=".1%"),
                field("draws", "quantitative", "Draws"),
            ],
        },
        layer=[
            {
                "mark": {"type": "rule", "color": NEUTRAL, "strokeWidth": 2},
                "encoding": {
                    "x": {"field": "low", "title": "Share of draws", **SHARE},
                    "x2": {"field": "high"},
                },
            },
            {
                "mark": {"type": "point", "filled": True, "size": 70},
                "encoding": {
                    "x": {"field": "probability", **SHARE},
                    "color": {
                        "condition": {"test": "datum.probability >= 0.5", "value": GOOD},
                        "value": BAD,
                    },
                },
            },
        ],
    )


def sensitivity(result: SweepResult, verdict: str | None = None) -> Spec:
    """The estimates that move ``verdict`` most (default: the first verdict that flips)."""
    data = result.to_dict()
    moving = [v for v in data["verdicts"] if v["sensitivity"]]
    chosen = next((v for v in moving if verdict is None or v["id"] == verdict), None)
    if chosen is None:
        what = "no verdict" if verdict is None else f"verdict {verdict}"
        raise FigureUnavailable(f"{what} flips in these draws: no estimate moves it")
    rows: Rows = [dict(r, verdict=chosen["label"]) for r in chosen["sensitivity"]]
    y, height = wrapped_bands(rows, "label", "lines")
    return chart(
        f"What decides whether {chosen['label']}",
        "Swing: the share of draws answering yes when the estimate is in the top third of its "
        "draws, minus when it is in the bottom third.",
        {"sensitivity": rows},
        data=named("sensitivity"),
        width=420,
        height=height,
        mark={"type": "bar"},
        encoding={
            "y": y,
            "x": field("swing", "quantitative", "Swing in probability"),
            "color": {"condition": {"test": "datum.swing >= 0", "value": GOOD}, "value": BAD},
            "tooltip": [
                field("label", "nominal", "Estimate"),
                field("swing", "quantitative", "Swing", format=".3f"),
            ],
        },
    )


def margins(result: SweepResult) -> Spec:
    """Each party's lowest margin over each plan: 5 %-95 % of the draws (line), the median
    (tick) and the worst draw (point); below 0 the plan is unsafe for the party."""
    rows = _margin_rows(result.to_dict()["margins"])
    if not rows:
        raise FigureUnavailable("no plan was asked about (sweep with the plan question)")
    y, height = wrapped_bands(rows, "row", "lines")
    x: Spec = {"type": "quantitative", "title": "Lowest margin over the plan"}
    return chart(
        "Lowest margin over each plan, per party, across the draws",
        "Line: 5% to 95% of the draws; tick: median; point: the worst draw. Below 0 the plan "
        "is unsafe for that party.",
        {"margins": rows, "zero": [{"x": 0}]},
        width=420,
        height=height,
        layer=[
            {
                "data": named("zero"),
                "mark": {"type": "rule", "color": ACCENT, "strokeDash": [4, 3]},
                "encoding": {"x": {"field": "x", **x}},
            },
            _margin_layer("rule", "q05", y, x, {"x2": {"field": "q95"}}),
            _margin_layer("tick", "median", y, x, {}),
            _margin_layer("point", "min", y, x, {}),
        ],
    )


def _margin_rows(margins: dict[str, Any]) -> Rows:
    rows: Rows = []
    for key, m in margins.items():
        if m["quantiles"] is None:
            continue
        _, plan, party = key.split(".", 2)
        q = m["quantiles"]
        rows.append(
            {
                "row": f"{plan}: {party}",
                "plan": plan,
                "party": party,
                "min": m["min"],
                "q05": q["0.05"],
                "median": q["0.5"],
                "q95": q["0.95"],
            }
        )
    return rows


def _margin_layer(mark: str, at: str, y: Spec, x: Spec, more: Spec) -> Spec:
    return {
        "data": named("margins"),
        "mark": {"type": mark, "color": NEUTRAL if mark == "rule" else "#4c78a8"}
        | ({"filled": True, "size": 50} if mark == "point" else {}),
        "encoding": {
            "y": y,
            "x": {"field": at, **x},
            **more,
            "tooltip": [
                field("row", "nominal", "Plan: party"),
                field("min", "quantitative", "Worst draw", format=".2f"),
                field("q05", "quantitative", "5%", format=".2f"),
                field("median", "quantitative", "Median", format=".2f"),
                field("q95", "quantitative", "95%", format=".2f"),
            ],
        },
    }
