"""The status of every commitment of an agreement, over time, from the entries of the log.

A pure function of the log's entries and an "as of" date. Entries count from the day of their
*log time* (when the log recorded them, not a date anyone wrote), and only if they come after the
agreement in the log and name it. A date an entry names (``delivered_on``) is content: it is
shown, but a claim counts only from when it was made, so a late claim of an early delivery is
``claimed_late``, never a rewritten history.

An agreement binds only once every party's delegate has co-signed it; amendments replace its
terms once every remaining party has co-signed them; a party may withdraw
(:mod:`accord.ledger._consent`). For a commitment due on ``due`` with its grace period ending on
``deadline`` (see :mod:`accord.ledger._agreements`), under the terms in force, the status on a day
is the first that holds of:

``proposed``
    the agreement is not in force: not every party has co-signed it;
``withdrawn``
    the agreement was withdrawn before it came into force, or the commitment's party withdrew
    from it before the commitment's deadline (and it was not claimed, disputed or violated);
``superseded``
    an amendment in force dropped the commitment;
``violated``
    an inspector reported a violation, or a snapback cites it after its deadline while it is
    not verified;
``disputed``
    a dispute about it is open (not withdrawn by its filer), or a snapback cites it;
``verified``
    inspectors confirmed the whole amount (``amount_verified`` is the cumulative amount verified;
    a confirmation without it confirms the whole commitment);
``claimed_late``
    the party's claims add up to the whole amount, but only after the deadline (by log time);
``claimed``
    the party claimed delivery of the whole amount by the deadline (claims add up);
``overdue``
    the deadline has passed;
``due``
    the due date has come;
``pending``
    otherwise.

Examples
--------
>>> from accord.ledger._demo import Cast, jcpoa_story, one_sided_story
>>> log = jcpoa_story(Cast())
>>> report = compliance(log, agreement=4, as_of=date(2016, 3, 1))
>>> {s.commitment.id: s.status for s in report.commitments}["s2.iran.leu_shipped_kg"]
'overdue'

A year after its due date, the DPRK is not late on what only the US signed:

>>> compliance(one_sided_story(Cast()), 2, date(2020, 6, 1)).status("s1.dprk.warheads_surrendered")
'proposed'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from accord.errors import InputError
from accord.ledger._agreements import Commitment
from accord.ledger._consent import AgreementRecord, Text
from accord.ledger._entries import Envelope, LoggedEntry
from accord.ledger._entry_bodies import (
    Agreement,
    DeliveryClaim,
    Dispute,
    InspectionReport,
    Snapback,
)

STATUSES = (
    "proposed", "pending", "due", "claimed", "claimed_late", "verified", "overdue", "disputed",
    "violated", "withdrawn", "superseded",
)  # fmt: skip
"""Every status a commitment can have (see the module docstring)."""


@dataclass(frozen=True)
class StatusChange:
    """The status became ``status`` on ``on``, because of entry ``index`` (None: the calendar)."""

    on: date
    status: str
    index: int | None
    reason: str

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form."""
        return {
            "on": self.on.isoformat(),
            "status": self.status,
            "index": self.index,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class CommitmentStatus:
    """Where one commitment stands as of the report's date, and how it got there.

    ``claimed_on`` is the log day on which the party's claims first covered the whole amount
    (None: not yet); ``late`` says that day was after the deadline.
    """

    commitment: Commitment
    status: str
    claimed: float
    verified: float
    claimed_on: date | None
    history: tuple[StatusChange, ...]

    @property
    def late(self) -> bool:
        """Whether the whole amount was claimed only after the deadline."""
        return self.claimed_on is not None and self.claimed_on > self.commitment.deadline

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form."""
        return {
            **self.commitment.to_dict(),
            "status": self.status,
            "claimed": self.claimed,
            "verified": self.verified,
            "claimed_on": None if self.claimed_on is None else self.claimed_on.isoformat(),
            "late": self.late,
            "history": [h.to_dict() for h in self.history],
        }


@dataclass(frozen=True)
class ComplianceReport:
    """Every commitment's status as of a date (``accord ledger status --json``)."""

    agreement: int
    title: str
    as_of: date
    commitments: tuple[CommitmentStatus, ...]
    consent: AgreementRecord

    def status(self, commitment: str) -> str:
        """The status of the commitment with id ``commitment``; ``KeyError`` if there is none."""
        for c in self.commitments:
            if c.commitment.id == commitment:
                return c.status
        raise KeyError(commitment)

    def counts(self) -> dict[str, int]:
        """How many commitments are in each status."""
        return {s: sum(c.status == s for c in self.commitments) for s in STATUSES}

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form."""
        return {
            "agreement": self.agreement,
            "title": self.title,
            "as_of": self.as_of.isoformat(),
            "consent": self.consent.to_dict(),
            "counts": self.counts(),
            "commitments": [c.to_dict() for c in self.commitments],
        }


@dataclass
class _Facts:
    """What the log says about one commitment up to some point."""

    claims: list[tuple[date, float]] = field(default_factory=list)
    verified: float = 0.0
    violation: bool = False
    snapback: bool = False
    disputes: list[tuple[int, str]] = field(default_factory=list)  # (index, filer)

    @property
    def claimed(self) -> float:
        return sum(amount for _, amount in self.claims)

    def claimed_on(self, amount: float) -> date | None:
        """The log day on which the claims first added up to ``amount``."""
        total = 0.0
        for day, part in self.claims:
            total += part
            if total >= amount:
                return day
        return None

    def status(self, c: Commitment, day: date) -> str:
        if self.violation or (self.snapback and day > c.deadline and self.verified < c.amount):
            return "violated"
        if self.disputes or self.snapback:
            return "disputed"
        if self.verified >= c.amount:
            return "verified"
        claimed_on = self.claimed_on(c.amount)
        if claimed_on is not None:
            return "claimed_late" if claimed_on > c.deadline else "claimed"
        if day > c.deadline:
            return "overdue"
        return "due" if day >= c.due else "pending"

    def apply(self, env: Envelope, index: int, day: date, c: Commitment) -> str:
        """Update from one entry about ``c``; return a short reason for the history."""
        body = env.body
        if isinstance(body, DeliveryClaim) and body.party == c.party:
            self.claims.append((day, body.amount))
            on = "" if body.delivered_on is None else f" on {body.delivered_on}"
            late = f" (claimed after the deadline, {c.deadline})" if day > c.deadline else ""
            return f"{env.submitter} claims {body.amount:g} delivered{on}{late}"
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


Point = tuple[date, int, str, Envelope | None]
"""A moment a status may change: the day, the entry's index (-2, -1: the calendar), a reason
(for a change of terms or the calendar) and the entry about the commitment (if it is one)."""

_CALENDAR = ("due date", "deadline passed")


@dataclass
class _Commitment:
    """One commitment id followed through the terms of an agreement (see :func:`_timeline`)."""

    cid: str
    record: AgreementRecord
    facts: _Facts = field(default_factory=_Facts)

    def terms(self, day: date, index: int) -> Text | None:
        """The text in force at a point of the log (None: the agreement is not in force)."""
        found = None
        for on, at, text in self.record.terms_history():
            if (on, at) <= (day, index):
                found = text
        return found

    def status(self, day: date, index: int) -> tuple[str, Commitment | None]:
        text = self.terms(day, index)
        withdrawn = self.record.original.withdrawn
        if text is None:
            gone = withdrawn is not None and (withdrawn[2], withdrawn[1]) <= (day, index)
            return ("withdrawn" if gone else "proposed"), None
        c = text.commitments.get(self.cid)
        if c is None:
            return "superseded", None
        status = self.facts.status(c, day)
        left = self.record.left.get(c.party)
        if status not in ("pending", "due", "overdue") or left is None:
            return status, c
        index_left, day_left = left
        if (day_left, index_left) <= (day, index) and c.deadline >= day_left:
            return "withdrawn", c
        return status, c

    def points(self, events: list[tuple[int, LoggedEntry]]) -> list[Point]:
        """The calendar of every text in force, changes of terms, withdrawals, entries about it."""
        record = self.record
        points: list[Point] = []
        for on, index, text in record.terms_history():
            what = "agreement" if text.index == record.index else f"amendment {text.index}"
            points.append((on, index, f"{what} in force (co-signed by every party)", None))
            c = text.commitments.get(self.cid)
            if c is not None:
                points += [(c.due, -2, _CALENDAR[0], None)]
                points += [(c.deadline + timedelta(days=1), -1, _CALENDAR[1], None)]
        for party, (index, on) in record.left.items():
            points.append((on, index, f"{party} withdraws from the agreement", None))
        if record.original.withdrawn is not None:
            party, index, on = record.original.withdrawn
            points.append(
                (on, index, f"{party} withdraws: the agreement never came into force", None)
            )
        points += [
            (e.when.date(), i, "", e.envelope)
            for i, e in events
            if _about(e.envelope, record.index, self.cid)
        ]
        return sorted(points, key=lambda p: (p[0], p[1]))


def _timeline(
    cid: str, record: AgreementRecord, events: list[tuple[int, LoggedEntry]], as_of: date
) -> CommitmentStatus:
    """Fold the calendar, the terms in force and the entries about ``cid`` in order of time."""
    follow = _Commitment(cid, record)
    filed = record.original.filed_on
    current, terms = "proposed", None
    history = [
        StatusChange(filed, "proposed", record.index, "filed; binds once every party co-signs")
    ]
    for day, index, reason, env in follow.points(events):
        if day > as_of:
            break
        if env is not None:
            commitment = follow.status(day, index)[1] or _any_version(record, cid)
            reason = follow.facts.apply(env, index, day, commitment)
        new, seen = follow.status(day, index)
        terms = seen or terms
        if new != current:
            history.append(StatusChange(day, new, None if index < 0 else index, reason))
            current = new
    terms = terms or _any_version(record, cid)
    facts = follow.facts
    return CommitmentStatus(
        terms,
        current,
        facts.claimed,
        facts.verified,
        facts.claimed_on(terms.amount),
        tuple(history),
    )


def _any_version(record: AgreementRecord, cid: str) -> Commitment:
    return record.commitments(cid)[-1]


def _listed(record: AgreementRecord) -> list[str]:
    """The commitments a report lists: those of every text in force (or of the proposal)."""
    texts = [t for _, _, t in record.terms_history()] or [record.original]
    seen: dict[str, None] = {}
    for text in texts:
        seen.update(dict.fromkeys(text.commitments))
    return list(seen)


def compliance(
    log: Sequence[LoggedEntry] | Iterable[tuple[int, LoggedEntry]], agreement: int, as_of: date
) -> ComplianceReport:
    """Return every commitment's status as of ``as_of`` (see the module docstring).

    A pure function of the entries: each counts from the day of its log time, only if it
    comes after the agreement in the log and names it. The agreement binds once every party
    has co-signed it; amendments and withdrawals are followed (:mod:`accord.ledger._consent`).

    Parameters
    ----------
    log : sequence of LoggedEntry, or iterable of (int, LoggedEntry)
        The log's entries in order (index = position), or ``(index, entry)`` pairs.
    agreement : int
        The log index of the agreement entry.
    as_of : datetime.date
        The day to report on; entries logged later are ignored.

    Returns
    -------
    ComplianceReport
        The agreement's title, its consent record, and for each commitment (in the order of
        the plan) its status, the amounts claimed and verified, and its history of status
        changes with the entry that caused each; ``counts()`` per status, and ``to_dict()``
        is the JSON of ``accord ledger status --json``.

    Raises
    ------
    InputError
        Entry ``agreement`` is not in the log or is not an agreement.

    Examples
    --------
    >>> from accord.ledger._demo import Cast, jcpoa_story
    >>> log = jcpoa_story(Cast())  # fixed keys, entries dated 2015-07-14 to 2016-01-16
    >>> before = compliance(log, 4, date(2015, 7, 19))  # filed, not yet co-signed
    >>> before.title, before.counts()["proposed"], len(before.commitments)
    ('JCPOA (demo)', 6, 6)
    >>> report = compliance(log, agreement=4, as_of=date(2016, 3, 1))
    >>> [(s.commitment.id, s.status) for s in report.commitments][:4]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('s1.iran.ap_notification', 'verified'), ('s1.us.waivers_issued', 'claimed'),
     ('s2.iran.centrifuges_removed', 'verified'), ('s2.iran.leu_shipped_kg', 'overdue')]
    >>> [(h.on.isoformat(), h.status, h.index) for h in report.commitments[2].history]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('2015-07-20', 'proposed', 4), ('2015-07-20', 'pending', 6),
     ('2016-01-10', 'claimed', 10), ('2016-01-16', 'verified', 11)]
    >>> compliance(log, 3, date(2016, 3, 1))
    Traceback (most recent call last):
    ...
    accord.errors.InputError: entry 3 is not an agreement
    """
    pairs = [p if isinstance(p, tuple) else (i, p) for i, p in enumerate(log)]
    found = [e for i, e in pairs if i == agreement]
    if not found or not isinstance(found[0].envelope.body, Agreement):
        raise InputError(f"entry {agreement} is not an agreement")
    later = [(i, e) for i, e in pairs if i > agreement and e.when.date() <= as_of]
    record = AgreementRecord.replay([(agreement, found[0]), *later], agreement)
    return ComplianceReport(
        agreement, record.title, as_of,
        tuple(_timeline(cid, record, later, as_of) for cid in _listed(record)), record,
    )  # fmt: skip
