"""Figures of a phased plan: its timetable, and each party's exposure and safety margin.

Each function takes a planned plan (a :class:`~accord.phasing._analysis.PhasingAnalysis`, drawing
``plan`` of ``accord plan --json``) or a written one (a
:class:`~accord.phasing._analysis.WrittenAudit`, one of ``audits``), and draws the ``timetable``
and the audit's ``steps`` of that JSON.

Examples
--------
>>> from accord.scenario import load
>>> from accord.phasing._analysis import analyze
>>> written = analyze(load("examples/jcpoa-2015.yaml")).audits[0]
>>> spec = timetable(written)
>>> [m["name"] for m in spec["datasets"]["milestones"]][:2]
['Adoption Day', 'Stockpile shipped to Russia']
"""

from __future__ import annotations

from typing import Any

from accord.errors import FigureUnavailable
from accord.figures._spec import BAD, NEUTRAL, Rows, Spec, chart, field, named, number, party_scale
from accord.phasing._analysis import PhasingAnalysis, WrittenAudit

Plan = PhasingAnalysis | WrittenAudit


def _plan_json(plan: Plan) -> tuple[str, dict[str, Any]]:
    """A title and the JSON holding ``timetable`` and the audit's ``steps``."""
    if isinstance(plan, WrittenAudit):
        return f"the written plan '{plan.name}'", plan.to_dict()
    data = plan.to_dict()["plan"]
    if data["audit"] is None:
        raise FigureUnavailable(f"the planner found no plan (status: {data['status']})")
    return "the planned plan", {**data["audit"], "timetable": data["timetable"]}


def timetable(plan: Plan) -> Spec:
    """The timetable: one row per party, each step a column headed by its milestone and date,
    the items delivered as labelled bars."""
    title, data = _plan_json(plan)
    columns, deliveries, milestones = [], [], []
    for step, milestone in enumerate(data["timetable"], start=1):
        heading = _wrapped(f"{step}. {milestone['name']}", HEADING_CHARS)
        column = "|".join([*heading, f"{milestone['date']} (period {milestone['period']})"])
        columns.append(column)
        milestones.append({"step": step, "column": column, **_milestone(milestone)})
        for party, items in milestone["deliveries"].items():
            for slot, (item, amount) in enumerate(items.items()):
                deliveries.append(
                    {
                        "step": step,
                        "column": column,
                        "name": milestone["name"],
                        "date": milestone["date"],
                        "party": party,
                        "item": item,
                        "amount": amount,
                        "slot": slot,
                        "label": item if amount == 1 else f"{item} × {number(amount)}",
                    }
                )
    if not deliveries:
        raise FigureUnavailable(f"{title} delivers nothing")
    parties = list(dict.fromkeys(d["party"] for d in deliveries))
    slots = list(range(1 + max(d["slot"] for d in deliveries)))
    lines = max(c.count("|") for c in columns) + 1
    offset = field("slot", "ordinal", None, scale={"domain": slots}, sort=None)
    x = field(
        "column",
        "ordinal",
        None,
        scale={"domain": columns},
        sort=None,
        axis={
            "orient": "top",
            "labelAngle": 0,
            "labelExpr": "split(datum.label, '|')",
            # a heading of several lines hangs down from its anchor: lift it clear of the bars
            "labelPadding": 4 + LINE_HEIGHT * (lines - 1),
            "labelLineHeight": LINE_HEIGHT,
            "labelLimit": 170,
            "domain": False,
            "ticks": False,
        },
    )
    return chart(
        f"Timetable of {title}",
        "Each column is a step, headed by its milestone and date; bars are the deliveries.",
        {"deliveries": deliveries, "milestones": milestones},
        width={"step": 170},
        height={"step": 20, "for": "offset"},
        layer=[
            {
                "data": named("deliveries"),
                "mark": {"type": "bar", "opacity": 0.3, "cornerRadius": 2},
                "encoding": {
                    "x": x,
                    "y": field("party", "nominal", None, sort=parties),
                    "yOffset": offset,
                    "color": field(
                        "party", "nominal", "Party", scale=party_scale(parties), legend=None
                    ),
                    "tooltip": [
                        field("name", "nominal", "Step"),
                        field("date", "nominal", "Date"),
                        field("party", "nominal", "Party"),
                        field("item", "nominal", "Item"),
                        field("amount", "quantitative", "Amount"),
                    ],
                },
            },
            {
                "data": named("deliveries"),
                "mark": {"type": "text", "fontSize": 10, "limit": 150},
                "encoding": {
                    "x": x,
                    "y": field("party", "nominal", None, sort=parties),
                    "yOffset": offset,
                    "text": field("label", "nominal"),
                },
            },
            {
                "data": named("milestones"),
                "mark": {"type": "rule", "color": NEUTRAL, "strokeDash": [2, 3]},
                "encoding": {"x": {**x, "bandPosition": 0}},
            },
        ],
    )


