"""Signed tree heads in the C2SP formats: signed-note and tlog-checkpoint.

A checkpoint's *note text* is (C2SP tlog-checkpoint)::

    <origin>\\n
    <tree size, decimal, no leading zeros>\\n
    <root hash, standard base64 of 32 bytes>\\n
    [<extension line>\\n ...]

and the *signed note* (C2SP signed-note) is the text, a blank line, then one line per signature::

    — <key name> <base64(key id (4 bytes) || Ed25519 signature (64 bytes))>\\n

The key id is the first 4 bytes of SHA-256(key name || 0x0A || 0x01 || public key), 0x01 being
the Ed25519 signature type; the signature covers the note text exactly. A verifier key is written
``<name>+<key id hex>+<base64(0x01 || public key)>``. Parsing is strict: every deviation (a
carriage return, a leading zero, non-canonical base64, a missing final newline, a malformed
signature line) is refused with :class:`VerificationFailed`.

Examples
--------
>>> from accord.ledger._keys import SigningKey
>>> key = SigningKey.from_seed(bytes(32))
>>> cp = Checkpoint("example.org/log", 8, bytes(32))
>>> note = sign_checkpoint(cp, "example.org/log", key)
>>> print(note, end="")  # doctest: +ELLIPSIS
example.org/log
8
AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
<BLANKLINE>
— example.org/log ...
>>> open_checkpoint(note, [verifier_key("example.org/log", key.public_key)]) == cp
True
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from accord.errors import VerificationFailed
from accord.ledger._keys import SigningKey, verify_signature
from accord.ledger.merkle._hashing import HASH_SIZE

ED25519_TYPE = b"\x01"
MAX_NOTE_BYTES = 1 << 16
MAX_SIGNATURES = 100
_NAME = re.compile(r"^[^\s+]+$")
_SIZE = re.compile(r"^(0|[1-9][0-9]{0,19})$")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")


def _check_text(text: str) -> None:
    """A note's text: non-empty lines ending in newline, no control character but newline."""
    if not text.endswith("\n") or _CONTROL.search(text):
        raise VerificationFailed("a note's text ends with a newline and has no control character")


