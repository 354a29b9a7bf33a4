"""The fast canonical JSON (``accord.ledger._jcs``) writes exactly what rfc8785 writes, or
fails as it fails, for any JSON value: ASCII and non-ASCII member names (UTF-16 order differs
from code-point order above U+D7FF), every control character, lone surrogates, integers at and
past the safe range, floats, tuples and deep nesting."""

from __future__ import annotations

from typing import Any

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.ledger._jcs import PLAIN_DEPTH, SAFE_INTEGER, canonical_json

texts = st.text(max_size=12) | st.sampled_from(
    ["", "\x00\x01\x1f\x7f", '"\\/', "\b\f\n\r\t", "\u2028\u2029", "\ud800", "\ue000", "😀", "é"]
)
integers = st.integers() | st.sampled_from(
    [SAFE_INTEGER, SAFE_INTEGER + 1, -SAFE_INTEGER, -SAFE_INTEGER - 1, 0, -1]
)
scalars = st.none() | st.booleans() | integers | st.floats() | texts
json_values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(texts, children, max_size=5)
    ),
    max_leaves=25,
)


def _outcome(encode: Any, value: Any) -> tuple[str, Any]:
    try:
        return "ok", encode(value)
    except Exception as error:  # the same kind of error, whichever writes it
        return "error", type(error)


@settings(max_examples=600, deadline=None)
@given(json_values)
def test_fast_canonical_json_is_rfc8785(value: Any) -> None:
    assert _outcome(canonical_json, value) == _outcome(rfc8785.dumps, value)


def test_member_names_sort_by_utf16_not_code_point() -> None:
    """U+E000 sorts after U+1F600 in UTF-16 (a surrogate pair starts with 0xD83D)."""
    value = {"\ue000": 1, "😀": 2, "a": 3}
    assert canonical_json(value) == rfc8785.dumps(value)
    assert canonical_json(value).index("😀".encode()) < canonical_json(value).index(
        "\ue000".encode()
    )


def test_deep_values_agree() -> None:
    value: Any = "leaf"
    for _ in range(PLAIN_DEPTH + 3):
        value = {"k": [value]}
    assert canonical_json(value) == rfc8785.dumps(value)
