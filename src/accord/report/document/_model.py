"""The report as content, independent of the medium: sections of paragraphs, verdicts, tables
and figures. The HTML and PDF renderers draw the same :class:`Document`.

Text is plain (no markup): each renderer escapes it for its medium.

Examples
--------
>>> table = Table("Parties", ("id", "name"), (("us", "United States"),))
>>> doc = Document("Title", "", (Section("s", "Summary", (Paragraph("Hello."), table)),))
>>> [type(b).__name__ for b in doc.sections[0].blocks]
['Paragraph', 'Table']
>>> doc.section("s").title
'Summary'
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of plain text."""

    text: str


@dataclass(frozen=True)
class Verdict:
    """A verdict and its reason: ``ok`` True (good), False (a problem), None (neutral)."""

    ok: bool | None
    head: str
    reason: str


@dataclass(frozen=True)
class Table:
    """A complete table (renderers paginate long ones; they never drop a row)."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...] = ()
    """Columns to align right (default: none)."""
    note: str = ""

    def is_numeric(self, column: int) -> bool:
        """Whether ``column`` holds numbers (aligned right)."""
        return column < len(self.numeric) and self.numeric[column]


@dataclass(frozen=True)
class Figure:
    """A figure: its spec, or the reason it is not drawn (``spec`` is then ``None``)."""

    key: str
    caption: str
    spec: dict[str, Any] | None
    unavailable: str = ""


@dataclass(frozen=True)
class Article:
    """An article of the agreement text: a numbered heading and its numbered paragraphs."""

    number: str
    title: str
    clauses: tuple[str, ...]


Block = Paragraph | Verdict | Table | Figure | Article


@dataclass(frozen=True)
class Section:
    """A titled part of the report; ``blocks`` may hold subsections."""

    key: str
    title: str
    blocks: tuple[Block | Section, ...] = ()
    page_break: bool = True
    """Start the section on a new page when printed."""

    def figures(self) -> Iterator[Figure]:
        """Every figure in the section, subsections included, in order."""
        for block in self.blocks:
            if isinstance(block, Section):
                yield from block.figures()
            elif isinstance(block, Figure):
                yield block


@dataclass(frozen=True)
class Document:
    """A whole report."""

    title: str
    subtitle: str
    sections: tuple[Section, ...]
    notes: tuple[str, ...] = field(default=())
    """Lines shown under the title (the files, the seed, ...)."""

    def section(self, key: str) -> Section:
        """The top-level section with ``key`` (``KeyError`` if there is none)."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def figures(self) -> Iterator[Figure]:
        """Every figure of the document, in order."""
        for section in self.sections:
            yield from section.figures()
