"""Who may file what: each refusal, with its reason and HTTP status, on the JCPOA demo log."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from accord.ledger._authorization import LedgerState, Refusal
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._entries import make_entry
from accord.ledger._keys import SigningKey

TS = "2016-02-01T12:00:00Z"
CLAIM = {"agreement": 4, "commitment": "s2.iran.leu_shipped_kg", "party": "iran", "amount": 11340}
REPORT = {"agreement": 4, "commitment": "s2.iran.leu_shipped_kg", "means": "iaea",
          "finding": "confirmed", "summary": "shipped to Russia"}  # fmt: skip


@pytest.fixture
def log() -> tuple[Cast, LedgerState]:
    cast = Cast()
    state = cast.genesis_state()
    for entry in jcpoa_story(cast):
        assert state.admission_problem(entry) is None
        state.accept(entry)
    return cast, state


def _refusal(
    state: LedgerState, cast: Cast, who: str, kind: str, body: dict[str, Any]
) -> Refusal | None:
    refusal = state.admission_problem(cast.entry(who, kind, body, TS))
    if refusal is not None:
        cast.members[who].sequence -= 1  # the refused entry used no sequence number
    return refusal


def test_the_whole_demo_story_is_admitted(log: tuple[Cast, LedgerState]) -> None:
    _, state = log
    assert state.size == 12
    assert set(state.participants) == {
        "registrar",
        "iran_delegate",
        "us_delegate",
        "iaea_inspector",
        "press",
    }
    assert list(state.agreements) == [4]
    assert state.last_sequence == {
        "registrar": 4,
        "us_delegate": 3,
        "iran_delegate": 3,
        "iaea_inspector": 2,
    }


@pytest.mark.parametrize(
    ("who", "kind", "body", "code", "reason"),
    [
        ("us_delegate", "declaration", {"party": "iran", "subject": "sites", "statement": "none"},
         "forbidden", "us_delegate is a delegate of us, not of iran"),
        ("us_delegate", "inspection_report", REPORT,
         "forbidden", "only inspectors file inspection reports; us_delegate is delegate"),
        ("press", "note", {"text": "scoop"},
         "forbidden", "press is an observer: observers read the log and file nothing"),
        ("iran_delegate", "registration", {"participant": {"id": "x", "role": "observer",
          "public_key": Cast().members["press"].participant.public_key}, "challenge": "c",
          "proof": base64.b64encode(bytes(64)).decode()},
         "forbidden", "only an administrator registers participants; iran_delegate is delegate"),
        ("iaea_inspector", "inspection_report", {**REPORT, "means": "satellite"},
         "forbidden", "iaea_inspector does not inspect by satellite"),
        ("iaea_inspector", "delivery_claim", CLAIM,
         "forbidden", "only a delegate files a delivery claim; iaea_inspector is inspector"),
        ("us_delegate", "delivery_claim", {**CLAIM, "party": "us"},
         "forbidden", "s2.iran.leu_shipped_kg is a commitment of iran"),
        ("iran_delegate", "delivery_claim", {**CLAIM, "agreement": 3},
         "invalid_reference", "entry 3 is not an agreement"),
        ("iran_delegate", "delivery_claim", {**CLAIM, "commitment": "s9.iran.leu_shipped_kg"},
         "invalid_reference", "agreement 4 has no s9.iran.leu_shipped_kg"),
        ("us_delegate", "agreement", {"title": "t", "parties": ["iran", "eu"],
          "plan": {"steps": [{"date": "2016-01-01", "deliveries": {"iran": {"x": 1}}}]}},
         "forbidden", "an agreement is filed by a delegate of one of its parties, not us_delegate"),
        ("us_delegate", "dispute", {"agreement": 4, "commitment": "s2.iran.leu_shipped_kg",
          "party": "us", "about": 99, "reason": "no such entry"},
         "invalid_reference", "entry 99 does not exist yet"),
    ],
)  # fmt: skip
def test_refusals(
    log: tuple[Cast, LedgerState], who: str, kind: str, body: dict[str, Any], code: str, reason: str
) -> None:
    cast, state = log
    refusal = _refusal(state, cast, who, kind, body)
    assert refusal == Refusal(code, reason)
    assert 400 <= refusal.status < 500
    assert str(refusal) == reason


def test_permitted_filings(log: tuple[Cast, LedgerState]) -> None:
    cast, state = log
    for who, kind, body in [
        ("iran_delegate", "delivery_claim", CLAIM),
        ("iaea_inspector", "inspection_report", REPORT),
        ("iaea_inspector", "dispute", {"agreement": 4, "reason": "relief not visible",
                                       "commitment": "s2.us.nuclear_sanctions_lifted"}),
        ("us_delegate", "snapback", {"agreement": 4, "party": "us",
                                     "commitments": ["s2.iran.leu_shipped_kg"], "reason": "test"}),
        ("registrar", "note", {"text": "maintenance window", "about": 0}),
    ]:  # fmt: skip
        entry = cast.entry(who, kind, body, TS)
        assert state.admission_problem(entry) is None, (who, kind)
        state.accept(entry)


def test_unknown_submitter_bad_signature_and_replay(log: tuple[Cast, LedgerState]) -> None:
    cast, state = log
    stranger = make_entry(cast.members["press"].key, ledger=cast.ledger, submitter="mallory",
                          kind="note", body={"text": "hi"}, sequence=1, timestamp=TS)  # fmt: skip
    assert state.admission_problem(stranger) == Refusal(
        "unknown_submitter", "mallory is not a registered participant"
    )
    press_key = cast.members["press"].key
    forged = make_entry(press_key, ledger=cast.ledger, submitter="us_delegate", kind="note",
                        body={"text": "we give up"}, sequence=4, timestamp=TS)  # fmt: skip
    refusal = state.admission_problem(forged)
    assert refusal is not None
    assert (refusal.code, refusal.status) == ("bad_signature", 401)
    first_claim = jcpoa_story(Cast())[7]  # the same bytes as entry 7, submitted again
    refusal = state.admission_problem(first_claim)
    assert refusal == Refusal(
        "replay", "sequence 2 was already used by iran_delegate (expected 4): a replay"
    )
    assert refusal.status == 409


def test_registration_needs_a_fresh_id_a_fresh_key_and_a_valid_proof(
    log: tuple[Cast, LedgerState],
) -> None:
    cast, state = log
    again = cast.registration("press", TS)
    assert state.admission_problem(again) == Refusal("duplicate", "press is already registered")
    cast.members["registrar"].sequence -= 1
    press = cast.members["press"].participant
    same_key = {"participant": {**press.to_dict(), "id": "press_2"}, "challenge": "c",
                "proof": base64.b64encode(cast.members["press"].key.prove_possession(
                    cast.ledger, "press_2", "c")).decode()}  # fmt: skip
    refusal = _refusal(state, cast, "registrar", "registration", same_key)
    assert refusal == Refusal("duplicate", f"the key {press.key_id} is already registered")
    new_key = SigningKey.from_seed(b"n" * 32)
    proof = new_key.prove_possession(cast.ledger, "someone_else", "c")
    wrong_proof = {"participant": {"id": "eu_delegate", "role": "delegate", "party": "eu",
                                   "public_key": new_key.public_key_b64},
                   "challenge": "c", "proof": base64.b64encode(proof).decode()}  # fmt: skip
    refusal = _refusal(state, cast, "registrar", "registration", wrong_proof)
    assert refusal == Refusal(
        "bad_signature", "the proof of possession for eu_delegate does not verify"
    )


def test_a_note_about_a_future_entry_is_refused_and_refusals_have_a_json_form(
    log: tuple[Cast, LedgerState],
) -> None:
    cast, state = log
    refusal = _refusal(state, cast, "us_delegate", "note", {"text": "see below", "about": 12})
    assert refusal is not None
    assert refusal.to_dict() == {
        "code": "invalid_reference",
        "reason": "entry 12 does not exist yet",
        "status": 422,
    }
