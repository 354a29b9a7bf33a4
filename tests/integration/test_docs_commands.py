"""Every page of the docs runs exactly as written, from an empty folder; the README from a clone.

Each page under ``docs/`` is one test. Its steps run in the order a reader meets them, in a fresh
temporary folder that holds only what earlier steps of the same page put there:

- a fenced block marked ``console``: every ``$ accord ...`` line runs (a ``$`` line that is not an
  ``accord`` command is an error: nothing on a page goes untested). A line ending in ``# exit N``
  must exit with code N (else 0); ``> FILE`` writes the command's output to FILE; lines without
  ``$`` after a command are its sample output: each must be a line of what it prints, where
  ``...`` stands for any text (a time, a key: what differs from one run to the next);
- a fenced block whose info string has ``file=NAME`` (```` ```yaml file=talks.yaml ````): the
  block is the content of NAME, written when the reader reaches it (the page tells the reader
  to save it under that name);
- a block marked ``console background``: each ``$ accord serve ...`` line starts the service in
  the background (as a reader does in a second terminal) until the page ends; the page's commands
  then talk to it. The harness gives it a free port: ``8000`` in the page's commands (``--port
  8000``, ``127.0.0.1:8000``) is replaced by that port, so that pages can run side by side (and
  likewise ``8001`` ... ``8009``, each by a port of its own, for a page with several services);
- a ``console background`` block may also start the cluster engine's own commands
  (``$ dask scheduler --port 8786``, ``$ dask worker tcp://127.0.0.1:8786``), from the same
  environment as ``accord``; a command with ``--port`` is waited for;
- nothing else is skipped: a page has no ``console skip`` block (a command that cannot run here,
  such as ``pip install``, goes in a ``sh`` block, without a ``$``).

Each page also gets a configuration folder of its own (``XDG_CONFIG_HOME``), as a new user has.

The README's tour is for a clone of the repository: its commands run in a temporary folder with
paths of the repository (``examples/...``) made absolute.
"""

from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pytest
from typer.testing import CliRunner

from accord.cli._main import app

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"^```(?P<info>[^\n]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
EXIT = re.compile(r"\s+#\s*exit\s+(\d+)\s*$")
DOC_PORTS = (*(str(8000 + i) for i in range(10)), "8786")
"""Ports a page may name (8786: Dask's scheduler); each is replaced by a free port."""
ENGINES = ("dask",)
"""Programs other than ``accord`` a ``console background`` block may start: the cluster
engine's own commands (docs/how-to/sweep.md starts a Dask scheduler and workers)."""
SLOW_PAGES = {"docs/how-to/sweep.md"}
"""Pages that take minutes (a cluster is started): run with the slow tests."""


@dataclass(frozen=True)
class Step:
    """One thing a reader does: run a command, start a service, or save a file."""

    kind: str  # "run", "background" or "file"
    line: int
    text: str  # the command, or the file's content
    code: int = 0
    file: str = ""
    output: tuple[str, ...] = ()


def page_steps(page: Path) -> list[Step]:
    """The steps of ``page``, in order (``console skip`` blocks left out)."""
    text = page.read_text(encoding="utf-8")
    steps: list[Step] = []
    for block in FENCE.finditer(text):
        info = block.group("info").split()
        line = text.count("\n", 0, block.start()) + 2
        named = [word.split("=", 1)[1] for word in info if word.startswith("file=")]
        if named:
            steps.append(Step("file", line, block.group("body"), file=named[0]))
        if not info or info[0] != "console" or "skip" in info:
            continue
        kind = "background" if "background" in info else "run"
        first = len(steps)
        for offset, row in enumerate(block.group("body").splitlines()):
            if not row.startswith("$ "):
                if len(steps) > first and row.strip():
                    last = steps[-1]
                    steps[-1] = Step(**{**last.__dict__, "output": (*last.output, row.strip())})
                continue
            command = row[2:]
            expected = EXIT.search(command)
            code = int(expected.group(1)) if expected else 0
            steps.append(Step(kind, line + offset, EXIT.sub("", command), code))
    return steps


def _pages() -> list[Path]:
    return sorted((ROOT / "docs").rglob("*.md"))


def _name(page: Path) -> str:
    return str(page.relative_to(ROOT))


PAGES = [p for p in _pages() if any(s.kind != "file" for s in page_steps(p))]


def test_the_docs_have_pages_with_commands() -> None:
    assert len(PAGES) >= 8


@pytest.mark.parametrize("page", _pages(), ids=_name)
def test_no_page_skips_commands(page: Path) -> None:
    skipped = re.search(r"^```console[^\n]*\bskip\b", page.read_text(encoding="utf-8"), re.M)
    assert skipped is None, f"{_name(page)} has a `console skip` block: make it run"