def _b64(text: str, what: str) -> bytes:
    """Strict standard base64: valid alphabet, padding, and canonical (re-encodes identically)."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise VerificationFailed(f"{what} is not valid base64") from None
    if base64.b64encode(raw).decode("ascii") != text:
        raise VerificationFailed(f"{what} is not canonical base64")
    return raw


def note_key_id(name: str, public_key: bytes, signature_type: bytes = ED25519_TYPE) -> bytes:
    """The 4-byte key id: SHA-256(name || 0x0A || type || public key)[:4] (type 0x01: Ed25519
    note signatures; 0x04: C2SP cosignature/v1, see :mod:`accord.ledger._cosignature`).

    >>> note_key_id("example.org/log", bytes(32)).hex()
    '70da24f6'
    """
    return hashlib.sha256(name.encode() + b"\n" + signature_type + public_key).digest()[:4]


def verifier_key(name: str, public_key: bytes, signature_type: bytes = ED25519_TYPE) -> str:
    """The verifier key text ``name+keyid+base64(type||key)`` (the Go ``note`` package format).

    What a verifier is given to check notes signed under ``name`` (:func:`open_checkpoint`);
    the key id is :func:`note_key_id`, the first 4 bytes of SHA-256(name || 0x0A || type ||
    key).

    Parameters
    ----------
    name : str
        The key name (for a log: its origin), without spaces or ``+``.
    public_key : bytes
        The 32 raw bytes of the Ed25519 public key.
    signature_type : bytes, default ``b"\\x01"``
        The C2SP signature type byte: 0x01 for Ed25519 note signatures, 0x04 for
        cosignature/v1.

    Returns
    -------
    str
        The verifier key text.

    Raises
    ------
    VerificationFailed
        The name is empty or has a space or ``+``.

    Examples
    --------
    >>> verifier_key("example.org/log", bytes(32))
    'example.org/log+70da24f6+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
    >>> key = SigningKey.from_seed(bytes(32))  # a fixed seed: never for a real key
    >>> verifier_key("example.org/log", key.public_key)
    'example.org/log+4e933303+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop'
    >>> verifier_key("example.org log", key.public_key)
    Traceback (most recent call last):
    ...
    accord.errors.VerificationFailed: the key name 'example.org log' is empty or has a space or '+'
    """
    if not _NAME.match(name):
        raise VerificationFailed(f"the key name {name!r} is empty or has a space or '+'")
    encoded = base64.b64encode(signature_type + public_key).decode()
    return f"{name}+{note_key_id(name, public_key, signature_type).hex()}+{encoded}"


def parse_verifier_key(text: str, signature_type: bytes = ED25519_TYPE) -> tuple[str, bytes, bytes]:
    """Parse a verifier key of ``signature_type`` into (name, key id, public key); check the id.

    >>> name, key_id, key = parse_verifier_key(verifier_key("example.org/log", bytes(32)))
    >>> name, key_id.hex(), key == bytes(32)
    ('example.org/log', '70da24f6', True)
    """
    parts = text.strip().split("+", 2)
    if len(parts) != 3 or not parts[0] or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
        raise VerificationFailed("a verifier key is <name>+<8 hex digits>+<base64 key>")
    name, key_id, raw = parts[0], bytes.fromhex(parts[1]), _b64(parts[2], "the verifier key")
    if len(raw) != 33 or raw[:1] != signature_type:
        raise VerificationFailed(
            f"the verifier key is not of type 0x{signature_type.hex()} with a 32-byte key"
        )
    if note_key_id(name, raw[1:], signature_type) != key_id:
        raise VerificationFailed("the verifier key's id does not match its name and key")
    return name, key_id, raw[1:]


@dataclass(frozen=True)
class Checkpoint:
    """A tree head: the log's origin, its size, its root hash, and optional extension lines."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def text(self) -> str:
        """The checkpoint's note text (what signatures cover)."""
        lines = [
            self.origin,
            str(self.size),
            base64.b64encode(self.root).decode(),
            *self.extensions,
        ]
        return "".join(f"{line}\n" for line in lines)

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form (root in base64, as in the note)."""
        return {
            "origin": self.origin,
            "size": self.size,
            "root": base64.b64encode(self.root).decode(),
        }


def parse_checkpoint_text(text: str) -> Checkpoint:
    """Parse a checkpoint's note text strictly.

    >>> parse_checkpoint_text("log\\n007\\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\\n")
    Traceback (most recent call last):
    ...
    accord.errors.VerificationFailed: checkpoint line 2: the tree size '007' is not canonical
    """
    if not text.endswith("\n") or "\r" in text:
        raise VerificationFailed("a checkpoint ends with a newline and has no carriage return")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise VerificationFailed("a checkpoint has an origin, a size and a root hash line")
    origin, size, root = lines[:3]
    if not origin or origin != origin.strip():
        raise VerificationFailed("checkpoint line 1: the origin is empty or has outer spaces")
    if not _SIZE.match(size) or int(size) >= 2**64:
        raise VerificationFailed(f"checkpoint line 2: the tree size {size!r} is not canonical")
    raw_root = _b64(root, "checkpoint line 3: the root hash")
    if len(raw_root) != HASH_SIZE:
        raise VerificationFailed(f"checkpoint line 3: the root hash is not {HASH_SIZE} bytes")
    extensions = tuple(lines[3:])
    if any(not line for line in extensions):
        raise VerificationFailed("a checkpoint has no empty line before its signatures")
    return Checkpoint(origin, int(size), raw_root, extensions)


def signature_line(name: str, key_id: bytes, signature: bytes) -> str:
    """One signature line of a note: ``— <name> base64(key id || signature)``.

    >>> signature_line("me", bytes(4), b"\\x00")
    '— me AAAAAAA=\\n'
    """
    if not _NAME.match(name):
        raise VerificationFailed(f"the key name {name!r} is empty or has a space or '+'")
    return f"— {name} {base64.b64encode(key_id + signature).decode()}\n"


def sign_note(text: str, name: str, key: SigningKey) -> str:
    """Return the signature line of ``key`` (named ``name``) over the note ``text``.

    >>> from accord.ledger._keys import SigningKey
    >>> sign_note("hello\\n", "me", SigningKey.from_seed(bytes(32)))[:5]
    '— me '
    """
    _check_text(text)
    return signature_line(name, note_key_id(name, key.public_key), key.sign(text.encode()))


def sign_checkpoint(checkpoint: Checkpoint, name: str, key: SigningKey) -> str:
    """Return the signed note of ``checkpoint``, signed by ``key`` under the key name ``name``.

    The note is the checkpoint's text (origin, size, base64 root, extension lines), a blank
    line and one C2SP signature line; Ed25519 is deterministic, so the same checkpoint and key
    always give the same note.

    Parameters
    ----------
    checkpoint : Checkpoint
        The tree head to sign.
    name : str
        The key name (for a log: its origin), without spaces or ``+``.
    key : SigningKey
        The log's private key.

    Returns
    -------
    str
        The signed note, ending in a newline.

    Raises
    ------
    VerificationFailed
        A key name with a space or ``+``, or a checkpoint text with a control character.

    Examples
    --------
    >>> key = SigningKey.from_seed(bytes(32))  # a fixed seed: never for a real key
    >>> cp = Checkpoint("example.org/log", 3, bytes(32))
    >>> note = sign_checkpoint(cp, "example.org/log", key)
    >>> print(note, end="")  # doctest: +ELLIPSIS
    example.org/log
    3
    AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
    <BLANKLINE>
    — example.org/log TpMzA...
    >>> note == sign_checkpoint(cp, "example.org/log", key)
    True
    """
    text = checkpoint.text()
    return f"{text}\n{sign_note(text, name, key)}"


def split_note(note: str) -> tuple[str, list[tuple[str, bytes, bytes]]]:
    """Split a signed note into its text and its (name, key id, signature) lines, strictly.

    >>> text, signatures = split_note("hello\\n\\n— me AAAAAAA=\\n")
    >>> text, signatures
    ('hello\\n', [('me', b'\\x00\\x00\\x00\\x00', b'\\x00')])
    """
    if len(note.encode()) > MAX_NOTE_BYTES:
        raise VerificationFailed(f"the signed note is larger than {MAX_NOTE_BYTES} bytes")
    cut = note.rfind("\n\n")
    if cut < 0 or not note.endswith("\n"):
        raise VerificationFailed("a signed note is text, a blank line and signature lines")
    text, block = note[: cut + 1], note[cut + 2 : -1]
    _check_text(text)
    signatures = []
    for number, line in enumerate(block.split("\n"), start=1):
        match = re.fullmatch(r"— (\S+) (\S+)", line)
        if not match or "+" in match[1]:
            raise VerificationFailed(f"signature line {number} is not '— <name> <base64>'")
        blob = _b64(match[2], f"signature line {number}")
        if len(blob) < 5:
            raise VerificationFailed(f"signature line {number} is too short")
        signatures.append((match[1], blob[:4], blob[4:]))
    if len(signatures) > MAX_SIGNATURES:
        raise VerificationFailed(f"the note has more than {MAX_SIGNATURES} signatures")
    return text, signatures


def open_note(note: str, verifier_keys: Iterable[str]) -> str:
    """Verify a signed note and return its text; raise :class:`VerificationFailed` otherwise.

    At least one signature must be by one of ``verifier_keys`` and verify; signatures by other
    keys are ignored (C2SP allows cosignatures); a failing signature by a known key is an error.
    """
    text, signatures = split_note(note)
    known = {(n, k): pk for n, k, pk in map(parse_verifier_key, verifier_keys)}
    verified = False
    for name, key_id, signature in signatures:
        public_key = known.get((name, key_id))
        if public_key is None:
            continue
        if not verify_signature(public_key, text.encode(), signature):
            raise VerificationFailed(f"the signature by {name} does not verify")
        verified = True
    if not verified:
        raise VerificationFailed("no signature by a known key")
    return text


def open_checkpoint(
    note: str, verifier_keys: Iterable[str], origin: str | None = None
) -> Checkpoint:
    """Verify a signed checkpoint (see :func:`open_note`), parse it, check ``origin`` if given.

    At least one signature must be by one of ``verifier_keys`` and verify; signatures by other
    keys are ignored (cosignatures), and a failing signature by a known key is an error. The
    note is parsed strictly (C2SP signed-note and tlog-checkpoint).

    Parameters
    ----------
    note : str
        The signed note (:func:`sign_checkpoint`).
    verifier_keys : iterable of str
        The verifier keys one trusts (:func:`verifier_key`).
    origin : str, optional
        The log the checkpoint must be for.

    Returns
    -------
    Checkpoint
        The verified tree head: origin, size, root hash and extension lines.

    Raises
    ------
    VerificationFailed
        No signature by a known key, a known key's signature that does not verify, a
        malformed note or verifier key, or another origin than ``origin``.

    Examples
    --------
    >>> key = SigningKey.from_seed(bytes(32))  # a fixed seed: never for a real key
    >>> trusted = [verifier_key("example.org/log", key.public_key)]
    >>> note = sign_checkpoint(Checkpoint("example.org/log", 3, bytes(32)), "example.org/log", key)
    >>> open_checkpoint(note, trusted, origin="example.org/log").size
    3
    >>> open_checkpoint(note.replace("\\n3\\n", "\\n4\\n"), trusted)  # the size was changed
    Traceback (most recent call last):
    ...
    accord.errors.VerificationFailed: the signature by example.org/log does not verify
    >>> stranger = SigningKey.from_seed(bytes([1]) * 32)
    >>> open_checkpoint(note, [verifier_key("example.org/log", stranger.public_key)])
    Traceback (most recent call last):
    ...
    accord.errors.VerificationFailed: no signature by a known key
    >>> open_checkpoint(note, trusted, origin="other.org/log")
    Traceback (most recent call last):
    ...
    accord.errors.VerificationFailed: the checkpoint is for 'example.org/log', not 'other.org/log'
    """
    checkpoint = parse_checkpoint_text(open_note(note, verifier_keys))
    if origin is not None and checkpoint.origin != origin:
        raise VerificationFailed(f"the checkpoint is for {checkpoint.origin!r}, not {origin!r}")
    return checkpoint


__all__ = [
    "Checkpoint",
    "note_key_id",
    "open_checkpoint",
    "open_note",
    "parse_checkpoint_text",
    "parse_verifier_key",
    "sign_checkpoint",
    "sign_note",
    "signature_line",
    "split_note",
    "verifier_key",
]
