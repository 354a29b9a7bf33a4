"""The hash primitives of RFC 9162 §2.1.1 (a leaf module shared by the Merkle code)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from accord.errors import InputError

HASH_SIZE = 32
"""Length in bytes of every hash in the tree (SHA-256)."""

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""Root hash of the empty tree, SHA-256 of the empty string (RFC 9162 §2.1.1)."""


def leaf_hash(data: bytes) -> bytes:
    """Return the RFC 9162 leaf hash SHA-256(0x00 || data).

    The 0x00 prefix keeps a leaf's hash apart from any interior node's (0x01), so no leaf can
    pass for a subtree (RFC 9162 §2.1.1).

    Parameters
    ----------
    data : bytes
        The leaf's data (for the ledger: a signed entry's bytes).

    Returns
    -------
    bytes
        The 32-byte SHA-256 hash.

    Examples
    --------
    >>> leaf_hash(b"").hex()  # the RFC 6962 test vector
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d'
    >>> len(leaf_hash(b"a")), leaf_hash(b"a") == hashlib.sha256(b"\\x00a").digest()
    (32, True)
    """
    return hashlib.sha256(b"\x00" + bytes(data)).digest()


def first_wrong_leaf(rows: Sequence[tuple[bytes, bytes]]) -> int | None:
    """The position of the first ``(leaf hash, data)`` row whose data does not have that
    :func:`leaf_hash`, or None: the check of a page of stored entries in one comprehension.

    >>> first_wrong_leaf([(leaf_hash(b"a"), b"a"), (leaf_hash(b"b"), b"c")])
    1
    >>> first_wrong_leaf([(leaf_hash(b"a"), b"a")]) is None
    True
    """
    sha = hashlib.sha256
    wrong = [i for i, (leaf, data) in enumerate(rows) if sha(b"\x00" + data).digest() != leaf]
    return wrong[0] if wrong else None


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return the RFC 9162 interior node hash SHA-256(0x01 || left || right).

    >>> node_hash(leaf_hash(b""), leaf_hash(b"\\x00")).hex()[:16]
    'fac54203e7cc696c'
    """
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(n: int) -> int:
    """Return k, the largest power of two strictly less than ``n`` (for ``n >= 2``).

    >>> [split_point(n) for n in (2, 3, 4, 5, 8, 9)]
    [1, 2, 2, 4, 4, 8]
    """
    if n < 2:
        raise InputError(f"split_point needs n >= 2, got {n}")
    return 1 << ((n - 1).bit_length() - 1)
