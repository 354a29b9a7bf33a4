"""Labels next to points that do not run into each other.

Vega-Lite places a text mark at a fixed offset from its point, so two close points get labels
on top of each other. :func:`place` chooses, for each label, the first of a few offsets
(:data:`PLACES`) whose box, in approximate pixels, meets no label already placed and no
obstacle (markers and other texts). Pixels are estimated from the chart's size and the extent
of its data: good enough to keep labels apart, not a layout engine.

Examples
--------
Two points 5 pixels apart: the first label's usual place (up and right) would cover the second
point, so it goes one step higher; the second label takes the usual place.

>>> points = [{"x": 0.0, "y": 0.0, "text": "Nash"}, {"x": 0.1, "y": 0.0, "text": "Egalitarian"}]
>>> place(points, [], ((0.0, 10.0), (0.0, 10.0)), (500, 400))
[1, 0]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from accord.figures._spec import Rows

PLACES = (
    (9, -9, "left"),
    (16, -24, "left"),
    (-9, 14, "right"),
    (23, -39, "left"),
    (-16, 29, "right"),
    (30, -54, "left"),
)
"""Offsets tried in turn: (dx, dy, align) in pixels; upward and to the right first."""
OBSTACLE_TEXT = (9, 10, "left")
"""Where an obstacle's own text sits (the proposals' names in the outcome space)."""
CHAR_WIDTH, LINE_HEIGHT, MARKER = 6.2, 13.0, 8.0

Box = tuple[float, float, float, float]
Extent = tuple[tuple[float, float], tuple[float, float]]


def place(points: Rows, obstacles: Rows, extent: Extent, size: tuple[int, int]) -> list[int]:
    """For each point (``x``, ``y``, ``text``), the index in :data:`PLACES` of its label's
    offset; ``obstacles`` are points with a marker and, when they have ``text``, a label at
    :data:`OBSTACLE_TEXT`."""
    pixel = _to_pixels(extent, size)
    taken: list[Box] = []
    for o in obstacles:
        px, py = pixel(o["x"], o["y"])
        taken.append((px - MARKER, py - MARKER, px + MARKER, py + MARKER))
        if o.get("text"):
            taken.append(_box(px, py, str(o["text"]), OBSTACLE_TEXT))
    for p in points:
        px, py = pixel(p["x"], p["y"])
        taken.append((px - MARKER, py - MARKER, px + MARKER, py + MARKER))
    chosen = []
    for p in points:
        px, py = pixel(p["x"], p["y"])
        boxes = [_box(px, py, str(p["text"]), where) for where in PLACES]
        k = next((k for k, b in enumerate(boxes) if not any(_meet(b, t) for t in taken)), 0)
        taken.append(boxes[k])
        chosen.append(k)
    return chosen


def _to_pixels(
    extent: Extent, size: tuple[int, int]
) -> Callable[[float, float], tuple[float, float]]:
    (x0, x1), (y0, y1) = extent
    width, height = size

    def pixel(x: float, y: float) -> tuple[float, float]:
        return (
            (x - x0) / ((x1 - x0) or 1.0) * width,
            height - (y - y0) / ((y1 - y0) or 1.0) * height,
        )

    return pixel


def _box(px: float, py: float, text: str, where: tuple[int, int, str]) -> Box:
    dx, dy, align = where
    width = CHAR_WIDTH * len(text)
    left = px + dx if align == "left" else px + dx - width
    return (left, py + dy - LINE_HEIGHT / 2, left + width, py + dy + LINE_HEIGHT / 2)


def _meet(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def extent_of(rows: Sequence[Rows], x: str, y: str) -> Extent:
    """The extent of fields ``x`` and ``y`` over every row of ``rows``."""
    xs = [float(r[x]) for group in rows for r in group]
    ys = [float(r[y]) for group in rows for r in group]
    return (min(xs), max(xs)), (min(ys), max(ys))
