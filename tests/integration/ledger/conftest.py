"""Fixtures of the ledger store, service and CLI tests: databases and a running server.

PostgreSQL tests (marked ``postgres``) get a fresh database on the local server, dropped
afterwards. When the ``CI`` environment variable is set an unreachable server fails the test;
locally it is skipped with a message.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

PG_HOST = os.environ.get("ACCORD_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("ACCORD_PG_PORT", "5432"))
PG_USER = os.environ.get("ACCORD_PG_USER", "postgres")


def _admin_connection() -> object:
    import pg8000.native

    try:
        return pg8000.native.Connection(
            PG_USER, host=PG_HOST, port=PG_PORT, database="postgres", timeout=5
        )
    except Exception as error:  # any connection failure: refused, timeout, auth
        message = f"PostgreSQL at {PG_HOST}:{PG_PORT} is unreachable: {error}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message + " (set CI=1 to make this a failure)")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; dropped afterwards."""
    admin = _admin_connection()
    name = f"accord_test_{secrets.token_hex(6)}"
    admin.run(f"CREATE DATABASE {name}")  # type: ignore[attr-defined]
    try:
        yield f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        admin.run(  # type: ignore[attr-defined]
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name",
            name=name,
        )
        admin.run(f"DROP DATABASE IF EXISTS {name}")  # type: ignore[attr-defined]
        admin.close()  # type: ignore[attr-defined]


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file in a temporary directory (created on first use)."""
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using this runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    return str(request.getfixturevalue("postgres_url"))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Server:
    """An ``accord serve`` subprocess bound to 127.0.0.1 on a free port."""

    args: list[str]
    port: int
    process: subprocess.Popen[bytes] | None = None
    stderr_text: str = ""
    cwd: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120.0) -> Server:
        command = [
            sys.executable,
            "-c",
            "from accord.cli._main import run; run()",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            *self.args,
        ]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.cwd
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"accord serve exited with {self.process.returncode}: {err}")
            try:
                if httpx.get(self.url + "/v1/log", timeout=1.0).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"accord serve did not answer within {timeout} s")

    def kill(self) -> None:
        """kill -9: no chance to finish anything."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        stream = self.process.stderr if self.process is not None else None
        if stream is not None and not stream.closed:
            self.stderr_text = stream.read().decode(errors="replace")
            stream.close()


@pytest.fixture
def serve() -> Iterator[Callable[..., Server]]:
    """Start ``accord serve`` subprocesses (``serve(*args)``); every one is stopped at the end."""
    started: list[Server] = []

    def start(*args: str, cwd: Path | None = None) -> Server:
        server = Server(list(args), free_port(), cwd=cwd)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()
