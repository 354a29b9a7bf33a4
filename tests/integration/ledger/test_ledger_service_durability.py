"""Durability and concurrency of ``accord serve``: kill -9 during appends; 16 clients at once."""

from __future__ import annotations

import base64
import hashlib
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from accord.ledger._audit import audit_export
from accord.ledger._checkpoint import open_checkpoint, verifier_key
from accord.ledger._entries import LoggedEntry, make_entry
from accord.ledger._keys import SigningKey
from accord.ledger._participants import Participant
from accord.ledger.merkle import root_hash, verify_consistency

pytestmark = pytest.mark.timeout(300)  # servers and clients are bounded in time

ORIGIN = "example.org/durability"


def stamp() -> str:
    """Now, as an entry timestamp (the service refuses one more than 5 minutes off)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def key_of(name: str) -> SigningKey:
    return SigningKey.from_seed(hashlib.sha256(name.encode()).digest())


ADMIN = key_of("admin")


def post(http: httpx.Client, path: str, signed: Any) -> dict[str, Any]:
    response = http.post(path, json=signed.to_dict())
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def register_writers(url: str, count: int) -> list[str]:
    """Register ``count`` delegates w0, w1, ... (each of its own party) and return their ids."""
    names = [f"w{i}" for i in range(count)]
    with httpx.Client(base_url=url, timeout=30) as http:
        for sequence, name in enumerate(names, start=1):
            key = key_of(name)
            person = Participant(
                id=name, role="delegate", party=f"p{name}", public_key=key.public_key_b64
            )
            body = {
                "participant": person.to_dict(),
                "challenge": "c",
                "proof": base64.b64encode(key.prove_possession(ORIGIN, name, "c")).decode(),
            }
            signed = make_entry(
                ADMIN,
                ledger=ORIGIN,
                submitter="admin",
                kind="registration",
                body=body,
                sequence=sequence,
                timestamp=stamp(),
            )
            post(http, "/v1/participants", signed)
    return names


def note(name: str, sequence: int) -> Any:
    return make_entry(
        key_of(name),
        ledger=ORIGIN,
        submitter=name,
        kind="note",
        body={"text": f"{name} #{sequence}"},
        sequence=sequence,
        timestamp=stamp(),
    )


def server_args(database: str, tmp_path: Path) -> list[str]:
    return [
        "--database",
        database,
        "--log-key",
        str(tmp_path / "log.key"),
        "--origin",
        ORIGIN,
        "--admin-key",
        ADMIN.public_key_b64,
    ]


def writers_append(
    url: str,
    names: list[str],
    per_writer: int | None,
    acked: list[tuple[int, bytes]],
    stop: threading.Event,
) -> list[threading.Thread]:
    """Start one thread per writer appending notes; each acknowledged (index, leaf) is recorded."""
    lock = threading.Lock()

    def run(name: str) -> None:
        with httpx.Client(base_url=url, timeout=30) as http:
            sequence = 0
            while not stop.is_set() and (per_writer is None or sequence < per_writer):
                sequence += 1
                signed = note(name, sequence)
                try:
                    receipt = http.post("/v1/entries", json=signed.to_dict())
                except httpx.HTTPError:
                    return  # the server died: this append was never acknowledged
                assert receipt.status_code == 200, receipt.text
                answer = receipt.json()
                logged = LoggedEntry(signed, answer["log_time"])  # the receipt's log time
                with lock:
                    acked.append((answer["index"], logged.leaf_hash()))

    threads = [threading.Thread(target=run, args=(n,), daemon=True) for n in names]
    for thread in threads:
        thread.start()
    return threads


def check_log(url: str, acked: list[tuple[int, bytes]]) -> dict[str, Any]:
    """Every acknowledged entry is at its index; the export's tree matches its checkpoint."""
    export = httpx.get(url + "/v1/export", timeout=60).json()
    signed = [
        {"entry": e["entry"], "log_time": e["log_time"], "signature": e["signature"]}
        for e in export["entries"]
    ]
    assert [e["index"] for e in export["entries"]] == list(range(len(signed)))
    leaves = [hashlib.sha256(b"\x00" + _jcs(e)).digest() for e in signed]
    for index, leaf in acked:
        assert leaves[index] == leaf, f"acknowledged entry {index} lost or changed"
    keys = export["checkpoint_keys"]
    checkpoint = open_checkpoint(export["checkpoint"], keys)
    assert checkpoint.size == len(leaves)
    assert checkpoint.root == root_hash([_jcs(e) for e in signed])
    assert audit_export(export).ok
    result: dict[str, Any] = export
    return result


def _jcs(value: Any) -> bytes:
    import rfc8785

    return bytes(rfc8785.dumps(value))


@pytest.mark.slow
def test_ledger_service_crash_kill_9_loses_no_acknowledged_entry(
    tmp_path: Path, serve: Callable[..., Any], any_url: str
) -> None:
    database = any_url
    server = serve(*server_args(database, tmp_path))
    names = register_writers(server.url, 4)
    before = open_checkpoint(
        httpx.get(server.url + "/v1/checkpoint").text,
        [
            verifier_key(
                ORIGIN, base64.b64decode(httpx.get(server.url + "/v1/log").json()["log_public_key"])
            )
        ],
    )
    acked: list[tuple[int, bytes]] = []
    stop = threading.Event()
    threads = writers_append(server.url, names, None, acked, stop)
    deadline = time.monotonic() + 10
    while len(acked) < 150 and time.monotonic() < deadline:
        time.sleep(0.02)
    server.kill()
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(acked) >= 150
    restarted = serve(*server_args(database, tmp_path))
    export = check_log(restarted.url, acked)
    size = len(export["entries"])
    assert size >= len(acked) + len(names)
    proof = httpx.get(
        restarted.url + "/v1/proofs/consistency", params={"old_size": before.size, "new_size": size}
    ).json()
    assert verify_consistency(
        before.size,
        size,
        [base64.b64decode(h) for h in proof["proof"]],
        before.root,
        base64.b64decode(proof["new_root"]),
    )
    with httpx.Client(base_url=restarted.url, timeout=30) as http:  # the log continues
        last = http.get("/v1/participants/w0").json()["last_sequence"]
        assert post(http, "/v1/entries", note("w0", last + 1))["index"] == size


def concurrent_appends(url: str) -> None:
    names = register_writers(url, 16)
    acked: list[tuple[int, bytes]] = []
    threads = writers_append(url, names, 10, acked, threading.Event())
    for thread in threads:
        thread.join(timeout=120)
    indices = sorted(index for index, _ in acked)
    assert indices == list(range(16, 16 + 160))  # no loss, no duplicate, contiguous
    check_log(url, acked)


@pytest.mark.slow
def test_ledger_service_16_clients_sqlite(tmp_path: Path, serve: Callable[..., Any]) -> None:
    concurrent_appends(serve(*server_args(str(tmp_path / "ledger.db"), tmp_path)).url)


@pytest.mark.slow
@pytest.mark.postgres
def test_ledger_service_16_clients_postgres(
    tmp_path: Path, serve: Callable[..., Any], postgres_url: str
) -> None:
    concurrent_appends(serve(*server_args(postgres_url, tmp_path)).url)
