"""The workbench in headless Chromium, as an analyst uses it: open korea-2019, build the DPRK's
Hanoi offer and see the US refuse it with the reason; move the relief after Yongbyon in the plan
editor and see the audit change; break the YAML and see the problem at its line; verify a
ledger from its checkpoint. No page logs a console error or asks anything of the network
beyond the workbench; screenshots of every page are kept in ``.artefacts/web-browser/``.
"""

from __future__ import annotations

import json
import shutil
import statistics
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from accord.web._app import create_app
from benchmarks.bench_web import round_trips
from benchmarks.web_servers import demo_ledger, serving
from tests.e2e.browser_tab import SHOTS, Tab

ROOT = Path(__file__).resolve().parents[2]
KOREA = "/s/korea-2019.yaml"
Urls = tuple[str, str, Path]
"""The workbench's address, the ledger's and the folder of the scenario files served."""
pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Urls]:
    """The workbench (over a copy of two examples), the ledger it shows, the copies' folder."""
    folder = tmp_path_factory.mktemp("scenarios")
    for name in ("korea-2019.yaml", "chicken.yaml"):
        shutil.copy(ROOT / "examples" / name, folder / name)
    with (
        demo_ledger(tmp_path_factory.mktemp("ledger")) as ledger,
        serving(create_app(folder, ledger)) as bench,
    ):
        yield bench, ledger, folder


def test_scenarios_overview_and_conflict(chromium: Any, urls: Urls) -> None:
    tab = Tab(chromium, urls[0])
    page = tab.open("/")
    assert page.get_by_role("heading", name="Scenarios").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    assert page.locator("text=valid").count() >= 2
    tab.shot("scenarios")
    page.get_by_role("link", name="korea-2019.yaml").click()
    page.get_by_role("link", name="Conflict analysis").wait_for()
    tab.shot("overview")
    tab.open(f"{KOREA}/conflict")
    assert tab.figures_drawn() >= 3
    page.locator("button.state[data-state='2']").click()
    page.locator("#why h3", has_text="State 2").wait_for()
    assert page.locator("#why tbody tr").count() > 4
    tab.shot("conflict")
    tab.close()


def test_the_package_builder_shows_the_us_refusing_the_hanoi_offer(
    chromium: Any, urls: Urls
) -> None:
    tab = Tab(chromium, urls[0])
    page = tab.open(f"{KOREA}/deal")
    page.locator("#package .package-result").wait_for(timeout=120_000)
    page.get_by_role("button", name="nothing").click()
    for item in ("yongbyon", "test_moratorium", "unsc_2016_2017"):
        page.locator(f"#item-{item}").check()
    us = page.locator("#package tr[data-party='us']")
    us.locator("text=refuses").wait_for()
    assert "unsc_2016_2017 -30" in us.inner_text()
    assert "Refused by us, japan" in page.locator("#package").inner_text()
    assert tab.figures_drawn() >= 2
    tab.shot("deal-hanoi-offer")
    page.get_by_role("button", name="hanoi_dprk_offer").click()
    page.locator("#item-yongbyon").wait_for()
    assert page.locator("#item-yongbyon").is_checked()
    times = round_trips(page, count=10)
    shown = {"median_ms": statistics.median(times), "round_trips_ms": times}
    (SHOTS / "round-trips.json").write_text(json.dumps(shown, indent=1), encoding="utf-8")
    assert "Refused by" in page.locator("#package").inner_text()
    tab.close()


def test_moving_the_relief_after_yongbyon_changes_the_audit(chromium: Any, urls: Urls) -> None:
    tab = Tab(chromium, urls[0])
    page = tab.open(f"{KOREA}/phasing")
    editor = page.locator("#plan-hanoi_offer")
    editor.locator("tr.unsafe").wait_for(timeout=60_000)
    assert "Written moratorium and relief" in editor.locator("tr.unsafe").inner_text()
    tab.shot("phasing-as-written")
    editor.get_by_label("step of unsc_2016_2017").select_option(label="3. new step")
    page.wait_for_function(
        "document.querySelector('#plan-hanoi_offer tr.unsafe')"
        " && document.querySelector('#plan-hanoi_offer tr.unsafe').innerText.includes('New step')"
    )
    tab.shot("phasing-relief-moved")
    page.get_by_role("button", name="Find a safe plan").click()
    page.locator("#result .verdict", has_text="A safe plan for").wait_for(timeout=120_000)
    assert tab.figures_drawn() >= 2
    tab.shot("phasing-planned")
    tab.close()


def test_verification_budget_slider_and_the_report(chromium: Any, urls: Urls) -> None:
    tab = Tab(chromium, urls[0])
    page = tab.open(f"{KOREA}/verification")
    page.locator("#deterrence table").wait_for(timeout=120_000)
    before = page.locator("#deterrence .verdict").inner_text()
    page.locator("#budget").fill("0")
    page.wait_for_function(
        f"!document.querySelector('#deterrence .verdict').innerText.includes({before!r})"
    )
    assert tab.figures_drawn() >= 1
    tab.shot("verification-no-budget")
    report = page.request.get(f"{urls[0]}{KOREA}/report.html")
    assert report.ok
    assert report.text().startswith("<!doctype html>")
    tab.close()


