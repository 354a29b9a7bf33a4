"""The workbench's Stop on the planner, without a browser: stopped before any plan, the page
says so (not "within the time limit"); the browser test stops a run that has a plan."""

from __future__ import annotations

import threading
from pathlib import Path

from accord.phasing._analysis import PhasingAnalysis
from accord.report.document._phasing import plan_verdict
from accord.scenario import load
from accord.solver._control import stopping
from accord.web import _analyses as analyses
from benchmarks.phasing_instances import agreement, scenario_yaml


def test_a_planner_stopped_before_any_plan_says_so(tmp_path: Path) -> None:
    path = tmp_path / "generated.yaml"
    path.write_text(scenario_yaml(agreement(60, 30, seed=0)), encoding="utf-8")
    scenario = load(path)
    told: list[str] = []
    stop = threading.Event()
    stop.set()
    with stopping(stop):
        found = analyses.run("phasing", scenario, told.append)
    assert isinstance(found, PhasingAnalysis)
    assert (found.result.status, found.result.plan, found.result.gap) == ("interrupted", None, None)
    verdict = plan_verdict(None, found.to_dict()["plan"])
    assert verdict.head == "The planner was stopped before it found a safe plan for the package."
    assert not any("best plan so far" in stage for stage in told)
