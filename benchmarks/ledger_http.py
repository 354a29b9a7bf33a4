"""The ledger benchmark's HTTP part: the same signed appends through ``accord serve`` (uvicorn).

Clients are threads in this process, each with its own httpx connection; the service runs in a
subprocess on a free port of 127.0.0.1 and is always stopped.
"""

from __future__ import annotations

import base64
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import httpx

from accord.ledger.entries import SignedEntry, make_entry
from accord.ledger.keys import SigningKey
from accord.ledger.participants import Participant


@contextmanager
def running_service(database: Path, origin: str, admin: SigningKey) -> Iterator[str]:
    """Start ``accord serve`` on a free port; yield its URL; stop it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-c", "from accord.cli.main import run; run()", "serve",
               "--database", str(database), "--origin", origin, "--port", str(port),
               "--admin-key", admin.public_key_b64]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(url + "/v1/log", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("accord serve did not start") from None
                time.sleep(0.1)
        yield url
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
            body = {"participant": person.to_json(), "challenge": "c", "proof": proof}
            signed = make_entry(admin, ledger=origin, submitter="admin", kind="registration",
                                body=body, sequence=sequence, timestamp=now)  # fmt: skip
            http.post("/v1/participants", json=signed.to_json()).raise_for_status()


def http_rate(url: str, streams: dict[str, list[SignedEntry]], seconds: float) -> float:
    """Acknowledged appends per second, one client thread per stream, for ``seconds``."""
    done = [0] * len(streams)
    stop = threading.Event()

    def run(slot: int, entries: list[SignedEntry]) -> None:
        with httpx.Client(base_url=url, timeout=30) as http:
            for signed in entries:
                http.post("/v1/entries", json=signed.to_json()).raise_for_status()
                done[slot] += 1
                if stop.is_set():
                    return

    threads = [threading.Thread(target=run, args=(i, e)) for i, e in enumerate(streams.values())]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - start)


def http_rates(
    directory: Path, origin: str, key: Callable[[str], SigningKey],
    stream: Callable[[str, int], list[SignedEntry]], seconds: float,
) -> tuple[float, float]:  # fmt: skip
    """(1 client, 8 clients) appends per second through HTTP on a fresh SQLite ledger."""
    admin = key("admin")
    names = ["solo"] + [f"w{i}" for i in range(8)]
    with running_service(directory / "http.db", origin, admin) as url:
        register_over_http(url, origin, admin, {n: key(n) for n in names})
        one = http_rate(url, {"solo": stream("solo", 2000)}, seconds)
        eight = http_rate(url, {n: stream(n, 500) for n in names[1:]}, seconds)
    return one, eight
