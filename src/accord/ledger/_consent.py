"""Consent: an agreement binds only the parties whose delegates co-signed it.

An ``agreement`` entry is a *proposal*: it lists the parties it would bind and the plan. Each of
those parties consents by a ``cosignature`` entry, filed by one of its own delegates, that names
the agreement by its log index **and its leaf hash** (the exact text consented to, as logged,
log time included). The party whose delegate filed the agreement co-signs like the others: filing
proposes, signing consents.

- The agreement is **in force** from the log time of the co-signature that completes the set of
  its parties; until then it is **proposed**, and so is every one of its commitments (never
  "due" or "overdue": nobody is late on a promise they did not make).
- An ``amendment`` (filed by a delegate of a party to an agreement in force) carries a complete
  new plan. It comes into force, and its plan replaces the terms in force, when every party still
  in the agreement has co-signed it (a ``cosignature`` naming the amendment's index and leaf
  hash); until then the terms in force stay as they are.
- A ``withdrawal`` speaks only for the party whose delegate files it. Of an agreement or an
  amendment not yet in force: it can no longer come into force. Of an agreement in force: the
  party leaves it; its commitments whose deadline had not passed become "withdrawn" (past
  breaches stay on the record), and the other parties remain bound to theirs.

:class:`AgreementRecord` follows one agreement through the entries about it, in log order: the
admission rules ask it whether an entry is allowed (:meth:`AgreementRecord.problem`), and the
compliance report asks it which terms were in force when (:meth:`AgreementRecord.terms_history`).

Examples
--------
The US files an agreement whose only commitment is the DPRK's; the DPRK never signs:

>>> from accord.ledger._demo import Cast, one_sided_story
>>> log = one_sided_story(Cast())
>>> record = AgreementRecord.replay(log[2:], 2)
>>> record.status(), record.awaiting(record.original)
('proposed', ['dprk'])
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from accord.errors import InputError
from accord.ledger._agreements import Commitment, commitments_from_plan
from accord.ledger._entries import Envelope, LoggedEntry
from accord.ledger._entry_bodies import Agreement, Amendment, CoSignature, Snapback, Withdrawal

Problem = tuple[str, str]
"""A refusal's code and reason (see :class:`accord.ledger._refusals.Refusal`)."""


@dataclass
class Text:
    """One text of an agreement, the original or an amendment, and who has signed it."""

    index: int
    leaf_hash: bytes
    commitments: dict[str, Commitment]
    filed_on: date
    signatures: dict[str, int] = field(default_factory=dict)
    in_force: tuple[date, int] | None = None
    withdrawn: tuple[str, int, date] | None = None

    @property
    def status(self) -> str:
        """``in_force``, ``withdrawn`` or ``proposed``."""
        if self.in_force is not None:
            return "in_force"
        return "withdrawn" if self.withdrawn is not None else "proposed"


def _day(entry: LoggedEntry) -> date:
    return entry.when.date()


