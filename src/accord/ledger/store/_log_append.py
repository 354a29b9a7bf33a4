"""Appends to a :class:`~accord.ledger.store.LedgerStore`: one durable transaction per batch.

:meth:`LogAppends.append` grows the in-memory tree first (readers see only the committed size),
writes the entries, the participants they register and, with a ``checkpoint_signer``, the
checkpoint of the log with the batch, in ONE transaction on plain driver SQL, and publishes the
batch to readers only once that transaction is durable. If the transaction fails, the tree is cut
back and nothing of the batch is stored. Kept checkpoints and the log's settings (``meta``) are
written here too.

Examples
--------
>>> from accord.ledger.store import LedgerStore
>>> store = LedgerStore.open("sqlite://")
>>> store.checkpoint_signer = lambda size, root: f"checkpoint {size}"
>>> batch = [NewEntry(b"a", "note", "alice"), NewEntry(b"b", "note", "bob")]
>>> [e.index for e in store.append(batch)]
[0, 1]
>>> store.latest_checkpoint
(2, 'checkpoint 2')
>>> store.close()
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.exc import SQLAlchemyError

from accord.errors import LedgerError
from accord.ledger.store._log_state import LogState
from accord.ledger.store._records import NewEntry, Participant, StoredEntry
from accord.ledger.store._schema import checkpoints, entries, meta, participants

ENTRY_COLUMNS = ("idx", "leaf_hash", "data", "kind", "submitter", "subject", "sequence")
PARTICIPANT_COLUMNS = ("participant_id", "public_key", "role", "scope", "registered_at", "document")


class LogAppends(LogState):
    """The writing half of a :class:`~accord.ledger.store.LedgerStore` (see the module doc)."""

    def append(self, batch: Sequence[NewEntry]) -> list[StoredEntry]:
        """Append ``batch`` in one durable transaction and return the stored entries.

        With a ``checkpoint_signer``, the signed checkpoint of the log *with* the batch is kept
        in the same transaction (:attr:`latest_checkpoint` then returns it): every entry of the
        batch is covered by a signed tree head as soon as it is acknowledged.

        Raises
        ------
        LedgerError
            The transaction failed (nothing of the batch is stored) or another writer appended.
        """
        with self._append_lock:  # one append at a time; readers only wait for the tree update
            self._checked_at_open = None  # what the open read no longer answers a later check
            start = self._size
            stored, registered = _staged(start, batch)
            with self._lock:  # the tree grows ahead of the committed size, readers don't see it
                for entry in stored:
                    self._tree.append(entry.leaf_hash)
                end = self._tree.size
                note = self._sign(end) if stored else None
            try:
                self._write(end, stored, registered, note)
            except BaseException as error:
                with self._lock:
                    self._tree.truncate(start)
                if isinstance(error, SQLAlchemyError | self.engine.dialect.loaded_dbapi.Error):
                    raise LedgerError(
                        f"the append was not stored: {getattr(error, 'orig', error)!r}; if "
                        "another process appends to this database, run a single service per "
                        "database"
                    ) from error
                raise
            self._commit(end, stored, registered, note)
            return stored

    def _commit(
        self, end: int, stored: list[StoredEntry], registered: list[Participant], note: str | None
    ) -> None:
        """Publish a durable batch to readers."""
        with self._lock:
            self._size = end
            for entry in stored:
                self._leaf_hashes.add(entry.leaf_hash)
                if entry.sequence is not None:
                    self._sequences[entry.submitter] = entry.sequence
            for participant in registered:
                self._participants[participant.participant_id] = participant
            if note is not None:
                self._checkpointed.add(end)
                self._latest = (end, note)

    def _sign(self, size: int) -> str | None:
        """The signed checkpoint of the first ``size`` entries (None without a signer)."""
        if self.checkpoint_signer is None:
            return None
        return self.checkpoint_signer(size, self._tree.root(size))

    @property
    def latest_checkpoint(self) -> tuple[int, str] | None:
        """The size and signed note of the latest checkpoint kept (None if none yet)."""
        return self._latest

    def _write(
        self, end: int, stored: list[StoredEntry], registered: list[Participant], note: str | None
    ) -> None:
        """One transaction: the entries, the participants, the checkpoint after the batch.

        The hot path runs plain SQL on the driver's cursor (no statement compilation, no pool
        check-out: the appends keep one connection); a duplicate index (a second writer) or leaf
        hash violates a constraint, the transaction is rolled back and nothing is stored.
        """
        rows = [
            (s.index, s.leaf_hash, s.data, s.kind, s.submitter, s.subject, s.sequence)
            for s in stored
        ]
        people = [
            (p.participant_id, p.public_key, p.role, p.scope, p.registered_at, p.document)
            for p in registered
        ]
        if self._writer is None:  # kept open: no pool check-out and reset per append
            self._writer = self.engine.connect()
        connection = self._writer
        try:
            with connection.begin():
                cursor = connection.connection.cursor()
                try:
                    self._insert(cursor, entries.name, ENTRY_COLUMNS, rows)
                    self._insert(cursor, participants.name, PARTICIPANT_COLUMNS, people)
                    if note is not None:
                        self._insert(cursor, checkpoints.name, ("size", "note"), [(end, note)])
                finally:
                    cursor.close()
        except BaseException:  # rolled back; the connection may be dead: the next append opens
            self._writer = None  # a fresh one (the pool checks it first)
            with contextlib.suppress(Exception):
                connection.invalidate()
                connection.close()
            raise

    def _insert(
        self, cursor: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
    ) -> None:
        """One multi-row INSERT of ``rows`` on a DB-API cursor."""
        if not rows:
            return
        mark = "?" if self.engine.dialect.paramstyle == "qmark" else "%s"
        one = "(" + ", ".join([mark] * len(columns)) + ")"
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES " + ", ".join([one] * len(rows))
        cursor.execute(sql, tuple(value for row in rows for value in row))

    def set_meta(self, name: str, value: str) -> None:
        """Record a setting of the log (durably) unless it is already set; return nothing."""
        with self.engine.begin() as connection:
            known = connection.execute(select(meta.c.value).where(meta.c.name == name)).scalar()
            if known is None:
                connection.execute(insert(meta).values(name=name, value=value))

    def record_checkpoint(self, size: int, note: str) -> None:
        """Keep a published checkpoint (once per tree size)."""
        with self._append_lock:
            if size in self._checkpointed:
                return
            with self.engine.begin() as connection:
                connection.execute(insert(checkpoints).values(size=size, note=note))
            with self._lock:
                self._checkpointed.add(size)
                if self._latest is None or size > self._latest[0]:
                    self._latest = (size, note)

    def get_meta(self, name: str) -> str | None:
        """Return a setting of the log, or None."""
        with self.engine.connect() as connection:
            value = connection.execute(select(meta.c.value).where(meta.c.name == name)).scalar()
        return None if value is None else str(value)


def _staged(start: int, batch: Sequence[NewEntry]) -> tuple[list[StoredEntry], list[Participant]]:
    """The entries of ``batch`` as stored from index ``start``, and the participants it registers
    (each registered at the index of its registration entry)."""
    stored = [
        StoredEntry(start + i, e.leaf_hash, e.data, e.kind, e.submitter, e.subject, e.sequence)
        for i, e in enumerate(batch)
    ]
    registered = [
        replace(e.registers, registered_at=s.index)
        for e, s in zip(batch, stored, strict=True)
        if e.registers is not None
    ]
    return stored, registered
