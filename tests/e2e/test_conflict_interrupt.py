"""Ctrl-C on a million-state model: a progress bar, then a clean stop with partial results.

A real ``accord conflict`` process on a pseudo-terminal (so rich draws its progress bar), sent
SIGINT once the bar says the status quo search has started; bounded in time.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

DEADLINE = 120.0


def _million_state_scenario(path: Path) -> None:
    """20 options dealt to three decision makers, one infeasibility: 917,504 states."""
    options = "".join(f"    - {{id: o{k}, dm: {'abc'[k % 3]}}}\n" for k in range(20))
    path.write_text(
        "accord: 1\ntitle: Big\nparties: {a: {name: A}, b: {name: B}, c: {name: C}}\n"
        f"conflict:\n  options:\n{options}  infeasible: [o17 and o18 and o19]\n"
        "  preferences:\n"
        '    a: {statements: ["o0 iff o1", o2, "-o3", "o4 or o5", "o9 and -o12", o15]}\n'
        '    b: {statements: ["-o0", "o1 and o6", o7, "o10 if o11", "-o16"]}\n'
        '    c: {statements: [o8, "-o2", "o13 iff o14", "o19 or o18"]}\n'
        "  status_quo: 1\n",
        encoding="utf-8",
    )


def _read_until(fd: int, process: subprocess.Popen[bytes], needle: bytes | None) -> bytes:
    """Read the terminal until ``needle`` shows (or, if None, the process ends)."""
    seen = b""
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the process closed the terminal
                break
            seen += chunk
            if needle is not None and needle in seen:
                return seen
        elif process.poll() is not None and needle is None:
            break
    return seen


@pytest.mark.slow
def test_conflict_ctrl_c_on_a_million_states_stops_cleanly(tmp_path: Path) -> None:
    scenario = tmp_path / "big.yaml"
    _million_state_scenario(scenario)
    main, terminal = pty.openpty()
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    env.pop("CI", None)  # rich draws no live bar when it thinks it runs under CI
    command = [sys.executable, "-m", "accord", "conflict", str(scenario), "-c", "nash", "-c", "gmr"]
    process = subprocess.Popen(command, stdout=terminal, stderr=terminal, env=env)
    os.close(terminal)
    try:
        before = _read_until(main, process, b"status quo paths")
        assert b"917,504 states: GMR for" in before  # the progress bar named each step
        assert b"status quo paths" in before, before[-2000:]
        process.send_signal(signal.SIGINT)
        after = _read_until(main, process, None)
        code = process.wait(timeout=DEADLINE)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)
    text = after.decode("utf-8", "replace")
    assert code == 0
    assert "Traceback" not in text
    assert "Nash equilibria (" in text
    assert "GMR equilibria (" in text
    assert "Interrupted: showing the concepts completed" in text
