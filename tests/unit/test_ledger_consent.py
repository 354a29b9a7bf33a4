"""Consent, as transcripts: an agreement binds only the parties whose delegates co-signed it.

The attack of issue 15: the US files an agreement whose only commitment is the DPRK surrendering
100 warheads by 2019-06-01; a year later the DPRK is "proposed", never "overdue". Then the
rules around it: who may co-sign what, amendments, withdrawals (see accord.ledger._consent).
"""

from __future__ import annotations

import base64
from datetime import date
from typing import Any

import pytest

from accord.ledger._compliance import compliance
from accord.ledger._demo import JCPOA_PLAN, Cast, jcpoa_story, one_sided_story
from accord.ledger._entries import LoggedEntry, SignedEntry, stamped

WARHEADS = "s1.dprk.warheads_surrendered"
LEU = "s2.iran.leu_shipped_kg"
RELIEF = "s2.us.nuclear_sanctions_lifted"


class Log:
    """A log kept by the admission rules: every entry is checked, then appended."""

    def __init__(self, cast: Cast, story: list[LoggedEntry]) -> None:
        self.cast, self.state, self.entries = cast, cast.genesis_state(), list[LoggedEntry]()
        for entry in story:
            self.append(entry)

    def append(self, entry: LoggedEntry | SignedEntry) -> int:
        logged = stamped(entry) if isinstance(entry, SignedEntry) else entry
        refusal = self.state.admission_problem(logged)
        assert refusal is None, refusal
        self.entries.append(logged)
        return self.state.accept(logged)

    def refused(self, who: str, kind: str, body: dict[str, Any], on: str) -> tuple[str, str]:
        """The code and reason of the refusal of an entry (which then uses no sequence number)."""
        entry = self.cast.entry(who, kind, body, f"{on}T12:00:00Z")
        refusal = self.state.admission_problem(stamped(entry))
        assert refusal is not None, (who, kind, body)
        self.cast.members[who].sequence -= 1
        return refusal.code, refusal.reason

    def file(self, who: str, kind: str, body: dict[str, Any], on: str) -> int:
        return self.append(self.cast.entry(who, kind, body, f"{on}T12:00:00Z"))

    def cosign(self, who: str, index: int, on: str, agreement: int | None = None) -> int:
        """``who`` co-signs entry ``index`` (an agreement; or an amendment of ``agreement``)."""
        amendment = None if agreement is None else index
        entry = self.cast.cosignature(
            who, agreement or index, self.entries[index], f"{on}T12:00:00Z", amendment
        )
        return self.append(entry)

    def status(self, agreement: int, commitment: str, on: str) -> str:
        return compliance(self.entries, agreement, date.fromisoformat(on)).status(commitment)

    def history(self, agreement: int, commitment: str, on: str) -> list[tuple[str, str]]:
        report = compliance(self.entries, agreement, date.fromisoformat(on))
        found = next(c for c in report.commitments if c.commitment.id == commitment)
        return [(h.on.isoformat(), h.status) for h in found.history]


@pytest.fixture
def one_sided() -> Log:
    cast = Cast()
    return Log(cast, one_sided_story(cast))


@pytest.fixture
def jcpoa() -> Log:
    cast = Cast()
    return Log(cast, jcpoa_story(cast))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def test_one_party_cannot_bind_another(one_sided: Log) -> None:
    """The attack: a year after the due date the DPRK, which signed nothing, is not overdue."""
    assert one_sided.status(2, WARHEADS, "2020-06-01") == "proposed"
    assert one_sided.history(2, WARHEADS, "2020-06-01") == [("2019-03-02", "proposed")]
    report = compliance(one_sided.entries, 2, date(2020, 6, 1))
    assert report.counts()["proposed"] == 1
    assert report.consent.status() == "proposed"
    assert report.consent.to_dict()["texts"][0]["awaiting"] == ["dprk"]  # type: ignore[index]
    assert report.consent.to_dict()["texts"][0]["signed"] == {"us": 3}  # type: ignore[index]


def test_once_the_other_party_co_signs_the_commitment_binds(one_sided: Log) -> None:
    one_sided.cosign("dprk_delegate", 2, "2019-04-01")
    assert one_sided.status(2, WARHEADS, "2019-03-31") == "proposed"
    assert one_sided.status(2, WARHEADS, "2019-04-01") == "pending"
    assert one_sided.status(2, WARHEADS, "2019-06-01") == "due"
    assert one_sided.status(2, WARHEADS, "2019-07-02") == "overdue"
    assert one_sided.history(2, WARHEADS, "2020-06-01") == [
        ("2019-03-02", "proposed"),
        ("2019-04-01", "pending"),
        ("2019-06-01", "due"),
        ("2019-07-02", "overdue"),
    ]


def test_a_party_co_signs_only_through_its_own_delegate(one_sided: Log) -> None:
    leaf = b64(one_sided.entries[2].leaf_hash())
    body = {"agreement": 2, "leaf_hash": leaf, "party": "dprk"}
    assert one_sided.refused("us_delegate", "cosignature", body, "2019-03-03") == (
        "forbidden",
        "us_delegate is a delegate of us, not of dprk",
    )
    again = {**body, "party": "us"}
    code, reason = one_sided.refused("us_delegate", "cosignature", again, "2019-03-03")
    assert (code, reason) == ("duplicate", "us already co-signed entry 2 (entry 3)")


