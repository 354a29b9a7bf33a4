"""Witness cosignatures of checkpoints: the C2SP tlog-cosignature format (``cosignature/v1``).

A witness that has checked a checkpoint's consistency with everything it saw of the log before
adds a *cosignature*: a signed-note signature line ::

    — <witness name> base64(key id (4 bytes) || timestamp (8 bytes, big-endian) || Ed25519 sig)

whose key id is SHA-256(name || 0x0A || 0x04 || public key)[:4] (type 0x04, so a witness key
can never pass for a log key) and whose signature covers ::

    cosignature/v1\\n
    time <timestamp, decimal>\\n
    <the checkpoint's note text>

Semantically: "as of this time, this is the largest tree head of the log I have seen that is
consistent with every one I saw before". A client that demands ``quorum`` of ``n`` named
witnesses (:func:`verify_quorum`) is protected from a split view unless that many witnesses
signed both sides.

Examples
--------
>>> from accord.ledger._checkpoint import Checkpoint
>>> from accord.ledger._keys import SigningKey
>>> key = SigningKey.from_seed(bytes(32))
>>> text = Checkpoint("example.org/log", 8, bytes(32)).text()
>>> line = cosign(text, "witness.example/w1", key, 1679315147)
>>> line.startswith("— witness.example/w1 ")
True
>>> vkey = cosigner_key("witness.example/w1", key.public_key)
>>> [c.timestamp for c in verify_quorum(text + "\\n" + line, [vkey], 1)]
[1679315147]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from accord.errors import VerificationFailed
from accord.ledger._checkpoint import (
    note_key_id,
    parse_verifier_key,
    signature_line,
    split_note,
    verifier_key,
)
from accord.ledger._keys import SigningKey, verify_signature

COSIGNATURE_TYPE = b"\x04"
"""Signature type of Ed25519 cosignature/v1 in key ids and verifier keys (C2SP)."""

HEADER = "cosignature/v1"
MAX_TIMESTAMP = 2**63 - 1


@dataclass(frozen=True)
class Cosignature:
    """A verified cosignature: which witness (name, verifier key) and when it signed."""

    witness: str
    verifier_key: str
    timestamp: int

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form."""
        return {"witness": self.witness, "verifier_key": self.verifier_key,
                "timestamp": self.timestamp}  # fmt: skip


def cosigner_key(name: str, public_key: bytes) -> str:
    """The witness's verifier key ``name+keyid+base64(0x04||key)``.

    >>> cosigner_key("witness.example/w1", bytes(32))[:28]
    'witness.example/w1+490ca8b1+'
    """
    return verifier_key(name, public_key, COSIGNATURE_TYPE)


def parse_cosigner_key(text: str) -> tuple[str, bytes, bytes]:
    """(name, key id, public key) of a witness verifier key (type 0x04), id checked."""
    return parse_verifier_key(text, COSIGNATURE_TYPE)


def cosigned_message(text: str, timestamp: int) -> bytes:
    """The bytes a cosignature signs: the header line, the time line, then the note text.

    >>> cosigned_message("o\\n1\\nAAAA\\n", 7)
    b'cosignature/v1\\ntime 7\\no\\n1\\nAAAA\\n'
    """
    if not isinstance(timestamp, int) or not 0 <= timestamp <= MAX_TIMESTAMP:
        raise VerificationFailed(f"a cosignature timestamp is 0..2^63-1, not {timestamp!r}")
    return f"{HEADER}\ntime {timestamp}\n{text}".encode()


def cosign(text: str, name: str, key: SigningKey, timestamp: int) -> str:
    """The cosignature line of the witness ``name`` (``key``) over the checkpoint ``text``."""
    signature = key.sign(cosigned_message(text, timestamp))
    key_id = note_key_id(name, key.public_key, COSIGNATURE_TYPE)
    return signature_line(name, key_id, timestamp.to_bytes(8, "big") + signature)


def verify_quorum(note: str, witnesses: Iterable[str], quorum: int) -> list[Cosignature]:
    """Check that at least ``quorum`` of the named ``witnesses`` cosigned the note.

    ``witnesses`` are verifier keys (type 0x04). Lines by other keys are ignored; a line by a
    named witness that does not verify, or a timestamp above 2^63-1, is an error (never skipped:
    a witness's key signing garbage is worth knowing). Each witness counts once. Returns the
    verified cosignatures; raises :class:`VerificationFailed` naming how many were found.
    """
    text, signatures = split_note(note)
    known = {}
    for vkey in witnesses:
        name, key_id, public = parse_cosigner_key(vkey)
        known[(name, key_id)] = (public, vkey)
    if quorum > len(known):
        raise VerificationFailed(f"a quorum of {quorum} needs at least {quorum} named witnesses")
    found: dict[str, Cosignature] = {}
    for name, key_id, blob in signatures:
        entry = known.get((name, key_id))
        if entry is None:
            continue
        public, vkey = entry
        if len(blob) != 72:
            raise VerificationFailed(f"the cosignature by {name} is not 8 + 64 bytes")
        timestamp = int.from_bytes(blob[:8], "big")
        if timestamp > MAX_TIMESTAMP:
            raise VerificationFailed(f"the cosignature by {name} has a timestamp above 2^63-1")
        if not verify_signature(public, cosigned_message(text, timestamp), blob[8:]):
            raise VerificationFailed(f"the cosignature by {name} does not verify")
        found.setdefault(vkey, Cosignature(name, vkey, timestamp))
    if len(found) < quorum:
        names = ", ".join(sorted(c.witness for c in found.values())) or "none"
        raise VerificationFailed(
            f"the checkpoint carries {len(found)} valid cosignature(s) of the {len(known)} "
            f"named witnesses ({names}); {quorum} are required"
        )
    return list(found.values())


__all__ = [
    "COSIGNATURE_TYPE",
    "Cosignature",
    "cosign",
    "cosigned_message",
    "cosigner_key",
    "parse_cosigner_key",
    "verify_quorum",
]
