"""The agreement report: the whole korea-2019 report, HTML and PDF in one run, against
`accord analyze --json` of the same file, both as the commands a user types (new processes, so
imports and the figure renderer's start-up count).

Target (issue 10): at most 3x the analysis. Also printed: where the report's time goes (the
analyses, drawing the figures, the HTML, the PDF), measured in this process.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.timing import best_time

ROOT = Path(__file__).resolve().parents[1]
KOREA = ROOT / "examples" / "korea-2019.yaml"
ACCORD = [sys.executable, "-m", "accord"]
REPEAT = 3
TARGET = 3.0


def _run(args: list[str]) -> None:
    subprocess.run([*ACCORD, *args], check=True, capture_output=True, cwd=ROOT)


def _stages() -> dict[str, float]:
    from accord.report._results import analyze_scenario
    from accord.report.document._build import build_document
    from accord.report.document._html import to_html
    from accord.report.document._output import render_figures
    from accord.report.document._pdf import to_pdf
    from accord.scenario import load

    times: dict[str, float] = {}
    start = time.perf_counter()
    results = analyze_scenario(load(KOREA), "examples/korea-2019.yaml")
    times["analyses"] = time.perf_counter() - start
    start = time.perf_counter()
    document = build_document(results)
    svgs = render_figures(document)
    times["figures (SVG)"] = time.perf_counter() - start
    start = time.perf_counter()
    to_html(document, svgs)
    times["HTML"] = time.perf_counter() - start
    start = time.perf_counter()
    to_pdf(document, svgs)
    times["PDF (Typst)"] = time.perf_counter() - start
    return times


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        html, pdf = Path(folder) / "korea.html", Path(folder) / "korea.pdf"
        baseline, _ = best_time(lambda: _run(["analyze", str(KOREA), "--json"]), REPEAT)
        report, _ = best_time(
            lambda: _run(["report", str(KOREA), "-o", str(html), "-o", str(pdf), "--force"]),
            REPEAT,
        )
        sizes = f"HTML {html.stat().st_size / 1e6:.1f} MB, PDF {pdf.stat().st_size / 1e6:.1f} MB"
    ratio = report / baseline
    verdict = "met" if ratio <= TARGET else "MISSED"
    print(f"accord analyze --json korea-2019 (baseline): {baseline:.2f} s (best of {REPEAT})")
    print(
        f"accord report korea-2019 -o .html -o .pdf:   {report:.2f} s (best of {REPEAT}; {sizes})"
    )
    print(f"report / analysis: {ratio:.2f}x (target <= {TARGET:g}x: {verdict})")
    stages = _stages()
    print("in this process: " + ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))
    drawing = stages["figures (SVG)"] + stages["HTML"] + stages["PDF (Typst)"]
    print(f"drawing / analyses: {drawing / stages['analyses']:.2f}x")
