"""The ledger figure: each commitment's compliance status over time, as swimlanes.

Takes the :class:`~accord.ledger._compliance.ComplianceReport` that ``accord ledger status URL N
--json`` prints (computed from an export or a service's log) and draws its ``history``: each lane
is a commitment, each segment the status it had from one change to the next (the last until the
report's date).

Examples
--------
>>> from datetime import date
>>> from accord.ledger._compliance import compliance
>>> from accord.ledger._demo import Cast, jcpoa_story
>>> report = compliance(jcpoa_story(Cast()), 4, date(2016, 3, 1))
>>> segments = status_swimlanes(report)["datasets"]["segments"]
>>> sorted({s["status"] for s in segments})[:3]
['claimed', 'due', 'overdue']
"""

from __future__ import annotations

from typing import Any

from accord.errors import FigureUnavailable
from accord.figures._spec import Rows, Spec, chart, field, named
from accord.ledger._compliance import STATUSES, ComplianceReport

STATUS_COLOURS = {
    "proposed": "#d8d3cf",
    "pending": "#bab0ac",
    "due": "#4c78a8",
    "claimed": "#72b7b2",
    "claimed_late": "#eeca3b",
    "verified": "#54a24b",
    "overdue": "#f58518",
    "disputed": "#b279a2",
    "violated": "#e45756",
    "withdrawn": "#9d755d",
    "superseded": "#79706e",
}
"""One colour per status, the same wherever a status is drawn."""


def status_swimlanes(report: ComplianceReport) -> Spec:
    """One lane per commitment; coloured segments are its statuses from change to change."""
    data: dict[str, Any] = report.to_dict()
    commitments = data["commitments"]
    if not commitments:
        raise FigureUnavailable(f"agreement {data['agreement']} has no commitments")
    segments: Rows = []
    for c in commitments:
        history = c["history"]
        for k, change in enumerate(history):
            end = history[k + 1]["on"] if k + 1 < len(history) else data["as_of"]
            segments.append(
                {
                    "commitment": c["id"],
                    "status": change["status"],
                    "start": change["on"],
                    "end": end,
                    "reason": change["reason"],
                    "entry": change["index"],
                }
            )
    lanes = [c["id"] for c in commitments]
    colours = {"domain": list(STATUSES), "range": [STATUS_COLOURS[s] for s in STATUSES]}
    counts = ", ".join(f"{n} {s}" for s, n in data["counts"].items() if n)
    return chart(
        f"Compliance with '{data['title']}' (entry {data['agreement']}), as of {data['as_of']}",
        f"{len(commitments)} commitments: {counts}. Each lane is a commitment; each segment "
        "the status it had until the next change.",
        {"segments": segments, "as_of": [{"date": data["as_of"]}]},
        width=620,
        height={"step": 22},
        layer=[
            {
                "data": named("segments"),
                "mark": {"type": "bar", "height": 14},
                "encoding": {
                    "y": field("commitment", "nominal", None, sort=lanes),
                    "x": field("start", "temporal", "Date", scale={"type": "utc"}),
                    "x2": {"field": "end"},
                    "color": field("status", "nominal", "Status", scale=colours),
                    "tooltip": [
                        field("commitment", "nominal", "Commitment"),
                        field("status", "nominal", "Status"),
                        field("start", "temporal", "From"),
                        field("end", "temporal", "Until"),
                        field("reason", "nominal", "Because"),
                        field("entry", "ordinal", "Entry"),
                    ],
                },
            },
            {
                "data": named("as_of"),
                "mark": {"type": "rule", "strokeDash": [4, 3]},
                "encoding": {"x": field("date", "temporal", scale={"type": "utc"})},
            },
        ],
    )
