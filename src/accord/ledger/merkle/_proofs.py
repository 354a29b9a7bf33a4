"""Merkle tree hashing, proofs and their verification (RFC 6962 §2.1, RFC 9162 §2.1).

The functions on *leaf data* (``root_hash``, ``inclusion_proof``, ``consistency_proof``) follow
the definitions of RFC 9162 §2.1.1–2.1.4: leaf hash = SHA-256(0x00 || data), node hash =
SHA-256(0x01 || left || right), the tree of n > 1 leaves is split at k, the largest power of two
strictly less than n, and the empty tree hashes to SHA-256(""). The verifiers implement the
algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2. The incremental tree used by the ledger store is
:class:`accord.ledger.merkle._tree.MerkleTree` (re-exported here).

Verification never trusts its input: ``verify_inclusion`` and ``verify_consistency`` return
``False`` for *any* proof that does not verify or is malformed (a hash that is not 32 bytes,
a negative size, an index outside the tree, a proof of the wrong length, a value that is not
bytes); ``check_inclusion`` and ``check_consistency`` raise :class:`VerificationFailed` instead,
with the reason.

Examples
--------
>>> leaves = [b"a", b"b", b"c"]
>>> root = root_hash(leaves)
>>> proof = inclusion_proof(leaves, 2)
>>> verify_inclusion(leaf_hash(b"c"), 2, 3, proof, root)
True
>>> verify_inclusion(leaf_hash(b"c"), 1, 3, proof, root)
False
>>> old = root_hash(leaves[:2])
>>> verify_consistency(2, 3, consistency_proof(leaves, 2), old, root)
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeGuard

from accord.errors import InputError, VerificationFailed
from accord.ledger.merkle._hashing import EMPTY_ROOT, HASH_SIZE, leaf_hash, node_hash, split_point


def _mth(hashes: Sequence[bytes]) -> bytes:
    """Merkle tree hash of a run of leaf hashes, bottom-up (same result as the recursion)."""
    if not hashes:
        return EMPTY_ROOT
    level = list(hashes)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def _path(m: int, hashes: Sequence[bytes]) -> list[bytes]:
    """PATH(m, D[n]) of RFC 9162 §2.1.3.1 over leaf hashes."""
    n = len(hashes)
    if n <= 1:
        return []
    k = split_point(n)
    if m < k:
        return [*_path(m, hashes[:k]), _mth(hashes[k:])]
    return [*_path(m - k, hashes[k:]), _mth(hashes[:k])]


def _subproof(m: int, hashes: Sequence[bytes], complete: bool) -> list[bytes]:
    """SUBPROOF(m, D[n], b) of RFC 9162 §2.1.4.1 over leaf hashes."""
    n = len(hashes)
    if m == n:
        return [] if complete else [_mth(hashes)]
    k = split_point(n)
    if m <= k:
        return [*_subproof(m, hashes[:k], complete), _mth(hashes[k:])]
    return [*_subproof(m - k, hashes[k:], False), _mth(hashes[:k])]


def root_hash(leaves: Sequence[bytes]) -> bytes:
    """Return the Merkle tree hash MTH(D[n]) of the leaf *data* ``leaves``.

    Each leaf is hashed with :func:`leaf_hash`; a tree of n > 1 leaves is split at the
    largest power of two below n (RFC 9162 §2.1.1). This recomputes every hash: the ledger
    store keeps an incremental :class:`MerkleTree` instead.

    Parameters
    ----------
    leaves : sequence of bytes
        The leaves' data, in log order.

    Returns
    -------
    bytes
        The 32-byte root hash; SHA-256 of the empty string for no leaves.

    Examples
    --------
    >>> root_hash([]) == EMPTY_ROOT
    True
    >>> root_hash([b""]).hex()[:16]  # one leaf: the root is its leaf hash
    '6e340b9cffb37a98'
    >>> root_hash([b"a", b"b"]) == node_hash(leaf_hash(b"a"), leaf_hash(b"b"))
    True
    >>> root_hash([b"a", b"b", b"c"]).hex()[:16]
    '36642e73c2540ab1'
    """
    return _mth([leaf_hash(d) for d in leaves])


def inclusion_proof(leaves: Sequence[bytes], index: int) -> list[bytes]:
    """Return the audit path of leaf ``index`` (0-based) in the tree of the leaf data ``leaves``.

    PATH(m, D[n]) of RFC 9162 §2.1.3.1: the sibling hashes from the leaf up to the root,
    which :func:`verify_inclusion` checks.

    Parameters
    ----------
    leaves : sequence of bytes
        The leaves' data, in log order.
    index : int
        The leaf to prove, from 0.

    Returns
    -------
    list of bytes
        The 32-byte hashes of the path, from the leaf's level up (empty for a tree of one).

    Raises
    ------
    InputError
        ``index`` is not in ``range(len(leaves))``.

    Examples
    --------
    >>> leaves = [b"a", b"b", b"c"]
    >>> [h.hex()[:8] for h in inclusion_proof(leaves, 0)]  # leaf b, then the subtree of c
    ['57eb3561', '597fcb31']
    >>> inclusion_proof(leaves, 2) == [root_hash(leaves[:2])]
    True
    >>> len(inclusion_proof([b"a", b"b", b"c", b"d", b"e"], 4))
    1
    >>> inclusion_proof(leaves, 3)
    Traceback (most recent call last):
    ...
    accord.errors.InputError: leaf index 3 is outside a tree of size 3
    """
    if not 0 <= index < len(leaves):
        raise InputError(f"leaf index {index} is outside a tree of size {len(leaves)}")
    return _path(index, [leaf_hash(d) for d in leaves])


def consistency_proof(leaves: Sequence[bytes], old_size: int) -> list[bytes]:
    """Return the proof that the tree of ``leaves[:old_size]`` is a prefix of that of ``leaves``.

    PROOF(m, D[n]) of RFC 9162 §2.1.4.1, which :func:`verify_consistency` checks: the log
    only appended to the old tree.

    Parameters
    ----------
    leaves : sequence of bytes
        The leaves' data of the new tree, in log order.
    old_size : int
        The size of the old tree, 0 to ``len(leaves)``.

    Returns
    -------
    list of bytes
        The 32-byte hashes of the proof; empty when ``old_size`` is 0 or ``len(leaves)``
        (nothing to prove).

    Raises
    ------
    InputError
        ``old_size`` is not in ``range(len(leaves) + 1)``.

    Examples
    --------
    >>> leaves = [b"a", b"b", b"c"]
    >>> [h.hex()[:8] for h in consistency_proof(leaves, 2)]  # the hash of leaf c
    ['597fcb31']
    >>> consistency_proof(leaves, 3), consistency_proof(leaves, 0)
    ([], [])
    >>> consistency_proof(leaves, 4)
    Traceback (most recent call last):
    ...
    accord.errors.InputError: old size 4 is outside 0..3
    """
    n = len(leaves)
    if not 0 <= old_size <= n:
        raise InputError(f"old size {old_size} is outside 0..{n}")
    if old_size in (0, n):
        return []
    return _subproof(old_size, [leaf_hash(d) for d in leaves], True)


def _is_hash(value: object) -> TypeGuard[bytes | bytearray]:
    return isinstance(value, bytes | bytearray) and len(value) == HASH_SIZE


def _is_size(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _as_proof(proof: object) -> list[bytes] | str:
    """The proof as a list of bytes, or why it is not a list of 32-byte hashes."""
    if not isinstance(proof, list | tuple):
        return "the proof is not a list of hashes"
    for i, item in enumerate(proof):
        if not _is_hash(item):
            return f"proof element {i} is not a {HASH_SIZE}-byte hash"
    return [bytes(item) for item in proof]


def _inclusion_problem(
    leaf: object, index: object, size: object, proof: object, root: object
) -> str | None:
    """Return why the inclusion proof fails (RFC 9162 §2.1.3.2), or None when it verifies."""
    if not _is_size(index) or not _is_size(size):
        return "the index and the size must be non-negative integers"
    if index >= size:
        return f"leaf index {index} is outside a tree of size {size}"
    if not _is_hash(leaf) or not _is_hash(root):
        return f"the leaf hash and the root must be {HASH_SIZE}-byte hashes"
    path = _as_proof(proof)
    if isinstance(path, str):
        return path
    fn, sn, r = index, size - 1, bytes(leaf)
    for p in path:
        if sn == 0:
            return "the proof is longer than the path to the root"
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        return "the proof is shorter than the path to the root"
    if r != root:
        return "the proof does not lead to the root"
    return None


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Return whether ``proof`` shows that ``leaf_hash`` is leaf ``index`` of the tree ``root``.

    The verifier of RFC 9162 §2.1.3.2. It never trusts its input: any malformed value gives
    ``False`` (:func:`check_inclusion` says why instead).

    Parameters
    ----------
    leaf_hash : bytes
        The 32-byte leaf hash (:func:`leaf_hash` of the entry's bytes), not the data.
    index : int
        The leaf's position, from 0.
    size : int
        The size of the tree ``root`` is the root of.
    proof : sequence of bytes
        The audit path (:func:`inclusion_proof`).
    root : bytes
        The 32-byte root hash, from a checkpoint one trusts.

    Returns
    -------
    bool
        True exactly when the proof leads from the leaf to ``root``; False for a wrong proof,
        hash, index or size, and for malformed input (a hash that is not 32 bytes, an index
        outside the tree, a proof of the wrong length, a value that is not bytes).

    Examples
    --------
    >>> leaves = [b"x", b"y"]
    >>> proof, root = inclusion_proof(leaves, 1), root_hash(leaves)
    >>> verify_inclusion(leaf_hash(b"y"), 1, 2, proof, root)
    True
    >>> verify_inclusion(leaf_hash(b"x"), 1, 2, proof, root)  # another leaf
    False
    >>> verify_inclusion(leaf_hash(b"y"), 2, 2, proof, root)  # outside the tree
    False
    >>> verify_inclusion(b"short", 0, 1, [], b"short")
    False
    """
    return _inclusion_problem(leaf_hash, index, size, proof, root) is None


