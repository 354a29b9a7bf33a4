"""Compliance status of an agreement's commitments, derived from the signed entries and a date.

This implements the contract documented in ``docs/reference/ledger-format.md`` ("Compliance
status"), written for the service while ``accord.ledger.compliance`` is not available. Each
commitment of the agreement gets, as of a date, the first status that holds:

``violated``  an inspector reported a violation, or a snapback cites it after its deadline
              while it is unverified;
``disputed``  a dispute is open (not withdrawn by its filer), or a snapback cites it;
``verified``  inspectors confirmed the whole amount;
``claimed``   the party's delivery claims add up to the whole amount;
``overdue``   the deadline (due date + grace days) has passed;
``due``       the due date has come;
``pending``   otherwise.

Entries count from the day of their timestamp, in log order; ``history`` lists every change.

Examples
--------
>>> from datetime import date
>>> from accord.ledger.demo import Cast, jcpoa_story
>>> story = jcpoa_story(Cast())
>>> report = compliance(list(enumerate(story)), 4, date(2016, 3, 1))
>>> report.to_json()["counts"]["verified"], report.status("s1.us.waivers_issued")
(2, 'claimed')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from accord.errors import InputError
from accord.ledger.agreements import Commitment, commitments_from_plan
from accord.ledger.entries import SignedEntry
from accord.ledger.entry_bodies import Agreement, DeliveryClaim, Dispute, InspectionReport, Snapback

STATUSES = ("pending", "due", "claimed", "verified", "overdue", "disputed", "violated")


@dataclass
class _Tally:
    """What the entries so far say about one commitment."""

    claimed: float = 0.0
    verified: float = 0.0
    violation: bool = False
    disputes: set[str] = field(default_factory=set)
    snapback_on: date | None = None
    violated_by_snapback: bool = False

    def status(self, c: Commitment, on: date) -> str:
        if self.violation or self.violated_by_snapback:
            return "violated"
        if self.disputes or self.snapback_on is not None:
            return "disputed"
        if self.verified >= c.amount:
            return "verified"
        if self.claimed >= c.amount:
            return "claimed"
        if on > c.deadline:
            return "overdue"
        return "due" if on >= c.due else "pending"


def _apply(tally: _Tally, c: Commitment, signed: SignedEntry, on: date) -> str | None:
    """Count one entry; return the reason if it concerns ``c``."""
    body, who = signed.envelope.body, signed.envelope.submitter
    if isinstance(body, DeliveryClaim) and body.commitment == c.id and body.party == c.party:
        tally.claimed += body.amount
        return f"{who} claims {body.amount:g} delivered"
    if isinstance(body, InspectionReport) and body.commitment == c.id:
        if body.finding == "confirmed":
            amount = c.amount if body.amount_verified is None else body.amount_verified
            tally.verified += amount
        tally.violation |= body.finding == "violation"
        return f"{who} ({body.means}): {body.finding.replace('_', ' ')}"
    if isinstance(body, Dispute) and body.commitment == c.id:
        (tally.disputes.add if body.action == "open" else tally.disputes.discard)(who)
        return f"{who} {'opens' if body.action == 'open' else 'withdraws'} a dispute"
    if isinstance(body, Snapback) and c.id in body.commitments:
        tally.snapback_on = on
        tally.violated_by_snapback |= on > c.deadline and tally.verified < c.amount
        return f"{who} invokes snapback"
    return None


@dataclass(frozen=True)
class CommitmentStatus:
    """One commitment, its status as of the report's date, the amounts and the history."""

    commitment: Commitment
    status: str
    claimed: float
    verified: float
    history: tuple[dict[str, Any], ...]

    def to_json(self) -> dict[str, object]:
        """The stable JSON form (see the reference)."""
        return {
            **self.commitment.to_json(),
            "status": self.status,
            "claimed": self.claimed,
            "verified": self.verified,
            "history": list(self.history),
        }


def _track(
    c: Commitment, events: list[tuple[int, date, SignedEntry]], as_of: date
) -> CommitmentStatus:
    tally, history, last = _Tally(), [], "pending"
    points: list[tuple[date, int, SignedEntry | None, str]] = [
        (c.due, -2, None, "due date"),
        (c.deadline + timedelta(days=1), -1, None, "deadline passed"),
        *((on, index, signed, "") for index, on, signed in events),
    ]
    for on, index, signed, reason in sorted(points, key=lambda p: (p[0], p[1])):
        if on > as_of:
            break
        if signed is not None:
            reason = _apply(tally, c, signed, on) or ""
            if not reason:
                continue
        now = tally.status(c, on)
        if now != last:
            history.append(
                {
                    "on": on.isoformat(),
                    "status": now,
                    "index": index if index >= 0 else None,
                    "reason": reason,
                }
            )
            last = now
    return CommitmentStatus(
        c, tally.status(c, as_of), tally.claimed, tally.verified, tuple(history)
    )


@dataclass(frozen=True)
class ComplianceReport:
    """The status of every commitment of one agreement as of a date."""

    agreement: int
    title: str
    as_of: date
    commitments: tuple[CommitmentStatus, ...]

    def status(self, commitment_id: str) -> str:
        """The status of one commitment (raises KeyError if the agreement has no such id)."""
        for c in self.commitments:
            if c.commitment.id == commitment_id:
                return c.status
        raise KeyError(commitment_id)

    def to_json(self) -> dict[str, object]:
        """The stable JSON form (``GET /v1/agreements/{index}/compliance``)."""
        counts = dict.fromkeys(STATUSES, 0)
        for c in self.commitments:
            counts[c.status] += 1
        return {
            "agreement": self.agreement,
            "title": self.title,
            "as_of": self.as_of.isoformat(),
            "counts": counts,
            "commitments": [c.to_json() for c in self.commitments],
        }


def compliance(
    log: Sequence[tuple[int, SignedEntry]], agreement: int, as_of: date
) -> ComplianceReport:
    """The compliance report of the agreement at index ``agreement`` as of ``as_of``.

    ``log`` holds ``(index, entry)`` pairs: the agreement and (at least) the entries after it
    that name it; the others are ignored. Raises :class:`InputError` if ``agreement`` is not
    the index of an agreement entry in ``log``.
    """
    found = [s for i, s in log if i == agreement]
    if not found or not isinstance(found[0].envelope.body, Agreement):
        raise InputError(f"entry {agreement} is not an agreement")
    body = found[0].envelope.body
    events = [
        (index, signed.envelope.when.date(), signed)
        for index, signed in sorted(log, key=lambda pair: pair[0])
        if index > agreement and getattr(signed.envelope.body, "agreement", None) == agreement
    ]
    statuses = tuple(_track(c, events, as_of) for c in commitments_from_plan(body.plan))
    return ComplianceReport(agreement, body.title, as_of, statuses)


__all__ = ["STATUSES", "CommitmentStatus", "ComplianceReport", "compliance"]
