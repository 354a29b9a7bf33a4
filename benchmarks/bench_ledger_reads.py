"""Reads that scale: the memory an export takes, in memory (before) and streamed (now).

A SQLite ledger of ``ACCORD_BENCH_EXPORT_SIZE`` entries (default 100,000; each a ~600-byte JSON
document like a signed note) is filled directly; then, in the same run, the peak Python memory
(tracemalloc) of

- the export as ``GET /v1/export`` built it before: the whole document in memory, then
  encoded as one JSON text (what FastAPI did with the returned dict) — the baseline;
- the export as it is streamed now (``stream_export``), consumed chunk by chunk;

and the time of each. The ratio is what four concurrent exports no longer multiply.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from accord.ledger.store import LedgerStore
from accord.ledger.store._engine import create_ledger_engine
from accord.ledger.store._export import read_export, stream_export

SIZE = int(os.environ.get("ACCORD_BENCH_EXPORT_SIZE", "100000"))


def _fill(path: Path, size: int) -> None:
    LedgerStore.open(str(path)).close()
    db = sqlite3.connect(path)
    text = "x" * 380

    def row(i: int) -> tuple[object, ...]:
        data = json.dumps({"entry": {"body": {"text": f"{text} {i}"}, "kind": "note",
                                     "ledger": "bench", "sequence": i, "submitter": "w",
                                     "timestamp": "2026-01-01T00:00:00Z"},
                           "log_time": "2026-01-01T00:00:00.000Z",
                           "signature": "A" * 88}).encode()  # fmt: skip
        return (i, hashlib.sha256(b"\x00" + data).digest(), data, "note", "w", i)

    db.executemany(
        "INSERT INTO ledger_entries (idx, leaf_hash, data, kind, submitter, sequence) "
        "VALUES (?,?,?,?,?,?)",
        (row(i) for i in range(size)),
    )
    db.commit()
    db.close()


def _peak(work: Callable[[], int]) -> tuple[float, float, int]:
    """(peak MiB, seconds, bytes produced) of ``work`` under tracemalloc."""
    tracemalloc.start()
    start = time.perf_counter()
    produced = work()
    elapsed = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20, elapsed, produced


def main() -> None:
    """Print the peak memory of both exports and their ratio."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "big.db"
        _fill(path, SIZE)
        engine = create_ledger_engine(str(path))
        try:
            before = _peak(lambda: len(json.dumps(read_export(engine)).encode()))
            after = _peak(lambda: sum(len(chunk) for chunk in stream_export(engine)))
        finally:
            engine.dispose()
    print(f"export of {SIZE:,} entries ({after[2] / 2**20:.0f} MiB of JSON):")
    print(f"  in memory (before, baseline): peak {before[0]:,.1f} MiB, {before[1]:.2f} s")
    print(f"  streamed (now):               peak {after[0]:,.1f} MiB, {after[1]:.2f} s")
    print(f"  peak memory {after[0] / before[0]:.1%} of the baseline "
          f"({before[0] / after[0]:,.0f}x less); time {after[1] / before[1]:.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