def check_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes
) -> None:
    """Like :func:`verify_inclusion`, but raise :class:`VerificationFailed` with the reason.

    >>> check_inclusion(bytes(32), 3, 2, [], bytes(32))
    Traceback (most recent call last):
    ...
    accord.errors.VerificationFailed: leaf index 3 is outside a tree of size 2
    """
    problem = _inclusion_problem(leaf_hash, index, size, proof, root)
    if problem:
        raise VerificationFailed(problem)


def _consistency_problem(
    old_size: object, new_size: object, proof: object, old_root: object, new_root: object
) -> str | None:
    """Return why the consistency proof fails (RFC 9162 §2.1.4.2), or None when it verifies."""
    if not _is_size(old_size) or not _is_size(new_size):
        return "the sizes must be non-negative integers"
    if old_size > new_size:
        return f"the old size {old_size} is larger than the new size {new_size}"
    path = _as_proof(proof)
    if isinstance(path, str):
        return path
    if old_size == new_size or old_size == 0:
        return _trivial_consistency_problem(old_size, new_size, path, old_root, new_root)
    if not _is_hash(old_root) or not _is_hash(new_root):
        return f"the roots must be {HASH_SIZE}-byte hashes"
    if not path:
        return "the proof is empty"
    return _consistency_path_problem(old_size, new_size, path, bytes(old_root), bytes(new_root))


