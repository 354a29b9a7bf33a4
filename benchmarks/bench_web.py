"""The package builder's round trip in the browser (issue 11): for korea-2019, one item toggled
in headless Chromium until every party's utility, verdict and the distance to the frontier are
on the page (the form sent, the package evaluated, the fragment swapped in), against the time of
`accord deal korea-2019.yaml --package ...` for the same package in the same run (a new process,
as a user types it: imports and the whole deal analysis count).

Target: a median round trip of at most 100 ms. The browser test of the workbench
(tests/e2e/test_web_browser.py) measures the same round trip with :func:`round_trips` and keeps
the numbers in ``.artefacts/web-browser/round-trips.json``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.timing import best_time

ROOT = Path(__file__).resolve().parents[1]
KOREA = ROOT / "examples" / "korea-2019.yaml"
PACKAGE = "yongbyon, test_moratorium, unsc_2016_2017"
TARGET_MS = 100.0
TOGGLES = 40
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TOGGLE = """(item) => new Promise((resolve) => {
  const box = document.getElementById("item-" + item);
  const started = performance.now();
  document.body.addEventListener("htmx:afterSettle", function done(event) {
    if (event.target.id !== "package") { return; }
    document.body.removeEventListener("htmx:afterSettle", done);
    resolve(performance.now() - started);
  });
  box.click();
})"""
"""Click an item's box; resolve with the milliseconds until the new verdicts are settled."""


def round_trips(page: Any, count: int = TOGGLES, item: str = "yongbyon") -> list[float]:
    """Toggle ``item`` ``count`` times on an open deal page; each round trip in milliseconds."""
    page.locator("#package .package-result").wait_for(timeout=120_000)
    for _ in range(4):  # warm up: the first requests build the package space
        page.evaluate(TOGGLE, item)
    return [float(page.evaluate(TOGGLE, item)) for _ in range(count)]


def cli_seconds() -> float:
    """Best of three: `accord deal FILE --package ...` as a new process."""

    def run() -> None:
        command = [sys.executable, "-m", "accord", "deal", str(KOREA), "--package", PACKAGE]
        subprocess.run(command, capture_output=True, cwd=ROOT, check=False)

    best, _ = best_time(run, 3)
    return best


def main() -> None:
    if not Path(CHROMIUM).exists():
        print(f"skipped: no Chromium at {CHROMIUM} (apt-get install -y chromium)")
        return
    from playwright.sync_api import sync_playwright

    from accord.web._app import create_app
    from benchmarks.web_servers import serving

    os.environ.setdefault("ACCORD_KNOWN_LOGS", str(Path(tempfile.mkdtemp()) / "known-logs"))
    with (
        serving(create_app(KOREA)) as url,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{url}/s/korea-2019.yaml/deal")
        started = time.perf_counter()
        times = round_trips(page)
        spent = time.perf_counter() - started
        browser.close()
    cli = cli_seconds()
    median = statistics.median(times)
    print(f"package builder round trip, korea-2019 ({len(times)} toggles in {spent:.1f} s):")
    print(f"  median {median:.1f} ms, p90 {statistics.quantiles(times, n=10)[-1]:.1f} ms, "
          f"min {min(times):.1f} ms, max {max(times):.1f} ms (target: median <= {TARGET_MS:.0f} ms"
          f": {'met' if median <= TARGET_MS else 'NOT met'})")  # fmt: skip
    print(f"  accord deal --package (new process, best of 3): {cli * 1000:.0f} ms, "
          f"{cli * 1000 / median:.0f}x the round trip")  # fmt: skip
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"  load average: {load} on {os.cpu_count()} cores")
