"""Ledger store benchmark: signed durable appends vs the raw durable INSERT rate, proof latency.

For SQLite (a file in WAL mode with ``synchronous=FULL``) and PostgreSQL (the local server, a
fresh database dropped afterwards; skipped with a message when unreachable) it measures, in the
same run:

- the *raw* rate: single-row INSERTs, each its own durable transaction, through the plain
  driver (sqlite3 / pg8000) from one client; this is the baseline;
- the *ledger* rate: signed entries, pre-signed by their submitters (signing is the clients'
  work), each admitted by the service's checks (signature, role, sequence) and appended by the
  group committer, the caller waiting until its entry is durable, from 1 and from 8 client threads.
  This is the service's own path below HTTP (:class:`accord.service._state.ServiceState`).
- the CPU time (all threads) each raw INSERT and each append costs: with a disk that flushes
  fast, this is what bounds the ledger's rates.

Then the inclusion proof latency in a log of 10^6 entries (``ACCORD_BENCH_LEDGER_SIZE``): the
SQLite table is filled directly, the store opened (tree rebuilt from stored leaf hashes) and
proofs for random indices timed. Targets (issue 7): 1 client >= 30% of raw, 8 clients >= raw,
proof <= 5 ms.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import sqlite3
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from accord.ledger._entries import SignedEntry, make_entry
from accord.ledger._keys import SigningKey
from accord.ledger._participants import Participant
from accord.ledger.store import LedgerStore
from accord.service._state import ServiceConfig, ServiceState, open_state
from benchmarks.ledger_http import BATCH, http_rates

ORIGIN = "bench.example/ledger"
SECONDS = float(os.environ.get("ACCORD_BENCH_SECONDS", "2"))
"""Total measuring time of each of raw, 1 client and 8 clients, split over ``ROUNDS`` rounds."""
ROUNDS = 5
PRESIGNED = int(os.environ.get("ACCORD_BENCH_PRESIGNED", "6000"))
"""Entries signed before timing for the 1-client rounds (8 clients: twice as many in all); the
same entries serve every database (each starts a fresh log). A round that runs out ends early
and is timed to that moment."""
PROOF_LOG_SIZE = int(os.environ.get("ACCORD_BENCH_LEDGER_SIZE", str(10**6)))
PG = {"user": "postgres", "host": "127.0.0.1", "port": 5432}


def _key(name: str) -> SigningKey:
    return SigningKey.from_seed(hashlib.sha256(name.encode()).digest())


def _timed_rate(step: Callable[[int], None], seconds: float, start_at: int) -> tuple[float, int]:
    start, n = time.perf_counter(), start_at
    while time.perf_counter() - start < seconds:
        step(n)
        n += 1
    return (n - start_at) / (time.perf_counter() - start), n


class RawSqlite:
    """Durable single-row INSERTs through sqlite3 (WAL, synchronous=FULL): the baseline."""

    def __init__(self, directory: Path) -> None:
        self.db = sqlite3.connect(directory / "raw.db", isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.execute("CREATE TABLE raw (idx INTEGER PRIMARY KEY, data BLOB NOT NULL)")
        self.payload, self.next = os.urandom(400), 0

    def _step(self, i: int) -> None:
        self.db.execute("BEGIN")
        self.db.execute("INSERT INTO raw VALUES (?, ?)", (i, self.payload))
        self.db.execute("COMMIT")

    def rate(self, seconds: float) -> tuple[float, int]:
        """INSERTs per second over ``seconds``, and how many were made."""
        start = self.next
        rate, self.next = _timed_rate(self._step, seconds, self.next)
        return rate, self.next - start

    def close(self) -> None:
        self.db.close()


class RawPostgres:
    """Durable single-row INSERTs through pg8000 (each an autocommit transaction)."""

    def __init__(self, database: str) -> None:
        import pg8000.native

        self.db = pg8000.native.Connection(database=database, **PG)  # type: ignore[arg-type]
        self.db.run("CREATE TABLE raw (idx BIGINT PRIMARY KEY, data BYTEA NOT NULL)")
        self.payload, self.next = os.urandom(400), 0

    def _step(self, i: int) -> None:
        self.db.run("INSERT INTO raw VALUES (:i, :d)", i=i, d=self.payload)

    def rate(self, seconds: float) -> tuple[float, int]:
        """INSERTs per second over ``seconds``, and how many were made."""
        start = self.next
        rate, self.next = _timed_rate(self._step, seconds, self.next)
        return rate, self.next - start

    def close(self) -> None:
        self.db.close()


def _now() -> str:
    """Now as an entry timestamp: the service refuses one more than 5 minutes from its clock."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _signed_stream(writer: str, count: int) -> list[SignedEntry]:
    key = _key(writer)
    return [
        make_entry(
            key,
            ledger=ORIGIN,
            submitter=writer,
            kind="note",
            body={"text": f"observation {i} by {writer}"},
            sequence=i,
            timestamp=_now(),
        )
        for i in range(1, count + 1)
    ]