def _trivial_consistency_problem(
    old_size: int, new_size: int, proof: Sequence[bytes], old_root: object, new_root: object
) -> str | None:
    """Sizes equal, or the old tree empty: the proof must be empty and the roots agree."""
    if proof:
        return "the proof must be empty when the sizes are equal or the old tree is empty"
    if old_size == 0 and old_root != EMPTY_ROOT:
        return "the root of the empty tree must be SHA-256 of the empty string"
    if old_size == new_size:
        # Identical roots of equal-size trees: consistent. The root length is not checked here
        # (the transparency-dev probe sizes-are-equal-one-and-proof-is-empty requires it), but
        # the roots must be non-empty bytes.
        if not isinstance(old_root, bytes | bytearray) or not old_root:
            return "the roots must be non-empty bytes"
        return None if old_root == new_root else "the sizes are equal but the roots differ"
    return None if _is_hash(new_root) else f"the new root must be a {HASH_SIZE}-byte hash"


def _consistency_path_problem(
    first: int, second: int, path: list[bytes], first_hash: bytes, second_hash: bytes
) -> str | None:
    if first & (first - 1) == 0:
        path = [first_hash, *path]
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return "the proof is longer than needed"
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    if sn != 0:
        return "the proof is shorter than needed"
    if fr != first_hash:
        return "the proof does not lead to the old root"
    if sr != second_hash:
        return "the proof does not lead to the new root"
    return None


