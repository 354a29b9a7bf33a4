"""Durable storage of the ledger: SQLite by default, PostgreSQL for multi-user deployments.

:class:`LedgerStore` owns the database (SQLAlchemy 2 Core) and an in-memory Merkle tree of the
stored leaf hashes. :meth:`LedgerStore.append` writes a batch of entries in ONE transaction and
returns only once that transaction is durable (SQLite in WAL mode with ``synchronous=FULL``; a
committed PostgreSQL transaction), so a group committer (:mod:`accord.ledger.store._commit`) can
make many appends share one durable commit. Indices are assigned here, contiguous from 0; the
primary key and a check of the last stored index inside the transaction make a duplicate or a
gap impossible even if a second writer appeared. Leaf hashes are stored, so opening a log
rebuilds the tree from 32-byte hashes without re-reading or re-hashing entries, and proofs come
from the tree in O(log n).

Examples
--------
>>> store = LedgerStore.open("sqlite://")
>>> [e.index for e in store.append([NewEntry(b"hello", "note", "alice")])]
[0]
>>> store.size, store.entry(0).data
(1, b'hello')
>>> store.close()
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from accord.errors import LedgerError
from accord.ledger.merkle._hashing import first_wrong_leaf
from accord.ledger.merkle._tree import MerkleTree
from accord.ledger.store._engine import create_ledger_engine
from accord.ledger.store._log_append import LogAppends
from accord.ledger.store._log_read import LogReads
from accord.ledger.store._records import (
    NewEntry,
    Participant,
    StoredEntry,
    driver_pages,
    driver_rows,
)
from accord.ledger.store._schema import checkpoints, entries, migrate, participants

__all__ = ["LedgerStore", "NewEntry", "Participant", "StoredEntry"]
"""The records (:mod:`accord.ledger.store._records`) are named here too, as they were before
the store was split into its parts (and the example above appends a :class:`NewEntry`)."""


class LedgerStore(LogAppends, LogReads):
    """The ledger's tables plus the Merkle tree of their leaf hashes (see the module doc).

    Opening and checking the stored log at start-up is here; appends are
    :class:`~accord.ledger.store._log_append.LogAppends`, reads
    :class:`~accord.ledger.store._log_read.LogReads`."""

    def __init__(
        self, engine: Engine, known_tree: MerkleTree | None = None, check_data: bool = False
    ) -> None:
        super().__init__(engine)
        self._load(known_tree, check_data)

    @classmethod
    def open(
        cls, url: str, known_tree: MerkleTree | None = None, check_data: bool = False
    ) -> LedgerStore:
        """Open (creating and migrating if needed) the ledger at ``url``.

        ``known_tree``: a tree whose nodes the caller trusts (an authenticated snapshot), reused
        where its leaves are the first stored ones (``MerkleTree.from_leaf_hashes``).
        ``check_data``: read every entry's data with its leaf hash (one read instead of two)
        and check that it hashes to it; the first :meth:`first_bad_leaf`, before any append, then
        answers from it."""
        engine = create_ledger_engine(url)
        try:
            migrate(engine)
            return cls(engine, known_tree, check_data)
        except SQLAlchemyError as error:
            engine.dispose()
            raise LedgerError(f"cannot open the ledger database: {error}") from error

    def close(self) -> None:
        """Release the database connections."""
        with self._append_lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
        self.engine.dispose()

    def _load(self, known_tree: MerkleTree | None, check_data: bool) -> None:
        with self.engine.connect() as connection:
            hashes = self._leaf_hashes_in_order(connection, check_data)
            self._tree = MerkleTree.from_leaf_hashes(hashes, known_tree)
            self._size = self._tree.size
            self._leaf_hashes = set(hashes)
            last = select(entries.c.submitter, func.max(entries.c.sequence)).group_by(
                entries.c.submitter
            )
            for submitter, sequence in connection.execute(last):
                if sequence is not None:
                    self._sequences[submitter] = int(sequence)
            self._checkpointed = set(connection.execute(select(checkpoints.c.size)).scalars())
            newest = connection.execute(
                select(checkpoints.c.size, checkpoints.c.note)
                .order_by(checkpoints.c.size.desc())
                .limit(1)
            ).first()
            self._latest = None if newest is None else (int(newest.size), str(newest.note))
            for row in connection.execute(select(participants)):
                self._participants[row.participant_id] = Participant(
                    row.participant_id,
                    bytes(row.public_key),
                    row.role,
                    row.scope,
                    row.registered_at,
                    row.document,
                )

    def _leaf_hashes_in_order(self, connection: Connection, check_data: bool) -> list[bytes]:
        """Every stored leaf hash in index order, after checking that the indices have no gap
        (they are unique: the primary key), read on the driver's cursor (no row objects); with
        ``check_data``, read with the data, each checked to hash to its leaf hash."""
        count, low, high = connection.execute(
            select(func.count(), func.min(entries.c.idx), func.max(entries.c.idx))
        ).one()
        if count and (low != 0 or high != count - 1):
            indices = connection.execute(select(entries.c.idx).order_by(entries.c.idx))
            expected = next(e for e, (i,) in enumerate(indices) if i != e)
            raise LedgerError(f"the ledger has a gap: index {expected} is missing")
        if not check_data:
            sql = f"SELECT leaf_hash FROM {entries.name} ORDER BY idx"
            return [bytes(leaf) for (leaf,) in driver_rows(connection, sql)]
        hashes: list[bytes] = []
        bad: int | None = None
        for rows in driver_pages(connection, f"SELECT leaf_hash, data FROM {entries.name} "
                                  "ORDER BY idx"):  # fmt: skip
            wrong = None if bad is not None else first_wrong_leaf(rows)
            bad = bad if wrong is None else len(hashes) + wrong
            hashes += [bytes(leaf) for leaf, _data in rows]
        self._checked_at_open = (len(hashes), bad)
        return hashes
