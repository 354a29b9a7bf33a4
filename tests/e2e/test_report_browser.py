"""The HTML report in headless Chromium: it loads with no console error or warning, makes no
request beyond its own file, and every figure renders a non-empty SVG, in light and dark mode;
long tables page on screen and print whole. Screenshots of every section are kept in
``.artefacts/report-browser/`` for a person to look at.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accord.cli._main import app
from tests.conftest import ARTEFACTS

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ARTEFACTS / "report-browser"
runner = CliRunner()
REPORTS = {
    "korea-2019": ["examples/korea-2019.yaml"],
    "jcpoa-2015": ["examples/jcpoa-2015.yaml"],
    "singapore-2018": ["examples/singapore-2018.yaml"],
    "compare": [
        "examples/korea-2019.yaml",
        "examples/korea-2019-action-for-action.yaml",
        "examples/korea-2019-arms-control.yaml",
    ],
}


def write(name: str, folder: Path) -> Path:
    out = folder / f"{name}.html"
    result = runner.invoke(app, ["report", *REPORTS[name], "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def open_page(browser: Any, path: Path, scheme: str) -> tuple[Any, list[str], list[str]]:
    """The page, its console errors and warnings, and every request that left the file."""
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    problems: list[str] = []
    outside: list[str] = []
    page.on(
        "console",
        lambda m: (
            problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def route(request_route: Any) -> None:
        url = request_route.request.url
        if url.startswith("file://"):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.goto(path.as_uri())
    return page, problems, outside


def figures_drawn(page: Any) -> list[dict[str, Any]]:
    """Each figure: whether it became interactive, and the size and marks of its live SVG."""
    count = page.locator("figure.accord-figure").count()
    if count:
        page.wait_for_function(
            f"document.querySelectorAll('figure.accord-interactive').length === {count}",
            timeout=60_000,
        )
    result: list[dict[str, Any]] = page.evaluate(
        """() => Array.from(document.querySelectorAll("figure.accord-figure")).map(f => {
            const svg = f.querySelector(".accord-live svg");
            const box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
            return {id: f.id, svg: !!svg, width: box.width, height: box.height,
                    marks: svg ? svg.querySelectorAll("path, text, line, rect").length : 0};
        })"""
    )
    return result


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("name", list(REPORTS))
def test_the_report_renders_in_chromium(chromium: Any, name: str, tmp_path: Path) -> None:
    path = write(name, tmp_path)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for scheme in ("light", "dark"):
        page, problems, outside = open_page(chromium, path, scheme)
        drawn = figures_drawn(page)
        assert problems == []
        assert outside == []
        for figure in drawn:
            assert figure["svg"], figure
            assert figure["width"] > 100, figure
            assert figure["height"] > 50, figure
            assert figure["marks"] > 5, figure
        for section in page.locator("main > section").all():
            key = section.get_attribute("id")
            section.screenshot(path=str(SHOTS / f"{name}-{key}-{scheme}.png"))
        page.close()


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_long_tables_page_on_screen_and_print_whole(chromium: Any, tmp_path: Path) -> None:
    path = write("korea-2019", tmp_path)
    page, problems, _ = open_page(chromium, path, "light")
    table = page.locator("table.paged").first
    rows = table.locator("tbody tr")
    total = rows.count()
    assert total > 25
    visible = lambda: sum(rows.nth(k).is_visible() for k in range(total))  # noqa: E731
    assert visible() == 25
    pager = table.locator("xpath=following-sibling::div[@class='pager']")
    pager.get_by_role("button", name="Next").click()
    assert rows.nth(25).is_visible()
    assert not rows.nth(0).is_visible()
    page.emulate_media(media="print")
    assert visible() == total
    figures = page.locator("figure.accord-figure .accord-static svg")
    assert figures.first.is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(SHOTS / "korea-2019-printed-by-chromium.pdf"))
    assert problems == []
    page.close()