def verify_consistency(
    old_size: int, new_size: int, proof: Sequence[bytes], old_root: bytes, new_root: bytes
) -> bool:
    """Return whether ``proof`` shows the tree ``old_root`` is a prefix of the tree ``new_root``.

    The verifier of RFC 9162 §2.1.4.2. It never trusts its input: any malformed value gives
    ``False`` (:func:`check_consistency` says why instead). Edge cases, as in the
    transparency-dev probe files: equal sizes need an empty proof and identical roots; an
    empty old tree needs an empty proof and ``old_root == EMPTY_ROOT``.

    Parameters
    ----------
    old_size, new_size : int
        The sizes of the two trees, ``old_size <= new_size``.
    proof : sequence of bytes
        The consistency proof (:func:`consistency_proof`).
    old_root, new_root : bytes
        The 32-byte root hashes of the two trees (from checkpoints one trusts).

    Returns
    -------
    bool
        True exactly when the proof shows the new tree extends the old one; False for a wrong
        proof or root, and for malformed input (sizes out of order or negative, a hash that
        is not 32 bytes, a proof of the wrong length).

    Examples
    --------
    >>> leaves = [b"a", b"b", b"c", b"d", b"e"]
    >>> r3, r5 = root_hash(leaves[:3]), root_hash(leaves)
    >>> verify_consistency(3, 5, consistency_proof(leaves, 3), r3, r5)
    True
    >>> verify_consistency(3, 5, consistency_proof(leaves, 3), r5, r3)
    False
    >>> forked = root_hash([b"a", b"b", b"X", b"d", b"e"])  # leaf 2 rewritten
    >>> verify_consistency(3, 5, consistency_proof(leaves, 3), r3, forked)
    False
    >>> verify_consistency(0, 5, [], EMPTY_ROOT, r5), verify_consistency(5, 5, [], r5, r5)
    (True, True)
    """
    return _consistency_problem(old_size, new_size, proof, old_root, new_root) is None


def check_consistency(
    old_size: int, new_size: int, proof: Sequence[bytes], old_root: bytes, new_root: bytes
) -> None:
    """Like :func:`verify_consistency`, but raise :class:`VerificationFailed` with the reason.

    >>> check_consistency(2, 1, [], bytes(32), bytes(32))
    Traceback (most recent call last):
    ...
    accord.errors.VerificationFailed: the old size 2 is larger than the new size 1
    """
    problem = _consistency_problem(old_size, new_size, proof, old_root, new_root)
    if problem:
        raise VerificationFailed(problem)
