"""The typed bodies of ledger entries, one pydantic model per kind.

Every body is strict (no type coercion: ``"5"`` is not a number) and forbids unknown keys, so
the JSON a submitter signs is exactly the JSON the ledger interprets. Entries refer to earlier
entries by their log *index* (``agreement``, ``amendment``, ``about``), to the exact entry a
party consents to also by its *leaf hash* (``leaf_hash``), and to commitments by their id
(``s<N>.<party>.<item>``, see :mod:`accord.ledger._agreements`). Consent (co-signatures,
amendments, withdrawals) is explained in :mod:`accord.ledger._consent`.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from accord.errors import InputError
from accord.ledger._agreements import Commitment, commitments_from_plan
from accord.ledger._keys import decode_public_key
from accord.ledger._participants import Participant
from accord.limits import Limits
from accord.scenario._base import Id, Model

MAX_TEXT = 10_000
"""Maximum length in characters of a free-text field."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT)]
Title = Annotated[str, StringConstraints(min_length=1, max_length=200)]


def _real_day(value: str) -> str:
    date.fromisoformat(value)  # raises ValueError for 2019-02-30
    return value


Day = Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_real_day)]
COMMITMENT_ID = r"^s[1-9][0-9]*\.[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"
CommitmentId = Annotated[str, StringConstraints(pattern=COMMITMENT_ID, max_length=140)]
Index = Annotated[int, Field(ge=0)]


def _leaf_hash_text(value: str) -> str:
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ValueError("a leaf hash is base64 of 32 bytes") from None
    if len(raw) != 32 or base64.b64encode(raw).decode("ascii") != value:
        raise ValueError("a leaf hash is base64 of 32 bytes")
    return value


LeafHash = Annotated[str, StringConstraints(max_length=44), AfterValidator(_leaf_hash_text)]
NUMBER_SIZE = Limits().number_size
"""The largest number a body may hold: the scenario's ``number_size`` limit, the same for what
is posted to the ledger as for a file."""
Amount = Annotated[float, Field(gt=0, le=NUMBER_SIZE, allow_inf_nan=False)]
Quantity = Annotated[float, Field(ge=-NUMBER_SIZE, le=NUMBER_SIZE, allow_inf_nan=False)]


class Body(Model):
    """Base of every entry body: frozen, strict types, unknown keys forbidden."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Registration(Body):
    """An administrator registers a participant; the participant's proof of possession."""

    participant: Participant = Field(description="The participant registered (id, role, key).")
    challenge: Annotated[str, StringConstraints(min_length=1, max_length=256)] = Field(
        description="The challenge the participant signed (chosen by the registrar)."
    )
    proof: str = Field(
        description="base64 Ed25519 signature by the participant's key of the registration "
        "message (accord.ledger._keys.registration_message) for this ledger, id and challenge."
    )


class KeyRotation(Body):
    """A participant's new key, with its proof of possession (see :mod:`accord.ledger._keyring`)."""

    participant: Id = Field(description="Whose key changes.")
    public_key: str = Field(description="The new Ed25519 public key, base64 of its 32 bytes.")
    challenge: Annotated[str, StringConstraints(min_length=1, max_length=256)] = Field(
        description="The challenge the new key signed (chosen by the filer)."
    )
    proof: str = Field(
        description="base64 signature by the new key of the registration message "
        "(accord.ledger._keys.registration_message) for this ledger, id and challenge."
    )

    @field_validator("public_key")
    @classmethod
    def _sound_key(cls, value: str) -> str:
        try:
            decode_public_key(value)
        except InputError as error:
            raise ValueError(error.message) from None
        return value


class KeyRevocation(Body):
    """A participant's key is revoked: nothing it signs is admitted until a new key is set."""

    participant: Id = Field(description="Whose key is revoked.")
    reason: Text = Field(description="Why (lost, stolen, the delegate left office, ...).")


class Declaration(Body):
    """A party states facts about itself (an inventory, a site list, a moratorium)."""

    party: Id = Field(description="The declaring party (the submitter must be its delegate).")
    subject: Title = Field(description="What is declared, e.g. 'enrichment sites'.")
    statement: Text = Field(description="The declaration itself.")
    quantities: dict[Id, Quantity] = Field(
        default_factory=dict, max_length=200, description="Declared quantities by item."
    )


class Proposal(Body):
    """A party proposes terms (a package, a plan) for the others to consider."""

    party: Id = Field(description="The proposing party.")
    title: Title = Field(description="A short name for the proposal.")
    text: Text = Field(description="The proposal in words.")
    package: dict[str, Any] | None = Field(
        default=None, description="The proposed package or plan as JSON (loosely typed)."
    )


class BodyError(ValueError):
    """A body that does not validate, with the hint of the error behind it (pydantic turns
    only ``ValueError`` into a validation error)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


def _readable_plan(plan: dict[str, Any]) -> list[Commitment]:
    try:
        return commitments_from_plan(plan)
    except InputError as error:
        raise BodyError(error.message, error.hint) from None


class Agreement(Body):
    """The agreed phased plan (as produced by ``accord plan --json``) and its parties."""

    title: Title = Field(description="The agreement's name.")
    parties: list[Id] = Field(min_length=2, max_length=50, description="Parties bound.")
    plan: dict[str, Any] = Field(
        description="The phased plan; keys read: steps[].{name,date,deliveries,verification}, "
        "verification, grace_days (see accord.ledger._agreements)."
    )

    @model_validator(mode="after")
    def _plan_readable(self) -> Self:
        if len(set(self.parties)) != len(self.parties):
            raise ValueError("a party is listed twice")
        commitments = _readable_plan(self.plan)
        strangers = sorted({c.party for c in commitments} - set(self.parties))
        if strangers:
            raise ValueError(f"the plan has deliveries by non-parties: {', '.join(strangers)}")
        return self


class CoSignature(Body):
    """A party's delegate co-signs an agreement, or an amendment of it: the party consents."""

    agreement: Index = Field(description="Log index of the agreement entry.")
    amendment: Index | None = Field(
        default=None, description="Log index of the amendment co-signed (none: the agreement)."
    )
    leaf_hash: LeafHash = Field(
        description="base64 leaf hash of the entry co-signed (the agreement, or the amendment): "
        "the exact text, as logged, the party consents to."
    )
    party: Id = Field(description="The consenting party (the submitter must be its delegate).")


