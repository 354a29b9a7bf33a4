"""Ed25519 keys of ledger participants: generation, serialisation, key ids, proof of possession.

A participant holds a :class:`SigningKey`; the ledger knows only the 32-byte public key. Before a
public key is accepted, :func:`check_public_key` refuses short, non-canonical, small-order and
mixed-order encodings (``cryptography`` would accept them, and a signature by the identity key
verifies for any message). Those checks, and every signature verification, are libsodium's
(through PyNaCl): its verification refuses small-order keys and ``R`` points and a scalar ``S``
that is not reduced, and ``crypto_core_ed25519_is_valid_point`` also refuses keys outside the
prime-order subgroup. ``cryptography`` (OpenSSL) generates keys, signs and reads PEM files.

Registration requires a *proof of possession*: the participant signs
:func:`registration_message`, which binds the ledger, the participant id, the public key and a
challenge chosen by the registrar, so a key cannot be registered by someone who does not hold it
nor replayed under another participant id.

Every message signed by a ledger key starts with a purpose line (``accord-ledger/...``), so a
signature made for one purpose (registration, entry, checkpoint) is never valid for another.

Text forms: a public key is standard base64 of its 32 raw bytes; a private key is PKCS#8 PEM.

Examples
--------
>>> key = SigningKey.from_seed(bytes(32))
>>> key.public_key_b64
'O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik='
>>> key.key_id
'ed25519:139e3940e64b5491'
>>> message = registration_message("accord.example/jcpoa", "iaea_1", key.public_key, "c-42")
>>> verify_possession("accord.example/jcpoa", "iaea_1", key.public_key, "c-42",
...                   key.sign(message))
True
>>> verify_possession("accord.example/jcpoa", "mallory", key.public_key, "c-42",
...                   key.sign(message))
False
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib

import nacl.bindings
import rfc8785
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from nacl.exceptions import BadSignatureError, CryptoError

from accord.errors import InputError, VerificationFailed

REGISTRATION_PURPOSE = b"accord-ledger/registration/v1\n"
"""Purpose line of the proof-of-possession message."""

MAX_CHALLENGE_LENGTH = 256

__all__ = [
    "REGISTRATION_PURPOSE",
    "SMALL_ORDER_POINTS",
    "SigningKey",
    "check_public_key",
    "decode_public_key",
    "encode_public_key",
    "key_id",
    "public_key_problem",
    "registration_message",
    "verify_possession",
    "verify_signature",
]


def key_id(public_key: bytes) -> str:
    """Return the short, stable id of a public key: ``ed25519:`` + 16 hex digits of SHA-256.

    Entries and checkpoints name the key that signed them by this id.

    Parameters
    ----------
    public_key : bytes
        The 32 raw bytes of an Ed25519 public key (not checked here: see
        :func:`check_public_key`).

    Returns
    -------
    str
        ``ed25519:`` followed by the first 16 hex digits of SHA-256 of the key.

    Examples
    --------
    >>> key = SigningKey.from_seed(bytes(32))  # a fixed seed: never for a real key
    >>> key_id(key.public_key)
    'ed25519:139e3940e64b5491'
    >>> key_id(key.public_key) == key.key_id
    True
    >>> key_id(bytes(32))
    'ed25519:66687aadf862bd77'
    """
    return "ed25519:" + hashlib.sha256(bytes(public_key)).hexdigest()[:16]


def encode_public_key(public_key: bytes) -> str:
    """Return the text form (base64 of the 32 raw bytes)."""
    return base64.b64encode(bytes(public_key)).decode("ascii")


def decode_public_key(text: str) -> bytes:
    """Parse the text form of a public key and check it (see :func:`check_public_key`).

    >>> decode_public_key("not base64!")
    Traceback (most recent call last):
    ...
    accord.errors.InputError: the public key is not valid base64
    """
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, AttributeError):
        raise InputError("the public key is not valid base64") from None
    check_public_key(raw)
    return raw


def check_public_key(public_key: bytes) -> None:
    """Raise :class:`InputError` when ``public_key`` is not a sound Ed25519 key.

    libsodium decides: the key must be 32 bytes, a canonical encoding of a curve point, not
    of small order and in the prime-order subgroup (a signature by the identity key would
    verify for any message). The ledger checks every key before accepting it.

    Parameters
    ----------
    public_key : bytes
        The 32 raw bytes of the key.

    Returns
    -------
    None
        When the key is sound.

    Raises
    ------
    InputError
        The key is refused; the message says why (:func:`public_key_problem` words it).

    Examples
    --------
    >>> check_public_key(SigningKey.from_seed(bytes(32)).public_key)  # sound: returns None
    >>> check_public_key(bytes(31))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: an Ed25519 public key is 32 bytes, got 31 (hint: ...)
    >>> check_public_key(bytes.fromhex("01" + "00" * 31))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: the public key is a point of small order (the identity or ...
    """
    problem = public_key_problem(public_key)
    if problem:
        raise InputError(problem, hint="generate a key with `accord ledger keygen`")


def verify_signature(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """Return whether ``signature`` is a valid Ed25519 signature of ``message`` by the key.

    False (never an exception) for an unsound key, a malformed or malleated signature: libsodium
    decides (``crypto_sign_open``), after :func:`public_key_problem` (also libsodium's).

    >>> key = SigningKey.from_seed(bytes(32))
    >>> verify_signature(key.public_key, b"hi", key.sign(b"hi"))
    True
    >>> identity = bytes.fromhex("01" + "00" * 31)
    >>> verify_signature(identity, b"anything", identity + bytes(32))
    False
    """
    if not isinstance(signature, bytes | bytearray) or len(signature) != 64:
        return False
    if not isinstance(message, bytes | bytearray) or public_key_problem(public_key):
        return False
    try:
        nacl.bindings.crypto_sign_open(bytes(signature) + bytes(message), bytes(public_key))
    except (BadSignatureError, ValueError):
        return False
    return True


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
"""The canonical encodings of the eight points of order 1, 2, 4 and 8 (the curve's torsion):
used only to word a refusal; libsodium decides it (a test checks the list against libsodium)."""

_BASE_POINT = bytes.fromhex("5866666666666666666666666666666666666666666666666666666666666666")
_Y_MASK, _P = (1 << 255) - 1, 2**255 - 19


def public_key_problem(public_key: bytes) -> str | None:
    """Return why ``public_key`` must be refused as an Ed25519 key, or None when it is sound.

    libsodium's ``crypto_core_ed25519_is_valid_point`` decides (canonical, on the curve, not of
    small order, in the prime-order subgroup); the reason is then worded by what fails.

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
    if nacl.bindings.crypto_core_ed25519_is_valid_point(public_key):
        return None
    if public_key in SMALL_ORDER_POINTS:
        return "the public key is a point of small order (the identity or a torsion point)"
    value = int.from_bytes(public_key, "little")
    y, negative_zero = value & _Y_MASK, public_key[31] & 0x80 and (value & _Y_MASK) in (1, _P - 1)
    if y >= _P or negative_zero or not _on_curve(public_key):
        return "the public key is not a canonical encoding of a curve point"
    return "the public key has a small-order component (not in the prime-order subgroup)"


def _on_curve(public_key: bytes) -> bool:
    """Whether libsodium decodes ``public_key`` as a point of the curve (it can add it)."""
    try:
        nacl.bindings.crypto_core_ed25519_add(public_key, _BASE_POINT)
    except (ValueError, CryptoError):
        return False
    return True


def registration_message(ledger: str, participant: str, public_key: bytes, challenge: str) -> bytes:
    """Return the bytes a new participant signs to prove possession of its key.

    The purpose line, then the RFC 8785 canonical JSON of the ledger origin, the participant id,
    the base64 public key and the registrar's challenge (1–256 characters).

    >>> registration_message("l", "p", bytes(32), "c")[:30]
    b'accord-ledger/registration/v1\\n'
    """
    if not isinstance(challenge, str) or not 0 < len(challenge) <= MAX_CHALLENGE_LENGTH:
        raise InputError(f"the challenge must be 1 to {MAX_CHALLENGE_LENGTH} characters")
    body = {
        "challenge": challenge,
        "ledger": ledger,
        "participant": participant,
        "public_key": encode_public_key(public_key),
    }
    return REGISTRATION_PURPOSE + rfc8785.dumps(body)


def verify_possession(
    ledger: str, participant: str, public_key: bytes, challenge: str, signature: bytes
) -> bool:
    """Return whether ``signature`` proves possession of ``public_key`` for this registration.

    The signature must be over :func:`registration_message`, which binds the ledger, the
    participant id, the key and the registrar's challenge: a proof cannot be replayed on
    another ledger, under another participant id or for another challenge.

    Parameters
    ----------
    ledger : str
        The ledger's origin (``accord.example/jcpoa``).
    participant : str
        The participant id the key is registered for.
    public_key : bytes
        The 32 raw bytes of the key being registered.
    challenge : str
        The challenge the registrar chose (1 to 256 characters).
    signature : bytes
        The 64-byte signature (:meth:`SigningKey.prove_possession`).

    Returns
    -------
    bool
        True exactly when the signature verifies; False (never an exception) for a wrong or
        malformed signature, an unsound key, or a challenge out of range.

    Examples
    --------
    >>> key = SigningKey.from_seed(bytes(32))  # a fixed seed: never for a real key
    >>> proof = key.prove_possession("accord.example/jcpoa", "iaea_1", "c-42")
    >>> verify_possession("accord.example/jcpoa", "iaea_1", key.public_key, "c-42", proof)
    True
    >>> verify_possession("accord.example/jcpoa", "iaea_1", key.public_key, "c-43", proof)
    False
    >>> verify_possession("accord.example/jcpoa", "iaea_1", key.public_key, "", proof)
    False
    """
    try:
        message = registration_message(ledger, participant, public_key, challenge)
    except InputError:
        return False
    return verify_signature(public_key, message, signature)


class SigningKey:
    """An Ed25519 private key (wraps ``cryptography``), with its public key and key id."""

    def __init__(self, private_key: Ed25519PrivateKey) -> None:
        self._key = private_key
        self.public_key: bytes = private_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        """The 32 raw bytes of the public key."""

    @classmethod
    def generate(cls) -> SigningKey:
        """Return a new key from the operating system's cryptographic random source."""
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_seed(cls, seed: bytes) -> SigningKey:
        """Return the key whose RFC 8032 private seed is the 32 bytes ``seed`` (tests, imports)."""
        if not isinstance(seed, bytes | bytearray) or len(seed) != 32:
            raise InputError("an Ed25519 private seed is 32 bytes")
        return cls(Ed25519PrivateKey.from_private_bytes(bytes(seed)))

    @classmethod
    def from_pem(cls, pem: bytes | str) -> SigningKey:
        """Load a PKCS#8 PEM private key (as written by :meth:`to_pem`).

        >>> SigningKey.from_pem(SigningKey.from_seed(bytes(32)).to_pem()).key_id
        'ed25519:139e3940e64b5491'
        """
        data = pem.encode("ascii") if isinstance(pem, str) else pem
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError, UnicodeEncodeError):
            raise InputError("not an unencrypted PKCS#8 PEM private key") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise InputError("the PEM file holds a key that is not Ed25519")
        return cls(key)

    def to_pem(self) -> bytes:
        """Return the private key as unencrypted PKCS#8 PEM (keep the file private)."""
        return self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @property
    def seed(self) -> bytes:
        """The 32-byte RFC 8032 private seed."""
        return self._key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )

    @property
    def public_key_b64(self) -> str:
        """The public key in its text form."""
        return encode_public_key(self.public_key)

    @property
    def key_id(self) -> str:
        """The key id of the public key (see :func:`key_id`)."""
        return key_id(self.public_key)

    def sign(self, message: bytes) -> bytes:
        """Return the 64-byte Ed25519 signature of ``message``."""
        return self._key.sign(bytes(message))

    def prove_possession(self, ledger: str, participant: str, challenge: str) -> bytes:
        """Sign the registration message of this key for ``participant`` on ``ledger``."""
        return self.sign(registration_message(ledger, participant, self.public_key, challenge))

    def __repr__(self) -> str:
        return f"SigningKey({self.key_id})"


def require_signature(public_key: bytes, message: bytes, signature: bytes, where: str) -> None:
    """Raise :class:`VerificationFailed` located at ``where`` unless the signature verifies."""
    if not verify_signature(public_key, message, signature):
        raise VerificationFailed("the signature does not verify", where=where)
