"""Random trees against a plain recursive transcription of the RFC 6962 / RFC 9162 definitions."""

from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from accord.ledger.merkle import (
    MerkleTree,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_hash,
    verify_consistency,
    verify_inclusion,
)


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d: list[bytes]) -> bytes:
    """MTH(D[n]) exactly as written in RFC 6962 §2.1."""
    if not d:
        return hashlib.sha256(b"").digest()
    if len(d) == 1:
        return hashlib.sha256(b"\x00" + d[0]).digest()
    k = _k(len(d))
    return hashlib.sha256(b"\x01" + mth(d[:k]) + mth(d[k:])).digest()


def path(m: int, d: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of RFC 6962 §2.1.1."""
    if len(d) == 1:
        return []
    k = _k(len(d))
    if m < k:
        return [*path(m, d[:k]), mth(d[k:])]
    return [*path(m - k, d[k:]), mth(d[:k])]


def subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) of RFC 6962 §2.1.2."""
    if m == len(d):
        return [] if b else [mth(d)]
    k = _k(len(d))
    if m <= k:
        return [*subproof(m, d[:k], b), mth(d[k:])]
    return [*subproof(m - k, d[k:], False), mth(d[:k])]


leaves_strategy = st.lists(st.binary(max_size=8), min_size=1, max_size=40)


@given(leaves_strategy, st.data())
def test_roots_and_proofs_match_the_recursive_definitions(
    leaves: list[bytes], data: st.DataObject
) -> None:
    n = len(leaves)
    index = data.draw(st.integers(0, n - 1), label="index")
    old = data.draw(st.integers(1, n), label="old size")
    root = mth(leaves)
    assert root_hash(leaves) == root
    assert inclusion_proof(leaves, index) == path(index, leaves)
    expected_consistency = subproof(old, leaves, True) if old < n else []
    assert consistency_proof(leaves, old) == expected_consistency
    tree = MerkleTree()
    for d in leaves:
        tree.append(leaf_hash(d))
    assert tree.root() == root
    assert tree.root(old) == mth(leaves[:old])
    assert tree.inclusion_proof(index) == path(index, leaves)
    assert tree.inclusion_proof(index % old, old) == path(index % old, leaves[:old])
    assert tree.consistency_proof(old) == expected_consistency
    assert verify_inclusion(leaf_hash(leaves[index]), index, n, path(index, leaves), root)
    assert verify_consistency(old, n, expected_consistency, mth(leaves[:old]), root)


@given(leaves_strategy, st.data())
def test_a_flipped_bit_or_a_wrong_position_never_verifies(
    leaves: list[bytes], data: st.DataObject
) -> None:
    n = len(leaves)
    index = data.draw(st.integers(0, n - 1), label="index")
    root, proof, leaf = mth(leaves), path(index, leaves), leaf_hash(leaves[index])
    other = data.draw(st.integers(0, n).filter(lambda i: i != index), label="other index")
    if leaf_hash(leaves[other % n]) != leaf:  # distinct leaves: the index matters
        assert not verify_inclusion(leaf, other, n, proof, root)
    if proof:
        at = data.draw(st.integers(0, len(proof) - 1), label="element")
        bit = data.draw(st.integers(0, 255), label="bit")
        bad = bytearray(proof[at])
        bad[bit // 8] ^= 1 << (bit % 8)
        assert not verify_inclusion(
            leaf, index, n, [*proof[:at], bytes(bad), *proof[at + 1 :]], root
        )
        assert not verify_inclusion(leaf, index, n, proof[:-1], root)
    assert not verify_inclusion(leaf, index, n, [*proof, root], root)


@given(st.lists(st.binary(max_size=4), min_size=2, max_size=40), st.data())
def test_consistency_with_a_rewritten_old_leaf_never_verifies(
    leaves: list[bytes], data: st.DataObject
) -> None:
    n = len(leaves)
    old = data.draw(st.integers(1, n - 1), label="old size")
    at = data.draw(st.integers(0, old - 1), label="rewritten leaf")
    forged = [*leaves[:at], leaves[at] + b"!", *leaves[at + 1 :]]
    proof = subproof(old, forged, True)
    assert not verify_consistency(old, n, proof, mth(leaves[:old]), mth(forged))


@given(st.integers(0, 300), st.data())
def test_persisted_nodes_and_snapshots_restore_any_prefix(n: int, data: st.DataObject) -> None:
    hashes = [leaf_hash(i.to_bytes(2, "big")) for i in range(n)]
    tree = MerkleTree.from_leaf_hashes(hashes)
    cut = data.draw(st.integers(0, n), label="persisted size")
    restored = MerkleTree.from_bytes(tree.to_bytes(cut), check=True)
    assert restored.root() == tree.root(cut)
    assert MerkleTree.from_leaf_hashes(hashes, restored).to_bytes() == tree.to_bytes()
    restored.extend(hashes[cut:])
    assert restored.to_bytes() == tree.to_bytes()
    assert MerkleTree.from_bytes(tree.to_bytes(), check=True).root() == mth(
        [i.to_bytes(2, "big") for i in range(n)]
    )
