"""Participants' keys over the years: rotation and revocation, each an entry of the log.

- ``key_rotation`` ``{participant, public_key, challenge, proof}``: the participant files it
  itself, signed by its *current* key (the old key vouches for the new one), with the new key's
  proof of possession (the registration message for the same ledger and id). After a
  revocation, only an administrator can file it (the participant's own key no longer counts):
  recovery after a loss or a theft, visible in the log as a revocation followed by a new key.
- ``key_revocation`` ``{participant, reason}``: filed by the participant or by an administrator.
  From then on nothing signed by the participant is admitted until a new key is set.

**An entry is judged by the key its submitter had at the entry's log time.** The admission
rules replay the log in order (in the service and in the offline audit), so an entry signed
before a rotation stays valid for good, years later, and one signed with the old key after the
rotation is refused. A revocation does not reach back: the entries before it stay valid;
otherwise a party could disown its own co-signature by "revoking" its key. A party that believes
entries were forged with a stolen key disputes them (a ``dispute`` or ``note`` with ``about``).

A key is used once in a ledger: no participant may take a key any participant has had.

Examples
--------
>>> from accord.ledger._demo import Cast
>>> cast = Cast()
>>> ring = Keyring.of([cast.members["registrar"].participant])
>>> ring.history["registrar"][0][0]  # given out of band: valid from the start
-1
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from accord.ledger._entry_bodies import KeyRevocation, KeyRotation
from accord.ledger._keys import verify_possession
from accord.ledger._participants import Participant, Role

Problem = tuple[str, str]
"""A refusal's code and reason (see :class:`accord.ledger._refusals.Refusal`)."""


@dataclass
class Keyring:
    """Every participant's keys, each with the index from which it is valid, and revocations."""

    history: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    revoked: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, founders: Iterable[Participant]) -> Keyring:
        """The keyring of an empty log: the founders' keys, given out of band (index -1)."""
        return cls({p.id: [(-1, p.public_key)] for p in founders})

    def holder(self, public_key: str) -> str | None:
        """The participant that has, or once had, ``public_key`` (None: nobody)."""
        for participant, keys in self.history.items():
            if any(key == public_key for _, key in keys):
                return participant
        return None

    def key_since(self, participant: str) -> int:
        """The index of the entry from which the participant's current key is valid."""
        return self.history[participant][-1][0]

    def register(self, participant: Participant, index: int) -> None:
        """Record the key of a participant registered by entry ``index``."""
        self.history[participant.id] = [(index, participant.public_key)]

    def revocation_problem(self, submitter: str) -> Problem | None:
        """Why ``submitter`` can file nothing now (its key is revoked), or None."""
        if submitter not in self.revoked:
            return None
        return "revoked", (
            f"{submitter}'s key was revoked at entry {self.revoked[submitter]}: nothing it signs "
            "is admitted until an administrator sets a new key (key_rotation)"
        )

    def problem(
        self,
        ledger: str,
        submitter: Participant,
        body: KeyRotation | KeyRevocation,
        participants: Mapping[str, Participant],
    ) -> Problem | None:
        """Why the key entry must be refused (who may file it, the target, the new key)."""
        target = body.participant
        if target not in participants:
            return "invalid_reference", f"{target} is not a registered participant"
        on_own = submitter.id == target
        if not on_own and submitter.role is not Role.ADMINISTRATOR:
            return "forbidden", (
                f"{submitter.id} may not change {target}'s key: only {target} or an administrator"
            )
        if isinstance(body, KeyRevocation):
            return None
        if not on_own and target not in self.revoked:
            return "forbidden", (
                f"an administrator sets a new key only for a revoked participant; {target}'s key "
                "is valid (it rotates its own key, or its key is revoked first)"
            )
        return self._new_key_problem(ledger, body)

    def _new_key_problem(self, ledger: str, body: KeyRotation) -> Problem | None:
        holder = self.holder(body.public_key)
        if holder is not None:
            return "duplicate", f"that key is, or was, {holder}'s: a key is used once in a ledger"
        proof = proof_bytes(body.proof)
        key = base64.b64decode(body.public_key)
        if not verify_possession(ledger, body.participant, key, body.challenge, proof):
            return "bad_signature", f"the proof of possession of {body.participant}'s new key fails"
        return None

    def apply(
        self, index: int, body: KeyRotation | KeyRevocation, participants: dict[str, Participant]
    ) -> None:
        """Take an admitted key entry into account (``participants`` gets the new key)."""
        target = body.participant
        if isinstance(body, KeyRevocation):
            self.revoked[target] = index
            return
        self.revoked.pop(target, None)
        self.history.setdefault(target, []).append((index, body.public_key))
        participants[target] = participants[target].model_copy(
            update={"public_key": body.public_key}
        )


def proof_bytes(text: str) -> bytes:
    """The bytes of a base64 signature (empty if it is not base64: it then fails to verify)."""
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return b""


__all__ = ["Keyring", "proof_bytes"]