def _register(state: ServiceState, writers: list[str]) -> None:
    admin = _key("admin")
    first = state.store.last_sequence("admin") + 1
    for sequence, name in enumerate(writers, start=first):
        key = _key(name)
        person = Participant(id=name, role="delegate", party=name, public_key=key.public_key_b64)
        proof = key.prove_possession(ORIGIN, name, "c")
        body = {
            "participant": person.to_dict(),
            "challenge": "c",
            "proof": base64.b64encode(proof).decode(),
        }
        signed = make_entry(
            admin,
            ledger=ORIGIN,
            submitter="admin",
            kind="registration",
            body=body,
            sequence=sequence,
            timestamp=_now(),
        )
        state.submit(signed)[0].result(30)


class LedgerLoad:
    """Client threads appending pre-signed entries through the service's admission path.

    One writer ``solo`` serves the 1-client rounds, eight writers ``w0..w7`` the 8-client rounds
    (each client is its own participant: sequence numbers are per submitter).
    """

    def __init__(self, database: str, key_dir: Path, streams: dict[str, list[SignedEntry]]) -> None:
        config = ServiceConfig(
            database=database,
            log_key=key_dir / "log.key",
            origin=ORIGIN,
            admin_key=_key("admin").public_key_b64,
        )
        self.state = open_state(config)
        self.solo, self.eight = ["solo"], [f"w{i}" for i in range(8)]
        _register(self.state, self.solo + self.eight)
        self.streams = {name: iter(entries) for name, entries in streams.items()}

    def rate(self, seconds: float, clients: int) -> tuple[float, float, int]:
        """Appends per second over ``seconds``, entries per durable commit, appends made."""
        writers = self.solo if clients == 1 else self.eight
        done = [0] * len(writers)
        stop = threading.Event()

        def run(slot: int, writer: str) -> None:
            for signed in self.streams[writer]:
                self.state.submit(signed)[0].result(30)
                done[slot] += 1
                if stop.is_set():
                    return
            stop.set()  # out of pre-signed entries: the round ends now for every client

        threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(writers)]
        commits_before = self.state.committer.commits
        start = time.perf_counter()
        for thread in threads:
            thread.start()
        stop.wait(seconds)
        elapsed = time.perf_counter() - start
        stop.set()
        for thread in threads:
            thread.join()
        commits = max(1, self.state.committer.commits - commits_before)
        return sum(done) / elapsed, sum(done) / commits, sum(done)

    def close(self) -> None:
        self.state.close()


