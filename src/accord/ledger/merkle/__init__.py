"""The Merkle tree of the ledger (RFC 9162), laid out as the transparency-dev projects do.

- :mod:`accord.ledger.merkle._hashing` — the leaf and node hashes, the split point;
- :mod:`accord.ledger.merkle._proofs` — root, inclusion and consistency proofs over leaf data,
  and their strict verifiers;
- :mod:`accord.ledger.merkle._tree` — the incremental tree the store keeps in memory (every
  complete subtree hash, so any root or proof up to the current size is O(log n)).

Examples
--------
>>> tree = MerkleTree()
>>> [tree.append(leaf_hash(d)) for d in (b"a", b"b", b"c")]
[0, 1, 2]
>>> tree.root() == root_hash([b"a", b"b", b"c"])
True
>>> verify_inclusion(leaf_hash(b"b"), 1, 3, tree.inclusion_proof(1), tree.root())
True
"""

from accord.ledger.merkle._hashing import EMPTY_ROOT, HASH_SIZE, leaf_hash, node_hash, split_point
from accord.ledger.merkle._proofs import (
    check_consistency,
    check_inclusion,
    consistency_proof,
    inclusion_proof,
    root_hash,
    verify_consistency,
    verify_inclusion,
)
from accord.ledger.merkle._tree import MerkleTree

__all__ = [
    "EMPTY_ROOT",
    "HASH_SIZE",
    "MerkleTree",
    "check_consistency",
    "check_inclusion",
    "consistency_proof",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "root_hash",
    "split_point",
    "verify_consistency",
    "verify_inclusion",
]
