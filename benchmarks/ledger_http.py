"""The ledger benchmark's HTTP part: the same signed appends through ``accord serve`` (uvicorn).

The clients are connections of one asyncio process (each posts pre-built requests on its own
keep-alive connection); the service runs in a subprocess on a free port of 127.0.0.1 and is
always stopped.
"""

from __future__ import annotations

import asyncio
import base64
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


BATCH = 64
"""Entries per request of the batch endpoint's round (``POST /v1/entries/batch``)."""


def _request(host: str, body: bytes, path: str) -> bytes:
    """A keep-alive ``POST path`` carrying ``body``, as the bytes sent."""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def _post_all(
    connection: tuple[asyncio.StreamReader, asyncio.StreamWriter],
    requests: list[bytes],
    stop_at: float,
    per_request: int,
) -> int:
    """Send each request on one keep-alive connection and read its answer (status 200 and a
    Content-Length body; for a batch of ``per_request`` > 1 entries, that many receipts);
    count the entries acknowledged before ``stop_at``."""
    reader, writer = connection
    done = 0
    try:
        for request in requests:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status, _, rest = head.partition(b"\r\n")
            if not status.startswith(b"HTTP/1.1 200 "):
                raise RuntimeError(f"append refused: {status!r}")
            length = int(rest.lower().split(b"content-length: ", 1)[1].split(b"\r\n", 1)[0])
            answer = await reader.readexactly(length)
            if per_request > 1 and answer.count(b'{"status":200,') != per_request:
                raise RuntimeError("an entry of a batch was refused")
            if time.time() > stop_at:
                break
            done += per_request
    finally:
        writer.close()
    return done


def _clients(url: str, bodies: list[list[bytes]], seconds: float, out: Any, batch: int = 1) -> None:
    """The client process: one asyncio connection per stream, all in one thread; puts
    (appends acknowledged in the window, its length, this process's CPU seconds in it).

    One async process costs far less CPU per request than a process per client with a
    blocking HTTP library, and every CPU second it takes is one the service (on the same
    2 cores) does not get: the benchmark reports it."""
    host, port = url.removeprefix("http://").split(":")
    path = "/v1/entries/batch" if batch > 1 else "/v1/entries"
    streams = [[_request(host, body, path) for body in stream] for stream in bodies]

    async def run() -> tuple[int, float, float]:
        connections = [await asyncio.open_connection(host, int(port)) for _ in streams]
        cpu, start = time.process_time(), time.time()
        posts = [
            _post_all(c, s, start + seconds, batch)
            for c, s in zip(connections, streams, strict=True)
        ]
        done = sum(await asyncio.gather(*posts))
        return done, time.time() - start, time.process_time() - cpu

    out.put(asyncio.run(run()))


def _bodies(entries: list[SignedEntry], batch: int) -> list[bytes]:
    """The request bodies of one client: an entry each, or ``batch`` entries each."""
    single = [json.dumps(e.to_dict()).encode() for e in entries]
    if batch == 1:
        return single
    chunks = [single[i : i + batch] for i in range(0, len(single) - batch + 1, batch)]
    return [b'{"entries":[' + b",".join(chunk) + b"]}" for chunk in chunks]


def http_rate(
    url: str, streams: dict[str, list[SignedEntry]], seconds: float, pid: int, batch: int = 1
) -> tuple[float, float, float]:
    """Acknowledged appends per second over ``seconds``, one connection per stream (all in one
    async client process; ``batch`` > 1: that many entries a request, to the batch endpoint),
    and the CPU seconds per acknowledged append of the service (process ``pid``, all threads)
    and of the client process.

    The CPU time per append does not depend on how busy the machine is, the rate does."""
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    bodies = [_bodies(entries, batch) for entries in streams.values()]
    worker = context.Process(target=_clients, args=(url, bodies, seconds, results, batch))
    cpu = cpu_seconds(pid)
    worker.start()
    done, window, client_cpu = results.get(timeout=seconds + 300)
    cpu = cpu_seconds(pid) - cpu
    worker.join()
    return done / window, cpu / max(done, 1), client_cpu / max(done, 1)


def http_rates(
    directory: Path, origin: str, key: Callable[[str], SigningKey],
    stream: Callable[[str, int], list[SignedEntry]], seconds: float,
    database: str | None = None,
) -> tuple[float, float, float, float, float, float]:  # fmt: skip
    """(1 client, 8 clients) appends per second through HTTP, signed receipts on, on a fresh
    ledger (a SQLite file in ``directory``, or the PostgreSQL ``database`` URL given), and the
    CPU seconds per append with 8 clients of the service and of the client process; then the
    entries per second and service CPU per entry of 8 clients posting :data:`BATCH` entries a
    request to the batch endpoint (never counted as the single-entry rate)."""
    admin = key("admin")
    names = ["solo"] + [f"w{i}" for i in range(8)] + [f"b{i}" for i in range(8)]
    target = database or str(directory / "http.db")
    extra = ["--log-key", str(directory / "http-pg.key")] if database else []
    per_client = int(seconds * 4000)  # more than a client can send in the window
    with service_process(target, origin, admin, extra) as (url, pid):
        register_over_http(url, origin, admin, {n: key(n) for n in names})
        one, _cpu, _client = http_rate(url, {"solo": stream("solo", per_client)}, seconds, pid)
        streams = {n: stream(n, per_client // 4) for n in names[1:9]}
        eight, cpu, client_cpu = http_rate(url, streams, seconds, pid)
        streams = {n: stream(n, per_client // 4) for n in names[9:]}
        batched, batch_cpu, _client = http_rate(url, streams, seconds, pid, BATCH)
    return one, eight, cpu, client_cpu, batched, batch_cpu