def proof_latency(directory: Path, size: int) -> tuple[float, float]:
    """(median, 99th percentile) seconds of an inclusion proof in a ``size``-entry SQLite ledger."""
    path = directory / "big.db"
    LedgerStore.open(str(path)).close()  # create the schema
    db = sqlite3.connect(path)
    rows = (
        (i, hashlib.sha256(i.to_bytes(8, "big")).digest(), b"x", "note", "w") for i in range(size)
    )
    db.executemany(
        "INSERT INTO ledger_entries (idx, leaf_hash, data, kind, submitter) VALUES (?,?,?,?,?)",
        rows,
    )
    db.commit()
    db.close()
    start = time.perf_counter()
    store = LedgerStore.open(str(path))
    print(
        f"opening the {size:,}-entry ledger (tree rebuilt from stored leaf hashes): "
        f"{time.perf_counter() - start:.2f} s"
    )
    times = []
    for _ in range(2000):
        index = secrets.randbelow(size)
        start = time.perf_counter()
        store.inclusion_proof(index)
        times.append(time.perf_counter() - start)
    store.close()
    times.sort()
    return times[len(times) // 2], times[int(len(times) * 0.99)]


def _postgres_database() -> Any:
    import pg8000.native

    try:
        admin = pg8000.native.Connection(database="postgres", timeout=5, **PG)  # type: ignore[arg-type]
    except Exception as error:  # unreachable: report and skip PostgreSQL
        print(f"postgresql: skipped ({error})")
        return None
    name = f"accord_bench_{secrets.token_hex(4)}"
    admin.run(f"CREATE DATABASE {name}")
    return admin, name


def _cpu_per_op(measure: Callable[[], tuple[Any, ...]]) -> tuple[tuple[Any, ...], float]:
    """Run ``measure`` (whose last value is an operation count); also return the process CPU
    seconds (every thread, user and system) it used per operation."""
    start = time.process_time()
    result = measure()
    return result, (time.process_time() - start) / max(1, result[-1])


def compare(label: str, raw: RawSqlite | RawPostgres, load: LedgerLoad) -> float:
    """Alternate short rounds of raw, 1-client and 8-client appends (the disk is shared and its
    fsync latency drifts) and print the median rates and the median of the per-round ratios,
    then the CPU each costs per operation: what bounds the rates when the disk is fast."""
    rows: list[tuple[float, float, float, float]] = []
    cpu: list[tuple[float, float, float]] = []
    for _ in range(ROUNDS):
        (base, _n), raw_cpu = _cpu_per_op(lambda: raw.rate(SECONDS / ROUNDS))
        (single, _b, _n), one_cpu = _cpu_per_op(lambda: load.rate(SECONDS / ROUNDS, 1))
        (many, batch, _n), eight_cpu = _cpu_per_op(lambda: load.rate(SECONDS / ROUNDS, 8))
        rows.append((base, single, many, batch))
        cpu.append((raw_cpu, one_cpu, eight_cpu))
    med = [statistics.median(column) for column in zip(*rows, strict=True)]
    r1 = statistics.median(r[1] / r[0] for r in rows)
    r8 = statistics.median(r[2] / r[0] for r in rows)
    print(f"{label}: raw durable INSERT {med[0]:,.0f}/s (baseline, median of {ROUNDS} rounds)")
    print(f"{label}: ledger 1 client  {med[1]:,.0f}/s, {r1:.0%} of raw (target >= 30%)")
    print(
        f"{label}: ledger 8 clients {med[2]:,.0f}/s, {r8:.0%} of raw (target >= 100%), "
        f"{med[3]:.1f} entries per durable commit"
    )
    c_raw, c_one, c_eight = (statistics.median(column) for column in zip(*cpu, strict=True))
    print(
        f"{label}: CPU per operation (process time, all threads): raw INSERT+commit "
        f"{c_raw * 1e3:.3f} ms, ledger append {c_one * 1e3:.3f} ms (1 client), "
        f"{c_eight * 1e3:.3f} ms (8 clients): {c_eight / c_raw:.1f}x the CPU of a raw INSERT; "
        f"one core of it allows {1 / c_eight:,.0f}/s with 8 clients"
    )
    return med[0]


def _http(label: str, directory: Path, base: float, database: str | None) -> None:
    """HTTP appends (accord serve, signed receipts on) against the raw rate ``base``."""
    one, eight, cpu, client, batched, batch_cpu = http_rates(
        directory, ORIGIN, _key, _signed_stream, SECONDS, database
    )
    print(f"{label} via HTTP (accord serve, signed receipts, one async client process): 1 "
          f"client {one:,.0f}/s = {one / base:.0%}, 8 clients {eight:,.0f}/s = {eight / base:.0%} "
          f"of the raw durable INSERT rate above (target >= 1,500/s on SQLite); CPU per append "
          f"with 8 clients: service {cpu * 1e3:.3f} ms (one core of it allows {1 / cpu:,.0f}/s), "
          f"client {client * 1e3:.3f} ms ({client / (cpu + client):.0%} of the two)")  # fmt: skip
    print(f"{label} via HTTP, batch endpoint ({BATCH} entries a request, 8 clients; not the "
          f"single-entry rate): {batched:,.0f} entries/s, service CPU {batch_cpu * 1e3:.3f} ms "
          f"an entry")  # fmt: skip


def main() -> None:
    """Run the benchmark and print rates as ratios to the raw INSERT rate of the same database."""
    print(f"load average at start: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores")  # fmt: skip
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        runs: list[tuple[str, Callable[[], RawSqlite | RawPostgres], str]] = [
            ("sqlite", lambda: RawSqlite(directory), str(directory / "ledger.db"))
        ]
        found = _postgres_database()
        if found is not None:
            admin, name = found
            url = f"postgresql://postgres@127.0.0.1:5432/{name}"
            runs.append(("postgresql", lambda: RawPostgres(name), url))
            admin.run(f"CREATE DATABASE {name}_http")
        raw_rates: dict[str, float] = {}
        streams = {"solo": _signed_stream("solo", PRESIGNED)}
        streams.update({f"w{i}": _signed_stream(f"w{i}", PRESIGNED // 4) for i in range(8)})
        try:
            for label, make_raw, database in runs:
                raw, load = make_raw(), LedgerLoad(database, directory, streams)
                try:
                    raw_rates[label] = compare(label, raw, load)
                finally:
                    raw.close()
                    load.close()
            _http("sqlite", directory, raw_rates["sqlite"], None)
            if found is not None:
                pg_http = f"postgresql://postgres@127.0.0.1:5432/{name}_http"
                _http("postgresql", directory, raw_rates["postgresql"], pg_http)
        finally:
            if found is not None:
                for database in (name, f"{name}_http"):
                    admin.run(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
                admin.close()
        median, worst = proof_latency(directory, PROOF_LOG_SIZE)
        print(
            f"inclusion proof in a {PROOF_LOG_SIZE:,}-entry log: median {median * 1e3:.3f} ms, "
            f"99th percentile of 2000 {worst * 1e3:.3f} ms (target <= 5 ms)"
        )
    print(f"load average at end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
