"""``accord plan`` on Ctrl-C: the best plan so far (status ``interrupted``) or a clear message;
and ``--time-limit`` bounds the whole command."""

from __future__ import annotations

import _thread
import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import accord.phasing._analysis as analysis
from accord.cli._main import app
from accord.phasing._planner import Progress, plan_exchange
from accord.solver._control import stop_requested
from benchmarks.phasing_instances import agreement, scenario_yaml

ROOT = Path(__file__).resolve().parents[2]
KOREA = str(ROOT / "examples" / "korea-2019.yaml")
runner = CliRunner()


def _wait_for_the_stop() -> None:
    """After a simulated Ctrl-C, wait (a little) until the command has asked the work to stop."""
    deadline = time.monotonic() + 5
    while not stop_requested() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert stop_requested()


def _ctrl_c_after_first_plan(problem: Any, objective: Any, **kw: Any) -> Any:
    """The real planner; Ctrl-C (to the main thread) as soon as it reports a plan."""

    def report(progress: Progress) -> None:
        kw["progress"](progress)
        if progress.best is not None and not stop_requested():
            _thread.interrupt_main()
            _wait_for_the_stop()

    return plan_exchange(problem, objective, deadline=kw["deadline"], progress=report)


def test_phasing_plan_interrupted_shows_the_best_plan_so_far(monkeypatch: Any) -> None:
    monkeypatch.setattr(analysis, "plan_exchange", _ctrl_c_after_first_plan)
    result = runner.invoke(app, ["plan", KOREA, "--json"])
    assert result.exit_code == 130, result.output
    plan = json.loads(result.stdout)["plan"]
    assert plan["status"] == "interrupted"
    assert plan["gap"] is None
    assert plan["audit"]["safe"] is True
    shown = runner.invoke(app, ["plan", KOREA])
    assert shown.exit_code == 130
    assert "interrupted: the best plan found so far, not proven optimal" in shown.stdout


def test_phasing_plan_interrupted_before_any_plan_says_so(monkeypatch: Any) -> None:
    def ctrl_c_at_once(problem: Any, objective: Any, **kw: Any) -> Any:
        _thread.interrupt_main()
        _wait_for_the_stop()
        return plan_exchange(problem, objective, deadline=kw["deadline"], progress=kw["progress"])

    monkeypatch.setattr(analysis, "plan_exchange", ctrl_c_at_once)
    result = runner.invoke(app, ["plan", KOREA, "--json"])
    assert result.exit_code == 130
    assert result.stdout == ""
    assert result.stderr.startswith("interrupted: no safe plan found yet (last: ")


def _hard_scenario(path: Path, items: int = 60, penalty: int = 30) -> Path:
    """Generated thin-margin agreement: the planner keeps improving and proving for long."""
    path.write_text(scenario_yaml(agreement(items, penalty, seed=0)), encoding="utf-8")
    return path


def _accord() -> str:
    return str(Path(sys.executable).with_name("accord"))


# The bar's label once a plan is known. The first plan's label may be redrawn over before the bar
# refreshes (rich draws a few times a second), so either label counts.
_A_PLAN_IS_KNOWN = re.compile(rb"planning: a (first safe|better) plan")


def _read_until_a_plan(child: subprocess.Popen[bytes]) -> bytes:
    """The child's terminal output until its progress bar reports a safe plan (at most 60 s)."""
    assert child.stderr is not None
    seen = b""
    deadline = time.monotonic() + 60
    while not _A_PLAN_IS_KNOWN.search(seen) and time.monotonic() < deadline:
        ready, _, _ = select.select([child.stderr], [], [], 1.0)
        if ready:
            seen += os.read(child.stderr.fileno(), 65536)
    assert _A_PLAN_IS_KNOWN.search(seen), "no progress bar reporting a plan on the terminal"
    return seen


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_phasing_plan_stops_promptly_on_sigint(tmp_path: Path) -> None:
    """A real Ctrl-C during a long search: exit 130 within seconds with the best plan so far."""
    env = {**os.environ, "TTY_COMPATIBLE": "1"}  # rich draws its progress bar into the pipe
    command = [_accord(), "plan", str(_hard_scenario(tmp_path / "hard.yaml"))]
    child = subprocess.Popen(
        [*command, "--time-limit", "120"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    with child:  # closes the pipes whatever happens
        try:
            seen = _read_until_a_plan(child)
            child.send_signal(signal.SIGINT)
            sent = time.monotonic()
            out, err = child.communicate(timeout=30)
            waited = time.monotonic() - sent
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
    assert child.returncode == 130
    assert waited < 15  # not the 120 s time limit of the search under way
    assert b"interrupted: the best plan found so far" in out
    assert b"Traceback" not in seen + err


@pytest.mark.slow
def test_phasing_plan_time_limit_bounds_the_whole_command(tmp_path: Path) -> None:
    """With a real clock: the command ends within the limit plus 10 % plus its start-up (the
    same command given no time at all), and answers the best known with its proven gap."""
    scenario = str(_hard_scenario(tmp_path / "hard.yaml", items=100, penalty=20))

    def timed(limit: float) -> tuple[float, Any]:
        start = time.monotonic()
        done = subprocess.run(
            [_accord(), "plan", scenario, "--json", "--time-limit", str(limit)],
            capture_output=True,
            check=False,
        )
        assert done.returncode in (0, 1), done.stderr
        assert done.stderr == b""  # nothing from the solvers
        return time.monotonic() - start, json.loads(done.stdout)

    startup, _ = timed(0.01)
    limit = 20.0
    elapsed, payload = timed(limit)
    assert elapsed <= startup + 1.1 * limit, (elapsed, startup)
    plan = payload["plan"]
    assert plan["status"] in ("feasible", "unknown", "infeasible")
    assert plan["periods_at_least"] >= 29  # the ratchet certificate, at least
    if plan["status"] == "unknown":
        assert payload["explanation"]["fixes"], "a fix most likely to help"