def test_a_co_signature_names_the_exact_entry_consented_to(one_sided: Log) -> None:
    other = b64(one_sided.entries[1].leaf_hash())  # the hash of another entry
    body = {"agreement": 2, "leaf_hash": other, "party": "dprk"}
    code, reason = one_sided.refused("dprk_delegate", "cosignature", body, "2019-03-03")
    assert code == "invalid_reference"
    assert "not that of entry 2" in reason
    body = {"agreement": 1, "leaf_hash": other, "party": "dprk"}
    assert one_sided.refused("dprk_delegate", "cosignature", body, "2019-03-03") == (
        "invalid_reference",
        "entry 1 is not an agreement",
    )


def test_a_stranger_to_the_agreement_cannot_co_sign(one_sided: Log) -> None:
    one_sided.cast.add("rok_delegate", "delegate", party="rok")
    one_sided.append(one_sided.cast.registration("rok_delegate", "2019-03-03T12:00:00Z"))
    body = {"agreement": 2, "leaf_hash": b64(one_sided.entries[2].leaf_hash()), "party": "rok"}
    assert one_sided.refused("rok_delegate", "cosignature", body, "2019-03-04") == (
        "forbidden",
        "rok is not a party to agreement 2",
    )


def test_no_snapback_of_an_agreement_not_in_force(one_sided: Log) -> None:
    body = {"agreement": 2, "party": "us", "commitments": [WARHEADS], "reason": "not done"}
    code, reason = one_sided.refused("us_delegate", "snapback", body, "2019-07-02")
    assert code == "not_in_force"
    assert reason == "agreement 2 is not in force: proposed, awaiting dprk"


def test_a_proposal_withdrawn_never_comes_into_force(one_sided: Log) -> None:
    withdrawal = {"agreement": 2, "party": "dprk", "reason": "one-sided"}
    assert one_sided.refused("us_delegate", "withdrawal", withdrawal, "2019-03-05")[0] == (
        "forbidden"  # a party withdraws only itself
    )
    one_sided.file("dprk_delegate", "withdrawal", withdrawal, "2019-03-05")
    assert one_sided.status(2, WARHEADS, "2020-06-01") == "withdrawn"
    body = {"agreement": 2, "leaf_hash": b64(one_sided.entries[2].leaf_hash()), "party": "dprk"}
    code, reason = one_sided.refused("dprk_delegate", "cosignature", body, "2019-03-06")
    assert (code, reason) == ("not_in_force", "entry 2 was withdrawn by dprk (entry 4)")


def _amendment(log: Log, plan: dict[str, Any], who: str = "us_delegate") -> dict[str, Any]:
    party = log.cast.members[who].participant.party
    return {"agreement": 4, "leaf_hash": b64(log.entries[4].leaf_hash()), "party": party,
            "plan": plan, "reason": "shipment moved"}  # fmt: skip


LATER_PLAN = {
    **JCPOA_PLAN,
    "steps": [
        JCPOA_PLAN["steps"][0],
        {"name": "Implementation", "date": "2016-06-01",
         "deliveries": {"iran": {"leu_shipped_kg": 11340, "centrifuges_removed": 12900},
                        "us": {"nuclear_sanctions_lifted": 1}}},
    ],
}  # fmt: skip
"""The demo plan with Implementation moved to June 2016 and the Arak step dropped."""


def test_an_amendment_binds_only_once_every_party_co_signed_it(jcpoa: Log) -> None:
    amendment = jcpoa.file("us_delegate", "amendment", _amendment(jcpoa, LATER_PLAN), "2016-01-18")
    jcpoa.cosign("us_delegate", amendment, "2016-01-18", agreement=4)
    assert jcpoa.status(4, LEU, "2016-02-20") == "overdue"  # Iran has not co-signed: old terms
    jcpoa.cosign("iran_delegate", amendment, "2016-02-25", agreement=4)
    assert jcpoa.status(4, LEU, "2016-02-25") == "pending"  # due 2016-06-01 now
    assert jcpoa.status(4, LEU, "2016-06-01") == "due"
    assert jcpoa.history(4, LEU, "2016-07-02") == [
        ("2015-07-20", "proposed"),
        ("2015-07-20", "pending"),
        ("2016-01-16", "due"),
        ("2016-02-16", "overdue"),
        ("2016-02-25", "pending"),
        ("2016-06-01", "due"),
        ("2016-07-02", "overdue"),
    ]
    assert jcpoa.status(4, "s2.iran.arak_calandria_removed", "2016-03-01") == "superseded"
    consent = compliance(jcpoa.entries, 4, date(2016, 3, 1)).consent.to_dict()
    texts = consent["texts"]
    assert [(t["index"], t["status"], t["in_force_on"]) for t in texts] == [  # type: ignore[attr-defined]
        (4, "in_force", "2015-07-20"),
        (amendment, "in_force", "2016-02-25"),
    ]


