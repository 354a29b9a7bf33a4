"""Checkpoints of a ledger client: the log's signed checkpoint (or its witnessed one, with a
quorum of cosignatures), and the consistency proof that a newer checkpoint extends an older one.
"""

from __future__ import annotations

import base64
import binascii
import time
from typing import Any

from accord.errors import Rejected, VerificationFailed
from accord.frontend._ledger_connection import LedgerConnection
from accord.ledger._checkpoint import Checkpoint
from accord.ledger._cosignature import verify_quorum
from accord.ledger.merkle import check_consistency


def proof_hashes(values: object, what: str) -> list[bytes]:
    """The hashes of a proof as the service sent them (a list of base64 texts), decoded.

    >>> proof_hashes(["AAE="], "the proof")
    [b'\\x00\\x01']
    """
    if not isinstance(values, list):
        raise VerificationFailed(f"{what} is not a list of hashes")
    try:
        return [base64.b64decode(str(v).encode("ascii"), validate=True) for v in values]
    except (binascii.Error, UnicodeEncodeError):
        raise VerificationFailed(f"{what} is not base64") from None


class CheckpointClient(LedgerConnection):
    """The checkpoint reads of :class:`~accord.frontend._ledger_client.LedgerClient`."""

    def checkpoint(
        self, witnesses: list[str] | None = None, quorum: int = 0, wait: float = 0.0
    ) -> tuple[str, Checkpoint]:
        """The current signed checkpoint (note text) and what it says, checked against the key.

        With ``quorum`` > 0, the latest *witnessed* checkpoint, which must also carry valid
        cosignatures of at least ``quorum`` of the named ``witnesses``; ``wait`` seconds are
        given to the log's witnessing to cover every entry the log held when asked.
        """
        if quorum <= 0:
            note = self._request("GET", "/v1/checkpoint").text
            return note, self.open(note)
        target = int(self._object("GET", "/v1/log").get("tree_size", 0)) if wait > 0 else 0
        deadline = time.monotonic() + wait
        while True:
            try:
                note, head = self._witnessed(witnesses or [], quorum)
                if head.size >= target:
                    return note, head
                problem = VerificationFailed(f"the witnessed checkpoint covers {head.size} of "
                                             f"the {target} entries")  # fmt: skip
            except VerificationFailed as error:
                problem = error
            if time.monotonic() >= deadline:
                raise problem
            time.sleep(0.2)

    def _witnessed(self, witnesses: list[str], quorum: int) -> tuple[str, Checkpoint]:
        try:
            note = self._request("GET", "/v1/checkpoint/witnessed").text
        except Rejected as error:
            raise VerificationFailed(f"the log shows no witnessed checkpoint: {error}") from None
        head = self.open(note)
        verify_quorum(note, witnesses, quorum)
        return note, head

    def checkpoint_extending(
        self, old: Checkpoint, witnesses: list[str] | None = None, quorum: int = 0
    ) -> tuple[str, Checkpoint]:
        """The log's current signed checkpoint (as :meth:`checkpoint`), checked by the log's
        consistency proof to extend ``old`` (or raise :class:`VerificationFailed`).

        Without a witness ``quorum``, one request: the proof from ``old.size`` to the current
        size comes with the signed checkpoint of that size, whose signature is checked here
        before the proof is checked against its root. A service that does not send the
        checkpoint with the proof, or refuses the size (a log that shrank), is asked the usual
        way: the checkpoint, then the proof between the two sizes.
        """
        if quorum <= 0:
            try:
                answer = self._object("GET", "/v1/proofs/consistency",
                                      params={"old_size": old.size})  # fmt: skip
            except Rejected as error:
                if error.status != 404:
                    raise
                answer = {}
            note = answer.get("checkpoint")
            if isinstance(note, str):
                head = self.open(note)
                self._check_proof(old, head, answer)
                return note, head
        note, head = self.checkpoint(witnesses, quorum)
        self.check_consistency(old, head)
        return note, head

    def check_consistency(self, old: Checkpoint, new: Checkpoint) -> None:
        """Check, by the service's consistency proof, that ``new`` extends ``old`` (or raise)."""
        params = {"old_size": old.size, "new_size": new.size}
        shrank = old.size > new.size
        answer = {} if shrank else self._object("GET", "/v1/proofs/consistency", params=params)
        self._check_proof(old, new, answer)

    @staticmethod
    def _check_proof(old: Checkpoint, new: Checkpoint, answer: dict[str, Any]) -> None:
        """Check the consistency proof in the service's ``answer`` from ``old`` to ``new``."""
        if old.size > new.size:
            raise VerificationFailed(
                f"the log shrank: a checkpoint of {old.size} entries was seen before, "
                f"now {new.size}"
            )
        proof = proof_hashes(answer.get("proof"), "the consistency proof")
        try:
            check_consistency(old.size, new.size, proof, old.root, new.root)
        except VerificationFailed as error:
            raise VerificationFailed(
                f"the log's checkpoint of {new.size} entries is not an extension of the one of "
                f"{old.size} seen before ({error}): the log was rewritten, or shows different "
                "histories to different people"
            ) from None
