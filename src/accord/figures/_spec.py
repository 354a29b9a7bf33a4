"""What every figure shares: the spec's frame, its named datasets, its look.

A figure is a Vega-Lite specification (a plain, JSON-ready dict). Its data are inline, under the
top-level ``datasets`` (one named table per layer), so that a reader (a test, the workbench)
can read back exactly what is drawn. There is no ``$schema`` key: renderers say which grammar
they use (``vega-embed`` with ``mode: "vega-lite"``, ``vl-convert``), and a spec never names a
URL, so nothing is fetched to draw it.

Examples
--------
>>> spec = chart("Title", "a note", {"points": [{"x": 1}]}, mark="point",
...              data={"name": "points"}, encoding={"x": {"field": "x", "type": "quantitative"}})
>>> spec["title"]["text"], list(spec["datasets"]), spec["data"]
('Title', ['points'], {'name': 'points'})
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

Spec = dict[str, Any]
"""A Vega-Lite specification."""
Rows = list[dict[str, Any]]

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
CONFIG: Spec = {
    "font": FONT,
    "title": {"anchor": "start", "fontSize": 14, "subtitleFontSize": 11, "offset": 10},
    # labelFlush off: the first and last labels of a quantitative axis sit centred on their
    # ticks, as the others do, instead of flush with the axis end where they ran into their
    # neighbours ("-80-70", "90%100%").
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 260, "labelFlush": False},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 260},
    "view": {"stroke": None},
}
"""The look shared by every figure (no colours that would not read on a dark background)."""

PARTY_COLOURS = ("#4c78a8", "#b279a2", "#72b7b2", "#9d755d", "#eeca3b", "#ff9da6", "#bab0ac")
"""Colours given to parties in file order (no red or green: those say good and bad)."""
GOOD, BAD, NEUTRAL, ACCENT = "#54a24b", "#e45756", "#9d9d9d", "#f58518"


def chart(
    title: str, subtitle: str | Sequence[str] | None, datasets: dict[str, Rows], **body: Any
) -> Spec:
    """A figure: its title (and a note under it), its named datasets, and the chart ``body``."""
    heading: Spec = {"text": title}
    if subtitle:
        heading["subtitle"] = subtitle if isinstance(subtitle, str) else list(subtitle)
    if "layer" in body:  # a layer with no rows draws nothing and only makes Vega warn
        body["layer"] = [
            layer
            for layer in body["layer"]
            if datasets.get(layer.get("data", {}).get("name", ""), [None])
        ]
    return {
        "description": title,
        "title": heading,
        "datasets": datasets,
        **body,
        "config": CONFIG,
    }


def named(name: str) -> Spec:
    """The ``data`` of a layer drawing the dataset ``name``."""
    return {"name": name}


def field(name: str, kind: str, title: str | None = "", **more: Any) -> Spec:
    """An encoding channel: ``field(name, "quantitative", "Utility")``; ``title=None`` shows
    no title, the default ``""`` leaves it to Vega-Lite (the field's name)."""
    channel: Spec = {"field": name, "type": kind, **more}
    if title != "":
        channel["title"] = title
    return channel


def party_scale(parties: Sequence[str]) -> Spec:
    """A colour scale giving each party its colour (file order)."""
    colours = [PARTY_COLOURS[i % len(PARTY_COLOURS)] for i in range(len(parties))]
    return {"domain": list(parties), "range": colours}


def number(value: float) -> str:
    """A number as a person reads it: no needless decimals.

    >>> number(16.0), number(0.16666666666666666), number(-2.5)
    ('16', '0.1667', '-2.5')
    """
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:.4g}"


WRAP = 40
"""Characters per line of a wrapped axis label (about 250 px at the axis' 11 px)."""
ROW_STEP, LINE_HEIGHT, LABEL_GAP = 24, 13, 6
"""Pixels of a band holding a one-line label; of a line of a label (Vega's 11 px font + 2);
and kept free between the labels of two bands that both wrap."""


def wrapped_bands(rows: Rows, key: str, into: str, width: int = WRAP) -> tuple[Spec, Spec]:
    """A band (``y``) channel whose labels wrap instead of being cut at the axis' label limit.

    Each row gets ``into``: its ``key`` cut at spaces into lines of at most ``width``
    characters, joined by newlines (a longer word keeps a line of its own); the axis draws
    each line under the other. Returns the channel, sorted in row order, and the ``height``
    that gives every band room for the most lines a label has.

    >>> rows = [{"label": "short"}, {"label": "a label too long for one line of the axis"}]
    >>> y, height = wrapped_bands(rows, "label", "lines", width=25)
    >>> [r["lines"] for r in rows], height
    (['short', 'a label too long for one\\nline of the axis'], {'step': 32})
    """
    for row in rows:
        lines = textwrap.wrap(str(row[key]), width, break_long_words=False)
        row[into] = "\n".join(lines) or str(row[key])
    most = max((row[into].count("\n") + 1 for row in rows), default=1)
    channel = field(
        into,
        "nominal",
        None,
        sort=[r[into] for r in rows],
        axis={"labelExpr": "split(datum.label, '\\n')"},
    )
    return channel, {"step": max(ROW_STEP, LINE_HEIGHT * most + LABEL_GAP)}
