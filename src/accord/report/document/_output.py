"""A document to its files: the figures are drawn once (static SVG) and shared by the HTML and
the PDF. Which format is chosen by the file name's suffix.

Examples
--------
>>> format_of("report.HTML"), format_of("out/korea.pdf")
('html', 'pdf')
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import PurePath

from accord.errors import InputError
from accord.figures.render import to_svg
from accord.report.document._html import to_html
from accord.report.document._model import Document, Figure
from accord.report.document._pdf import to_pdf

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


class FigureDrawer:
    """Draws figures to SVG on a few threads, each once; figures can be handed over early
    (while the next analysis runs) and collected for the whole document at the end."""

    def __init__(self, workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="accord-figure")
        self._drawn: dict[str, Future[str]] = {}

    def draw(self, figures: Iterable[Figure]) -> None:
        """Start drawing ``figures`` (those that have a spec) unless already started."""
        for figure in figures:
            if figure.spec is not None and figure.key not in self._drawn:
                self._drawn[figure.key] = self._pool.submit(to_svg, figure.spec)

    def svgs(self, document: Document) -> dict[str, str]:
        """Every figure of ``document`` as SVG, by key."""
        figures = list(document.figures())
        self.draw(figures)
        return {f.key: self._drawn[f.key].result() for f in figures if f.spec is not None}

    def close(self) -> None:
        """Stop the threads (drawings not started are cancelled)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def render_figures(document: Document, workers: int = 2) -> dict[str, str]:
    """Each figure's static SVG, by key (figures that are not drawn are left out)."""
    drawer = FigureDrawer(workers)
    try:
        return drawer.svgs(document)
    finally:
        drawer.close()


def render(
    document: Document, formats: Iterable[str], drawer: FigureDrawer | None = None
) -> dict[str, bytes]:
    """The document in each of ``formats`` (``html``, ``pdf``), figures drawn once (by
    ``drawer`` when given: it may have started on them already)."""
    svgs = drawer.svgs(document) if drawer is not None else render_figures(document)
    out: dict[str, bytes] = {}
    for kind in formats:
        if kind == "html" and kind not in out:
            out[kind] = to_html(document, svgs).encode("utf-8")
        elif kind == "pdf" and kind not in out:
            out[kind] = to_pdf(document, svgs)
    return out
