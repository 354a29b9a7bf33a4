"""Compliance over time, as transcripts of the JCPOA demo: who claimed, verified, is late."""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

import pytest

from accord.errors import InputError
from accord.ledger._compliance import compliance
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._entries import LoggedEntry, stamped


@pytest.fixture
def cast_and_log() -> tuple[Cast, list[LoggedEntry]]:
    cast = Cast()
    return cast, jcpoa_story(cast)


def statuses(log: list[LoggedEntry], on: str) -> dict[str, str]:
    report = compliance(log, agreement=4, as_of=date.fromisoformat(on))
    return {c.commitment.id: c.status for c in report.commitments}


def add(
    cast: Cast, log: list[LoggedEntry], who: str, kind: str, body: dict[str, Any], on: str
) -> None:
    log.append(stamped(cast.entry(who, kind, {"agreement": 4, **body}, f"{on}T09:00:00Z")))


def test_before_adoption_day_everything_is_pending(
    cast_and_log: tuple[Cast, list[LoggedEntry]],
) -> None:
    _, log = cast_and_log
    assert set(statuses(log, "2015-10-17").values()) == {"pending"}


def test_on_adoption_day_the_first_step_falls_due_and_iran_claims(
    cast_and_log: tuple[Cast, list[LoggedEntry]],
) -> None:
    _, log = cast_and_log
    assert statuses(log, "2015-10-18") == {
        "s1.iran.ap_notification": "claimed",  # Iran's claim is dated Adoption Day
        "s1.us.waivers_issued": "due",
        "s2.iran.centrifuges_removed": "pending",
        "s2.iran.leu_shipped_kg": "pending",
        "s2.iran.arak_calandria_removed": "pending",
        "s2.us.nuclear_sanctions_lifted": "pending",
    }


def test_the_iaea_verifies_what_iran_claimed(cast_and_log: tuple[Cast, list[LoggedEntry]]) -> None:
    _, log = cast_and_log
    now = statuses(log, "2015-10-20")
    assert now["s1.iran.ap_notification"] == "verified"
    assert now["s1.us.waivers_issued"] == "claimed"  # no inspector verifies US waivers


def test_implementation_day_history_of_the_centrifuges(
    cast_and_log: tuple[Cast, list[LoggedEntry]],
) -> None:
    _, log = cast_and_log
    report = compliance(log, agreement=4, as_of=date(2016, 1, 31))
    centrifuges = next(c for c in report.commitments if c.commitment.item == "centrifuges_removed")
    assert [(h.on.isoformat(), h.status, h.index) for h in centrifuges.history] == [
        ("2015-07-20", "proposed", 4),  # filed by the US
        ("2015-07-20", "pending", 6),  # in force once Iran co-signed too
        ("2016-01-10", "claimed", 10),  # claimed before the due date: never 'due'
        ("2016-01-16", "verified", 11),
    ]
    assert (centrifuges.claimed, centrifuges.verified) == (12900, 12900)


def test_an_unclaimed_commitment_is_due_then_overdue_after_the_grace_period(
    cast_and_log: tuple[Cast, list[LoggedEntry]],
) -> None:
    _, log = cast_and_log
    assert statuses(log, "2016-02-15")["s2.iran.leu_shipped_kg"] == "due"  # deadline day
    assert statuses(log, "2016-02-16")["s2.iran.leu_shipped_kg"] == "overdue"


