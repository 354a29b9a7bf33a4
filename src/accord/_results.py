"""What every result of the public API does: its JSON, its tables, and how a notebook shows it.

A result class derives from :class:`Result` and implements ``to_dict()`` (the documented JSON
form, exactly what ``accord ... --json`` prints). The rest comes from here:

- :meth:`Result.summary` — a few sentences a person can read and check;
- :meth:`Result.to_rows` / :meth:`Result.to_frame` — its tables, as records or as a pandas
  DataFrame (the optional extra ``accord[frames]``);
- ``_repr_html_`` — what Jupyter shows: the summary, the main table and the figures of
  :mod:`accord.figures`, drawn to SVG offline (nothing is fetched);
- ``__repr__`` — the class and the summary's first sentence.

What to show for each result lives in :mod:`accord.display` (it draws figures, a layer above
the analyses); this module finds it by name when a result is first shown, so importing an
analysis never imports the renderers. This module imports nothing from ``accord`` but
``errors`` and ``suggest``.
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from accord._suggest import unknown_hint
from accord.errors import FigureUnavailable, InputError, MissingExtra

Rows = list[dict[str, Any]]
"""A table: one dict per row, the same keys in every row."""
Spec = dict[str, Any]
"""A Vega-Lite specification (see :mod:`accord.figures`)."""
ROWS_SHOWN = 25
"""At most this many rows of each table are shown in a notebook (``to_frame`` has them all)."""


@dataclass(frozen=True)
class Display:
    """What a result shows: its summary, its tables (by name, computed on demand) and its
    figures (caption and a function drawing the spec)."""

    summary: Sequence[str]
    tables: dict[str, Callable[[], Rows]] = field(default_factory=dict)
    figures: Sequence[tuple[str, Callable[[], Spec]]] = ()
    tables_in_html: bool = True
    """Whether a notebook shows the tables (not for very large results)."""


class Result:
    """The behaviour every result of the public API shares (see the module's docstring)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:  # pragma: no cover - every result defines it
        """The documented JSON form: what ``accord ... --json`` prints (without the envelope)."""
        raise NotImplementedError

    def _display(self) -> Display:
        module = importlib.import_module("accord.display")
        shown: Display = module.display(self)
        return shown

    def summary(self) -> str:
        """The result in a few sentences."""
        return " ".join(self._display().summary)

    def table_names(self) -> tuple[str, ...]:
        """The names of the result's tables, the main one first."""
        return tuple(self._display().tables)

    def to_rows(self, table: str | None = None) -> Rows:
        """The table named ``table`` (default: the main one) as one dict per row.

        Raises :class:`InputError` for an unknown name (with the known ones) or a result
        without tables.
        """
        tables = self._display().tables
        if not tables:
            raise InputError(f"{type(self).__name__} has no tables")
        name = next(iter(tables)) if table is None else table
        if name not in tables:
            raise InputError(f"unknown table '{name}'", unknown_hint(name, tables, "tables"))
        return tables[name]()

    def to_frame(self, table: str | None = None) -> Any:
        """The table named ``table`` (default: the main one) as a ``pandas.DataFrame``.

        Raises :class:`MissingExtra` when pandas is not installed (``accord[frames]``).
        """
        try:
            pandas = importlib.import_module("pandas")
        except ImportError:
            raise MissingExtra("frames", "pandas", "to_frame()") from None
        return pandas.DataFrame.from_records(self.to_rows(table))

    def __repr__(self) -> str:
        lines = self._display().summary
        first = lines[0] if lines else ""
        return f"<{type(self).__name__}: {first}>"

    def _repr_html_(self) -> str:
        shown = self._display()
        parts = [f"<h4>{html.escape(type(self).__name__)}</h4>"]
        parts += [f"<p>{html.escape(line)}</p>" for line in shown.summary]
        names = list(shown.tables)
        if shown.tables_in_html and names:
            parts.append(_table_html(names[0], shown.tables[names[0]]()))
        if names[1:]:
            more = ", ".join(f"to_frame({name!r})" for name in names[1:])
            parts.append(f"<p>More tables: {html.escape(more)}.</p>")
        for key, (caption, draw) in enumerate(shown.figures):
            parts.append(_figure_html(f"{id(self)}-{key}", caption, draw))
        return '<div class="accord-result">' + "\n".join(parts) + "</div>"


def _table_html(name: str, rows: Rows) -> str:
    if not rows:
        return f"<p><b>{html.escape(name)}</b>: none</p>"
    columns = list(rows[0])
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(row.get(c)))}</td>" for c in columns) + "</tr>"
        for row in rows[:ROWS_SHOWN]
    )
    more = len(rows) - ROWS_SHOWN
    caption = name + (f" (first {ROWS_SHOWN} of {len(rows)} rows)" if more > 0 else "")
    return (
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _figure_html(key: str, caption: str, draw: Callable[[], Spec]) -> str:
    """The figure as static SVG (vl-convert, offline) with its spec; or why there is none."""
    render = importlib.import_module("accord.figures.render")
    try:
        spec = draw()
    except FigureUnavailable as why:
        return f"<p><i>{html.escape(caption)} not drawn: {html.escape(str(why))}</i></p>"
    markup: str = render.figure_html(spec, key, caption=caption)
    return markup
