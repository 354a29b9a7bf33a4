"""The report as a PDF, from the same content as the HTML: Typst markup compiled by the ``typst``
package (a wheel: no system package, no network; only the fonts built into Typst are used, so
the same input gives the same text on every machine).

Text goes into the markup as Typst string literals (``#"..."``), so nothing the user wrote is
read as markup. Figures are the same static SVGs as the HTML's.

Examples
--------
>>> from accord.report.document._model import Document, Paragraph, Section
>>> source = to_typst(Document("A #title", "Sub", (Section("s", "S", (Paragraph("x * y"),)),)), {})
>>> '#"x * y"' in source, '"A #title"' in source
(True, True)
>>> to_pdf(Document("T", "S", ()), {})[:5]
b'%PDF-'
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from accord.report.document._model import (
    Article,
    Block,
    Document,
    Figure,
    Paragraph,
    Section,
    Table,
    Verdict,
)

PAGE_WIDTH_PT = 481.0
"""The text width of an A4 page with the margins below (595 pt − 2 × 57 pt)."""
PAGE_HEIGHT_PT = 640.0
"""The most height a figure may take on a page."""
SVG_SIZE = re.compile(r'<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"')

PREAMBLE = """#set document(title: {title}, author: "Accord", date: none)
#set page(paper: "a4", margin: (x: 2cm, y: 2cm), numbering: "1 / 1",
          header: context [#set text(size: 8pt, fill: luma(110)); #{title} #h(1fr) #{subtitle}])
#set text(font: "Libertinus Serif", size: 10pt, lang: "en")
#set par(justify: false, leading: 0.55em, spacing: 0.9em)
#set heading(numbering: none)
#show heading.where(level: 1): set text(size: 15pt)
#show heading.where(level: 2): set text(size: 12pt)
#show figure: set block(breakable: true)
#show figure.caption: set text(size: 9pt)
#set table(stroke: 0.4pt + luma(190), inset: (x: 3pt, y: 2.5pt))
#show table: set text(size: 7.5pt)
#show table.cell.where(y: 0): set text(weight: "bold")
"""


def to_pdf(document: Document, svgs: dict[str, str]) -> bytes:
    """Compile the document to PDF bytes (figures from ``svgs``, by key)."""
    import typst

    with tempfile.TemporaryDirectory(prefix="accord-report-") as folder:
        root = Path(folder)
        for key, svg in svgs.items():
            (root / _svg_name(key)).write_text(svg, encoding="utf-8")
        main = root / "report.typ"
        main.write_text(to_typst(document, svgs), encoding="utf-8")
        pdf: bytes = typst.compile(str(main), root=str(root), ignore_system_fonts=True)
    return pdf


def to_typst(document: Document, svgs: dict[str, str]) -> str:
    """The Typst markup of the document."""
    parts = [
        PREAMBLE.format(title=_string(document.title), subtitle=_string(document.subtitle)),
        f"#text(size: 9pt, fill: luma(90))[#{_string(document.subtitle.upper())}]\n",
        f'#text(size: 20pt, weight: "bold")[#{_string(document.title)}]\n',
        *(f"#text(size: 9pt)[#{_string(note)}]\n" for note in document.notes),
        "#outline(depth: 1, title: [Contents])\n",
    ]
    for section in document.sections:
        parts.append(_section(section, svgs, 1))
    return "\n".join(parts)


def _string(text: str) -> str:
    """A Typst string literal holding ``text`` (one line)."""
    flat = " ".join(text.split())
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _section(section: Section, svgs: dict[str, str], level: int) -> str:
    brk = "#pagebreak(weak: true)\n" if section.page_break and level == 1 else ""
    heading = f"#heading(level: {level}, {_string(section.title)})\n"
    body = "\n".join(_block(b, svgs, level + 1) for b in section.blocks)
    return f"{brk}{heading}{body}\n"


def _block(block: Block | Section, svgs: dict[str, str], level: int) -> str:
    if isinstance(block, Section):
        return _section(block, svgs, min(level, 3))
    if isinstance(block, Paragraph):
        return f"#{_string(block.text)}\n"
    if isinstance(block, Verdict):
        return _verdict(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        return _figure(block, svgs)
    return _article(block)


def _verdict(verdict: Verdict) -> str:
    colour = {True: "rgb(46, 125, 50)", False: "rgb(198, 40, 40)", None: "rgb(61, 90, 128)"}
    mark = {True: "✓", False: "✗", None: "•"}[verdict.ok]
    reason = f" #{_string(verdict.reason)}" if verdict.reason else ""
    return (
        f"#block(width: 100%, inset: (left: 7pt, y: 4pt), stroke: (left: 2.5pt + "
        f"{colour[verdict.ok]}), breakable: true)[#strong({_string(mark + ' ' + verdict.head)})"
        f"{reason}]\n"
    )


def _table(table: Table) -> str:
    widths = []
    for k in range(len(table.header)):
        longest = max([len(table.header[k]), *(len(r[k]) for r in table.rows if k < len(r))])
        widths.append("auto" if longest <= 24 else f"{min(longest, 120) / 24:.1f}fr")
    align = ", ".join("right" if table.is_numeric(k) else "left" for k in range(len(table.header)))
    header = ", ".join(f"[#{_string(h)}]" for h in table.header)
    cells = ",\n  ".join(", ".join(f"[#{_string(c)}]" for c in row) for row in table.rows)
    note = f"\n#text(size: 8pt)[#{_string(table.note)}]" if table.note else ""
    return (
        f"#figure(kind: table, supplement: [Table], caption: figure.caption(position: top, "
        f"[#{_string(table.caption)}]), table(columns: ({', '.join(widths)},), "
        f"align: ({align},), table.header({header}),\n  {cells}{',' if cells else ''}\n)){note}\n"
    )


def _figure(figure: Figure, svgs: dict[str, str]) -> str:
    if figure.spec is None or figure.key not in svgs:
        return f"#emph({_string(figure.unavailable or 'Figure not drawn.')})\n"
    width = _width(svgs[figure.key])
    return f'#figure(image("{_svg_name(figure.key)}", width: {width:.1f}pt))\n'


def _width(svg: str) -> float:
    """The figure's printed width: its own size (px at 0.75 pt), within the page."""
    found = SVG_SIZE.search(svg)
    if found is None:
        return PAGE_WIDTH_PT
    width, height = (float(v) * 0.75 for v in found.groups())
    scale = min(1.0, PAGE_WIDTH_PT / width, PAGE_HEIGHT_PT / height)
    return width * scale


def _article(article: Article) -> str:
    clauses = ", ".join(f"[#{_string(c)}]" for c in article.clauses)
    title = _string(f"Article {article.number}. {article.title}")
    return f"#block(breakable: true)[#strong({title})\n#enum({clauses})]\n"


def _svg_name(key: str) -> str:
    return "figure-" + re.sub(r"[^A-Za-z0-9_-]", "_", key) + ".svg"
