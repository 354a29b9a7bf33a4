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

import contextlib
import threading
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, Connection, Engine, Row, func, insert, select
from sqlalchemy.exc import SQLAlchemyError

from accord.errors import LedgerError
from accord.ledger.merkle._hashing import first_wrong_leaf, leaf_hash
from accord.ledger.merkle._tree import MerkleTree
from accord.ledger.store._engine import create_ledger_engine
from accord.ledger.store._schema import checkpoints, entries, meta, migrate, participants


@dataclass(frozen=True)
class Participant:
    """A registered participant: key, role and the scope of the role (party or means)."""

    participant_id: str
    public_key: bytes
    role: str
    scope: str | None
    registered_at: int
    document: str = "{}"


@dataclass(frozen=True)
class NewEntry:
    """An entry to append: its canonical signed bytes (the Merkle leaf) and index columns.

    ``registers`` is set on a registration entry: the participant row is written in the same
    transaction (its ``registered_at`` is filled in with the entry's index). The leaf hash is
    computed when the entry is made, on the submitting thread, not by the single writer.
    """

    data: bytes
    kind: str
    submitter: str
    subject: int | None = None
    registers: Participant | None = None
    sequence: int | None = None
    leaf_hash: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "leaf_hash", leaf_hash(self.data))


@dataclass(frozen=True)
class StoredEntry:
    """An entry as stored: its index in the log and its RFC 6962 leaf hash."""

    index: int
    leaf_hash: bytes
    data: bytes
    kind: str
    submitter: str
    subject: int | None
    sequence: int | None = None


def _stored(row: Row[Any]) -> StoredEntry:
    """A stored entry from a row of the entries table."""
    return StoredEntry(
        row.idx,
        bytes(row.leaf_hash),
        bytes(row.data),
        row.kind,
        row.submitter,
        row.subject,
        row.sequence,
    )