def test_partial_claims_add_up_and_partial_verification_is_not_verified(
    cast_and_log: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, log = cast_and_log
    leu = "s2.iran.leu_shipped_kg"
    add(
        cast,
        log,
        "iran_delegate",
        "delivery_claim",
        {"commitment": leu, "party": "iran", "amount": 5000},
        "2015-12-28",
    )
    assert statuses(log, "2016-01-20")[leu] == "due"
    add(
        cast,
        log,
        "iran_delegate",
        "delivery_claim",
        {"commitment": leu, "party": "iran", "amount": 6340},
        "2016-01-05",
    )
    assert statuses(log, "2016-01-20")[leu] == "claimed"
    add(
        cast,
        log,
        "iaea_inspector",
        "inspection_report",
        {
            "commitment": leu,
            "means": "iaea",
            "finding": "confirmed",
            "amount_verified": 5000,
            "summary": "first shipment verified",
        },
        "2016-01-10",
    )
    assert statuses(log, "2016-01-20")[leu] == "claimed"
    add(
        cast,
        log,
        "iaea_inspector",
        "inspection_report",
        {
            "commitment": leu,
            "means": "iaea",
            "finding": "confirmed",
            "amount_verified": 11340,
            "summary": "all shipped to Russia",
        },
        "2016-01-12",
    )
    assert statuses(log, "2016-01-20")[leu] == "verified"


def test_a_dispute_holds_until_withdrawn(cast_and_log: tuple[Cast, list[LoggedEntry]]) -> None:
    cast, log = cast_and_log
    waivers = "s1.us.waivers_issued"
    add(
        cast,
        log,
        "iran_delegate",
        "dispute",
        {"commitment": waivers, "party": "iran", "reason": "banks still refuse"},
        "2016-02-01",
    )
    assert statuses(log, "2016-02-02")[waivers] == "disputed"
    add(
        cast,
        log,
        "iran_delegate",
        "dispute",
        {"commitment": waivers, "party": "iran", "action": "withdraw", "reason": "settled"},
        "2016-03-01",
    )
    assert statuses(log, "2016-02-28")[waivers] == "disputed"
    assert statuses(log, "2016-03-01")[waivers] == "claimed"


def test_a_withdrawal_by_someone_else_does_not_close_a_dispute(
    cast_and_log: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, log = cast_and_log
    waivers = "s1.us.waivers_issued"
    add(
        cast,
        log,
        "iran_delegate",
        "dispute",
        {"commitment": waivers, "party": "iran", "reason": "r"},
        "2016-02-01",
    )
    add(
        cast,
        log,
        "us_delegate",
        "dispute",
        {"commitment": waivers, "party": "us", "action": "withdraw", "reason": "nothing to see"},
        "2016-02-02",
    )
    assert statuses(log, "2016-02-03")[waivers] == "disputed"


def test_an_inspector_reporting_a_violation_makes_it_violated(
    cast_and_log: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, log = cast_and_log
    arak = "s2.iran.arak_calandria_removed"
    add(
        cast,
        log,
        "iran_delegate",
        "delivery_claim",
        {"commitment": arak, "party": "iran", "amount": 1},
        "2016-01-14",
    )
    add(
        cast,
        log,
        "iaea_inspector",
        "inspection_report",
        {
            "commitment": arak,
            "means": "iaea",
            "finding": "violation",
            "summary": "calandria in place",
        },
        "2016-01-15",
    )
    report = compliance(log, agreement=4, as_of=date(2016, 1, 20))
    arak_status = next(c for c in report.commitments if c.commitment.id == arak)
    assert [h.status for h in arak_status.history] == ["proposed", "pending", "claimed", "violated"]
    assert report.counts()["violated"] == 1


def test_snapback_on_an_overdue_commitment_is_a_violation_and_otherwise_a_dispute(
    cast_and_log: tuple[Cast, list[LoggedEntry]],
) -> None:
    cast, log = cast_and_log
    leu, centrifuges = "s2.iran.leu_shipped_kg", "s2.iran.centrifuges_removed"
    add(
        cast,
        log,
        "us_delegate",
        "snapback",
        {"party": "us", "commitments": [leu, centrifuges], "reason": "stockpile not shipped"},
        "2016-03-01",
    )
    now = statuses(log, "2016-03-02")
    assert now[leu] == "violated"  # overdue and never verified
    assert (
        now[centrifuges] == "disputed"
    )  # verified on Implementation Day: the snapback is contested


def test_entries_after_the_as_of_date_are_not_counted(
    cast_and_log: tuple[Cast, list[LoggedEntry]],
) -> None:
    _, log = cast_and_log
    assert statuses(log, "2016-01-15")["s2.iran.centrifuges_removed"] == "claimed"


def test_the_report_json_form(cast_and_log: tuple[Cast, list[LoggedEntry]]) -> None:
    _, log = cast_and_log
    report = compliance(list(enumerate(log)), agreement=4, as_of=date(2016, 3, 1)).to_dict()
    assert report["title"] == "JCPOA (demo)"
    assert report["counts"] == {
        "proposed": 0,
        "pending": 0,
        "due": 0,
        "claimed": 1,
        "claimed_late": 0,
        "verified": 2,
        "overdue": 3,
        "disputed": 0,
        "violated": 0,
        "withdrawn": 0,
        "superseded": 0,
    }
    assert report["consent"] == {
        "status": "in_force",
        "parties": ["iran", "us"],
        "texts": [
            {
                "index": 4,
                "kind": "agreement",
                "leaf_hash": base64.b64encode(log[4].leaf_hash()).decode(),
                "status": "in_force",
                "signed": {"us": 5, "iran": 6},
                "awaiting": [],
                "in_force_on": "2015-07-20",
            }
        ],
        "withdrawn": [],
    }
    first = report["commitments"][0]  # type: ignore[index]
    assert first["id"] == "s1.iran.ap_notification"
    assert first["history"][-1] == {
        "on": "2015-10-20",
        "status": "verified",
        "index": 9,
        "reason": "iaea_inspector (iaea): confirmed",
    }


def test_an_index_that_is_not_an_agreement_is_refused(
    cast_and_log: tuple[Cast, list[LoggedEntry]],
) -> None:
    _, log = cast_and_log
    with pytest.raises(InputError, match="entry 3 is not an agreement"):
        compliance(log, agreement=3, as_of=date(2016, 1, 1))
    with pytest.raises(InputError, match="entry 99 is not an agreement"):
        compliance(log, agreement=99, as_of=date(2016, 1, 1))


def test_the_reference_example_is_real_output(cast_and_log: tuple[Cast, list[LoggedEntry]]) -> None:
    import json
    from pathlib import Path

    _, log = cast_and_log
    page = Path(__file__).resolve().parents[2] / "docs" / "reference" / "ledger-format.md"
    section = page.read_text(encoding="utf-8").split("## Compliance status", 1)[1]
    example = json.loads(section.split("```json\n", 1)[1].split("```", 1)[0])
    report = compliance(log, agreement=4, as_of=date(2016, 3, 1)).to_dict()
    report["commitments"] = report["commitments"][:1]  # type: ignore[index]
    assert example == report
