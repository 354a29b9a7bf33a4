"""Hostile input never escapes as an unexpected exception: only InputError / VerificationFailed."""

from __future__ import annotations

import contextlib
import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import InputError, VerificationFailed
from accord.ledger._audit import audit_export, build_export
from accord.ledger._checkpoint import open_checkpoint, verifier_key
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._entries import parse_signed_entry
from accord.ledger._keys import SigningKey
from accord.ledger.merkle import verify_consistency, verify_inclusion

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
hashes = st.binary(min_size=0, max_size=40) | st.just(bytes(32))
anything = json_values | hashes

CAST = Cast()
ENTRIES = jcpoa_story(CAST)
KEY = SigningKey.from_seed(b"L" * 32)
EXPORT = build_export(CAST.ledger, [CAST.members["registrar"].participant], ENTRIES,
                      [verifier_key(CAST.ledger, KEY.public_key)], [])  # fmt: skip


@given(anything, anything, anything, st.lists(anything, max_size=4) | anything, anything)
def test_verify_inclusion_only_answers_true_or_false(
    a: Any, b: Any, c: Any, d: Any, e: Any
) -> None:
    assert verify_inclusion(a, b, c, d, e) in (True, False)


@given(anything, anything, st.lists(anything, max_size=4) | anything, anything, anything)
def test_verify_consistency_only_answers_true_or_false(
    a: Any, b: Any, c: Any, d: Any, e: Any
) -> None:
    assert verify_consistency(a, b, c, d, e) in (True, False)


@given(json_values)
def test_parsing_any_json_entry_raises_only_input_error(value: Any) -> None:
    for candidate in (value, {"entry": value, "signature": "A" * 88}):
        with contextlib.suppress(InputError):
            parse_signed_entry(candidate)


@given(st.text(max_size=300))
def test_parsing_any_text_as_an_entry_raises_only_input_error(text: str) -> None:
    with contextlib.suppress(InputError):
        parse_signed_entry(text)


@given(
    st.sampled_from(["ledger", "submitter", "kind", "sequence", "timestamp", "body"]), json_values
)
def test_any_envelope_field_replaced_raises_only_input_error(field: str, value: Any) -> None:
    data = copy.deepcopy(ENTRIES[8].to_dict())
    data["entry"][field] = value
    with contextlib.suppress(InputError):
        parse_signed_entry(json.dumps(data))


@given(st.text(max_size=200))
def test_opening_any_text_as_a_checkpoint_raises_only_verification_failed(text: str) -> None:
    with contextlib.suppress(VerificationFailed):
        open_checkpoint(text, [verifier_key("o", KEY.public_key)])


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["origin", "founders", "participants", "checkpoint_keys", "entries",
                        "checkpoints", "checkpoint"]), json_values, st.integers(0, 9))  # fmt: skip
def test_auditing_a_damaged_export_reports_or_raises_input_error(
    field: str, value: Any, at: int
) -> None:
    export = copy.deepcopy(EXPORT)
    if field == "entries" and not isinstance(value, list):
        export["entries"][at] = value
    else:
        export[field] = value
    with contextlib.suppress(InputError):
        audit_export(export)