HEADING_CHARS = 28
"""A column heading's line length (a column is 170 pixels wide)."""
LINE_HEIGHT = 13


def _wrapped(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken between words.

    >>> _wrapped("3. Nuclear steps completed and verified", 28)
    ['3. Nuclear steps completed', 'and verified']
    """
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [text]


def _milestone(milestone: dict[str, Any]) -> dict[str, Any]:
    return {"name": milestone["name"], "date": milestone["date"], "period": milestone["period"]}


def exposure_and_margins(plan: Plan) -> Spec:
    """Each party's exposure after every step, and its safety margin at its next delivery;
    the first unsafe step is marked with its shortfall."""
    title, data = _plan_json(plan)
    steps = data["steps"]
    order = [f"{s['index']}. {s['name']}" for s in steps]
    rows: Rows = []
    for s, column in zip(steps, order, strict=True):
        for party in s["exposure"]:
            rows.append(
                {
                    "index": s["index"],
                    "step": column,
                    "name": s["name"],
                    "period": s["period"],
                    "party": party,
                    "exposure": s["exposure"][party],
                    "margin": s["margin"][party],
                }
            )
    parties = list(steps[0]["exposure"]) if steps else []
    unsafe = data["first_unsafe"]
    marks = []
    if unsafe is not None:
        before = order[unsafe["index"] - 1]
        marks.append(
            {
                **unsafe,
                "step": before,
                "margin": -unsafe["shortfall"],
                "text": f"{unsafe['party']} gains {number(unsafe['shortfall'])} by "
                f"defecting at step {unsafe['index']} ({unsafe['name']})",
            }
        )
    x = field(
        "step",
        "ordinal",
        None,
        scale={"domain": order},
        axis={"labelAngle": -30, "labelLimit": 260},
    )
    colour = field("party", "nominal", "Party", scale=party_scale(parties))
    verdict = "safe" if data["safe"] else "not safe"
    notes = [
        "Exposure: value a party has given and not yet had matched by verified receipts.",
        "Margin: what the party gains by carrying on rather than defecting at its next "
        "delivery; below 0 it gains by defecting (red).",
    ]
    # the first unsafe step is said under the title (a sentence in the plot ran over the lines)
    notes += [f"First unsafe step (red cross): {m['text']}." for m in marks]
    return chart(
        f"Exposure and safety margins of {title} ({verdict})",
        notes,
        {"steps": rows, "unsafe": marks},
        vconcat=[
            {
                "data": named("steps"),
                "width": 480,
                "height": 150,
                "mark": {"type": "line", "interpolate": "step-after", "point": True},
                "encoding": {
                    "x": {**x, "axis": {**x["axis"], "labels": False, "title": None}},
                    "y": field("exposure", "quantitative", "Exposure (points)"),
                    "color": colour,
                    "tooltip": [
                        field("step", "nominal", "Step"),
                        field("party", "nominal", "Party"),
                        field("exposure", "quantitative", "Exposure"),
                    ],
                },
            },
            {
                "width": 480,
                "height": 170,
                "layer": [
                    {
                        "data": named("steps"),
                        "mark": {"type": "line", "interpolate": "step-after", "point": True},
                        "encoding": {
                            "x": x,
                            "y": field(
                                "margin", "quantitative", "Margin (points)", scale={"padding": 10}
                            ),
                            "color": colour,
                            "tooltip": [
                                field("step", "nominal", "Step"),
                                field("party", "nominal", "Party"),
                                field("margin", "quantitative", "Margin"),
                            ],
                        },
                    },
                    {
                        "mark": {"type": "rule", "color": BAD, "strokeDash": [4, 3]},
                        "encoding": {"y": {"datum": 0}},
                    },
                    *_unsafe_layers(x, bool(marks)),
                ],
            },
        ],
    )


def _unsafe_layers(x: Spec, present: bool) -> list[Spec]:
    """The cross at the first unsafe step, its sentence as tooltip (none for a safe plan)."""
    if not present:
        return []
    return [
        {
            "data": named("unsafe"),
            "mark": {"type": "point", "shape": "cross", "size": 160, "color": BAD, "filled": True},
            "encoding": {
                "x": x,
                "y": field("margin", "quantitative"),
                "tooltip": field("text", "nominal"),
            },
        },
    ]
