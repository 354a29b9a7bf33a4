"""The report as one self-contained HTML file: figures inline (interactive in a browser, static
SVG otherwise), tables complete (long ones paged by a few lines of script, all rows in print),
readable in light and dark mode, printable, and nothing fetched from the network.

Examples
--------
>>> from accord.report.document._model import Document, Section, Table
>>> table = Table("T", ("a",), tuple((str(k),) for k in range(40)))
>>> page = to_html(Document("T", "Sub", (Section("s", "S", (table,)),)), {}, interactive=False)
>>> page.startswith("<!doctype html>"), page.count("<tr>"), 'class="paged"' in page
(True, 41, True)
"""

from __future__ import annotations

from html import escape

from accord.figures.render import figure_html, scripts_html
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
from accord.report.document._style import CSS, PAGER_SCRIPT

PAGE_ROWS = 25
"""Tables longer than this are shown a page of rows at a time in the browser (all in print)."""


def to_html(document: Document, svgs: dict[str, str], interactive: bool = True) -> str:
    """The HTML page; ``svgs`` holds each figure's static SVG by key (see ``render_figures``)."""
    nav = "".join(
        f'<li><a href="#section-{escape(s.key)}">{escape(s.title)}</a></li>'
        for s in document.sections
    )
    body = "\n".join(_section(s, svgs, 2) for s in document.sections)
    notes = "".join(f"<p>{escape(n)}</p>" for n in document.notes)
    scripts = scripts_html() if interactive else ""
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="color-scheme" content="light dark">\n'
        '<meta name="generator" content="Accord">\n'
        f"<title>{escape(document.title)} — {escape(document.subtitle)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header class="cover"><p class="kicker">{escape(document.subtitle)}</p>'
        f"<h1>{escape(document.title)}</h1>{notes}</header>\n"
        f'<nav class="toc" aria-label="Contents"><h2>Contents</h2><ul>{nav}</ul></nav>\n'
        f"<main>\n{body}\n</main>\n{scripts}\n<script>{PAGER_SCRIPT}</script>\n</body>\n</html>\n"
    )


def _section(section: Section, svgs: dict[str, str], level: int) -> str:
    css = "page" if section.page_break else "part"
    inner = "\n".join(_block(b, svgs, level + 1) for b in section.blocks)
    return (
        f'<section id="section-{escape(section.key)}" class="{css}">'
        f"<h{level}>{escape(section.title)}</h{level}>\n{inner}\n</section>"
    )


def _block(block: Block | Section, svgs: dict[str, str], level: int) -> str:
    if isinstance(block, Section):
        return _section(block, svgs, min(level, 4))
    if isinstance(block, Paragraph):
        return f"<p>{escape(block.text)}</p>"
    if isinstance(block, Verdict):
        return _verdict(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        return _figure(block, svgs)
    return _article(block)


def _verdict(verdict: Verdict) -> str:
    kind, mark = {True: ("ok", "✓"), False: ("bad", "✗"), None: ("info", "•")}[verdict.ok]
    reason = f" {escape(verdict.reason)}" if verdict.reason else ""
    return (
        f'<div class="verdict {kind}"><span class="mark" aria-hidden="true">{mark}</span>'
        f"<p><strong>{escape(verdict.head)}</strong>{reason}</p></div>"
    )


def _table(table: Table) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in table.header)
    rows = []
    for row in table.rows:
        cells = "".join(
            f'<td class="num">{escape(c)}</td>' if table.is_numeric(k) else f"<td>{escape(c)}</td>"
            for k, c in enumerate(row)
        )
        rows.append(f"<tr>{cells}</tr>")
    paged = ' class="paged"' if len(table.rows) > PAGE_ROWS else ""
    note = f'<p class="table-note">{escape(table.note)}</p>' if table.note else ""
    count = f" ({len(table.rows):,} rows)" if len(table.rows) > PAGE_ROWS else ""
    return (
        f'<div class="table-wrap"><table{paged} data-page-rows="{PAGE_ROWS}">'
        f"<caption>{escape(table.caption)}{count}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{note}</div>"
    )


def _figure(figure: Figure, svgs: dict[str, str]) -> str:
    if figure.spec is None:
        return f'<p class="note figure-note">{escape(figure.unavailable)}</p>'
    return figure_html(figure.spec, figure.key, svgs.get(figure.key), "")


def _article(article: Article) -> str:
    clauses = "".join(f"<li>{escape(c)}</li>" for c in article.clauses)
    return (
        f'<article class="clause"><h4>Article {escape(article.number)}. '
        f"{escape(article.title)}</h4><ol>{clauses}</ol></article>"
    )
