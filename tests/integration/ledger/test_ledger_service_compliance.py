"""Compliance statuses over time, one rule at a time, on the JCPOA demo agreement (entry 4)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from accord.errors import InputError
from accord.ledger._compliance import compliance
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._entries import LoggedEntry, stamped

AP = "s1.iran.ap_notification"
CENTRIFUGES = "s2.iran.centrifuges_removed"


def story_plus(*extra: tuple[str, str, dict[str, Any], str]) -> list[tuple[int, LoggedEntry]]:
    cast = Cast()
    entries = jcpoa_story(cast)
    entries += [
        stamped(cast.entry(who, kind, {"agreement": 4, **body}, f"{day}T12:00:00Z"))
        for who, kind, body, day in extra
    ]
    return list(enumerate(entries))


def status(log: list[tuple[int, LoggedEntry]], commitment: str, on: str) -> str:
    return compliance(log, 4, date.fromisoformat(on)).status(commitment)


def test_ledger_service_compliance_pending_due_claimed_verified_overdue() -> None:
    log = story_plus()
    assert status(log, AP, "2015-10-17") == "pending"
    assert status(log, CENTRIFUGES, "2016-01-09") == "pending"
    assert status(log, CENTRIFUGES, "2016-01-10") == "claimed"
    assert status(log, CENTRIFUGES, "2016-01-16") == "verified"
    assert status(log, "s2.iran.leu_shipped_kg", "2016-01-16") == "due"
    assert status(log, "s2.iran.leu_shipped_kg", "2016-02-15") == "due"  # deadline day
    assert status(log, "s2.iran.leu_shipped_kg", "2016-02-16") == "overdue"


def test_ledger_service_compliance_disputes_violations_and_snapback() -> None:
    dispute = {"commitment": AP, "party": "us", "reason": "incomplete"}
    log = story_plus(
        ("us_delegate", "dispute", dispute, "2015-11-01"),
        ("us_delegate", "dispute", dict(dispute, action="withdraw"), "2015-11-10"),
        (
            "iaea_inspector",
            "inspection_report",
            {
                "commitment": CENTRIFUGES,
                "means": "iaea",
                "finding": "violation",
                "summary": "centrifuges reinstalled",
            },
            "2016-06-01",
        ),
        (
            "us_delegate",
            "snapback",
            {"party": "us", "commitments": ["s2.iran.leu_shipped_kg"], "reason": "not shipped"},
            "2016-07-01",
        ),
    )
    assert status(log, AP, "2015-11-05") == "disputed"
    assert status(log, AP, "2015-11-10") == "verified"  # the filer withdrew its dispute
    assert status(log, CENTRIFUGES, "2016-05-31") == "verified"
    assert status(log, CENTRIFUGES, "2016-06-01") == "violated"
    assert status(log, "s2.iran.leu_shipped_kg", "2016-07-01") == "violated"  # after deadline
    report = compliance(log, 4, date(2016, 7, 1)).to_dict()
    history = next(c for c in report["commitments"] if c["id"] == AP)["history"]  # type: ignore[union-attr]
    assert [h["status"] for h in history] == [
        "proposed", "pending", "due", "claimed", "verified", "disputed", "verified"
    ]  # fmt: skip
    assert history[5]["index"] == 12


def test_ledger_service_compliance_refuses_a_non_agreement() -> None:
    with pytest.raises(InputError, match="entry 5 is not an agreement"):
        compliance(story_plus(), 5, date(2016, 1, 1))
