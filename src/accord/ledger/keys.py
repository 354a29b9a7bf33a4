"""Ed25519 keys of ledger participants: generation, serialisation, key ids, proof of possession.

A participant holds a :class:`SigningKey`; the ledger knows only the 32-byte public key. Before a
public key is accepted, :func:`check_public_key` refuses short, non-canonical, small-order and
mixed-order encodings (``cryptography`` would accept them, and a signature by the identity key
verifies for any message). Registration requires a *proof of possession*: the participant signs
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

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from accord.errors import InputError, VerificationFailed
from accord.ledger.ed25519_checks import public_key_problem, signature_problem

REGISTRATION_PURPOSE = b"accord-ledger/registration/v1\n"
"""Purpose line of the proof-of-possession message."""

MAX_CHALLENGE_LENGTH = 256

__all__ = [
    "REGISTRATION_PURPOSE",
    "SigningKey",
    "check_public_key",
    "decode_public_key",
    "encode_public_key",
    "key_id",
    "registration_message",
    "verify_possession",
    "verify_signature",
]


def key_id(public_key: bytes) -> str:
    """Return the short, stable id of a public key: ``ed25519:`` + 16 hex digits of SHA-256.

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

    >>> check_public_key(bytes(31))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: an Ed25519 public key is 32 bytes, got 31 (hint: ...)
    """
    problem = public_key_problem(public_key)
    if problem:
        raise InputError(problem, hint="generate a key with `accord ledger keygen`")


def verify_signature(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """Return whether ``signature`` is a valid Ed25519 signature of ``message`` by the key.

    False (never an exception) for an unsound key, a malformed or malleated signature.

    >>> key = SigningKey.from_seed(bytes(32))
    >>> verify_signature(key.public_key, b"hi", key.sign(b"hi"))
    True
    >>> identity = bytes.fromhex("01" + "00" * 31)
    >>> verify_signature(identity, b"anything", identity + bytes(32))
    False
    """
    if public_key_problem(public_key) or signature_problem(signature):
        return False
    if not isinstance(message, bytes | bytearray):
        return False
    try:
        _loaded(bytes(public_key)).verify(bytes(signature), bytes(message))
    except (InvalidSignature, ValueError):
        return False
    return True


@functools.lru_cache(maxsize=4096)
def _loaded(public_key: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(public_key)


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
    """Return whether ``signature`` proves possession of ``public_key`` for this registration."""
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
