"""Stop on a real planner run in the workbench: a generated agreement of 60 items (the planner
takes its whole 30 s time limit on it) is stopped once a plan is known; the page shows the best
plan so far as interrupted, and the server's job has ended.

Waits are on states, not on the clock: the job's stage (asked of the server as JSON) says when a
plan is known, and Stop is pressed again should a redraw of the progress swallow the press.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from accord.web._app import create_app
from benchmarks.phasing_instances import agreement, scenario_yaml
from benchmarks.web_servers import serving
from tests.e2e.browser_tab import Tab

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
PAGE = "/s/generated.yaml/phasing"


def job(page: Any, base: str) -> dict[str, Any]:
    """The planner's job as the server reports it (``web.job``)."""
    answer = page.request.get(f"{base}{PAGE}/result", headers={"accept": "application/json"})
    assert answer.ok, answer.text()
    found: dict[str, Any] = answer.json()
    return found


def wait_for(page: Any, base: str, done: Any, seconds: float = 300) -> dict[str, Any]:
    """Ask the server about the job until ``done(job)`` (at most ``seconds``)."""
    deadline = time.monotonic() + seconds
    while True:
        found = job(page, base)
        if done(found) or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(250)


def test_stop_shows_the_best_plan_so_far_and_ends_the_job(chromium: Any, tmp_path: Path) -> None:
    problem = agreement(60, 30, seed=0)
    (tmp_path / "generated.yaml").write_text(scenario_yaml(problem), encoding="utf-8")
    with serving(create_app(tmp_path)) as base:
        tab = Tab(chromium, base)
        page = tab.open(PAGE)
        page.get_by_role("button", name="Find a safe plan").click()
        page.get_by_role("button", name="Stop").wait_for(timeout=120_000)
        running = wait_for(page, base, lambda j: "best plan so far" in j["stage"])
        assert running["state"] == "running", running
        page.wait_for_function(  # the page's next redraw of the progress (or the run's end)
            "(() => { const s = document.querySelector('#result .stage');"
            " return !s || s.textContent.includes('best plan so far'); })()",
            timeout=120_000,
        )
        tab.shot("phasing-planner-running")
        stopped = running
        while stopped["state"] == "running":
            stop = page.get_by_role("button", name="Stop")
            if stop.count():
                stop.first.click(timeout=60_000)
            stopped = wait_for(page, base, lambda j: j["state"] != "running", seconds=20)
        assert stopped["state"] == "stopped", stopped
        result = page.locator("#result")
        result.locator(".verdict", has_text="Stopped.").wait_for(timeout=120_000)
        text = result.inner_text()
        assert "interrupted: the best plan found so far, not proven optimal" in text
        assert "A safe plan for the package takes" in text
        page.wait_for_timeout(1000)
        assert job(page, base) == stopped  # ended: its time no longer runs
        tab.shot("phasing-planner-stopped")
        tab.close()
