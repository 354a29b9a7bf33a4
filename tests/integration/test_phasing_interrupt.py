"""``accord plan`` on Ctrl-C: the best plan so far (status ``interrupted``) or a clear message."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import accord.phasing.analysis as analysis
from accord.cli.main import app
from accord.phasing.planner import Progress, plan_exchange

ROOT = Path(__file__).resolve().parents[2]
KOREA = str(ROOT / "examples" / "korea-2019.yaml")
runner = CliRunner()


def _interrupt_after_first_plan(problem: Any, objective: Any, time_limit: float, **kw: Any) -> Any:
    """The real planner, then Ctrl-C as soon as it reports a plan (or at the first report)."""

    def report(progress: Progress) -> None:
        kw["progress"](progress)
        if progress.best is not None or kw.get("stop_at_once"):
            raise KeyboardInterrupt

    plan_exchange(problem, "exposure", time_limit, progress=report)
    raise AssertionError("the planner should have reported a plan")


def test_phasing_plan_interrupted_shows_the_best_plan_so_far(monkeypatch: Any) -> None:
    monkeypatch.setattr(analysis, "plan_exchange", _interrupt_after_first_plan)
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
    def interrupt_at_once(problem: Any, objective: Any, time_limit: float, **kw: Any) -> Any:
        return _interrupt_after_first_plan(problem, objective, time_limit, stop_at_once=1, **kw)

    monkeypatch.setattr(analysis, "plan_exchange", interrupt_at_once)
    result = runner.invoke(app, ["plan", KOREA, "--json"])
    assert result.exit_code == 130
    assert result.stdout == ""
    assert result.stderr.startswith("interrupted: no safe plan found yet (last: horizon 1 of ")


def _slow_scenario(path: Path) -> Path:
    """60 items and no penalty: no safe plan, so the planner deepens for its whole time limit."""
    lines = ["accord: 1", "title: Slow", "parties: {a: {name: A}, b: {name: B}}", "deal:"]
    lines.append("  items:")
    for k in range(30):
        lines.append(f"    - {{id: a{k}, giver: a, value: {{a: -{k % 5 + 1}, b: {k % 7 + 2}}}}}")
        lines.append(f"    - {{id: b{k}, giver: b, value: {{a: {k % 6 + 2}, b: -{k % 4 + 1}}}}}")
    lines += ["phasing:", "  start: 2020-01-01", "  horizon: 36", "  penalty: {a: 0, b: 0}"]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process is POSIX")
def test_phasing_plan_stops_promptly_on_sigint(tmp_path: Path) -> None:
    """A real Ctrl-C during a long solve: exit 130 within seconds, a message, no traceback."""
    accord = Path(sys.executable).with_name("accord")
    env = {**os.environ, "TTY_COMPATIBLE": "1"}  # rich draws its progress bar into the pipe
    command = [str(accord), "plan", str(_slow_scenario(tmp_path / "slow.yaml"))]
    child = subprocess.Popen(
        [*command, "--time-limit", "120"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    try:
        seen = b""
        deadline = time.monotonic() + 60
        while b"planning: horizon" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([child.stderr], [], [], 1.0)
            if ready:
                assert child.stderr is not None
                seen += os.read(child.stderr.fileno(), 65536)
        assert b"planning: horizon" in seen, "no progress bar on the terminal"
        child.send_signal(signal.SIGINT)
        sent = time.monotonic()
        out, err = child.communicate(timeout=30)
        waited = time.monotonic() - sent
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 130
    assert waited < 15  # not the 120 s time limit of the solve under way
    assert b"interrupted: no safe plan found yet" in seen + err
    assert b"Traceback" not in seen + err
    assert out == b""  # the message and the bar are on stderr; no solver noise on stdout