def _driver_pages(connection: Connection, sql: str, page: int = 10_000) -> Generator[Sequence[Any]]:
    """The rows of ``sql`` as the driver returns them, a page at a time (a plain cursor: no
    SQLAlchemy row processing, which cost most of a start's reading)."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(page):
            yield rows
    finally:
        cursor.close()


def _driver_rows(connection: Connection, sql: str) -> Generator[Any]:
    """The rows of ``sql`` one by one, read as :func:`_driver_pages` reads them."""
    for rows in _driver_pages(connection, sql):
        yield from rows


ENTRY_COLUMNS = ("idx", "leaf_hash", "data", "kind", "submitter", "subject", "sequence")
PARTICIPANT_COLUMNS = ("participant_id", "public_key", "role", "scope", "registered_at", "document")


class LedgerStore:
    """The ledger's tables plus the Merkle tree of their leaf hashes (see the module doc)."""

    def __init__(
        self, engine: Engine, known_tree: MerkleTree | None = None, check_data: bool = False
    ) -> None:
        self.engine = engine
        self._checked_at_open: tuple[int, int | None] | None = None  # (entries, first bad)
        self._lock = threading.RLock()  # the in-memory state (tree, participants, ...)
        self._append_lock = threading.Lock()  # appends and kept checkpoints, one at a time
        self._tree = MerkleTree()
        self._leaf_hashes: set[bytes] = set()
        self._participants: dict[str, Participant] = {}
        self._sequences: dict[str, int] = {}
        self._checkpointed: set[int] = set()
        self._writer: Connection | None = None  # the appends' own connection (under the lock)
        self._last_root: tuple[int, bytes] | None = None  # a root never changes (tree grows)
        self._size = 0  # committed entries (the tree may hold a batch being written)
        self._latest: tuple[int, str] | None = None
        self.checkpoint_signer: Callable[[int, bytes], str] | None = None
        """If set, ``signer(size, root)`` signs a checkpoint; each append then keeps, in its own
        transaction, the checkpoint of the log with the batch (it covers every entry of the
        batch, for their receipts; an audit locates a rewrite between two kept checkpoints)."""
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
            return [bytes(leaf) for (leaf,) in _driver_rows(connection, sql)]
        hashes: list[bytes] = []
        bad: int | None = None
        for rows in _driver_pages(connection, f"SELECT leaf_hash, data FROM {entries.name} "
                                  "ORDER BY idx"):  # fmt: skip
            wrong = None if bad is not None else first_wrong_leaf(rows)
            bad = bad if wrong is None else len(hashes) + wrong
            hashes += [bytes(leaf) for leaf, _data in rows]
        self._checked_at_open = (len(hashes), bad)
        return hashes

    # -- writing -----------------------------------------------------------------------------

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
            stored = [
                StoredEntry(
                    start + i, e.leaf_hash, e.data, e.kind, e.submitter, e.subject, e.sequence
                )
                for i, e in enumerate(batch)
            ]
            registered = [
                replace(e.registers, registered_at=s.index)
                for e, s in zip(batch, stored, strict=True)
                if e.registers is not None
            ]
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

    # -- reading -----------------------------------------------------------------------------

    @property
    def size(self) -> int:
        """The number of entries in the log (committed)."""
        return self._size

    def root(self, size: int | None = None) -> bytes:
        """The root hash of the tree of the first ``size`` entries (default: all)."""
        with self._lock:
            size = self.size if size is None else size
            if self._last_root is None or self._last_root[0] != size:  # the receipt's root is
                self._last_root = (size, bytes(self._tree.root(size)))  # the next checkpoint's
            return self._last_root[1]

    def seen(self, leaf_hash: bytes) -> bool:
        """Whether an entry with this leaf hash is already stored (a replay)."""
        return leaf_hash in self._leaf_hashes

    def last_sequences(self) -> dict[str, int]:
        """Every submitter's last stored sequence number."""
        with self._lock:
            return dict(self._sequences)

    def last_sequence(self, submitter: str) -> int:
        """The submitter's last stored sequence number (0 if none)."""
        return self._sequences.get(submitter, 0)

    def participant(self, participant_id: str) -> Participant | None:
        """The registered participant with this id, or None."""
        return self._participants.get(participant_id)

    def participants(self) -> list[Participant]:
        """Every registered participant, in registration order."""
        with self._lock:
            every = list(self._participants.values())
        return sorted(every, key=lambda p: p.registered_at)

    def entry(self, index: int) -> StoredEntry:
        """The entry at ``index`` (raises LedgerError if there is none)."""
        found = list(self.entries(index, index + 1))
        if not found:
            raise LedgerError(f"no entry {index}: the log has {self.size} entries")
        return found[0]

    def entries(self, start: int = 0, stop: int | None = None) -> Iterator[StoredEntry]:
        """The entries with ``start <= index < stop``, in order."""
        query = select(entries).where(entries.c.idx >= start).order_by(entries.c.idx)
        if stop is not None:
            query = query.where(entries.c.idx < stop)
        with self.engine.connect() as connection:
            for row in connection.execute(query):
                yield _stored(row)

    def first_bad_leaf(self, stop: int) -> int | None:
        """The first index below ``stop`` whose stored data does not hash to its stored leaf
        hash, or None (one plain read of the two columns: no row objects, no JSON).

        The first call after an open with ``check_data``, before any append, answers from that
        open's read."""
        checked, self._checked_at_open = self._checked_at_open, None
        if checked is not None and stop <= checked[0]:
            return checked[1] if checked[1] is not None and checked[1] < stop else None
        sql = (
            f"SELECT idx, leaf_hash, data FROM {entries.name} WHERE idx < {int(stop)} ORDER BY idx"
        )
        with (
            self.engine.connect() as connection,
            contextlib.closing(_driver_rows(connection, sql)) as rows,
        ):
            for index, leaf, data in rows:
                if leaf_hash(bytes(data)) != bytes(leaf):
                    return int(index)
        return None

    def index_of(self, leaf_hash: bytes) -> int | None:
        """The index of the committed entry with this leaf hash (None if there is none)."""
        if leaf_hash not in self._leaf_hashes:
            return None
        query = select(entries.c.idx).where(entries.c.leaf_hash == leaf_hash)
        with self.engine.connect() as connection:
            found = connection.execute(query).scalar()
        return None if found is None or found >= self.size else int(found)

    def entries_of_kind(self, kind: str) -> list[StoredEntry]:
        """Every entry of one kind (for example every agreement), in log order."""
        return self._select(entries.c.kind == kind)

    def about(self, subject: int) -> list[StoredEntry]:
        """The entries whose subject is entry ``subject`` (claims and reports on an agreement)."""
        return self._select(entries.c.subject == subject)

    def _select(self, condition: ColumnElement[bool]) -> list[StoredEntry]:
        query = select(entries).where(condition).order_by(entries.c.idx)
        with self.engine.connect() as connection:
            return [_stored(row) for row in connection.execute(query)]

    def tree_hashes(self, level: int, start: int, stop: int) -> bytes:
        """Stored hashes of one level of the committed tree (for tiles; see ``MerkleTree``)."""
        with self._lock:
            if stop > self.size >> level:
                raise LedgerError(f"level {level} has {self.size >> level} committed hashes")
            return self._tree.level_hashes(level, start, stop)

    def tree_snapshot(self) -> tuple[int, bytes, bytes]:
        """(size, root, ``MerkleTree.to_bytes``) of the committed tree."""
        with self._lock:
            return self.size, self._tree.root(self.size), self._tree.to_bytes(self.size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """The inclusion proof of entry ``index`` in the tree of ``size`` entries."""
        with self._lock:
            size = self.size if size is None else size
            return list(self._tree.inclusion_proof(index, size))

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """The consistency proof between the trees of ``old_size`` and ``new_size`` entries."""
        with self._lock:
            new_size = self.size if new_size is None else new_size
            return list(self._tree.consistency_proof(old_size, new_size))
