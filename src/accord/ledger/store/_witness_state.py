"""What a witness remembers: the latest checkpoint it cosigned of each log, and evidence.

One SQLite file (the standard library's ``sqlite3``; the witness needs no SQLAlchemy), in WAL
mode with ``synchronous=FULL``. :meth:`WitnessStore.transaction` reads a log's latest checkpoint
and replaces it in one ``BEGIN IMMEDIATE`` transaction, so two requests can never both build on
the same old size (the rollback race of C2SP tlog-witness); the new state is durable before the
cosignature is returned.

Examples
--------
>>> store = WitnessStore(":memory:")
>>> with store.transaction("log") as (known, keep):
...     keep(Seen(3, bytes(32), "note"))
>>> store.latest("log").size, store.logs()
(3, ['log'])
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from accord.errors import LedgerError

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS witnessed (origin TEXT PRIMARY KEY, size INTEGER NOT NULL, "
    "root BLOB NOT NULL, note TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS evidence (id INTEGER PRIMARY KEY, origin TEXT NOT NULL, "
    "kind TEXT NOT NULL, seen TEXT NOT NULL, cosigned TEXT NOT NULL, offered TEXT NOT NULL)",
)


@dataclass(frozen=True)
class Seen:
    """The latest checkpoint a witness cosigned for one log."""

    size: int
    root: bytes
    note: str


class WitnessStore:
    """The witness's state file (see the module docstring); ``":memory:"`` for tests."""

    def __init__(self, path: str | Path) -> None:
        try:
            self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            for statement in _SCHEMA:
                self._db.execute(statement)
        except sqlite3.Error as error:
            raise LedgerError(f"cannot open the witness state {path}: {error}") from None
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the file."""
        self._db.close()

    @contextmanager
    def transaction(self, origin: str) -> Iterator[tuple[Seen | None, Callable[[Seen], None]]]:
        """Yield the log's latest checkpoint and a function that replaces it, atomically."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                known = self._latest(origin)

                def keep(seen: Seen) -> None:
                    self._db.execute(
                        "INSERT OR REPLACE INTO witnessed VALUES (?, ?, ?, ?)",
                        (origin, seen.size, seen.root, seen.note),
                    )

                yield known, keep
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _latest(self, origin: str) -> Seen | None:
        row = self._db.execute(
            "SELECT size, root, note FROM witnessed WHERE origin = ?", (origin,)
        ).fetchone()
        return None if row is None else Seen(int(row[0]), bytes(row[1]), str(row[2]))

    def latest(self, origin: str) -> Seen | None:
        """The latest checkpoint cosigned for ``origin`` (None if never)."""
        with self._lock:
            return self._latest(origin)

    def logs(self) -> list[str]:
        """Every origin this witness has cosigned."""
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT origin FROM witnessed ORDER BY 1")]

    def record_evidence(self, origin: str, kind: str, cosigned: str, offered: str) -> None:
        """Keep two signed checkpoints of ``origin`` that contradict each other."""
        seen = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        with self._lock:
            self._db.execute(
                "INSERT INTO evidence (origin, kind, seen, cosigned, offered) VALUES (?,?,?,?,?)",
                (origin, kind, seen, cosigned, offered),
            )

    def evidence(self) -> list[dict[str, str]]:
        """Every contradiction seen, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT origin, kind, seen, cosigned, offered FROM evidence ORDER BY id"
            ).fetchall()
        keys = ("origin", "kind", "seen", "cosigned", "offered")
        return [dict(zip(keys, row, strict=True)) for row in rows]


__all__ = ["Seen", "WitnessStore"]
