"""Signed receipts: what a party keeps to show anyone, offline, that the log holds its entry.

A receipt is a self-contained JSON document (``"kind": "ledger.receipt"``)::

    {"accord": 1, "kind": "ledger.receipt", "origin": ..., "index": 7,
     "entry": ENVELOPE, "signature": SIG, "log_time": "2026-11-23T11:40:00.123Z",
     "leaf_hash": base64, "checkpoint": SIGNED NOTE, "tree_size": 8, "root_hash": base64,
     "inclusion_proof": [base64, ...]}

The checkpoint is a C2SP signed note by the log's key (and, once witnessed, cosignatures) whose
tree includes the entry; the inclusion proof leads from the entry's leaf (the JCS encoding of
entry, log time and signature, :class:`~accord.ledger._entries.LoggedEntry`) to that tree's root.
:func:`verify_receipt` checks all of it against the log key the verifier trusts, so a server
that stores nothing, or shows a root it never signed, cannot produce a receipt that verifies.
``tree_size``, ``root_hash`` and ``leaf_hash`` are there for people to read; they must agree with
the checkpoint and the entry.

Examples
--------
>>> from accord.ledger._checkpoint import Checkpoint, sign_checkpoint, verifier_key
>>> from accord.ledger._demo import Cast, jcpoa_story
>>> from accord.ledger._keys import SigningKey
>>> from accord.ledger.merkle import MerkleTree
>>> entries, log_key = jcpoa_story(Cast()), SigningKey.from_seed(b"L" * 32)
>>> tree = MerkleTree.from_leaf_hashes(e.leaf_hash() for e in entries)
>>> note = sign_checkpoint(Checkpoint("demo", tree.size, tree.root()), "demo", log_key)
>>> receipt = make_receipt("demo", 5, entries[5], note, tree.size, tree.inclusion_proof(5))
>>> verify_receipt(parse_receipt(receipt.to_dict()), [verifier_key("demo", log_key.public_key)])
Checkpoint(origin='demo', size=12, root=..., extensions=())
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from accord.errors import InputError, VerificationFailed
from accord.ledger._checkpoint import Checkpoint, open_checkpoint
from accord.ledger._entries import LoggedEntry, SignedEntry, parse_logged_entry
from accord.ledger.merkle import HASH_SIZE, check_inclusion

RECEIPT_KIND = "ledger.receipt"
MAX_PROOF = 64


@dataclass(frozen=True)
class Receipt:
    """An entry as logged, a signed checkpoint covering it, and its inclusion proof."""

    origin: str
    index: int
    entry: LoggedEntry
    checkpoint: str
    tree_size: int
    inclusion_proof: tuple[bytes, ...]

    def to_dict(self) -> dict[str, Any]:
        """The receipt document (see the module docstring)."""
        return {"accord": 1, "kind": RECEIPT_KIND, **self.payload()}

    def payload(self) -> dict[str, Any]:
        """The receipt document without its first two keys (``accord`` and ``kind``)."""
        logged = self.entry.to_dict()
        root = _root_of(self.checkpoint)
        return {
            "origin": self.origin,
            "index": self.index,
            "entry": logged["entry"],
            "signature": logged["signature"],
            "log_time": logged["log_time"],
            "leaf_hash": b64(self.entry.leaf_hash()),
            "checkpoint": self.checkpoint,
            "tree_size": self.tree_size,
            "root_hash": root,
            "inclusion_proof": [b64(h) for h in self.inclusion_proof],
        }

    def to_json(self) -> bytes:
        """:meth:`to_dict` as JSON text (UTF-8), written without building the dict: the entry is
        its canonical (JCS) encoding as signed, already at hand; the same document.

        >>> from accord.ledger._demo import Cast, jcpoa_story
        >>> entry = jcpoa_story(Cast())[0]
        >>> receipt = Receipt("demo", 0, entry, "demo\\n1\\nAAAA\\n\\n— x\\n", 1, ())
        >>> json.loads(receipt.to_json()) == receipt.to_dict()
        True
        """
        head, tail = self.entry.signed.leaf_parts()  # '{"entry":' ENVELOPE, ',"signature":S}'
        proof = ",".join([f'"{b64(h)}"' for h in self.inclusion_proof])
        start = f'{{"accord":1,"kind":"{RECEIPT_KIND}","origin":{json.dumps(self.origin)},'
        end = (
            f',"log_time":{json.dumps(self.entry.log_time)},'
            f'"leaf_hash":"{b64(self.entry.leaf_hash())}",'
            f'"checkpoint":{json.dumps(self.checkpoint)},"tree_size":{self.tree_size},'
            f'"root_hash":{json.dumps(_root_of(self.checkpoint))},"inclusion_proof":[{proof}]}}'
        )
        return b"".join(
            [(start + f'"index":{self.index},').encode(), head[1:], tail[:-1], end.encode()]
        )


def b64(data: bytes) -> str:
    """Standard base64 text (the one encoding of hashes in Accord's ledger outputs).

    >>> b64(bytes(3))
    'AAAA'
    """
    return base64.b64encode(data).decode("ascii")


def _root_of(note: str) -> str | None:
    lines = note.split("\n")
    return lines[2] if len(lines) > 2 else None


def make_receipt(
    origin: str,
    index: int,
    entry: LoggedEntry,
    checkpoint: str,
    tree_size: int,
    proof: Sequence[bytes],
) -> Receipt:
    """Assemble a receipt (the service's answer to a submission, or ``ledger prove``)."""
    return Receipt(origin, index, entry, checkpoint, tree_size, tuple(proof))


def _decode(value: object, what: str) -> bytes:
    try:
        raw = base64.b64decode(str(value).encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise InputError(f"the receipt's {what} is not base64") from None
    if len(raw) != HASH_SIZE:
        raise InputError(f"the receipt's {what} is not a {HASH_SIZE}-byte hash")
    return raw


def parse_receipt(data: Mapping[str, Any]) -> Receipt:
    """Read a receipt document strictly; :class:`InputError` says what is missing or wrong.

    >>> parse_receipt({"kind": "ledger.status"})
    Traceback (most recent call last):
    ...
    accord.errors.InputError: not a ledger receipt (expected "kind": "ledger.receipt")
    """
    if not isinstance(data, Mapping) or data.get("kind") != RECEIPT_KIND:
        raise InputError(f'not a ledger receipt (expected "kind": "{RECEIPT_KIND}")')
    origin, index, size, note = (
        data.get(k) for k in ("origin", "index", "tree_size", "checkpoint")
    )
    if not isinstance(origin, str) or not isinstance(note, str):
        raise InputError("a receipt has an origin and a checkpoint (signed note text)")
    for name, value in (("index", index), ("tree_size", size)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InputError(f"the receipt's {name} must be a whole number >= 0")
    proof = data.get("inclusion_proof")
    if not isinstance(proof, list) or len(proof) > MAX_PROOF:
        raise InputError(f"the receipt's inclusion_proof must be a list of at most {MAX_PROOF}")
    entry = parse_logged_entry({k: data.get(k) for k in ("entry", "log_time", "signature")})
    hashes = tuple(_decode(h, f"inclusion_proof[{i}]") for i, h in enumerate(proof))
    receipt = Receipt(origin, int(index), entry, note, int(size), hashes)  # type: ignore[arg-type]
    listed = data.get("leaf_hash")
    if listed is not None and _decode(listed, "leaf_hash") != entry.leaf_hash():
        raise InputError("the receipt's leaf_hash is not the hash of its entry and log time")
    return receipt


def verify_receipt(
    receipt: Receipt,
    log_keys: Iterable[str],
    *,
    sent: SignedEntry | None = None,
) -> Checkpoint:
    """Check a receipt against the log keys the verifier trusts; return its checkpoint.

    Raises :class:`VerificationFailed` with the reason: the checkpoint is not signed by a trusted
    log key or is for another log, the entry is not the one ``sent``, or the inclusion proof
    does not lead to the checkpoint's root.
    """
    head = open_checkpoint(receipt.checkpoint, list(log_keys), origin=receipt.origin)
    if head.size != receipt.tree_size:
        raise VerificationFailed(
            f"the receipt says tree size {receipt.tree_size}, its checkpoint {head.size}"
        )
    if sent is not None and sent.canonical() != receipt.entry.signed.canonical():
        raise VerificationFailed("the receipt is for another entry than the one sent")
    try:
        check_inclusion(
            receipt.entry.leaf_hash(), receipt.index, head.size, receipt.inclusion_proof, head.root
        )
    except VerificationFailed as error:
        raise VerificationFailed(
            f"the entry is not proven to be entry {receipt.index} of the signed tree: {error}"
        ) from None
    return head


__all__ = ["RECEIPT_KIND", "Receipt", "b64", "make_receipt", "parse_receipt", "verify_receipt"]