def editor_text(page: Any, text: str) -> None:
    """Replace the editor's text, as a paste would, and wait for the form's field to follow."""
    page.get_by_role("textbox", name="YAML of chicken.yaml").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)
    page.wait_for_function("t => document.getElementById('editor').value === t", arg=text)


def test_a_yaml_error_is_shown_at_its_line(chromium: Any, urls: Urls) -> None:
    tab = Tab(chromium, urls[0])
    page = tab.open("/s/chicken.yaml/edit")
    text = (urls[2] / "chicken.yaml").read_text(encoding="utf-8")
    lines = text.split("\n")
    line = next(k for k, s in enumerate(lines, start=1) if "p2: {name:" in s)
    lines[line - 1] = lines[line - 1].replace("name:", "nmae:")
    editor_text(page, "\n".join(lines))
    problem = page.locator("#problems a.goto", has_text="line").last
    problem.wait_for()
    assert problem.get_attribute("data-line") == str(line)
    assert "did you mean 'name'?" in page.locator("#problems").inner_text()
    page.locator(".cm-lint-marker-error").wait_for()
    problem.click()
    caret = page.evaluate("window.accordEditor.caret()")
    assert caret == [line, lines[line - 1].index("nmae") + 1]
    tab.shot("editor-yaml-error")
    page.get_by_role("button", name="Save").click()
    page.locator("#save-state", has_text="Not saved").wait_for()
    assert (urls[2] / "chicken.yaml").read_text(encoding="utf-8") == text
    tab.shot("editor-not-saved")
    tab.close()


def test_the_editor_completes_from_the_schema_and_a_save_shows_the_problem_line(
    chromium: Any, urls: Urls
) -> None:
    tab = Tab(chromium, urls[0])
    page = tab.open("/s/chicken.yaml/edit")
    text = (urls[2] / "chicken.yaml").read_text(encoding="utf-8")
    page.get_by_role("textbox", name="YAML of chicken.yaml").click()
    page.keyboard.press("Control+End")
    page.keyboard.type("de")
    menu = page.locator(".cm-tooltip-autocomplete")
    menu.wait_for(timeout=60_000)
    assert menu.locator(".cm-completionLabel").all_inner_texts() == ["description", "deal"]
    page.locator("#problems .badge.bad").wait_for(timeout=60_000)  # "de" alone is not YAML
    page.locator(".cm-lint-marker-error").wait_for()
    assert menu.is_visible()
    tab.shot("editor-completion")  # docs/assets/screenshots/editor-completion.png
    page.wait_for_timeout(500)  # CodeMirror ignores keys for a moment after the menu opens
    page.keyboard.press("Enter")
    typed = text + "description: "
    page.wait_for_function("t => document.getElementById('editor').value === t", arg=typed)
    page.keyboard.type("[1, 2")  # a list where the schema wants a string
    page.get_by_role("button", name="Save").click()
    page.locator("#save-state", has_text="Not saved").wait_for(timeout=60_000)
    where = page.locator("#save-state a.goto").first
    assert where.get_attribute("data-line") == str(typed.count("\n") + 1)
    assert (urls[2] / "chicken.yaml").read_text(encoding="utf-8") == text
    tab.shot("editor-save-problem")
    tab.close()


def test_without_scripts_the_editor_is_a_textarea_that_saves(chromium: Any, urls: Urls) -> None:
    tab = Tab(chromium, urls[0], scripts=False)
    page = tab.open("/s/chicken.yaml/edit")
    area = page.get_by_label("YAML of chicken.yaml")
    text = area.input_value()
    area.fill(text.replace("title:", "title: [", 1))
    page.get_by_role("button", name="Save").click()
    page.locator("#save-state", has_text="Not saved").wait_for()
    assert area.input_value() == text.replace("title:", "title: [", 1)
    assert (urls[2] / "chicken.yaml").read_text(encoding="utf-8") == text
    tab.shot("editor-no-scripts")
    tab.close()


def test_the_ledger_page_verifies_from_its_checkpoint(chromium: Any, urls: Urls) -> None:
    tab = Tab(chromium, urls[0])
    page = tab.open("/ledger")
    assert page.get_by_role("heading", name="Compliance").is_visible()
    assert page.locator("tr.status-verified").count() > 0
    page.get_by_role("button", name="Verify from here").click()
    page.locator("[data-verified='true']").wait_for()
    tab.shot("ledger")
    page.get_by_label("Type").fill("delivery_claim")
    page.get_by_role("button", name="Search").click()
    assert page.locator("table.entries tbody tr").count() > 0
    tab.close()


def test_the_api_pages_of_the_service_work_offline(chromium: Any, urls: Urls) -> None:
    tab = Tab(chromium, urls[1])
    page = tab.open("/docs")
    page.locator(".swagger-ui .opblock").first.wait_for(timeout=60_000)
    tab.shot("service-docs")
    page = tab.open("/redoc")
    page.locator("text=Accord ledger").first.wait_for(timeout=60_000)
    tab.close()
