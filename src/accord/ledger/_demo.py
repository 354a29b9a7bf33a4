"""A small, deterministic JCPOA-like cast and log, for tests, docs and the tutorial.

The keys are derived from public seeds (SHA-256 of the participant id): **never use them for a
real ledger**. Quantities and dates follow the Joint Comprehensive Plan of Action (14 July
2015, para 34 and Annex V) and UN Security Council resolution 2231 (2015): Adoption Day
18 Oct 2015, Implementation Day 16 Jan 2016, installed centrifuges from more than 19,000 to
6,104 (so about 12,900 removed), more than 25,000 lb (11,340 kg) of low-enriched material
shipped to Russia, the Arak calandria removed.

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from accord.ledger._authorization import LedgerState
from accord.ledger._entries import LoggedEntry, SignedEntry, make_entry, stamped
from accord.ledger._keys import SigningKey
from accord.ledger._participants import Participant

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
"""A two-step plan in the shape read by :mod:`accord.ledger._agreements`."""


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

    def add(self, ident: str, role: str, **extra: Any) -> Member:
        """Add a member (its key derived from its id, as for the others) unless it is there."""
        if ident not in self.members:
            self.members[ident] = _member(ident, role, **extra)
        return self.members[ident]

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
            "participant": member.participant.to_dict(),
            "challenge": challenge,
            "proof": base64.b64encode(proof).decode(),
        }
        return self.entry("registrar", "registration", body, timestamp)

    def cosignature(
        self,
        who: str,
        agreement: int,
        text: LoggedEntry,
        timestamp: str,
        amendment: int | None = None,
    ) -> SignedEntry:
        """Member ``who`` co-signs ``text`` as logged (the agreement, or its amendment)."""
        body: dict[str, Any] = {
            "agreement": agreement,
            "leaf_hash": base64.b64encode(text.leaf_hash()).decode("ascii"),
            "party": self.members[who].participant.party,
        }
        if amendment is not None:
            body["amendment"] = amendment
        return self.entry(who, "cosignature", body, timestamp)


Step = Callable[[list[LoggedEntry]], SignedEntry]
"""One entry of a story, made from the entries logged before it (a co-signature needs them)."""


def tell(
    steps: list[Step], log: Callable[[SignedEntry], LoggedEntry] = stamped
) -> list[LoggedEntry]:
    """Make and log each step in turn; ``log`` gives a signed entry its log time (a service's,
    or the time the entry states with :func:`~accord.ledger._entries.stamped`)."""
    logged: list[LoggedEntry] = []
    for step in steps:
        logged.append(log(step(logged)))
    return logged


def jcpoa_story(
    cast: Cast,
    timestamp: str | None = None,
    log: Callable[[SignedEntry], LoggedEntry] = stamped,
) -> list[LoggedEntry]:
    """Registrations, the agreement (entry 4), both parties' co-signatures (5, 6: in force), and
    what happened up to Implementation Day.

    Each entry is dated (and logged) on the day it tells of, at noon UTC; with ``timestamp``,
    every entry is dated then instead, and ``log`` submits it (to a running service now).
    """
    return tell(_jcpoa_steps(cast, timestamp), log)


def _jcpoa_steps(cast: Cast, timestamp: str | None) -> list[Step]:
    def on(day: str) -> str:
        return timestamp or f"{day}T12:00:00Z"

    def entry(who: str, kind: str, body: dict[str, Any], day: str) -> Step:
        return lambda _: cast.entry(who, kind, body, on(day))

    return [
        lambda _: cast.registration("iran_delegate", on("2015-07-14")),
        lambda _: cast.registration("us_delegate", on("2015-07-14")),
        lambda _: cast.registration("iaea_inspector", on("2015-07-14")),
        lambda _: cast.registration("press", on("2015-07-14")),
        entry("us_delegate", "agreement",
              {"title": "JCPOA (demo)", "parties": ["iran", "us"], "plan": JCPOA_PLAN},
              "2015-07-20"),
        lambda done: cast.cosignature("us_delegate", 4, done[4], on("2015-07-20")),
        lambda done: cast.cosignature("iran_delegate", 4, done[4], on("2015-07-20")),
        entry("iran_delegate", "delivery_claim",
              {"agreement": 4, "commitment": "s1.iran.ap_notification", "party": "iran",
               "amount": 1, "delivered_on": "2015-10-18"}, "2015-10-18"),
        entry("us_delegate", "delivery_claim",
              {"agreement": 4, "commitment": "s1.us.waivers_issued", "party": "us",
               "amount": 1, "evidence": "waivers signed, effective on Implementation Day"},
              "2015-10-19"),
        entry("iaea_inspector", "inspection_report",
              {"agreement": 4, "commitment": "s1.iran.ap_notification", "means": "iaea",
               "finding": "confirmed", "summary": "notification received"}, "2015-10-20"),
        entry("iran_delegate", "delivery_claim",
              {"agreement": 4, "commitment": "s2.iran.centrifuges_removed", "party": "iran",
               "amount": 12900}, "2016-01-10"),
        entry("iaea_inspector", "inspection_report",
              {"agreement": 4, "commitment": "s2.iran.centrifuges_removed", "means": "iaea",
               "finding": "confirmed", "amount_verified": 12900,
               "summary": "centrifuges removed and stored under IAEA seal"}, "2016-01-16"),
    ]  # fmt: skip


ONE_SIDED_PLAN: dict[str, Any] = {
    "steps": [{"name": "Surrender", "date": "2019-06-01",
               "deliveries": {"dprk": {"warheads_surrendered": 100}}}],
}  # fmt: skip
"""The attack of issue 15: an agreement whose only commitment is the other side's."""


def one_sided_story(cast: Cast) -> list[LoggedEntry]:
    """The US registers, files and co-signs an agreement binding only the DPRK (entry 2); the
    DPRK's delegate (added to the cast) is registered but never signs."""
    cast.add("dprk_delegate", "delegate", party="dprk")
    return tell([
        lambda _: cast.registration("us_delegate", "2019-03-01T12:00:00Z"),
        lambda _: cast.registration("dprk_delegate", "2019-03-01T12:00:00Z"),
        lambda _: cast.entry("us_delegate", "agreement",
                             {"title": "Denuclearization (US draft)", "parties": ["us", "dprk"],
                              "plan": ONE_SIDED_PLAN}, "2019-03-02T12:00:00Z"),
        lambda done: cast.cosignature("us_delegate", 2, done[2], "2019-03-02T12:00:00Z"),
    ])  # fmt: skip
