"""Ledger entries: canonical encoding, signatures, strict parsing, limits and replay."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from accord.errors import InputError
from accord.ledger._entries import (
    ENTRY_PURPOSE,
    MAX_DEPTH,
    MAX_ENTRY_BYTES,
    LoggedEntry,
    SignedEntry,
    make_entry,
    parse_envelope,
    parse_logged_entry,
    parse_signed_entry,
    replay_problem,
    sign_entry,
    verify_entry_signature,
)
from accord.ledger._entry_bodies import BODY_MODELS, Note
from accord.ledger._keys import SigningKey
from accord.ledger.merkle._hashing import leaf_hash

KEY = SigningKey.from_seed(bytes(32))
OTHER = SigningKey.from_seed(b"\x01" * 32)
TS = "2026-11-23T11:40:00Z"
PLAN = {
    "steps": [{"name": "Adoption", "date": "2015-10-18", "deliveries": {"iran": {"ap": 1}}}],
    "verification": {"ap": "iaea"},
}

VALID_BODIES: dict[str, dict[str, Any]] = {
    "registration": {
        "participant": {"id": "p", "role": "observer", "public_key": OTHER.public_key_b64},
        "challenge": "c",
        "proof": base64.b64encode(OTHER.prove_possession("l", "p", "c")).decode(),
    },
    "key_rotation": {"participant": "p", "public_key": KEY.public_key_b64, "challenge": "c",
                     "proof": base64.b64encode(KEY.prove_possession("l", "p", "c")).decode()},
    "key_revocation": {"participant": "p", "reason": "lost"},
    "declaration": {"party": "iran", "subject": "enrichment sites", "statement": "Natanz, Fordow",
                    "quantities": {"centrifuges": 19000}},
    "proposal": {"party": "us", "title": "big deal", "text": "everything first",
                 "package": {"warheads": "all"}},
    "agreement": {"title": "JCPOA", "parties": ["iran", "us"], "plan": PLAN},
    "cosignature": {"agreement": 4, "leaf_hash": base64.b64encode(bytes(32)).decode(),
                    "party": "iran"},
    "amendment": {"agreement": 4, "leaf_hash": base64.b64encode(bytes(32)).decode(),
                  "party": "us", "plan": PLAN, "reason": "a later date"},
    "withdrawal": {"agreement": 4, "amendment": 9, "party": "iran", "reason": "no longer"},
    "delivery_claim": {"agreement": 4, "commitment": "s1.iran.ap", "party": "iran", "amount": 1,
                       "delivered_on": "2015-10-18", "evidence": "letter"},
    "inspection_report": {"agreement": 4, "commitment": "s1.iran.ap", "means": "iaea",
                          "finding": "confirmed", "amount_verified": 1, "summary": "seen"},
    "dispute": {"agreement": 4, "commitment": "s1.iran.ap", "party": "us", "reason": "late",
                "about": 5},
    "snapback": {"agreement": 4, "party": "us", "commitments": ["s1.iran.ap"], "reason": "x"},
    "note": {"text": "hello", "about": 0},
}  # fmt: skip


def _entry(kind: str = "note", body: dict[str, Any] | None = None, **kw: Any) -> SignedEntry:
    fields: dict[str, Any] = {"ledger": "l", "submitter": "a", "sequence": 1, "timestamp": TS}
    fields.update(kw)
    return make_entry(KEY, kind=kind, body=body or VALID_BODIES[kind], **fields)


def test_every_kind_has_a_model_and_a_valid_example() -> None:
    assert set(VALID_BODIES) == set(BODY_MODELS)
    for kind in BODY_MODELS:
        signed = _entry(kind)
        assert isinstance(signed.envelope.body, BODY_MODELS[kind])
        assert verify_entry_signature(signed, KEY.public_key)


def test_the_signed_message_is_the_purpose_line_and_the_jcs_envelope() -> None:
    signed = _entry("note", {"text": "é ok", "about": 0})
    assert signed.signed_message() == ENTRY_PURPOSE + (
        b'{"body":{"about":0,"text":"\xc3\xa9 ok"},"kind":"note","ledger":"l","sequence":1,'
        b'"submitter":"a","timestamp":"2026-11-23T11:40:00Z"}'
    )
    logged = LoggedEntry(signed, "2026-11-23T11:40:00.500Z")
    assert logged.leaf_data().startswith(b'{"entry":{"body":')
    assert b',"log_time":"2026-11-23T11:40:00.500Z","signature":' in logged.leaf_data()
    assert logged.leaf_hash() == leaf_hash(logged.leaf_data())


def test_key_order_and_whitespace_do_not_change_the_signature() -> None:
    signed = _entry()
    shuffled = {"signature": signed.to_dict()["signature"],
                "entry": dict(reversed(list(signed.entry_json.items())))}  # fmt: skip
    again = parse_signed_entry(json.dumps(shuffled, indent=4))
    assert verify_entry_signature(again, KEY.public_key)
    assert again.canonical() == signed.canonical()


def test_any_change_to_the_envelope_breaks_the_signature() -> None:
    signed = _entry("delivery_claim")
    for field, value in [("sequence", 2), ("submitter", "b"), ("timestamp", "2026-11-23T11:40:01Z"),
                         ("ledger", "m")]:  # fmt: skip
        tampered = {**signed.to_dict(), "entry": {**signed.entry_json, field: value}}
        assert not verify_entry_signature(parse_signed_entry(tampered), KEY.public_key), field
    body = {**signed.entry_json["body"], "amount": 2}
    tampered = {**signed.to_dict(), "entry": {**signed.entry_json, "body": body}}
    assert not verify_entry_signature(parse_signed_entry(tampered), KEY.public_key)
    assert not verify_entry_signature(signed, OTHER.public_key)


def test_sign_entry_accepts_a_model_or_json() -> None:
    signed = _entry()
    again = sign_entry(KEY, signed.envelope)
    assert again.canonical() == signed.canonical()  # Ed25519 is deterministic
    note = make_entry(KEY, ledger="l", submitter="a", kind="note", body=Note(text="hello", about=0),
                      sequence=1, timestamp=TS)  # fmt: skip
    assert note.canonical() == signed.canonical()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "not valid JSON"),
        (b"[]", 'exactly "entry" and "signature"'),
        (b'{"entry": {}, "signature": "", "x": 1}', 'exactly "entry" and "signature"'),
        (b'{"entry": [], "signature": ""}', "must be a JSON object"),
        (b"[" * 100 + b"]" * 100, 'exactly "entry"'),
        (b"x" * (2 * MAX_ENTRY_BYTES + 1), "larger than"),
    ],
)
def test_malformed_json_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_signed_entry(data)


def _with(entry: dict[str, Any] | None = None, signature: Any = None) -> dict[str, Any]:
    good = _entry().to_dict()
    return {
        "entry": entry or good["entry"],
        "signature": good["signature"] if signature is None else signature,
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "bogus"}, "kind: Input should be"),
        ({"sequence": 0}, "sequence: Input should be greater than or equal to 1"),
        ({"sequence": "1"}, "sequence: Input should be a valid integer"),
        ({"timestamp": "2026-11-23 11:40:00"}, "timestamp: String should match pattern"),
        ({"timestamp": "2026-02-30T11:40:00Z"}, "not a real date and time"),
        ({"submitter": "Not-An-Id"}, "submitter: String should match pattern"),
        ({"body": {"text": "x", "extra": 1}}, "invalid note body: extra: Extra inputs"),
        ({"body": {"text": ""}}, "text: String should have at least 1 character"),
        ({"body": {"text": "x" * 10_001}}, "at most 10000 characters"),
        ({"kind": "delivery_claim", "body": {**VALID_BODIES["delivery_claim"], "amount": "1"}},
         "amount: Input should be a valid number"),
        ({"kind": "delivery_claim", "body": {**VALID_BODIES["delivery_claim"], "amount": -1}},
         "amount: Input should be greater than 0"),
        ({"kind": "delivery_claim",
          "body": {**VALID_BODIES["delivery_claim"], "delivered_on": "2015-02-30"}},
         "delivered_on: day is out of range for month"),
        ({"kind": "delivery_claim", "body": {**VALID_BODIES["delivery_claim"], "commitment": "x"}},
         "commitment: String should match pattern"),
        ({"kind": "agreement", "body": {**VALID_BODIES["agreement"], "parties": ["iran", "iran"]}},
         "a party is listed twice"),
        ({"kind": "agreement", "body": {**VALID_BODIES["agreement"], "parties": ["us", "eu"]}},
         "deliveries by non-parties: iran"),
        ({"kind": "agreement", "body": {**VALID_BODIES["agreement"], "plan": {"steps": "soon"}}},
         "plan.steps: expected a non-empty list"),
        ({"body": {"text": "x", "about": -1}}, "about: Input should be greater than or equal to 0"),
    ],
)  # fmt: skip
def test_schema_violations_are_refused_with_the_field_named(
    change: dict[str, Any], message: str
) -> None:
    entry = {**_entry().entry_json, **change}
    with pytest.raises(InputError, match=message):
        parse_signed_entry(_with(entry))


def test_signature_encoding_is_checked() -> None:
    with pytest.raises(InputError, match="not valid base64"):
        parse_signed_entry(_with(signature="***"))
    with pytest.raises(InputError, match="64 bytes"):
        parse_signed_entry(_with(signature=base64.b64encode(bytes(63)).decode()))
    with pytest.raises(InputError, match="64 bytes"):
        parse_signed_entry(_with(signature=7))


def test_size_and_depth_limits() -> None:
    deep: dict[str, Any] = {}
    cursor = deep
    for _ in range(40):
        cursor["x"] = {}
        cursor = cursor["x"]
    body = {"party": "us", "title": "t", "text": "t", "package": deep}
    with pytest.raises(InputError, match="nested deeper than 32"):
        _entry("proposal", body)
    big = {
        "party": "us",
        "title": "t",
        "text": "t",
        "package": {f"k{i}": "x" * 9000 for i in range(40)},
    }
    with pytest.raises(InputError, match=f"larger than {MAX_ENTRY_BYTES} bytes"):
        _entry("proposal", big)


def test_replay_and_gaps_are_refused() -> None:
    env = _entry(sequence=5).envelope
    assert replay_problem(env, "l", 4) is None
    assert replay_problem(env, "l", 5) == "sequence 5 was already used by a (expected 6): a replay"
    assert replay_problem(env, "l", 7) == "sequence 5 was already used by a (expected 8): a replay"
    assert replay_problem(env, "l", 3) == "sequence 5 skips ahead (expected 4)"
    assert replay_problem(env, "other", 4) == "the entry is for ledger 'l', not 'other'"


def test_envelope_when_is_utc() -> None:
    env = parse_envelope({**_entry().entry_json, "timestamp": "2026-11-23T11:40:00.125Z"})
    assert env.when.isoformat() == "2026-11-23T11:40:00+00:00"


def test_the_ledger_package_all_is_sorted_and_importable() -> None:
    import accord.ledger as ledger

    assert list(ledger.__all__) == sorted(ledger.__all__)
    assert all(hasattr(ledger, name) for name in ledger.__all__)


def test_the_example_entry_in_the_reference_page_verifies() -> None:
    from pathlib import Path

    from accord.ledger._demo import Cast, jcpoa_story

    page = Path(__file__).resolve().parents[2] / "docs" / "reference" / "ledger-format.md"
    text = page.read_text(encoding="utf-8").split("### Canonical encoding", 1)[1]
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    signed = parse_signed_entry(example)
    assert signed.to_dict() == jcpoa_story(Cast())[7].signed.to_dict()
    key = Cast().members["iran_delegate"].key
    assert verify_entry_signature(signed, key.public_key)
    message = text.split("```text\n", 2)[2].split("```", 1)[0].strip().encode()
    assert signed.signed_message() == ENTRY_PURPOSE + message


def test_the_leaf_reuses_the_signed_envelope_encoding_exactly() -> None:
    import rfc8785

    for kind in BODY_MODELS:
        signed = _entry(kind)
        assert signed.canonical() == rfc8785.dumps(signed.to_dict())
        logged = LoggedEntry(signed, "2026-11-23T11:40:00.000Z")
        assert logged.leaf_data() == rfc8785.dumps(logged.to_dict())
    odd = LoggedEntry(
        _entry("note", {"text": 'é "quoted" \\ \u2028 \U0001f600', "about": 0}),
        "2026-11-23T11:40:00.123Z",
    )
    assert odd.leaf_data() == rfc8785.dumps(odd.to_dict())
    assert parse_logged_entry(odd.leaf_data()) == odd


def test_the_signature_verdict_is_remembered_per_key() -> None:
    signed = _entry()
    assert not verify_entry_signature(signed, OTHER.public_key)
    assert verify_entry_signature(signed, KEY.public_key)
    assert not verify_entry_signature(signed, OTHER.public_key)
    forged = parse_signed_entry(
        dict(signed.to_dict(), signature=base64.b64encode(bytes(64)).decode())
    )
    assert not verify_entry_signature(forged, KEY.public_key)
    assert not verify_entry_signature(forged, KEY.public_key)


@pytest.mark.parametrize(
    ("kind", "field"),
    [
        ("delivery_claim", ("amount",)),
        ("declaration", ("quantities", "centrifuges")),
        ("agreement", ("plan", "steps", 0, "deliveries", "iran", "ap")),
    ],
)
def test_numbers_in_bodies_have_the_scenario_number_size_limit(
    kind: str, field: tuple[str | int, ...]
) -> None:
    """The same limit as in a scenario file (issue 17): just under it is accepted, just over
    it and infinity are refused with the field named."""
    import copy

    from accord.limits import Limits

    largest = Limits().number_size
    for value, ok in ((largest, True), (largest * 1.5, False), (float("inf"), False)):
        body = copy.deepcopy(VALID_BODIES[kind])
        cursor: Any = body
        for key in field[:-1]:
            cursor = cursor[key]
        cursor[field[-1]] = value
        if ok:
            _entry(kind, body)
            continue
        with pytest.raises(InputError, match=str(field[-1])):
            _entry(kind, body)


def test_entry_depth_just_under_and_just_over() -> None:
    """An entry nested exactly ``entry_depth`` levels deep is accepted, one more is refused
    (envelope 1, body 2, package 3: the package's nest adds the rest)."""

    def proposal(depth: int) -> dict[str, Any]:
        nest: Any = "v"
        for _ in range(depth - 3):
            nest = {"x": nest}
        return {"party": "us", "title": "t", "text": "t", "package": {"k": nest}}

    assert _entry("proposal", proposal(MAX_DEPTH)).envelope.body is not None
    with pytest.raises(InputError, match=f"nested deeper than {MAX_DEPTH} levels"):
        _entry("proposal", proposal(MAX_DEPTH + 1))


def test_entry_bytes_just_under_and_just_over() -> None:
    """An entry whose canonical form is exactly ``entry_bytes`` is accepted, a byte more is
    refused."""

    def proposal(pad: int) -> dict[str, Any]:
        return {"party": "us", "title": "t", "text": "t", "package": {"k": "x" * pad}}

    size = len(_entry("proposal", proposal(0)).canonical())
    exact = _entry("proposal", proposal(MAX_ENTRY_BYTES - size))
    assert len(exact.canonical()) == MAX_ENTRY_BYTES
    assert parse_signed_entry(exact.canonical()).canonical() == exact.canonical()
    over = (
        _entry("proposal", proposal(0))
        .canonical()
        .replace(b'"k":""', b'"k":"' + b"x" * (MAX_ENTRY_BYTES - size + 1) + b'"')
    )
    with pytest.raises(InputError, match=f"larger than {MAX_ENTRY_BYTES} bytes"):
        parse_signed_entry(over)
