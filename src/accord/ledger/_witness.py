"""A witness: cosigns a log's checkpoints only if each extends the one it cosigned before.

The protocol is C2SP tlog-witness (``POST /add-checkpoint``): the log sends ::

    old <size of the checkpoint the witness cosigned last>\\n
    <consistency proof from that size to the new one, one base64 hash a line>\\n ...
    \\n
    <the new signed checkpoint>

and the witness answers, for a log it knows (404 otherwise) and a checkpoint signed by that log's
key (403 otherwise):

- ``409`` with its own size (``text/x.tlog.size``) when ``old`` is not the size it cosigned last,
  so the log can send the right proof;
- ``409`` when the sizes are equal but the roots differ: a **fork**, two histories of one log;
- ``422`` when the consistency proof does not verify: the log rewrote its history;
- ``200`` with its cosignature line(s) (:mod:`accord.ledger._cosignature`) otherwise, having first
  made the new checkpoint its latest, atomically with the check (:class:`WitnessStore`).

A fork or a failed proof is *evidence*: two checkpoints signed by the same log key that cannot
both be true. The witness keeps every such pair (:meth:`WitnessStore.evidence`), whoever sent it:
anyone holding the log's key can show it to anyone.

Examples
--------
>>> from accord.ledger._checkpoint import Checkpoint, sign_checkpoint, verifier_key
>>> from accord.ledger.merkle import MerkleTree, leaf_hash
>>> log, me = SigningKey.from_seed(b"L" * 32), SigningKey.from_seed(b"W" * 32)
>>> tree = MerkleTree.from_leaf_hashes(leaf_hash(bytes([i])) for i in range(5))
>>> witness = Witness("w.example/1", me, [verifier_key("log", log.public_key)],
...                   WitnessStore(":memory:"), clock=lambda: 1700000000)
>>> def head(size): return sign_checkpoint(Checkpoint("log", size, tree.root(size)), "log", log)
>>> witness.add_checkpoint(f"old 0\\n\\n{head(3)}".encode())[:14]
'— w.example/1 '
>>> proof = "".join(b64(h) + "\\n" for h in tree.consistency_proof(3, 5))
>>> witness.add_checkpoint(f"old 3\\n{proof}\\n{head(5)}".encode()).count("\\n")
1
>>> witness.add_checkpoint(f"old 0\\n\\n{head(5)}".encode())
Traceback (most recent call last):
...
accord.ledger._witness.Refused: 409: this witness cosigned log at size 5, not 0
"""

from __future__ import annotations

import base64
import binascii
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from accord.errors import AccordError, VerificationFailed
from accord.ledger._checkpoint import (
    Checkpoint,
    open_checkpoint,
    parse_checkpoint_text,
    parse_verifier_key,
    split_note,
)
from accord.ledger._cosignature import cosign, cosigner_key
from accord.ledger._keys import SigningKey
from accord.ledger.merkle import EMPTY_ROOT, HASH_SIZE, check_consistency
from accord.ledger.store._witness_state import Seen, WitnessStore

MAX_REQUEST_BYTES = 1 << 17
"""Largest add-checkpoint body (a checkpoint note is at most 64 KiB, plus 63 proof lines)."""
MAX_PROOF_LINES = 63
SIZE_CONTENT_TYPE = "text/x.tlog.size"
_OLD = re.compile(r"old (0|[1-9][0-9]{0,19})")


class Refused(AccordError):
    """A refusal of the witness protocol: HTTP status, message and, for 409, the known size."""

    def __init__(
        self,
        status: int,
        message: str,
        size: int | None = None,
        evidence: tuple[str, str, str] | None = None,
    ) -> None:
        super().__init__(f"{status}: {message}")
        self.status, self.message, self.size = status, message, size
        self.evidence = evidence
        """(kind, the note cosigned before, the note offered) when the log contradicts itself."""


@dataclass(frozen=True)
class AddCheckpoint:
    """A parsed ``add-checkpoint`` request."""

    old_size: int
    proof: tuple[bytes, ...]
    note: str


def b64(data: bytes) -> str:
    """Standard base64 text (the proof lines' encoding)."""
    return base64.b64encode(data).decode("ascii")