@pytest.mark.parametrize(
    "page",
    [pytest.param(p, marks=pytest.mark.slow) if _name(p) in SLOW_PAGES else p for p in PAGES],
    ids=_name,
)
def test_page_runs_as_written_from_an_empty_folder(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fresh_user(tmp_path, monkeypatch)
    run_page(page, _name(page))


def _fresh_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty working folder, and a configuration folder of its own (nothing a reader's
    earlier sessions left, such as pinned ledger keys, and nothing left behind)."""
    (tmp_path / "work").mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.chdir(tmp_path / "work")


def test_a_background_service_serves_the_rest_of_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The harness itself: a service started in a `console background` block answers the
    commands after it (on a free port, not the page's 8000) and is stopped at the end."""
    page = tmp_path / "page.md"
    _fresh_user(tmp_path, monkeypatch)
    page.write_text(
        "```console\n$ accord ledger keygen admin\n```\n\n"
        "```console background\n"
        "$ accord serve --database l.db --admin-key admin.pub --port 8000\n```\n\n"
        "```console\n$ accord ledger checkpoint http://127.0.0.1:8000 --out saved.checkpoint\n"
        "```\n",
        encoding="utf-8",
    )
    run_page(page, "page.md")
    assert Path("saved.checkpoint").read_text(encoding="utf-8").strip()


def run_page(page: Path, name: str) -> None:
    """Run the steps of ``page`` in the current folder, as a reader would."""
    steps = page_steps(page)
    background = any(s.kind == "background" for s in steps)
    ports = {p: (_free_port() if background else p) for p in DOC_PORTS}
    with _services() as start:
        for step in steps:
            where = f"{name}:{step.line}"
            if step.kind == "file":
                Path(step.file).write_text(step.text, encoding="utf-8")
                continue
            command = _with_port(step.text, ports)
            words = shlex.split(command, comments=True)
            if step.kind == "background" and words[0] in ENGINES:
                port = next((ports[p] for p in DOC_PORTS if f"--port {p}" in step.text), None)
                start([str(Path(sys.executable).with_name(words[0])), *words[1:]], port, where)
                continue
            assert command.startswith("accord "), f"{where}: `$ {command}` is not an accord command"
            if step.kind == "background":
                port = next(ports[p] for p in DOC_PORTS if f"--port {p}" in step.text)
                start([sys.executable, "-m", "accord", *words[1:]], port, where)
            else:
                _run(command, step.code, where, step.output)


def test_readme_tour_runs_from_a_clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fresh_user(tmp_path, monkeypatch)
    steps = page_steps(ROOT / "README.md")
    assert len(steps) >= 3
    for step in steps:
        args = shlex.split(step.text, comments=True)
        args = [str(ROOT / a) if (ROOT / a).exists() and not os.path.isabs(a) else a for a in args]
        _run(shlex.join(args), step.code, f"README.md:{step.line}")


def _run(command: str, code: int, where: str, output: tuple[str, ...] = ()) -> None:
    args = shlex.split(command, comments=True)[1:]
    target = None
    if ">" in args:
        at = args.index(">")
        args, target = args[:at], args[at + 1]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == code, (
        f"{where}: `$ {command}` exited {result.exit_code}, not {code}:\n{result.output}"
    )
    if target is not None:
        Path(target).write_text(result.stdout, encoding="utf-8")
    printed = [line.strip() for line in result.output.splitlines()]
    for line in output:
        shape = re.compile(".*".join(re.escape(part) for part in line.split("...")))
        assert any(shape.fullmatch(row) for row in printed), (
            f"{where}: `$ {command}` did not print\n{line}\n{result.output}"
        )


def _with_port(command: str, ports: dict[str, str]) -> str:
    for doc, port in ports.items():
        command = command.replace(f"--port {doc}", f"--port {port}")
        command = command.replace(f"127.0.0.1:{doc}", f"127.0.0.1:{port}")
    return command


def _free_port() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return str(probe.getsockname()[1])


@contextmanager
def _services() -> Iterator[Callable[[list[str], str | None, str], None]]:
    """Start background services on request; stop them all when the page is done."""
    running: list[tuple[subprocess.Popen[bytes], IO[bytes]]] = []

    def start(argv: list[str], port: str | None, where: str) -> None:
        log = tempfile.TemporaryFile()  # noqa: SIM115 - closed when the page ends
        # a file, not a pipe: a chatty service never blocks writing its log
        service = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=log)
        running.append((service, log))
        if port is None:
            return  # a worker: it joins its scheduler when it can
        deadline = time.monotonic() + 120  # a start takes half a minute on a busy machine
        while time.monotonic() < deadline:
            if service.poll() is not None:
                log.seek(0)
                pytest.fail(f"{where}: the service stopped at once:\n{log.read().decode()}")
            try:
                socket.create_connection(("127.0.0.1", int(port)), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.1)
        pytest.fail(f"{where}: the service did not answer on port {port} within 120 s")

    try:
        yield start
    finally:
        for service, log in running:
            service.terminate()
            try:
                service.wait(timeout=10)
            except subprocess.TimeoutExpired:
                service.kill()
                service.wait()
            log.close()
