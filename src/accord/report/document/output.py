"""A document to its files: the figures are drawn once (static SVG) and shared by the HTML and
the PDF. Which format is chosen by the file name's suffix.

Examples
--------
>>> format_of("report.HTML"), format_of("out/korea.pdf")
('html', 'pdf')
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import PurePath

from accord.errors import InputError
from accord.figures.render import to_svg
from accord.report.document.html import to_html
from accord.report.document.model import Document
from accord.report.document.pdf import to_pdf

FORMATS = {".html": "html", ".htm": "html", ".pdf": "pdf"}


def format_of(path: str | PurePath) -> str:
    """``html`` or ``pdf`` from the file name; ``InputError`` for anything else."""
    suffix = PurePath(path).suffix.lower()
    if suffix not in FORMATS:
        raise InputError(
            f"cannot tell the report's format from '{path}'",
            "name the file .html or .pdf",
        )
    return FORMATS[suffix]


def render_figures(document: Document, workers: int = 2) -> dict[str, str]:
    """Each figure's static SVG, by key (figures that are not drawn are left out)."""
    drawn = [f for f in document.figures() if f.spec is not None]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        svgs = list(pool.map(lambda f: to_svg(f.spec), drawn))
    return {f.key: svg for f, svg in zip(drawn, svgs, strict=True)}


def render(document: Document, formats: Iterable[str]) -> dict[str, bytes]:
    """The document in each of ``formats`` (``html``, ``pdf``), figures drawn once."""
    svgs = render_figures(document)
    out: dict[str, bytes] = {}
    for kind in formats:
        if kind == "html" and kind not in out:
            out[kind] = to_html(document, svgs).encode("utf-8")
        elif kind == "pdf" and kind not in out:
            out[kind] = to_pdf(document, svgs)
    return out
