"""The ledger benchmark's HTTP part: the same signed appends through ``accord serve`` (uvicorn).

Clients are threads in this process, each with its own httpx connection; the service runs in a
subprocess on a free port of 127.0.0.1 and is always stopped.
"""

from __future__ import annotations

import base64
import http.client
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from accord.ledger._entries import SignedEntry, make_entry
from accord.ledger._keys import SigningKey
from accord.ledger._participants import Participant


@contextmanager
def running_service(
    database: Path | str,
    origin: str,
    admin: SigningKey | None,
    extra: list[str] | None = None,
    timeout: float = 120,
) -> Iterator[str]:
    """Start ``accord serve`` on a free port; yield its URL; stop it."""
    with service_process(database, origin, admin, extra, timeout) as (url, _pid):
        yield url


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) the process ``pid`` has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def service_process(
    database: Path | str,
    origin: str,
    admin: SigningKey | None,
    extra: list[str] | None = None,
    timeout: float = 120,
) -> Iterator[tuple[str, int]]:
    """Start ``accord serve`` on a free port; yield its URL and process id; stop it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    admin_args = ["--admin-key", admin.public_key_b64] if admin else []
    command = [sys.executable, "-c", "from accord.cli._main import run; run()", "serve",
               "--database", str(database), "--origin", origin, "--port", str(port),
               *admin_args, *(extra or [])]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(url + "/v1/log", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("accord serve did not start") from None
                time.sleep(0.1)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def register_over_http(
    url: str, origin: str, admin: SigningKey, keys: dict[str, SigningKey]
) -> None:
    """Register one delegate per key (each of its own party)."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with httpx.Client(base_url=url, timeout=30) as http:
        for sequence, (name, key) in enumerate(keys.items(), start=1):
            person = Participant(
                id=name, role="delegate", party=name, public_key=key.public_key_b64
            )
            proof = base64.b64encode(key.prove_possession(origin, name, "c")).decode()
            body = {"participant": person.to_dict(), "challenge": "c", "proof": proof}
            signed = make_entry(admin, ledger=origin, submitter="admin", kind="registration",
                                body=body, sequence=sequence, timestamp=now)  # fmt: skip
            http.post("/v1/participants", json=signed.to_dict()).raise_for_status()


def _client(url: str, bodies: list[bytes], seconds: float, ready: Any, go: Any,
            begin: Any, out: Any) -> None:  # fmt: skip
    """One client process: POST its pre-signed entries in order on one keep-alive connection
    (http.client: the client's own CPU stays small), count the acknowledgements in the window
    that starts once every client is connected."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    connection.connect()
    headers = {"Content-Type": "application/json"}
    ready.put(True)
    go.wait()
    done = 0
    for body in bodies:
        connection.request("POST", "/v1/entries", body, headers)
        answer = connection.getresponse()
        answer.read()
        if answer.status != 200:
            raise RuntimeError(f"append refused: {answer.status}")
        if time.time() - begin.value > seconds:
            break
        done += 1
    connection.close()
    out.put(done)


def http_rate(
    url: str, streams: dict[str, list[SignedEntry]], seconds: float, pid: int
) -> tuple[float, float]:
    """Acknowledged appends per second, one client *process* per stream, for ``seconds``, and
    the service's CPU time (process ``pid``, all threads) per acknowledged append.

    Each client is its own process (no shared GIL with the others), posting pre-encoded bodies,
    so that the clients are not what is measured; the window opens once all are connected. The
    CPU time per append does not depend on how busy the machine is, the rate does."""
    context = multiprocessing.get_context("spawn")
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    begin = context.Value("d", 0.0)
    bodies = [[json.dumps(e.to_dict()).encode() for e in entries] for entries in streams.values()]
    workers = [context.Process(target=_client, args=(url, b, seconds, ready, go, begin, results))
               for b in bodies]  # fmt: skip
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.get(timeout=300)
    cpu = cpu_seconds(pid)
    begin.value = time.time()
    go.set()
    done = sum(results.get(timeout=seconds + 300) for _ in workers)
    cpu = cpu_seconds(pid) - cpu
    for worker in workers:
        worker.join()
    return done / seconds, cpu / max(done, 1)


def http_rates(
    directory: Path, origin: str, key: Callable[[str], SigningKey],
    stream: Callable[[str, int], list[SignedEntry]], seconds: float,
    database: str | None = None,
) -> tuple[float, float, float]:  # fmt: skip
    """(1 client, 8 clients) appends per second through HTTP, signed receipts on, on a fresh
    ledger (a SQLite file in ``directory``, or the PostgreSQL ``database`` URL given), and the
    service's CPU seconds per append with 8 clients."""
    admin = key("admin")
    names = ["solo"] + [f"w{i}" for i in range(8)]
    target = database or str(directory / "http.db")
    extra = ["--log-key", str(directory / "http-pg.key")] if database else []
    per_client = int(seconds * 4000)  # more than a client can send in the window
    with service_process(target, origin, admin, extra) as (url, pid):
        register_over_http(url, origin, admin, {n: key(n) for n in names})
        one, _cpu = http_rate(url, {"solo": stream("solo", per_client)}, seconds, pid)
        streams = {n: stream(n, per_client // 4) for n in names[1:]}
        eight, cpu = http_rate(url, streams, seconds, pid)
    return one, eight, cpu
