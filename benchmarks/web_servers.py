"""Servers for the workbench's browser tests and benchmark: the workbench and a ledger service
holding the JCPOA demo story, each run by uvicorn on a free loopback port in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import uvicorn


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 until the block ends; yield its URL."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


@contextmanager
def demo_ledger(folder: Path) -> Iterator[str]:
    """A ledger service holding the JCPOA demo story; yield its URL."""
    from accord.ledger._demo import Cast, jcpoa_story
    from accord.service._app import create_app
    from accord.service._config import ServiceConfig
    from accord.service._opening import open_state

    cast = Cast()
    config = ServiceConfig(
        database=str(folder / "ledger.db"),
        log_key=folder / "log.key",
        origin=cast.ledger,
        admin_key=cast.members["registrar"].key.public_key_b64,
        admin_id="registrar",
    )
    state = open_state(config)
    try:
        for logged in jcpoa_story(cast):
            state.committer.clock = lambda moment=logged.when: moment  # type: ignore[misc]
            state.submit(logged.signed)[0].result(30)
    finally:
        state.close()
    with serving(create_app(config)) as url:
        yield url
