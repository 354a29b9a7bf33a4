"""Checks on Ed25519 encodings that the ``cryptography`` package does not make (RFC 8032 §5.1).

``cryptography`` (OpenSSL) accepts any 32 bytes that decode to a curve point as a public key,
including the eight points of small order: with the identity point as a key, a signature
``R = identity, S = 0`` verifies for *every* message. The ledger therefore refuses, before a key
is used:

* encodings that are not canonical (y ≥ p, or "negative zero" x);
* the eight small-order points, compared explicitly against :data:`SMALL_ORDER_POINTS`;
* points outside the prime-order subgroup (a small-order component, checked as [L]P ≠ O).

The arithmetic below is plain Python on extended twisted Edwards coordinates; it only runs on
public data (keys being registered), so it need not be constant time.
"""

from __future__ import annotations

import functools

P = 2**255 - 19
"""The field prime."""
L = 2**252 + 27742317777372353535851937790883648493
"""The order of the prime-order subgroup (and the bound on the scalar S of a signature)."""
D = (-121665 * pow(121666, -1, P)) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)

SMALL_ORDER_POINTS = frozenset(
    bytes.fromhex(h)
    for h in (
        "0100000000000000000000000000000000000000000000000000000000000000",  # identity (order 1)
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # (0, -1), order 2
        "0000000000000000000000000000000000000000000000000000000000000080",  # order 4
        "0000000000000000000000000000000000000000000000000000000000000000",  # order 4
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",  # order 8
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",  # order 8
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",  # order 8
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",  # order 8
    )
)
"""The canonical encodings of the eight points of order 1, 2, 4 and 8 (the curve's torsion)."""

Point = tuple[int, int, int, int]  # extended coordinates (X, Y, Z, T), x = X/Z, y = Y/Z, xy = T/Z
IDENTITY: Point = (0, 1, 1, 0)


def decode_point(encoded: bytes) -> tuple[int, int] | None:
    """Decode a canonical point encoding to affine (x, y); None if not canonical or off-curve.

    >>> decode_point(bytes.fromhex("01" + "00" * 31))
    (0, 1)
    >>> decode_point(b"\\xff" * 32) is None
    True
    """
    if len(encoded) != 32:
        return None
    value = int.from_bytes(encoded, "little")
    sign, y = value >> 255, value & ((1 << 255) - 1)
    if y >= P:
        return None
    u, v = (y * y - 1) % P, (D * y * y + 1) % P
    x = (u * pow(v, 3, P) * pow(u * pow(v, 7, P), (P - 5) // 8, P)) % P
    if (v * x * x - u) % P != 0:
        x = (x * SQRT_M1) % P
        if (v * x * x - u) % P != 0:
            return None
    if x == 0 and sign:
        return None  # "negative zero": a second encoding of (0, ±1)
    if x & 1 != sign:
        x = P - x
    return x, y


def encode_point(x: int, y: int) -> bytes:
    """Return the canonical encoding of the affine point (x, y)."""
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def add_points(p: Point, q: Point) -> Point:
    """Point addition (RFC 8032 §5.1.4, "add-2008-hwcd-3")."""
    a = (p[1] - p[0]) * (q[1] - q[0]) % P
    b = (p[1] + p[0]) * (q[1] + q[0]) % P
    c = 2 * p[3] * q[3] * D % P
    d = 2 * p[2] * q[2] % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def multiply(scalar: int, x: int, y: int) -> Point:
    """Return [scalar](x, y) in extended coordinates (double and add)."""
    result, addend = IDENTITY, (x, y, 1, x * y % P)
    while scalar:
        if scalar & 1:
            result = add_points(result, addend)
        addend = add_points(addend, addend)
        scalar >>= 1
    return result


def is_identity(point: Point) -> bool:
    """Whether an extended-coordinate point is the neutral element (0, 1)."""
    x, y, z, _ = point
    return x % P == 0 and (y - z) % P == 0


def public_key_problem(public_key: bytes) -> str | None:
    """Return why ``public_key`` must be refused as an Ed25519 key, or None when it is sound.

    The answer for each key is cached (the subgroup check costs about a millisecond).

    >>> public_key_problem(bytes.fromhex("01" + "00" * 31))
    'the public key is a point of small order (the identity or a torsion point)'
    >>> public_key_problem(b"short")
    'an Ed25519 public key is 32 bytes, got 5'
    """
    if not isinstance(public_key, bytes | bytearray) or len(public_key) != 32:
        got = len(public_key) if isinstance(public_key, bytes | bytearray) else type(public_key)
        return f"an Ed25519 public key is 32 bytes, got {got}"
    return _point_problem(bytes(public_key))


@functools.lru_cache(maxsize=4096)
def _point_problem(public_key: bytes) -> str | None:
    if public_key in SMALL_ORDER_POINTS:
        return "the public key is a point of small order (the identity or a torsion point)"
    point = decode_point(public_key)
    if point is None:
        return "the public key is not a canonical encoding of a curve point"
    if is_identity(multiply(8, *point)):
        return "the public key is a point of small order (the identity or a torsion point)"
    if not is_identity(multiply(L, *point)):
        return "the public key has a small-order component (not in the prime-order subgroup)"
    return None


def signature_problem(signature: bytes) -> str | None:
    """Return why ``signature`` is malformed (length, non-canonical S ≥ L), or None.

    >>> signature_problem(bytes(64)) is None
    True
    >>> signature_problem(bytes(32) + b"\\xff" * 32)
    'the signature scalar S is not reduced modulo L (a malleated signature)'
    """
    if not isinstance(signature, bytes | bytearray) or len(signature) != 64:
        return "an Ed25519 signature is 64 bytes"
    if int.from_bytes(signature[32:], "little") >= L:
        return "the signature scalar S is not reduced modulo L (a malleated signature)"
    return None