def test_an_amendment_needs_its_own_leaf_hash_and_an_agreement_in_force(
    jcpoa: Log, one_sided: Log
) -> None:
    amendment = jcpoa.file("us_delegate", "amendment", _amendment(jcpoa, LATER_PLAN), "2016-01-18")
    wrong = {"agreement": 4, "amendment": amendment, "party": "iran",
             "leaf_hash": b64(jcpoa.entries[4].leaf_hash())}  # fmt: skip
    code, reason = jcpoa.refused("iran_delegate", "cosignature", wrong, "2016-01-19")
    assert code == "invalid_reference"
    assert reason.startswith(f"the leaf hash is not that of entry {amendment}:")
    draft = {"agreement": 2, "leaf_hash": b64(one_sided.entries[2].leaf_hash()), "party": "us",
             "plan": ONE_PLAN, "reason": "fewer"}  # fmt: skip
    code, reason = one_sided.refused("us_delegate", "amendment", draft, "2019-03-05")
    assert code == "not_in_force"
    assert "amend an agreement in force" in reason
    stranger = _amendment(jcpoa, {"steps": [{"date": "2016-06-01",
                                             "deliveries": {"eu": {"relief": 1}}}]})  # fmt: skip
    code, reason = jcpoa.refused("us_delegate", "amendment", stranger, "2016-01-19")
    assert (code, reason) == ("forbidden", "the amendment has deliveries by non-parties: eu")


ONE_PLAN = {"steps": [{"date": "2019-06-01", "deliveries": {"dprk": {"warheads_surrendered": 50}}}]}


def test_a_pending_amendment_can_be_withdrawn_and_then_never_binds(jcpoa: Log) -> None:
    amendment = jcpoa.file("us_delegate", "amendment", _amendment(jcpoa, LATER_PLAN), "2016-01-18")
    withdrawal = {"agreement": 4, "amendment": amendment, "party": "iran", "reason": "no"}
    jcpoa.file("iran_delegate", "withdrawal", withdrawal, "2016-01-19")
    body = {"agreement": 4, "amendment": amendment, "party": "iran",
            "leaf_hash": b64(jcpoa.entries[amendment].leaf_hash())}  # fmt: skip
    assert jcpoa.refused("iran_delegate", "cosignature", body, "2016-01-20")[0] == "not_in_force"
    assert jcpoa.status(4, LEU, "2016-02-20") == "overdue"  # the old terms hold


def test_a_party_that_withdraws_leaves_its_open_commitments_and_others_stay_bound(
    jcpoa: Log,
) -> None:
    jcpoa.file("us_delegate", "withdrawal", {"agreement": 4, "party": "us", "reason": "exit"},
               "2016-01-20")  # fmt: skip
    assert jcpoa.status(4, RELIEF, "2016-01-19") == "due"
    assert jcpoa.status(4, RELIEF, "2016-01-20") == "withdrawn"
    assert jcpoa.status(4, RELIEF, "2017-01-01") == "withdrawn"  # never overdue afterwards
    assert jcpoa.status(4, "s1.us.waivers_issued", "2017-01-01") == "claimed"  # what was done
    assert jcpoa.status(4, LEU, "2016-02-16") == "overdue"  # Iran remains bound
    body = {"agreement": 4, "leaf_hash": b64(jcpoa.entries[4].leaf_hash()), "party": "us",
            "plan": LATER_PLAN, "reason": "back"}  # fmt: skip
    assert jcpoa.refused("us_delegate", "amendment", body, "2016-02-01") == (
        "forbidden",
        "us withdrew from agreement 4 at entry 12",
    )


def test_a_withdrawal_does_not_erase_a_breach_already_on_the_record(jcpoa: Log) -> None:
    jcpoa.file("us_delegate", "withdrawal", {"agreement": 4, "party": "us", "reason": "exit"},
               "2016-03-01")  # fmt: skip
    assert jcpoa.status(4, RELIEF, "2016-03-01") == "overdue"  # its deadline passed before
    assert jcpoa.status(4, RELIEF, "2018-05-08") == "overdue"


def test_after_a_party_leaves_the_others_alone_decide_an_amendment(jcpoa: Log) -> None:
    jcpoa.file("us_delegate", "withdrawal", {"agreement": 4, "party": "us", "reason": "exit"},
               "2016-01-20")  # fmt: skip
    iran_only = {
        "steps": [{"date": "2016-06-01", "deliveries": {"iran": {"leu_shipped_kg": 11340}}}]
    }
    amendment = jcpoa.file(
        "iran_delegate", "amendment", _amendment(jcpoa, iran_only, "iran_delegate"), "2016-01-21"
    )
    jcpoa.cosign("iran_delegate", amendment, "2016-01-21", agreement=4)
    assert jcpoa.status(4, "s1.iran.leu_shipped_kg", "2016-02-20") == "pending"  # Iran alone
    assert jcpoa.status(4, LEU, "2016-02-20") == "superseded"  # the step it was in is gone
