"""The status of every commitment of an agreement, over time, from the entries of the log.

A pure function of the log's entries and an "as of" date. Entries count from the day of their
*log time* (when the log recorded them, not a date anyone wrote), and only if they come after the
agreement in the log and name it. A date an entry names (``delivered_on``) is content: it is
shown, but a claim counts only from when it was made. For a commitment
due on ``due`` with its grace period ending on ``deadline`` (see :mod:`accord.ledger.agreements`),
the status on a day is the first that holds of:

``violated``
    an inspector reported a violation, or a snapback cites it after its deadline while it is
    not verified;
``disputed``
    a dispute about it is open (not withdrawn by its filer), or a snapback cites it;
``verified``
    inspectors confirmed the whole amount (``amount_verified`` is the cumulative amount verified;
    a confirmation without it confirms the whole commitment);
``claimed``
    the party claimed delivery of the whole amount (claims add up);
``overdue``
    the deadline has passed;
``due``
    the due date has come;
``pending``
    otherwise.

Examples
--------
>>> from accord.ledger.demo import Cast, jcpoa_story
>>> log = jcpoa_story(Cast())
>>> report = compliance(log, agreement=4, as_of=date(2016, 3, 1))
>>> {s.commitment.id: s.status for s in report.commitments}["s2.iran.leu_shipped_kg"]
'overdue'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from accord.errors import InputError
from accord.ledger.agreements import Commitment, commitments_from_plan
from accord.ledger.entries import Envelope, LoggedEntry
from accord.ledger.entry_bodies import Agreement, DeliveryClaim, Dispute, InspectionReport, Snapback

STATUSES = ("pending", "due", "claimed", "verified", "overdue", "disputed", "violated")


@dataclass(frozen=True)
class StatusChange:
    """The status became ``status`` on ``on``, because of entry ``index`` (None: the calendar)."""

    on: date
    status: str
    index: int | None
    reason: str

    def to_json(self) -> dict[str, object]:
        """The stable JSON form."""
        return {
            "on": self.on.isoformat(),
            "status": self.status,
            "index": self.index,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class CommitmentStatus:
    """Where one commitment stands as of the report's date, and how it got there."""

    commitment: Commitment
    status: str
    claimed: float
    verified: float
    history: tuple[StatusChange, ...]

    def to_json(self) -> dict[str, object]:
        """The stable JSON form."""
        return {
            **self.commitment.to_json(),
            "status": self.status,
            "claimed": self.claimed,
            "verified": self.verified,
            "history": [h.to_json() for h in self.history],
        }


@dataclass(frozen=True)
class ComplianceReport:
    """Every commitment's status as of a date (``accord ledger status --json``)."""

    agreement: int
    title: str
    as_of: date
    commitments: tuple[CommitmentStatus, ...]

    def status(self, commitment: str) -> str:
        """The status of the commitment with id ``commitment``; ``KeyError`` if there is none."""
        for c in self.commitments:
            if c.commitment.id == commitment:
                return c.status
        raise KeyError(commitment)

    def counts(self) -> dict[str, int]:
        """How many commitments are in each status."""
        return {s: sum(c.status == s for c in self.commitments) for s in STATUSES}

    def to_json(self) -> dict[str, object]:
        """The stable JSON form."""
        return {
            "agreement": self.agreement,
            "title": self.title,
            "as_of": self.as_of.isoformat(),
            "counts": self.counts(),
            "commitments": [c.to_json() for c in self.commitments],
        }


@dataclass
class _Facts:
    """What the log says about one commitment up to some point."""

    claimed: float = 0.0
    verified: float = 0.0
    violation: bool = False
    snapback: bool = False
    disputes: list[tuple[int, str]] = field(default_factory=list)  # (index, filer)

    def status(self, c: Commitment, day: date) -> str:
        if self.violation or (self.snapback and day > c.deadline and self.verified < c.amount):
            return "violated"
        if self.disputes or self.snapback:
            return "disputed"
        if self.verified >= c.amount:
            return "verified"
        if self.claimed >= c.amount:
            return "claimed"
        if day > c.deadline:
            return "overdue"
        return "due" if day >= c.due else "pending"

    def apply(self, env: Envelope, index: int, c: Commitment) -> str:
        """Update from one entry about ``c``; return a short reason for the history."""
        body = env.body
        if isinstance(body, DeliveryClaim) and body.party == c.party:
            self.claimed += body.amount
            return f"{env.submitter} claims {body.amount:g} delivered"
        if isinstance(body, InspectionReport):
            if body.finding == "confirmed":
                amount = c.amount if body.amount_verified is None else body.amount_verified
                self.verified = max(self.verified, amount)
            self.violation = self.violation or body.finding == "violation"
            return f"{env.submitter} ({body.means}): {body.finding.replace('_', ' ')}"
        if isinstance(body, Dispute):
            if body.action == "open":
                self.disputes.append((index, env.submitter))
                return f"{env.submitter} disputes it"
            mine = [d for d in self.disputes if d[1] == env.submitter]
            if mine:
                self.disputes.remove(mine[0])
            return f"{env.submitter} withdraws its dispute"
        if isinstance(body, Snapback):
            self.snapback = True
            return f"{env.submitter} invokes snapback for {body.party}"
        return "ignored"


def _about(env: Envelope, agreement: int, cid: str) -> bool:
    body = env.body
    if isinstance(body, Snapback):
        return body.agreement == agreement and cid in body.commitments
    if isinstance(body, DeliveryClaim | InspectionReport | Dispute):
        return body.agreement == agreement and body.commitment == cid
    return False


def _timeline(
    c: Commitment, events: list[tuple[int, LoggedEntry]], as_of: date, agreement: int
) -> CommitmentStatus:
    """Fold the calendar (due date, deadline) and the entries about ``c`` in order of time."""
    facts, history = _Facts(), []
    points: list[tuple[date, int, Envelope | None]] = [
        (c.due, -2, None),
        (c.deadline + timedelta(days=1), -1, None),
    ]
    points += [
        (e.when.date(), i, e.envelope) for i, e in events if _about(e.envelope, agreement, c.id)
    ]
    current = "pending"
    for day, index, env in sorted(points, key=lambda p: (p[0], p[1])):
        if day > as_of:
            break
        reason = "due date" if index == -2 else "deadline passed"
        if env is not None:
            reason = facts.apply(env, index, c)
        new = facts.status(c, day)
        if new != current:
            history.append(StatusChange(day, new, None if env is None else index, reason))
            current = new
    return CommitmentStatus(c, current, facts.claimed, facts.verified, tuple(history))


def compliance(
    log: Sequence[LoggedEntry] | Iterable[tuple[int, LoggedEntry]], agreement: int, as_of: date
) -> ComplianceReport:
    """Return every commitment's status as of ``as_of`` (see the module docstring).

    ``log`` is the log's entries in order (index = position), or ``(index, entry)`` pairs.
    """
    pairs = [p if isinstance(p, tuple) else (i, p) for i, p in enumerate(log)]
    found = [e.envelope for i, e in pairs if i == agreement]
    if not found or not isinstance(found[0].body, Agreement):
        raise InputError(f"entry {agreement} is not an agreement")
    body = found[0].body
    later = [(i, env) for i, env in pairs if i > agreement]
    return ComplianceReport(
        agreement, body.title, as_of,
        tuple(_timeline(c, later, as_of, agreement) for c in commitments_from_plan(body.plan)),
    )  # fmt: skip
