"""Keys over the years of an agreement: rotation, revocation, and entries judged by the key
valid at their log time (accord.ledger._keyring).

A transcript from the JCPOA demo (2015-2016) to 2019: Iran's delegate rotates its key in 2017;
the US delegate's key is stolen and revoked by the administrator in 2018, then replaced; the
IAEA inspector revokes its own key in 2019; the whole log still verifies offline, each entry
under the key its submitter had then.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import date
from typing import Any

import pytest

from accord.ledger._audit import audit_export, build_export
from accord.ledger._authorization import rebuild_state
from accord.ledger._checkpoint import Checkpoint, sign_checkpoint, verifier_key
from accord.ledger._compliance import compliance
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._entries import LoggedEntry, SignedEntry, make_entry, stamped
from accord.ledger._keys import SigningKey
from accord.ledger._refusals import Refusal
from accord.ledger.merkle import MerkleTree

LOG_KEY = SigningKey.from_seed(b"L" * 32)
LEU = "s2.iran.leu_shipped_kg"


def new_key(name: str) -> SigningKey:
    return SigningKey.from_seed(hashlib.sha256(b"accord-test-new-key:" + name.encode()).digest())


class Years:
    """The demo log, kept by the admission rules, continued entry by entry."""

    def __init__(self) -> None:
        self.cast = Cast()
        self.state = self.cast.genesis_state()
        self.entries: list[LoggedEntry] = []
        for entry in jcpoa_story(self.cast):
            self.admit(entry)

    def admit(self, entry: SignedEntry | LoggedEntry) -> int:
        logged = stamped(entry) if isinstance(entry, SignedEntry) else entry
        refusal = self.state.admission_problem(logged)
        assert refusal is None, refusal
        self.entries.append(logged)
        return self.state.accept(logged)

    def refusal(self, entry: SignedEntry, who: str) -> Refusal:
        found = self.state.admission_problem(entry)
        assert found is not None
        self.cast.members[who].sequence -= 1
        return found

    def entry(self, who: str, kind: str, body: dict[str, Any], on: str) -> SignedEntry:
        return self.cast.entry(who, kind, body, f"{on}T12:00:00Z")

    def rotation(self, who: str, fresh: SigningKey, on: str, by: str | None = None) -> SignedEntry:
        """``by`` (default: ``who`` with its current key) files ``who``'s new key."""
        proof = fresh.prove_possession(self.cast.ledger, who, f"rotate {on}")
        body = {"participant": who, "public_key": fresh.public_key_b64,
                "challenge": f"rotate {on}", "proof": base64.b64encode(proof).decode()}  # fmt: skip
        return self.entry(by or who, "key_rotation", body, on)

    def note(self, who: str, on: str, key: SigningKey | None = None) -> SignedEntry:
        """A note by ``who``, signed with ``key`` (default: the member's key)."""
        member = self.cast.members[who]
        member.sequence += 1
        return make_entry(key or member.key, ledger=self.cast.ledger, submitter=who, kind="note",
                          body={"text": f"note of {on}"}, sequence=member.sequence,
                          timestamp=f"{on}T12:00:00Z")  # fmt: skip

    def export(self) -> dict[str, Any]:
        tree, notes = MerkleTree(), []
        for entry in self.entries:
            tree.append(entry.leaf_hash())
            notes.append(sign_checkpoint(Checkpoint(self.cast.ledger, tree.size, tree.root()),
                                         self.cast.ledger, LOG_KEY))  # fmt: skip
        keys = [verifier_key(self.cast.ledger, LOG_KEY.public_key)]
        founders = [self.cast.members["registrar"].participant]
        return build_export(self.cast.ledger, founders, self.entries, keys, notes, [])


@pytest.fixture
def years() -> Years:
    return Years()


def _iran_rotates(years: Years) -> SigningKey:
    old, fresh = years.cast.members["iran_delegate"].key, new_key("iran-2017")
    years.admit(years.rotation("iran_delegate", fresh, "2017-03-01"))  # signed by the old key
    years.cast.members["iran_delegate"].key = fresh
    assert years.state.participants["iran_delegate"].public_key == fresh.public_key_b64
    assert old.public_key_b64 != fresh.public_key_b64
    return old


def test_a_participant_rotates_its_key_and_the_old_one_stops_counting(years: Years) -> None:
    old = _iran_rotates(years)
    refused = years.refusal(years.note("iran_delegate", "2017-06-01", key=old), "iran_delegate")
    assert refused.code == "bad_signature"
    claim = {"agreement": 4, "commitment": LEU, "party": "iran", "amount": 11340,
             "delivered_on": "2016-01-10"}  # fmt: skip
    years.admit(years.entry("iran_delegate", "delivery_claim", claim, "2017-06-01"))
    assert compliance(years.entries, 4, date(2017, 6, 2)).status(LEU) == "claimed_late"
    assert years.state.keyring.key_since("iran_delegate") == 12


