"""A consistent copy of a live SQLite ledger, through SQLite's online backup API.

A ledger database in WAL mode keeps its latest transactions in the ``-wal`` file beside it
until SQLite folds them into the main file (a *checkpoint* of the WAL, at about 1,000 pages).
Copying ``ledger.db`` alone with ``cp`` therefore copies the log as it was at the last WAL
checkpoint: acknowledged entries seem lost, and a copy made while a batch is being written can
be torn. :func:`backup_sqlite` asks SQLite itself for the copy (``sqlite3_backup_*``): it reads
a consistent snapshot that includes what the WAL holds, while the service keeps writing; the
copy is written to a temporary file beside the destination, checked (``PRAGMA
integrity_check``, and that it is an Accord ledger), flushed to disk, and only then renamed to
its name. PostgreSQL has its own tool for this (``pg_dump``); :func:`backup_database` says so.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from accord.ledger.store import LedgerStore, NewEntry
>>> folder = Path(tempfile.mkdtemp())
>>> store = LedgerStore.open(str(folder / "ledger.db"))
>>> _ = store.append([NewEntry(b"hello", "note", "alice")])
>>> copy = backup_database(str(folder / "ledger.db"), folder / "copy.db")
>>> copy.entries, copy.integrity
(1, 'ok')
>>> store.close()
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from accord.errors import InputError, LedgerError
from accord.ledger.store._engine import database_url

PAGES_PER_STEP = 4096
"""Pages copied per step of the backup (4096 pages of 4 KiB: 16 MiB between progress reports;
the source is locked only during a step, so the service keeps writing between steps)."""

PG_DUMP_HINT = (
    "back up a PostgreSQL ledger with PostgreSQL's own tool, which takes a consistent snapshot "
    "while the service runs: pg_dump --format=custom --file=ledger.dump 'postgresql://...' "
    "(restore with pg_restore --dbname=... ledger.dump), or continuous archiving"
)


@dataclass(frozen=True)
class BackupResult:
    """What was copied: the destination, its size, its entries and latest checkpoint."""

    destination: Path
    bytes: int
    entries: int
    checkpoint_size: int | None
    integrity: str

    def to_dict(self) -> dict[str, object]:
        """The payload of ``accord ledger backup --json``."""
        return {
            "destination": str(self.destination),
            "bytes": self.bytes,
            "entries": self.entries,
            "checkpoint_size": self.checkpoint_size,
            "integrity": self.integrity,
        }


def sqlite_path(database: str) -> Path:
    """The file of a SQLite ledger given by path or URL; :class:`InputError` for anything else.

    >>> sqlite_path("postgresql://postgres@127.0.0.1/ledger")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: accord ledger backup copies SQLite ledgers (hint: ... pg_dump ...)
    """
    try:
        url = make_url(database_url(database))
    except ArgumentError:
        raise InputError(f"not a database path or URL: {database!r}") from None
    backend = url.get_backend_name()
    if backend == "postgresql":
        raise InputError("accord ledger backup copies SQLite ledgers", hint=PG_DUMP_HINT)
    if backend != "sqlite" or url.database in (None, "", ":memory:"):
        raise InputError(f"{database!r} is not a SQLite ledger file")
    path = Path(url.database)
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    return path


def backup_database(
    database: str,
    destination: Path,
    *,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> BackupResult:
    """Copy the SQLite ledger ``database`` to ``destination`` (see the module docstring).

    ``progress(copied_pages, total_pages)`` is called after each step. An existing destination
    is an :class:`InputError` unless ``force``; it is replaced only once the new copy verifies.
    """
    source = sqlite_path(database)
    if destination.exists() and not force:
        raise InputError(f"{destination} exists", hint="choose another name, or pass --force")
    if destination.resolve() == source.resolve():
        raise InputError("the backup cannot replace the database it copies")
    if not destination.parent.is_dir():
        raise InputError(f"no such folder: {destination.parent}")
    partial = destination.with_name(f".{destination.name}.partial")
    try:
        _copy(source, partial, progress)
        result = _check(partial, destination)
        _flush(partial)
        os.replace(partial, destination)
        _flush_directory(destination.parent)
    except sqlite3.Error as error:
        raise LedgerError(f"the backup of {source} failed: {error}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return result


def _copy(source: Path, target: Path, progress: Callable[[int, int], None] | None) -> None:
    target.unlink(missing_ok=True)
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:

        def report(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        origin.backup(copy, pages=PAGES_PER_STEP, progress=report)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        copy.close()
        origin.close()


def _check(copy: Path, destination: Path) -> BackupResult:
    db = sqlite3.connect(copy)
    try:
        rows = [str(r[0]) for r in db.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            raise LedgerError(f"the copy fails SQLite's integrity check: {'; '.join(rows[:5])}")
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "ledger_entries" not in tables:
            raise InputError("the database is not an Accord ledger (no ledger_entries table)")
        entries = int(db.execute("SELECT count(*) FROM ledger_entries").fetchone()[0])
        latest = None
        if "ledger_checkpoints" in tables:
            latest = db.execute("SELECT max(size) FROM ledger_checkpoints").fetchone()[0]
    finally:
        db.close()
    size = copy.stat().st_size
    return BackupResult(destination, size, entries, None if latest is None else int(latest), "ok")


def _flush(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _flush_directory(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


__all__ = ["PG_DUMP_HINT", "BackupResult", "backup_database", "sqlite_path"]
