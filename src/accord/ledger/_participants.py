"""Ledger participants and their roles.

A participant is registered with an Ed25519 public key and one role:

- ``delegate`` of a ``party``: files that party's declarations, proposals, agreements, delivery
  claims, disputes and snapbacks;
- ``inspector`` of one or more verification ``means`` (``iaea``, ``satellite``, ...): files
  inspection reports on those means only;
- ``observer``: reads the log, files nothing;
- ``administrator``: registers participants (and may file notes).

Examples
--------
>>> from accord.ledger._keys import SigningKey
>>> key = SigningKey.from_seed(bytes(32))
>>> b64 = key.public_key_b64
>>> p = Participant(id="iaea_team", role="inspector", means=("iaea",), public_key=b64)
>>> p.key_id == key.key_id
True
>>> Participant(id="us_1", role="delegate", public_key=b64)
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Participant
  Value error, a delegate must name the party it represents ...
"""

from __future__ import annotations

import base64
from enum import StrEnum
from typing import Self

from pydantic import Field, field_validator, model_validator

from accord.errors import InputError
from accord.ledger._keys import decode_public_key, key_id
from accord.scenario._base import Id, Model


class Role(StrEnum):
    """The role of a participant."""

    DELEGATE = "delegate"
    INSPECTOR = "inspector"
    OBSERVER = "observer"
    ADMINISTRATOR = "administrator"


def _a(role: Role) -> str:
    return ("an " if role.value[0] in "aeiou" else "a ") + role.value


class Participant(Model):
    """A registered participant: id, role, what the role covers, and the public key."""

    id: Id = Field(description="The participant's id (snake_case), unique in the ledger.")
    role: Role = Field(description="delegate, inspector, observer or administrator.")
    public_key: str = Field(description="The Ed25519 public key, base64 of its 32 raw bytes.")
    party: Id | None = Field(
        default=None, description="For a delegate: the party it represents (required)."
    )
    means: tuple[Id, ...] = Field(
        default=(),
        max_length=32,
        description="For an inspector: the verification means it reports on (at least one).",
    )
    name: str | None = Field(default=None, max_length=200, description="A label for people.")

    @field_validator("public_key")
    @classmethod
    def _sound_key(cls, value: str) -> str:
        try:
            decode_public_key(value)
        except InputError as error:
            raise ValueError(error.message) from None
        return value

    @model_validator(mode="after")
    def _role_fields(self) -> Self:
        if self.role is Role.DELEGATE and self.party is None:
            raise ValueError("a delegate must name the party it represents (party: ...)")
        if self.role is not Role.DELEGATE and self.party is not None:
            raise ValueError(f"{_a(self.role)} does not represent a party (drop party)")
        if self.role is Role.INSPECTOR and not self.means:
            raise ValueError("an inspector must list the verification means it covers (means)")
        if self.role is not Role.INSPECTOR and self.means:
            raise ValueError(f"only an inspector has verification means, not {_a(self.role)}")
        return self

    @property
    def public_key_bytes(self) -> bytes:
        """The 32 raw bytes of the public key."""
        return base64.b64decode(self.public_key)

    @property
    def key_id(self) -> str:
        """The key id of the public key (see :func:`accord.ledger._keys.key_id`)."""
        return key_id(self.public_key_bytes)

    def to_dict(self) -> dict[str, object]:
        """Return the stable JSON form (``None`` and empty fields left out)."""
        return self.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
