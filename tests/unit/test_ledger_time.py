"""Time: the log's time says when a claim was made; the date a claim names is its content.

A late claim of an early delivery is "claimed_late" from the day it was logged; the statuses
before that day stay what they were (issue 15, "Backdating").
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.ledger._compliance import compliance
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._entries import LoggedEntry, _utc_seconds, stamped

LEU = "s2.iran.leu_shipped_kg"  # due 2016-01-16, deadline 2016-02-15


@pytest.fixture
def story() -> tuple[Cast, list[LoggedEntry]]:
    cast = Cast()
    return cast, jcpoa_story(cast)


def claim_leu(cast: Cast, logged_on: str, delivered_on: str) -> LoggedEntry:
    body = {"agreement": 4, "commitment": LEU, "party": "iran", "amount": 11340,
            "delivered_on": delivered_on}  # fmt: skip
    return stamped(cast.entry("iran_delegate", "delivery_claim", body, f"{logged_on}T12:00:00Z"))


def leu(log: list[LoggedEntry], on: str) -> tuple[str, bool, date | None, list[tuple[str, str]]]:
    report = compliance(log, 4, date.fromisoformat(on))
    found = next(c for c in report.commitments if c.commitment.id == LEU)
    history = [(h.on.isoformat(), h.status) for h in found.history]
    return found.status, found.late, found.claimed_on, history


def test_a_late_claim_of_an_early_delivery_is_claimed_late_not_rewritten_history(
    story: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, log = story
    log.append(claim_leu(cast, "2016-03-01", delivered_on="2016-01-10"))
    status, late, claimed_on, history = leu(log, "2016-03-02")
    assert (status, late, claimed_on) == ("claimed_late", True, date(2016, 3, 1))
    assert history[-3:] == [
        ("2016-01-16", "due"),
        ("2016-02-16", "overdue"),  # what the record said then, it still says
        ("2016-03-01", "claimed_late"),
    ]
    assert leu(log, "2016-02-20")[0] == "overdue"
    report = compliance(log, 4, date(2016, 3, 2))
    reason = next(c for c in report.commitments if c.commitment.id == LEU).history[-1].reason
    assert reason == (
        "iran_delegate claims 11340 delivered on 2016-01-10 "
        "(claimed after the deadline, 2016-02-15)"
    )


def test_a_claim_within_the_grace_period_is_claimed_on_time(
    story: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, log = story
    log.append(claim_leu(cast, "2016-02-15", delivered_on="2016-01-10"))  # the deadline day
    assert leu(log, "2016-03-01")[:3] == ("claimed", False, date(2016, 2, 15))


def test_a_late_claim_once_verified_is_verified_and_still_marked_late(
    story: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, log = story
    log.append(claim_leu(cast, "2016-03-01", delivered_on="2016-01-10"))
    report = {"agreement": 4, "commitment": LEU, "means": "iaea", "finding": "confirmed",
              "summary": "shipment records checked", "inspected_on": "2016-03-02"}  # fmt: skip
    log.append(stamped(cast.entry("iaea_inspector", "inspection_report", report,
                                  "2016-03-03T12:00:00Z")))  # fmt: skip
    status, late, claimed_on, _ = leu(log, "2016-03-04")
    assert (status, late, claimed_on) == ("verified", True, date(2016, 3, 1))
    rows = compliance(log, 4, date(2016, 3, 4)).to_dict()["commitments"]
    row = next(r for r in rows if r["id"] == LEU)  # type: ignore[attr-defined]
    assert (row["claimed_on"], row["late"]) == ("2016-03-01", True)


@pytest.mark.parametrize(
    ("logged", "delivered", "refused"),
    [
        ("2016-03-01T12:00:00Z", "2016-03-03", True),  # two days ahead of the log
        ("2016-03-01T23:00:00Z", "2016-03-02", False),  # a time zone ahead of UTC
        ("2016-03-01T12:00:00Z", "9999-12-31", True),
        ("2016-03-01T12:00:00Z", "1970-01-01", False),  # content: odd, but a past date
    ],
)
def test_a_claim_cannot_report_a_delivery_after_it_was_logged(
    story: tuple[Cast, list[LoggedEntry]], logged: str, delivered: str, refused: bool
) -> None:
    cast, log = story
    state = cast.genesis_state()
    for entry in log:
        state.accept(entry)
    body = {"agreement": 4, "commitment": LEU, "party": "iran", "amount": 1,
            "delivered_on": delivered}  # fmt: skip
    refusal = state.admission_problem(stamped(cast.entry("iran_delegate", "delivery_claim", body,
                                                         logged)))  # fmt: skip
    assert (refusal is not None) == refused
    if refusal is not None:
        assert (refusal.code, refusal.status) == ("event_date", 422)
        assert (
            f"an event on {delivered} (delivered_on), after the log received it" in refusal.reason
        )


@settings(max_examples=500, deadline=None)
@given(st.tuples(*(st.integers(0, top) for top in (9999, 14, 33, 25, 61, 62))))
def test_a_timestamp_is_read_as_strptime_reads_it(numbers: tuple[int, ...]) -> None:
    """``_utc_seconds`` (the fast reading of a timestamp) agrees with ``strptime``: the same
    datetime for a real date and time, ``ValueError`` for any other (month 13, 30 February,
    hour 24, second 60...)."""
    year, month, day, hour, minute, second = numbers
    text = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}Z"
    try:
        expected: datetime | None = datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        expected = None
    try:
        found: datetime | None = _utc_seconds(text).replace(tzinfo=None)
    except ValueError:
        found = None
    assert found == expected
