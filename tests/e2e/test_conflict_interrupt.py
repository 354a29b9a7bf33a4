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

SCENARIO = Path(__file__).parents[2] / "benchmarks" / "conflict-million.yaml"

DEADLINE = 120.0


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
def test_conflict_ctrl_c_on_a_million_states_stops_cleanly() -> None:
    scenario = SCENARIO  # 917,504 states
    main, terminal = pty.openpty()
    env = {**os.environ, "COLUMNS": "160", "TERM": "xterm"}
    env.pop("CI", None)  # rich draws no live bar when it thinks it runs under CI
    command = [sys.executable, "-m", "accord", "conflict", str(scenario), "-c", "nash", "-c", "gmr"]
    command += ["--max-states", "1048576"]
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