@dataclass
class AgreementRecord:
    """One agreement, its amendments, its co-signatures and withdrawals (see the module doc)."""

    index: int
    title: str
    parties: tuple[str, ...]
    texts: dict[int, Text]
    left: dict[str, tuple[int, date]] = field(default_factory=dict)

    @classmethod
    def open(cls, index: int, entry: LoggedEntry) -> AgreementRecord:
        """The record of the agreement entry ``entry`` at log index ``index``."""
        body = entry.envelope.body
        if not isinstance(body, Agreement):
            raise InputError(f"entry {index} is not an agreement")
        text = Text(index, entry.leaf_hash(), _by_id(commitments_from_plan(body.plan)), _day(entry))
        return cls(index, body.title, tuple(body.parties), {index: text})

    @classmethod
    def replay(
        cls, entries: Iterable[LoggedEntry | tuple[int, LoggedEntry]], agreement: int
    ) -> AgreementRecord:
        """The record of the agreement at ``agreement`` after the entries given (in log order).

        ``entries`` are the log's entries from the agreement on (or ``(index, entry)`` pairs);
        entries about other agreements are skipped.
        """
        pairs = [p if isinstance(p, tuple) else (agreement + i, p) for i, p in enumerate(entries)]
        if not pairs or pairs[0][0] != agreement:
            raise InputError(f"entry {agreement} is not given")
        record = cls.open(agreement, pairs[0][1])
        for index, entry in pairs[1:]:
            if getattr(entry.envelope.body, "agreement", None) == agreement:
                record.apply(index, entry)
        return record

    @property
    def original(self) -> Text:
        """The agreement as first filed."""
        return self.texts[self.index]

    def members(self) -> list[str]:
        """The parties that have not withdrawn."""
        return [p for p in self.parties if p not in self.left]

    def status(self) -> str:
        """The agreement's status: ``proposed``, ``in_force`` or ``withdrawn``."""
        return self.original.status

    def awaiting(self, text: Text) -> list[str]:
        """The parties whose co-signature ``text`` still needs."""
        return [p for p in self.members() if p not in text.signatures]

    def commitment_ids(self) -> set[str]:
        """Every commitment id of every text (entries may refer to any of them)."""
        return {cid for text in self.texts.values() for cid in text.commitments}

    def commitments(self, cid: str) -> list[Commitment]:
        """The commitment ``cid`` as each text that has it states it."""
        return [t.commitments[cid] for t in self.texts.values() if cid in t.commitments]

    def terms_history(self) -> list[tuple[date, int, Text]]:
        """The texts in force, in the order they came into force: ``(day, index, text)``."""
        found = [(t.in_force[0], t.in_force[1], t) for t in self.texts.values() if t.in_force]
        return sorted(found, key=lambda f: (f[0], f[1]))

    def _target(self, amendment: int | None) -> Text | None:
        index = self.index if amendment is None else amendment
        text = self.texts.get(index)
        return None if amendment == self.index else text

    def problem(self, env: Envelope, size: int) -> Problem | None:
        """Why the entry ``env`` about this agreement must be refused now, or None.

        ``size`` is the log's size (the index the entry would get).
        """
        body = env.body
        if isinstance(body, CoSignature):
            return self._cosignature_problem(body)
        if isinstance(body, Amendment):
            return self._amendment_problem(body)
        if isinstance(body, Withdrawal):
            return self._withdrawal_problem(body)
        if isinstance(body, Snapback) and self.status() != "in_force":
            return "not_in_force", f"agreement {self.index} is {self._state_text()}"
        return None

    def _state_text(self) -> str:
        text = self.original
        if text.withdrawn is not None:
            party, index, _ = text.withdrawn
            return f"withdrawn ({party}, entry {index}): it never came into force"
        if text.in_force is None:
            return f"not in force: proposed, awaiting {', '.join(self.awaiting(text))}"
        return "in force"

    def _party_problem(self, party: str) -> Problem | None:
        if party not in self.parties:
            return "forbidden", f"{party} is not a party to agreement {self.index}"
        if party in self.left:
            return "forbidden", f"{party} withdrew from agreement {self.index} at entry " + str(
                self.left[party][0]
            )
        return None

    def _cosignature_problem(self, body: CoSignature) -> Problem | None:
        text = self._target(body.amendment)
        if text is None:
            return (
                "invalid_reference",
                f"entry {body.amendment} is not an amendment of {self.index}",
            )
        if base64.b64decode(body.leaf_hash) != text.leaf_hash:
            return "invalid_reference", (
                f"the leaf hash is not that of entry {text.index}: a co-signature names the exact "
                "entry consented to (fetch it again: accord ledger cosign)"
            )
        if text.withdrawn is not None:
            party, index, _ = text.withdrawn
            return "not_in_force", f"entry {text.index} was withdrawn by {party} (entry {index})"
        unfit = self._party_problem(body.party)
        if unfit:
            return unfit
        if body.party in text.signatures:
            signed = text.signatures[body.party]
            return (
                "duplicate",
                f"{body.party} already co-signed entry {text.index} (entry {signed})",
            )
        return None

    def _amendment_problem(self, body: Amendment) -> Problem | None:
        if base64.b64decode(body.leaf_hash) != self.original.leaf_hash:
            return "invalid_reference", f"the leaf hash is not that of agreement {self.index}"
        if self.status() != "in_force":
            return "not_in_force", (
                f"agreement {self.index} is {self._state_text()}; amend an agreement in force "
                "(or withdraw a proposal and file a new one)"
            )
        unfit = self._party_problem(body.party)
        if unfit:
            return unfit
        strangers = sorted(
            {c.party for c in commitments_from_plan(body.plan)} - set(self.members())
        )
        if strangers:
            return (
                "forbidden",
                f"the amendment has deliveries by non-parties: {', '.join(strangers)}",
            )
        return None

    def _withdrawal_problem(self, body: Withdrawal) -> Problem | None:
        text = self._target(body.amendment)
        if text is None:
            return (
                "invalid_reference",
                f"entry {body.amendment} is not an amendment of {self.index}",
            )
        unfit = self._party_problem(body.party)
        if unfit:
            return unfit
        if text.withdrawn is not None:
            return (
                "duplicate",
                f"entry {text.index} was already withdrawn (entry {text.withdrawn[1]})",
            )
        if body.amendment is not None and text.in_force is not None:
            return "not_in_force", (
                f"amendment {text.index} is in force: withdraw from agreement {self.index} instead"
            )
        return None

    def apply(self, index: int, entry: LoggedEntry) -> None:
        """Take an admitted entry about this agreement into account (others change nothing)."""
        body, day = entry.envelope.body, _day(entry)
        if isinstance(body, CoSignature):
            text = self._target(body.amendment)
            if text is not None:
                text.signatures[body.party] = index
                self._complete(text, index, day)
        elif isinstance(body, Amendment):
            commitments = _by_id(commitments_from_plan(body.plan))
            self.texts[index] = Text(index, entry.leaf_hash(), commitments, day)
        elif isinstance(body, Withdrawal):
            self._withdraw(body, index, day)

    def _withdraw(self, body: Withdrawal, index: int, day: date) -> None:
        text = self._target(body.amendment)
        if text is None:
            return
        if text.in_force is None:
            text.withdrawn = (body.party, index, day)
            return
        self.left[body.party] = (index, day)
        for pending in self.texts.values():
            self._complete(pending, index, day)

    def _complete(self, text: Text, index: int, day: date) -> None:
        if text.in_force is None and text.withdrawn is None and not self.awaiting(text):
            text.in_force = (day, index)

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form (the ``consent`` of a compliance report)."""
        return {
            "status": self.status(),
            "parties": list(self.parties),
            "texts": [self._text_json(t) for t in self.texts.values()],
            "withdrawn": [
                {"party": p, "index": i, "on": d.isoformat()} for p, (i, d) in self.left.items()
            ],
        }

    def _text_json(self, text: Text) -> dict[str, object]:
        return {
            "index": text.index,
            "kind": "agreement" if text.index == self.index else "amendment",
            "leaf_hash": base64.b64encode(text.leaf_hash).decode("ascii"),
            "status": text.status,
            "signed": dict(text.signatures),
            "awaiting": self.awaiting(text) if text.status == "proposed" else [],
            "in_force_on": None if text.in_force is None else text.in_force[0].isoformat(),
        }


def _by_id(commitments: list[Commitment]) -> dict[str, Commitment]:
    return {c.id: c for c in commitments}


__all__ = ["AgreementRecord", "Text"]
