"""``accord sweep``: the command, Ctrl-C, a worker that dies, and a real Dask cluster.

The cluster tests start what a user starts (``dask scheduler`` and two ``dask worker``
processes on loopback), sweep through ``--cluster``, kill a worker in the middle, and compare
the result with the local pool's: the same JSON.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest
from typer.testing import CliRunner

from accord.cli._main import app
from accord.limits import Limits
from accord.scenario import load
from accord.sweep import sweep
from tests.dask_cluster import BIN, free_port, local_cluster

ROOT = Path(__file__).resolve().parents[2]
SMALL = str(ROOT / "tests" / "data" / "sweep" / "small.yaml")
MAX_DRAWS = Limits().sweep_draws


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["sweep", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--draws", "0"], "--draws must be at least 1"),
        (["--draws", str(MAX_DRAWS + 1)], f"{MAX_DRAWS:,}"),
        (["--workers", "0"], "--workers must be at least 1"),
        (["--workers", "2", "--cluster", "tcp://127.0.0.1:1"], "cannot be used together"),
        (["--only", "plans"], "unknown question"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(args: list[str], message: str) -> None:
    code, out, err = _run(SMALL, *args)
    assert code == 2
    assert message in err
    code, out, _ = _run(SMALL, *args, "--json")
    assert code == 2
    assert json.loads(out)["kind"] == "error"


def test_an_unreachable_cluster_is_a_clear_error() -> None:
    port = free_port()
    code, _, err = _run(SMALL, "--cluster", f"tcp://127.0.0.1:{port}", "--draws", "2")
    assert code == 2
    assert "cannot reach a Dask scheduler" in err
    assert "dask scheduler" in err


@pytest.mark.slow
def test_json_envelope_and_text() -> None:
    code, out, _ = _run(SMALL, "--draws", "6", "--workers", "2", "--only", "deal", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["accord"], data["kind"], data["draws"], data["partial"]) == (1, "sweep", 6, False)
    assert next(v["id"] for v in data["verdicts"]) == "deal.zone"
    code, out, _ = _run(SMALL, "--draws", "6", "--workers", "2", "--only", "deal")
    assert code == 0
    assert "How often each verdict holds" in out
    assert "every party" in out
    assert "hanoi" in out


def _default_sigint() -> None:
    """In the child: Ctrl-C as in a terminal (a background shell may have ignored it)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.slow
def test_ctrl_c_prints_the_finished_draws_marked_partial(tmp_path: Path) -> None:
    env = {**os.environ, "TTY_COMPATIBLE": "1"}  # rich draws its progress bar into the pipe
    process = subprocess.Popen(
        [str(BIN / "accord"), "sweep", SMALL, "--draws", "20000", "--workers", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=env,
        preexec_fn=_default_sigint,
    )
    try:
        seen = b""
        deadline = time.monotonic() + 300
        while not re.search(rb" [1-9][0-9]*/20,?000", seen) and time.monotonic() < deadline:
            ready, _, _ = select.select([process.stderr], [], [], 1.0)
            if ready:
                assert process.stderr is not None
                seen += os.read(process.stderr.fileno(), 65536)
        assert re.search(rb" [1-9][0-9]*/20,?000", seen), seen[-500:]
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 130, err
    assert b"(partial: interrupted)" in out
    assert b"Traceback" not in seen + err


def test_an_interrupted_sweep_aggregates_the_draws_it_finished() -> None:
    scenario = load(SMALL)
    calls: list[int] = []

    def ctrl_c_after_two_chunks(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 2:
            raise KeyboardInterrupt

    result = sweep(
        scenario, draws=400, seed=2, questions=["deal"], workers=1, progress=ctrl_c_after_two_chunks
    )
    data = result.to_dict()
    assert data["partial"] is True
    assert data["requested"] == 400
    assert 0 < data["draws"] < 400
    indices = [d.index for d in result.draws]
    assert indices == sorted(indices)
    whole = sweep(scenario, draws=400, seed=2, questions=["deal"], workers=1)
    done = {d.index: d for d in whole.draws}
    assert all(done[d.index] == d for d in result.draws)  # the same draws, finished or not


def _workers_of(parent: psutil.Process) -> list[psutil.Process]:
    """The pool's workers: grandchildren (the forkserver's children)."""
    return [g for child in parent.children() for g in child.children()]


@pytest.mark.slow
def test_a_local_worker_that_dies_loses_no_draw_and_changes_nothing() -> None:
    scenario = load(SMALL)
    expected = sweep(scenario, draws=16, seed=4, questions=["plan"], workers=2).to_dict()
    killed: list[int] = []

    def kill_one(done: int, total: int) -> None:
        if not killed:
            victims = _workers_of(psutil.Process())
            if victims:
                killed.append(victims[0].pid)
                victims[0].kill()

    result = sweep(scenario, draws=16, seed=4, questions=["plan"], workers=2, progress=kill_one)
    assert killed
    assert result.to_dict() == expected


@pytest.mark.slow
def test_a_dask_cluster_gives_the_local_json_even_when_a_worker_dies() -> None:
    scenario = load(SMALL)
    local = sweep(scenario, draws=24, seed=6, questions=["deal", "plan"], workers=2).to_dict()
    with local_cluster(2) as (address, workers):
        whole = sweep(scenario, draws=24, seed=6, questions=["deal", "plan"], cluster=address)
        assert whole.to_dict() == local
        killed: list[int] = []

        def kill_one(done: int, total: int) -> None:
            if not killed and done >= 2:
                killed.append(workers[0].pid)
                os.kill(workers[0].pid, signal.SIGKILL)

        survived = sweep(
            scenario,
            draws=24,
            seed=6,
            questions=["deal", "plan"],
            cluster=address,
            progress=kill_one,
        )
        assert killed
        assert workers[0].wait(10) is not None
        assert survived.to_dict() == local


@pytest.mark.slow
def test_the_cli_through_a_cluster_prints_the_local_json() -> None:
    args = [SMALL, "--draws", "8", "--seed", "3", "--only", "plan", "--json"]
    code, local, _ = _run(*args, "--workers", "2")
    assert code == 0
    with local_cluster(2) as (address, _):
        code, remote, err = _run(*args, "--cluster", address)
    assert code == 0, err
    assert json.loads(remote) == json.loads(local)
