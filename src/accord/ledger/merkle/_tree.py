"""An incremental RFC 9162 Merkle tree over leaf hashes, for the ledger store.

The tree keeps every *complete* subtree hash: level ``h`` holds ``size >> h`` hashes, node
``(h, i)`` being the hash of leaves ``i * 2**h .. (i + 1) * 2**h - 1``. Appending a leaf adds at
most one node per level (amortised one hash), so the tree is never recomputed; a root, an
inclusion proof or a consistency proof for *any* size up to the current one combines
O(log n) stored nodes. Each level is one contiguous ``bytearray`` (32 bytes a node), so a log of
10^6 entries takes about 64 MB.

Not thread-safe: the store serialises appends (one writer) and must not read while appending.

Persisting: a store keeps the leaf hashes (``from_leaf_hashes`` rebuilds in one O(n) pass) and,
to restart faster, a snapshot of every node (``to_bytes`` / ``from_bytes``): given to
``from_leaf_hashes`` as ``known``, its nodes are taken wherever its leaves are the first of the
stored ones, and only the nodes above later leaves are hashed.

Examples
--------
>>> from accord.ledger.merkle._hashing import leaf_hash
>>> tree = MerkleTree()
>>> [tree.append(leaf_hash(d)) for d in (b"a", b"b", b"c")]
[0, 1, 2]
>>> tree.size
3
>>> from accord.ledger.merkle import root_hash
>>> tree.root() == root_hash([b"a", b"b", b"c"]) and tree.root(2) == root_hash([b"a", b"b"])
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from accord.errors import InputError
from accord.ledger.merkle._hashing import EMPTY_ROOT, HASH_SIZE, node_hash, split_point

_MAGIC = b"ACCORD-MERKLE-1\n"


def _check_hash(value: object, what: str) -> bytes:
    if not isinstance(value, bytes | bytearray) or len(value) != HASH_SIZE:
        raise InputError(f"{what} must be a {HASH_SIZE}-byte hash")
    return bytes(value)


def _joined(hashes: list[bytes]) -> bytearray:
    """The leaf hashes as one level (each checked: bytes of 32; one pass of C loops)."""
    if not set(map(type, hashes)) <= {bytes, bytearray} or set(map(len, hashes)) - {HASH_SIZE}:
        for i, h in enumerate(hashes):
            _check_hash(h, f"leaf hash {i}")
    return bytearray(b"".join(hashes))


def _parent_level(level: bytes | bytearray | memoryview) -> bytearray:
    """Hash consecutive pairs of a level (an odd last node has no parent yet)."""
    step = 2 * HASH_SIZE
    end = len(level) // step * step
    sha, view = hashlib.sha256, memoryview(level)
    return bytearray(
        b"".join([sha(b"\x01" + view[i : i + step]).digest() for i in range(0, end, step)])
    )


class MerkleTree:
    """An append-only Merkle tree over 32-byte leaf hashes (see the module docstring)."""

    def __init__(self) -> None:
        self._levels: list[bytearray] = [bytearray()]
        self._size = 0

    # -- building -----------------------------------------------------------------------------
    @classmethod
    def from_leaf_hashes(
        cls, leaf_hashes: Iterable[bytes], known: MerkleTree | None = None
    ) -> MerkleTree:
        """Build the tree of the given leaf hashes in one bottom-up pass.

        ``known`` is a tree whose nodes one trusts (a snapshot authenticated by its maker): when
        its leaves are the first of ``leaf_hashes``, its nodes are taken as they are and only
        the nodes above later leaves are hashed; otherwise it is ignored.

        >>> MerkleTree.from_leaf_hashes([bytes(32)] * 5).size
        5
        >>> hashes = [bytes([i]) * 32 for i in range(7)]
        >>> prefix = MerkleTree.from_leaf_hashes(hashes[:5])
        >>> MerkleTree.from_leaf_hashes(hashes, prefix).root() == MerkleTree.from_leaf_hashes(
        ...     hashes).root()
        True
        """
        tree = cls()
        level = _joined(list(leaf_hashes))
        tree._size = len(level) // HASH_SIZE
        tree._levels = [level]
        upper = known._levels if known is not None and level.startswith(known._levels[0]) else []
        while len(level) >= 2 * HASH_SIZE:
            height = len(tree._levels)
            done = upper[height] if height < len(upper) else bytearray()
            level = done + _parent_level(memoryview(level)[2 * len(done) :])
            tree._levels.append(level)
        return tree

    def append(self, leaf_hash: bytes) -> int:
        """Append one leaf hash and return its index (0-based).

        >>> MerkleTree().append(bytes(32))
        0
        """
        self._levels[0] += _check_hash(leaf_hash, "the leaf hash")
        index = self._size
        self._size += 1
        level, i = 0, index
        while i & 1:
            parent = node_hash(self._node(level, i - 1), self._node(level, i))
            if level + 1 == len(self._levels):
                self._levels.append(bytearray())
            self._levels[level + 1] += parent
            level, i = level + 1, i >> 1
        return index

    def extend(self, leaf_hashes: Iterable[bytes]) -> int:
        """Append several leaf hashes; return the new size."""
        for h in leaf_hashes:
            self.append(h)
        return self._size

    def truncate(self, size: int) -> None:
        """Drop the leaves from ``size`` on (and every node above them): undo a failed append.

        >>> tree = MerkleTree.from_leaf_hashes([bytes([i]) * 32 for i in range(5)])
        >>> root3 = tree.root(3)
        >>> tree.truncate(3)
        >>> tree.size, tree.root() == root3
        (3, True)
        """
        size = self._check_size(size)
        for level, nodes in enumerate(self._levels):
            del nodes[(size >> level) * HASH_SIZE :]
        while len(self._levels) > 1 and not self._levels[-1]:
            self._levels.pop()
        self._size = size

    # -- reading ------------------------------------------------------------------------------
    @property
    def size(self) -> int:
        """The number of leaves."""
        return self._size

    def __len__(self) -> int:
        return self._size

    def leaf_hash(self, index: int) -> bytes:
        """Return the leaf hash at ``index``."""
        self._check_index(index, self._size)
        return self._node(0, index)

    def level_hashes(self, level: int, start: int, stop: int) -> bytes:
        """The stored hashes ``start .. stop - 1`` of tree level ``level`` (0: the leaf hashes;
        node ``i`` of level ``h`` covers leaves ``i * 2**h .. (i + 1) * 2**h - 1``), concatenated.

        >>> tree = MerkleTree.from_leaf_hashes([bytes([i]) * 32 for i in range(5)])
        >>> tree.level_hashes(1, 0, 2) == tree.root(2) + tree._range_hash(2, 4)
        True
        """
        have = self._size >> level if level < len(self._levels) else 0
        if not 0 <= start <= stop <= have:
            raise InputError(f"level {level} of a tree of {self._size} has {have} hashes")
        return bytes(self._levels[level][start * HASH_SIZE : stop * HASH_SIZE])

    def root(self, size: int | None = None) -> bytes:
        """Return the root hash of the tree of the first ``size`` leaves (default: all).

        >>> MerkleTree().root() == EMPTY_ROOT
        True
        """
        size = self._check_size(size)
        return EMPTY_ROOT if size == 0 else self._range_hash(0, size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Return the audit path of leaf ``index`` in the tree of the first ``size`` leaves.

        >>> tree = MerkleTree.from_leaf_hashes([bytes([i]) * 32 for i in range(5)])
        >>> [len(tree.inclusion_proof(i)) for i in (0, 4)], len(tree.inclusion_proof(1, 2))
        ([3, 1], 1)
        """
        size = self._check_size(size)
        self._check_index(index, size)
        return self._path(index, 0, size)

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """Return the proof that the tree of ``old_size`` leaves is a prefix of the newer tree.

        Empty when ``old_size`` is 0 or equals ``new_size``.

        >>> tree = MerkleTree.from_leaf_hashes([bytes([i]) * 32 for i in range(8)])
        >>> len(tree.consistency_proof(6)), tree.consistency_proof(3, 3)
        (3, [])
        """
        new_size = self._check_size(new_size)
        if not isinstance(old_size, int) or not 0 <= old_size <= new_size:
            raise InputError(f"old size {old_size} is outside 0..{new_size}")
        if old_size in (0, new_size):
            return []
        return self._subproof(old_size, 0, new_size, True)

    # -- persistence --------------------------------------------------------------------------
    def to_bytes(self, size: int | None = None) -> bytes:
        """Return a snapshot of every node of the tree of the first ``size`` leaves (default:
        all; restore with :meth:`from_bytes`).

        >>> tree = MerkleTree.from_leaf_hashes([bytes([i]) * 32 for i in range(7)])
        >>> MerkleTree.from_bytes(tree.to_bytes(5)).root() == tree.root(5)
        True
        """
        size = self._check_size(size)
        head = _MAGIC + size.to_bytes(8, "big")
        return head + b"".join(
            bytes(self._levels[h][: (size >> h) * HASH_SIZE])
            for h in range(max(1, size.bit_length()))
        )

    @classmethod
    def from_bytes(cls, blob: bytes, *, check: bool = False) -> MerkleTree:
        """Restore a snapshot made by :meth:`to_bytes`; ``check`` recomputes every parent node.

        >>> tree = MerkleTree.from_leaf_hashes([bytes([i]) * 32 for i in range(7)])
        >>> MerkleTree.from_bytes(tree.to_bytes(), check=True).root() == tree.root()
        True
        """
        if not blob.startswith(_MAGIC) or len(blob) < len(_MAGIC) + 8:
            raise InputError("not a Merkle tree snapshot")
        pos = len(_MAGIC)
        size = int.from_bytes(blob[pos : pos + 8], "big")
        pos += 8
        tree = cls()
        tree._size, tree._levels = size, []
        for level in range(max(1, size.bit_length())):
            length = (size >> level) * HASH_SIZE
            tree._levels.append(bytearray(blob[pos : pos + length]))
            pos += length
        if (
            pos != len(blob)
            or len(tree._levels[-1]) != (size >> (len(tree._levels) - 1)) * HASH_SIZE
        ):
            raise InputError("the Merkle tree snapshot is truncated or has trailing bytes")
        if check:
            for level in range(1, len(tree._levels)):
                if _parent_level(tree._levels[level - 1]) != tree._levels[level]:
                    raise InputError(
                        f"the snapshot's level {level} does not match level {level - 1}"
                    )
        return tree

    # -- internals ----------------------------------------------------------------------------
    def _node(self, level: int, index: int) -> bytes:
        return bytes(self._levels[level][index * HASH_SIZE : (index + 1) * HASH_SIZE])

    def _check_size(self, size: int | None) -> int:
        if size is None:
            return self._size
        if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= self._size:
            raise InputError(f"tree size {size} is outside 0..{self._size}")
        return size

    @staticmethod
    def _check_index(index: int, size: int) -> None:
        if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < size:
            raise InputError(f"leaf index {index} is outside a tree of size {size}")

    def _range_hash(self, start: int, end: int) -> bytes:
        """MTH of leaves start..end-1 (the ranges of the RFC recursion, perfect ones aligned)."""
        n = end - start
        if n & (n - 1) == 0 and start % n == 0:
            level = n.bit_length() - 1
            return self._node(level, start >> level)
        k = split_point(n)
        return node_hash(self._range_hash(start, start + k), self._range_hash(start + k, end))

    def _path(self, m: int, start: int, end: int) -> list[bytes]:
        """PATH(m, D[start:end]) of RFC 9162 §2.1.3.1."""
        n = end - start
        if n <= 1:
            return []
        k = split_point(n)
        if m < k:
            return [*self._path(m, start, start + k), self._range_hash(start + k, end)]
        return [*self._path(m - k, start + k, end), self._range_hash(start, start + k)]

    def _subproof(self, m: int, start: int, end: int, complete: bool) -> list[bytes]:
        """SUBPROOF(m, D[start:end], b) of RFC 9162 §2.1.4.1."""
        n = end - start
        if m == n:
            return [] if complete else [self._range_hash(start, end)]
        k = split_point(n)
        if m <= k:
            return [
                *self._subproof(m, start, start + k, complete),
                self._range_hash(start + k, end),
            ]
        return [*self._subproof(m - k, start + k, end, False), self._range_hash(start, start + k)]


__all__ = ["MerkleTree"]
