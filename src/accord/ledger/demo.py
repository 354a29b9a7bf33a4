"""A small, deterministic JCPOA-like cast and log, for tests, docs and the tutorial.

The keys are derived from public seeds (SHA-256 of the participant id): **never use them for a
real ledger**. Quantities and dates follow ``/work/shared/facts/jcpoa-2015.md`` (JCPOA para 34
and Annex V): Adoption Day 18 Oct 2015, Implementation Day 16 Jan 2016, installed centrifuges
from more than 19,000 to 6,104 (so about 12,900 removed), more than 25,000 lb (11,340 kg) of
low-enriched material shipped to Russia, the Arak calandria removed.

Examples
--------
>>> cast = Cast()
>>> entries = jcpoa_story(cast)
>>> state = cast.genesis_state()
>>> all(state.admission_problem(e) is None and state.accept(e) >= 0 for e in entries)
True
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from accord.ledger.authorization import LedgerState
from accord.ledger.entries import LoggedEntry, SignedEntry, make_entry, stamped
from accord.ledger.keys import SigningKey
from accord.ledger.participants import Participant

DEMO_LEDGER = "accord.example/jcpoa-demo"

JCPOA_PLAN: dict[str, Any] = {
    "steps": [
        {"name": "Adoption", "date": "2015-10-18",
         "deliveries": {"iran": {"ap_notification": 1}, "us": {"waivers_issued": 1}}},
        {"name": "Implementation", "date": "2016-01-16",
         "deliveries": {"iran": {"centrifuges_removed": 12900, "leu_shipped_kg": 11340,
                                 "arak_calandria_removed": 1},
                        "us": {"nuclear_sanctions_lifted": 1}}},
    ],
    "verification": {"ap_notification": "iaea", "centrifuges_removed": "iaea",
                     "leu_shipped_kg": "iaea", "arak_calandria_removed": "iaea"},
    "grace_days": 30,
}  # fmt: skip
"""A two-step plan in the shape read by :mod:`accord.ledger.agreements`."""


@dataclass
class Member:
    """A participant of the demo with its private key and its next sequence number."""

    participant: Participant
    key: SigningKey
    sequence: int = 0


def _member(ident: str, role: str, **extra: Any) -> Member:
    key = SigningKey.from_seed(hashlib.sha256(b"accord-demo:" + ident.encode()).digest())
    return Member(Participant(id=ident, role=role, public_key=key.public_key_b64, **extra), key)


@dataclass
class Cast:
    """The demo participants: an administrator, delegates of Iran and the US, the IAEA, a viewer."""

    ledger: str = DEMO_LEDGER
    members: dict[str, Member] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.members:
            for m in (
                _member("registrar", "administrator"),
                _member("iran_delegate", "delegate", party="iran"),
                _member("us_delegate", "delegate", party="us"),
                _member("iaea_inspector", "inspector", means=("iaea",)),
                _member("press", "observer"),
            ):
                self.members[m.participant.id] = m

    def genesis_state(self) -> LedgerState:
        """The empty log's state: only the administrator is known (out of band)."""
        return LedgerState.genesis(self.ledger, [self.members["registrar"].participant])

    def entry(self, who: str, kind: str, body: Mapping[str, Any], timestamp: str) -> SignedEntry:
        """Sign an entry by member ``who`` with its next sequence number."""
        member = self.members[who]
        member.sequence += 1
        return make_entry(
            member.key, ledger=self.ledger, submitter=who, kind=kind, body=body,
            sequence=member.sequence, timestamp=timestamp,
        )  # fmt: skip

    def registration(self, who: str, timestamp: str) -> SignedEntry:
        """The administrator registers member ``who`` (with its proof of possession)."""
        member, challenge = self.members[who], f"register {who}"
        proof = member.key.prove_possession(self.ledger, who, challenge)
        body = {
            "participant": member.participant.to_json(),
            "challenge": challenge,
            "proof": base64.b64encode(proof).decode(),
        }
        return self.entry("registrar", "registration", body, timestamp)


def jcpoa_story(cast: Cast, timestamp: str | None = None) -> list[LoggedEntry]:
    """Registrations, the agreement (entry 4), and what happened up to Implementation Day.

    Each entry is dated (and logged) on the day it tells of, at noon UTC; with ``timestamp``,
    every entry is dated then instead (to submit the story to a running service now).
    """
    return [stamped(e) for e in _story(cast, timestamp)]


def _story(cast: Cast, timestamp: str | None) -> list[SignedEntry]:
    def on(day: str) -> str:
        return timestamp or f"{day}T12:00:00Z"

    return [
        cast.registration("iran_delegate", on("2015-07-14")),
        cast.registration("us_delegate", on("2015-07-14")),
        cast.registration("iaea_inspector", on("2015-07-14")),
        cast.registration("press", on("2015-07-14")),
        cast.entry("us_delegate", "agreement",
                   {"title": "JCPOA (demo)", "parties": ["iran", "us"], "plan": JCPOA_PLAN},
                   on("2015-07-20")),
        cast.entry("iran_delegate", "delivery_claim",
                   {"agreement": 4, "commitment": "s1.iran.ap_notification", "party": "iran",
                    "amount": 1, "delivered_on": "2015-10-18"}, on("2015-10-18")),
        cast.entry("us_delegate", "delivery_claim",
                   {"agreement": 4, "commitment": "s1.us.waivers_issued", "party": "us",
                    "amount": 1, "evidence": "waivers signed, effective on Implementation Day"},
                   on("2015-10-19")),
        cast.entry("iaea_inspector", "inspection_report",
                   {"agreement": 4, "commitment": "s1.iran.ap_notification", "means": "iaea",
                    "finding": "confirmed", "summary": "notification received"},
                   on("2015-10-20")),
        cast.entry("iran_delegate", "delivery_claim",
                   {"agreement": 4, "commitment": "s2.iran.centrifuges_removed", "party": "iran",
                    "amount": 12900}, on("2016-01-10")),
        cast.entry("iaea_inspector", "inspection_report",
                   {"agreement": 4, "commitment": "s2.iran.centrifuges_removed", "means": "iaea",
                    "finding": "confirmed", "amount_verified": 12900,
                    "summary": "centrifuges removed and stored under IAEA seal"},
                   on("2016-01-16")),
    ]  # fmt: skip
