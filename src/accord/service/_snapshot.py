"""A signed snapshot of the admission state, so that a restart does not re-read the whole log.

On start the service rebuilds the admission rules' state (participants, roles, sequences,
agreements, consents) from the log's entries; parsing each entry costs about half a
millisecond, so a log of 10^6 entries took minutes. The service now keeps, beside its log key,
a snapshot of that state *as of a tree size and root*, authenticated with an HMAC whose key is
derived from the log's private key. On start it

1. checks the tree of the stored leaf hashes against the latest checkpoint the log signed (as
   before: an edited entries table stops the start);
2. checks that every stored entry still hashes to its leaf hash (no JSON parsing: fast);
3. takes the snapshot only if its HMAC verifies, it was made by this Accord version for this
   log, and the tree at the snapshot's size has the snapshot's root — so it describes exactly
   the first ``size`` entries of *this* log;
4. parses and replays only the entries after the snapshot.

Whoever can edit the database but does not hold the log key cannot make a snapshot that is
taken; a snapshot that is not taken costs only the full replay. Nothing in a table the operator
can edit is trusted. The snapshot is written when the service stops and after a start that
replayed many entries (a crash replays the entries since the last one).

The Merkle tree's nodes are kept the same way (``<key>.tree``, under a key of their own): the
tree is still built from the leaf hashes stored in the database, but where the snapshot's
leaves are the first of them (compared byte for byte), the snapshot's nodes above them are
taken instead of hashed again (about a second for 10^6 entries). A leaf hash edited, deleted or
reordered in the database makes the snapshot's leaves no prefix of the stored ones: it is then
ignored, the whole tree is hashed from the stored leaves, and step 1 refuses the start as
before. The tree the service serves is always the tree of the stored leaf hashes.

Examples
--------
>>> import tempfile
>>> from pathlib import Path
>>> from accord.ledger._keys import SigningKey
>>> path = Path(tempfile.mkdtemp()) / "log.key.state"
>>> snapshots = Snapshots(path, SigningKey.from_seed(bytes(32)), "example.org/log")
>>> snapshots.save(3, bytes(32), {"participants": ["a"]})
>>> size, root, state = snapshots.load()
>>> size, state
(3, {'participants': ['a']})
>>> Snapshots(path, SigningKey.from_seed(b"x" * 32), "example.org/log").load() is None
True
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import logging
import os
import pickle
from pathlib import Path
from typing import Any

from accord import __version__
from accord.errors import InputError
from accord.ledger._keys import SigningKey
from accord.ledger.merkle._tree import MerkleTree

LOG = logging.getLogger("accord.snapshot")
PURPOSE = b"accord-ledger/state-snapshot/v1\n"
TREE_PURPOSE = b"accord-ledger/tree-snapshot/v1\n"
"""The snapshot of the Merkle tree's nodes (:func:`known_tree`), under a key of its own."""
MAC_SIZE = 32


class Snapshots:
    """The snapshot file of one log (see the module docstring)."""

    def __init__(
        self, path: Path, log_key: SigningKey, origin: str, purpose: bytes = PURPOSE
    ) -> None:
        self.path, self.origin, self.purpose = path, origin, purpose
        self._key = hashlib.sha256(purpose + log_key.seed).digest()

    def _tag(self) -> tuple[str, str, str]:
        return (self.purpose.decode().strip(), __version__, self.origin)

    def save(self, size: int, root: bytes, state: Any) -> None:
        """Write the snapshot of ``state`` as of the tree of ``size`` entries with ``root``."""
        payload = pickle.dumps((self._tag(), size, root, state), protocol=pickle.HIGHEST_PROTOCOL)
        mac = hmac.new(self._key, payload, hashlib.sha256).digest()
        partial = self.path.with_name(f".{self.path.name}.partial")
        try:
            with open(partial, "wb", opener=lambda p, f: os.open(p, f, 0o600)) as out:
                out.write(mac + payload)
                out.flush()
                os.fsync(out.fileno())
            os.replace(partial, self.path)
        except OSError as error:  # a snapshot is an optimisation: never fail the service for it
            LOG.warning("cannot write the state snapshot %s: %s", self.path, error)
            with contextlib.suppress(OSError):
                partial.unlink()

    def load(self) -> tuple[int, bytes, Any] | None:
        """(size, root, state) of a snapshot this log's key made, or None."""
        try:
            blob = self.path.read_bytes()
        except OSError:
            return None
        mac, payload = blob[:MAC_SIZE], blob[MAC_SIZE:]
        expected = hmac.new(self._key, payload, hashlib.sha256).digest()
        if len(blob) <= MAC_SIZE or not hmac.compare_digest(mac, expected):
            LOG.warning("the state snapshot %s is not this log's: ignored", self.path)
            return None
        tag, size, root, state = pickle.loads(payload)  # authenticated above
        if tag != self._tag():
            return None
        return int(size), bytes(root), state


def tree_snapshots(key_path: Path, log_key: SigningKey, origin: str) -> Snapshots:
    """The snapshot file of the log's Merkle tree, beside the log key (``<key>.tree``)."""
    return Snapshots(Path(f"{key_path}.tree"), log_key, origin, TREE_PURPOSE)


def known_tree(snapshots: Snapshots) -> MerkleTree | None:
    """The tree of a snapshot this log's key made (its nodes, to be reused where its leaves
    are the first of the stored ones: ``MerkleTree.from_leaf_hashes``), or None."""
    found = snapshots.load()
    if found is None or not isinstance(found[2], bytes):
        return None
    size, root, blob = found
    try:
        tree = MerkleTree.from_bytes(blob)
    except InputError:
        return None
    return tree if tree.size == size and tree.root() == root else None


__all__ = ["Snapshots", "known_tree", "tree_snapshots"]