class Amendment(Body):
    """A party proposes new terms for an agreement in force; they bind once all co-signed."""

    agreement: Index = Field(description="Log index of the agreement entry amended.")
    leaf_hash: LeafHash = Field(description="base64 leaf hash of that agreement entry.")
    party: Id = Field(description="The proposing party (the submitter must be its delegate).")
    plan: dict[str, Any] = Field(description="The complete new plan (same keys as an agreement's).")
    reason: Text = Field(description="Why the terms change.")

    @model_validator(mode="after")
    def _plan_readable(self) -> Self:
        _readable_plan(self.plan)
        return self


class Withdrawal(Body):
    """A party withdraws: from an agreement, or its consent to a proposal not yet in force."""

    agreement: Index = Field(description="Log index of the agreement entry.")
    amendment: Index | None = Field(
        default=None,
        description="Log index of a pending amendment withdrawn from (none: the agreement itself).",
    )
    party: Id = Field(description="The withdrawing party (the submitter must be its delegate).")
    reason: Text = Field(description="Why.")


class DeliveryClaim(Body):
    """A party claims it delivered (part of) a commitment of an agreement."""

    agreement: Index = Field(description="Log index of the agreement entry.")
    commitment: CommitmentId = Field(description="The commitment id, s<N>.<party>.<item>.")
    party: Id = Field(description="The delivering party (the submitter must be its delegate).")
    amount: Amount = Field(description="The amount delivered, in the commitment's unit.")
    delivered_on: Day | None = Field(default=None, description="When, as YYYY-MM-DD.")
    evidence: Text | None = Field(default=None, description="What the inspectors can check.")


class InspectionReport(Body):
    """An inspector reports what it verified about a commitment, by its verification means."""

    agreement: Index = Field(description="Log index of the agreement entry.")
    commitment: CommitmentId = Field(description="The commitment inspected.")
    means: Id = Field(description="The verification means used (must be the inspector's).")
    finding: Literal["confirmed", "not_confirmed", "violation"] = Field(
        description="confirmed (delivered as committed), not_confirmed (could not verify yet), "
        "violation (contrary evidence)."
    )
    amount_verified: float | None = Field(default=None, ge=0, le=NUMBER_SIZE, allow_inf_nan=False)
    inspected_on: Day | None = Field(default=None, description="When, as YYYY-MM-DD.")
    summary: Text = Field(description="What was inspected and found.")


class Dispute(Body):
    """A party (or an inspector) disputes a commitment's record, or withdraws its dispute."""

    agreement: Index = Field(description="Log index of the agreement entry.")
    commitment: CommitmentId = Field(description="The commitment disputed.")
    party: Id | None = Field(default=None, description="The disputing party (for a delegate).")
    action: Literal["open", "withdraw"] = Field(default="open")
    about: Index | None = Field(default=None, description="Log index of a disputed entry.")
    reason: Text = Field(description="Why.")


class Snapback(Body):
    """A party invokes the agreement's snapback, citing the commitments it holds violated."""

    agreement: Index = Field(description="Log index of the agreement entry.")
    party: Id = Field(description="The invoking party (the submitter must be its delegate).")
    commitments: list[CommitmentId] = Field(min_length=1, max_length=200)
    reason: Text = Field(description="Why.")


class Note(Body):
    """A free-text note, optionally about an earlier entry."""

    text: Text = Field(description="The note.")
    about: Index | None = Field(default=None, description="Log index of the entry discussed.")


EntryKind = Literal[
    "registration",
    "key_rotation",
    "key_revocation",
    "declaration",
    "proposal",
    "agreement",
    "cosignature",
    "amendment",
    "withdrawal",
    "delivery_claim",
    "inspection_report",
    "dispute",
    "snapback",
    "note",
]

BODY_MODELS: dict[str, type[Body]] = {
    "registration": Registration,
    "key_rotation": KeyRotation,
    "key_revocation": KeyRevocation,
    "declaration": Declaration,
    "proposal": Proposal,
    "agreement": Agreement,
    "cosignature": CoSignature,
    "amendment": Amendment,
    "withdrawal": Withdrawal,
    "delivery_claim": DeliveryClaim,
    "inspection_report": InspectionReport,
    "dispute": Dispute,
    "snapback": Snapback,
    "note": Note,
}
"""The body model of each entry kind."""

EntryBody = (
    Registration | KeyRotation | KeyRevocation | Declaration | Proposal | Agreement
    | CoSignature | Amendment | Withdrawal | DeliveryClaim | InspectionReport | Dispute | Snapback
    | Note
)  # fmt: skip

__all__ = [
    "BODY_MODELS",
    "MAX_TEXT",
    "Agreement",
    "Amendment",
    "Body",
    "CoSignature",
    "Declaration",
    "DeliveryClaim",
    "Dispute",
    "EntryBody",
    "EntryKind",
    "InspectionReport",
    "KeyRevocation",
    "KeyRotation",
    "Note",
    "Proposal",
    "Registration",
    "Snapback",
    "Withdrawal",
]