def parse_request(body: bytes) -> AddCheckpoint:
    """Parse an ``add-checkpoint`` body strictly; :class:`Refused` (400) says what is wrong."""
    if len(body) > MAX_REQUEST_BYTES:
        raise Refused(400, f"the request is larger than {MAX_REQUEST_BYTES} bytes")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "the request is not UTF-8") from None
    head, blank, note = text.partition("\n\n")
    lines = head.split("\n")
    match = _OLD.fullmatch(lines[0])
    if not blank or match is None:
        raise Refused(400, "the request starts with 'old <size>', proof lines and a blank line")
    if len(lines) - 1 > MAX_PROOF_LINES:
        raise Refused(400, f"more than {MAX_PROOF_LINES} consistency proof lines")
    proof = []
    for number, line in enumerate(lines[1:], start=2):
        try:
            raw = base64.b64decode(line.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            raw = b""
        if len(raw) != HASH_SIZE or b64(raw) != line:
            raise Refused(400, f"line {number} is not a base64 hash")
        proof.append(raw)
    return AddCheckpoint(int(match[1]), tuple(proof), note)


class Witness:
    """One witness: its name and key, the logs it follows (by verifier key) and its state."""

    def __init__(
        self,
        name: str,
        key: SigningKey,
        logs: Iterable[str],
        store: WitnessStore,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.name, self.key, self.store, self.clock = name, key, store, clock
        self.logs: dict[str, list[str]] = {}
        for vkey in logs:
            self.logs.setdefault(parse_verifier_key(vkey)[0], []).append(vkey)
        self.verifier_key = cosigner_key(name, key.public_key)
        """What clients name this witness by (``--witness KEY``)."""

    def add_checkpoint(self, body: bytes) -> str:
        """Handle one ``add-checkpoint`` request; return the cosignature line (200) or raise
        :class:`Refused` (see the module docstring)."""
        request = parse_request(body)
        head = self._open(request.note)
        if request.old_size > head.size:
            raise Refused(400, f"old size {request.old_size} is above the checkpoint's {head.size}")
        try:
            with self.store.transaction(head.origin) as (known, keep):
                self._check(request, head, known)
                keep(Seen(head.size, head.root, request.note))
        except Refused as refusal:
            if refusal.evidence is not None:
                self.store.record_evidence(head.origin, *refusal.evidence)
            raise
        text = head.text()
        return cosign(text, self.name, self.key, max(0, int(self.clock())))

    def _open(self, note: str) -> Checkpoint:
        try:
            origin = parse_checkpoint_text(split_note(note)[0]).origin
        except VerificationFailed as error:
            raise Refused(400, f"not a signed checkpoint: {error}") from None
        keys = self.logs.get(origin)
        if keys is None:
            raise Refused(404, f"this witness does not follow the log {origin!r}")
        try:
            return open_checkpoint(note, keys, origin=origin)
        except VerificationFailed as error:
            raise Refused(403, f"the checkpoint is not signed by the log's key: {error}") from None

    def _check(self, request: AddCheckpoint, head: Checkpoint, known: Seen | None) -> None:
        known_size = 0 if known is None else known.size
        if request.old_size != known_size:
            raise Refused(
                409,
                f"this witness cosigned {head.origin} at size {known_size}, not {request.old_size}",
                known_size,
            )
        if known is None:
            if request.proof or (head.size == 0 and head.root != EMPTY_ROOT):
                raise Refused(422, "a first checkpoint comes with no consistency proof")
            return
        if request.old_size == head.size:
            if head.root != known.root:
                raise Refused(
                    409,
                    f"fork: another root for size {head.size} of {head.origin}",
                    known.size,
                    ("fork", known.note, request.note),
                )
            return
        try:
            check_consistency(known.size, head.size, request.proof, known.root, head.root)
        except VerificationFailed as error:
            raise Refused(
                422,
                f"the checkpoint does not extend size {known.size}: {error}",
                evidence=("inconsistent", known.note, request.note),
            ) from None


__all__ = ["MAX_REQUEST_BYTES", "SIZE_CONTENT_TYPE", "AddCheckpoint", "Refused", "Witness",
           "parse_request"]  # fmt: skip
