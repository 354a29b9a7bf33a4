"""Reads of a :class:`~accord.ledger.store.LedgerStore`: what readers see is the committed log.

The size, roots, proofs and tree hashes come from the in-memory Merkle tree up to the committed
size (a batch being written is in the tree but not yet visible); replays, sequence numbers and
participants are answered from memory; entries are read from the entries table.

Examples
--------
>>> from accord.ledger.store import LedgerStore, NewEntry
>>> store = LedgerStore.open("sqlite://")
>>> _ = store.append([NewEntry(b"a", "note", "alice"), NewEntry(b"b", "note", "bob", subject=0)])
>>> store.size, [e.data for e in store.about(0)], len(store.inclusion_proof(0))
(2, [b'b'], 1)
>>> store.first_bad_leaf(2) is None
True
>>> store.close()
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import ColumnElement, select

from accord.errors import LedgerError
from accord.ledger.merkle._hashing import leaf_hash
from accord.ledger.store._log_state import LogState
from accord.ledger.store._records import Participant, StoredEntry, driver_rows, stored_entry
from accord.ledger.store._schema import entries


class LogReads(LogState):
    """The reading half of a :class:`~accord.ledger.store.LedgerStore` (see the module doc)."""

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
                yield stored_entry(row)

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
            contextlib.closing(driver_rows(connection, sql)) as rows,
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
            return [stored_entry(row) for row in connection.execute(query)]

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
