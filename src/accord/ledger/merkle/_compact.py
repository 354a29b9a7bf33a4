"""A compact range: the right border of a Merkle tree, enough to extend it and get its root.

A tree of ``size`` leaves is the concatenation of perfect subtrees, one per set bit of
``size``, largest first; keeping their roots (at most 64 hashes) is enough to append leaves and
compute the root of every later size (RFC 9162 §2.1.1). A monitor keeps this instead of the
whole log: it downloads only the new entries, hashes them, and checks that they lead to the
root the log signed.

Examples
--------
>>> from accord.ledger.merkle import leaf_hash, root_hash
>>> border = CompactRange()
>>> for data in (b"a", b"b", b"c"):
...     border.append(leaf_hash(data))
>>> border.size, border.root() == root_hash([b"a", b"b", b"c"])
(3, True)
>>> CompactRange.from_hashes(3, border.hashes).root() == border.root()
True
"""

from __future__ import annotations

from collections.abc import Sequence

from accord.errors import InputError
from accord.ledger.merkle._hashing import EMPTY_ROOT, HASH_SIZE, node_hash


class CompactRange:
    """The roots of the perfect subtrees that make up a tree of ``size`` leaves."""

    def __init__(self) -> None:
        self.size = 0
        self.hashes: list[bytes] = []

    @classmethod
    def from_hashes(cls, size: int, hashes: Sequence[bytes]) -> CompactRange:
        """Restore a range of ``size`` leaves from its border hashes (one per set bit)."""
        if size < 0 or bin(size).count("1") != len(hashes):
            raise InputError(f"a tree of {size} leaves has {bin(size).count('1')} border hashes")
        if any(len(h) != HASH_SIZE for h in hashes):
            raise InputError(f"border hashes are {HASH_SIZE} bytes")
        border = cls()
        border.size, border.hashes = size, [bytes(h) for h in hashes]
        return border

    def append(self, leaf_hash: bytes) -> None:
        """Add one leaf: merge equal-sized subtrees on the right, as a binary counter carries."""
        self.hashes.append(bytes(leaf_hash))
        carry = self.size
        while carry & 1:
            right = self.hashes.pop()
            self.hashes[-1] = node_hash(self.hashes[-1], right)
            carry >>= 1
        self.size += 1

    def root(self) -> bytes:
        """The root hash of the tree of ``size`` leaves."""
        if not self.hashes:
            return EMPTY_ROOT
        root = self.hashes[-1]
        for left in reversed(self.hashes[:-1]):
            root = node_hash(left, root)
        return root


__all__ = ["CompactRange"]
