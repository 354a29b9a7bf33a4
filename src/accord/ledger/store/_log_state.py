"""The state of a :class:`~accord.ledger.store.LedgerStore` that its parts share.

:class:`LogState` holds the database engine, the in-memory Merkle tree of the stored leaf hashes
and what the log keeps in memory for its checks (leaf hashes, participants, last sequence
numbers, kept checkpoints), with the two locks that guard them. The store's parts build on it:
:mod:`accord.ledger.store._log` loads it at start-up, :mod:`accord.ledger.store._log_append`
grows it one durable batch at a time and :mod:`accord.ledger.store._log_read` answers from it.

Examples
--------
>>> from accord.ledger.store import LedgerStore
>>> store = LedgerStore.open("sqlite://")
>>> isinstance(store, LogState), store.checkpoint_signer is None
(True, True)
>>> store.close()
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import Connection, Engine

from accord.ledger.merkle._tree import MerkleTree
from accord.ledger.store._records import Participant


class LogState:
    """The engine, the tree and the in-memory state of the log, empty until it is loaded."""

    def __init__(self, engine: Engine) -> None:
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