def test_the_whole_multi_year_log_verifies_offline_each_entry_under_its_key(years: Years) -> None:
    _iran_rotates(years)
    years.admit(years.note("iran_delegate", "2017-06-01"))
    years.admit(years.entry("registrar", "key_revocation",
                            {"participant": "us_delegate", "reason": "laptop stolen"},
                            "2018-01-10"))  # fmt: skip
    years.admit(years.rotation("us_delegate", new_key("us-2018"), "2018-01-11", by="registrar"))
    years.cast.members["us_delegate"].key = new_key("us-2018")
    leave = {"agreement": 4, "party": "us", "reason": "exit"}
    years.admit(years.entry("us_delegate", "withdrawal", leave, "2018-05-08"))
    years.admit(years.entry("iaea_inspector", "key_revocation",
                            {"participant": "iaea_inspector", "reason": "rotation of staff"},
                            "2019-02-01"))  # fmt: skip
    report = audit_export(years.export())
    assert report.ok, [str(f) for f in report.findings]
    assert report.size == 18
    rows = [(i, e.leaf_hash(), e.leaf_data()) for i, e in enumerate(years.entries)]
    rebuilt = rebuild_state(years.cast.ledger, [years.cast.members["registrar"].participant], rows)
    assert rebuilt.participants == years.state.participants
    assert rebuilt.keyring == years.state.keyring
    assert rebuilt.keyring.revoked == {"iaea_inspector": 17}
    assert compliance(years.entries, 4, date(2019, 3, 1)).consent.status() == "in_force"


def test_an_entry_signed_with_a_key_before_it_was_valid_fails_the_audit(years: Years) -> None:
    """Re-signing a 2016 claim with Iran's 2017 key is caught: the key was not Iran's then."""
    _iran_rotates(years)
    export = years.export()
    item = export["entries"][10]  # Iran's 2016 centrifuge claim
    forged = make_entry(new_key("iran-2017"), ledger=years.cast.ledger, submitter="iran_delegate",
                        kind="delivery_claim", body=item["entry"]["body"],
                        sequence=item["entry"]["sequence"],
                        timestamp=item["entry"]["timestamp"])  # fmt: skip
    logged = LoggedEntry(forged, item["log_time"])
    leaf = base64.b64encode(logged.leaf_hash()).decode()
    export["entries"][10] = {"index": 10, "leaf_hash": leaf, **logged.to_dict()}
    findings = [(f.index, f.kind) for f in audit_export(export).findings]
    assert (10, "bad_signature") in findings


def test_a_stolen_key_is_revoked_by_an_administrator_and_replaced(years: Years) -> None:
    revocation = {"participant": "us_delegate", "reason": "laptop stolen"}
    years.admit(years.entry("registrar", "key_revocation", revocation, "2018-01-10"))
    thief = years.refusal(years.note("us_delegate", "2018-01-10"), "us_delegate")
    assert (thief.code, thief.status) == ("revoked", 403)
    assert "us_delegate's key was revoked at entry 12" in thief.reason
    years.admit(years.rotation("us_delegate", new_key("us-2018"), "2018-01-11", by="registrar"))
    years.cast.members["us_delegate"].key = new_key("us-2018")
    years.admit(years.note("us_delegate", "2018-01-12"))
    assert years.state.keyring.history["us_delegate"] == [
        (1, Cast().members["us_delegate"].key.public_key_b64),
        (13, new_key("us-2018").public_key_b64),
    ]


def test_a_revocation_does_not_disown_what_the_key_signed_before(years: Years) -> None:
    """Iran revokes its key "compromised since 2015": its co-signature still binds Iran."""
    revocation = {"participant": "iran_delegate", "reason": "compromised since 2015"}
    years.admit(years.entry("iran_delegate", "key_revocation", revocation, "2019-01-01"))
    report = compliance(years.entries, 4, date(2019, 1, 2))
    assert report.consent.status() == "in_force"
    assert report.status(LEU) == "overdue"
    assert audit_export(years.export()).ok


def test_who_may_change_whose_key(years: Years) -> None:
    body = {"participant": "iran_delegate", "reason": "mischief"}
    refused = years.refusal(years.entry("us_delegate", "key_revocation", body, "2017-01-01"),
                            "us_delegate")  # fmt: skip
    assert (refused.code, refused.reason) == (
        "forbidden",
        "us_delegate may not change iran_delegate's key: only iran_delegate or an administrator",
    )
    takeover = years.rotation("iran_delegate", new_key("admin's"), "2017-01-01", by="registrar")
    refused = years.refusal(takeover, "registrar")
    assert refused.code == "forbidden"
    assert "only for a revoked participant" in refused.reason
    press_key = years.cast.members["press"].key
    reuse = years.rotation("iran_delegate", press_key, "2017-01-01")
    refused = years.refusal(reuse, "iran_delegate")
    assert (refused.code, refused.reason) == (
        "duplicate", "that key is, or was, press's: a key is used once in a ledger"
    )  # fmt: skip
    bad = years.rotation("iran_delegate", new_key("x"), "2017-01-01")
    bad_body = dict(bad.to_dict()["entry"]["body"], challenge="another")
    years.cast.members["iran_delegate"].sequence -= 1  # the first, unused, was never submitted
    wrong_proof = years.entry("iran_delegate", "key_rotation", bad_body, "2017-01-01")
    assert years.refusal(wrong_proof, "iran_delegate").code == "bad_signature"
    stranger = {"participant": "nobody", "reason": "x"}
    refused = years.refusal(years.entry("registrar", "key_revocation", stranger, "2017-01-01"),
                            "registrar")  # fmt: skip
    assert refused.code == "invalid_reference"


def test_the_founding_administrator_rotates_its_key_too(years: Years) -> None:
    years.admit(years.rotation("registrar", new_key("registrar-2020"), "2020-01-01"))
    years.cast.members["registrar"].key = new_key("registrar-2020")
    years.cast.add("eu_delegate", "delegate", party="eu")
    years.admit(years.cast.registration("eu_delegate", "2020-01-02T12:00:00Z"))
    assert audit_export(years.export()).ok
