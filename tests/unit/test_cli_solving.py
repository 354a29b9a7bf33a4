"""The command line's solver runs: a worker still busy after Ctrl-C and the grace period is
registered with the watchdog (one registry of abandoned threads), and the exit then skips the
interpreter's shutdown instead of waiting for it."""

from __future__ import annotations

import _thread
import subprocess
import sys
import threading
import time

import pytest
import typer

from accord.cli import _solving as solving
from accord.solver import _watchdog as watchdog


def _interrupt_once(started: threading.Event) -> threading.Thread:
    """A thread that sends the main thread a Ctrl-C once ``started`` is set."""

    def send() -> None:
        started.wait()
        _thread.interrupt_main()

    thread = threading.Thread(target=send)
    thread.start()
    return thread


def test_a_worker_left_running_after_ctrl_c_is_the_watchdogs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(solving, "GRACE", 0.05)
    started, release = threading.Event(), threading.Event()

    def stubborn() -> str:  # looks at no stop request
        started.set()
        release.wait()
        return "too late"

    sender = _interrupt_once(started)
    try:
        run = solving.run_solvers(stubborn)
        assert run == solving.Run(None, True)
        assert watchdog.still_running()
    finally:
        release.set()
        sender.join()
    for _ in range(6000):  # the worker ends once released; no time bound that matters
        if not watchdog.still_running():
            break
        time.sleep(0.01)
    assert not watchdog.still_running()
    with pytest.raises(typer.Exit) as exited:
        solving.finish(3)  # nothing left running: an ordinary exit
    assert exited.value.exit_code == 3


SCRIPT = """
import _thread, atexit, threading
from accord.cli import _solving as solving

solving.GRACE = 0.05
atexit.register(lambda: print("shut down"))
started = threading.Event()

def stubborn():
    started.set()
    threading.Event().wait()  # forever, as native code that ignores the stop

threading.Thread(target=lambda: (started.wait(), _thread.interrupt_main())).start()
print(solving.run_solvers(stubborn), flush=True)
solving.exit_interrupted()
"""


def test_the_exit_skips_the_shutdown_while_an_abandoned_worker_runs() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == solving.EXIT_INTERRUPTED, done.stderr
    assert done.stdout.splitlines() == ["Run(value=None, interrupted=True)"]
