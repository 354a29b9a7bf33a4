"""The expression language: precedence, every operator, errors with columns."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from accord.errors import ExpressionError
from accord.scenario._expressions import parse


def truth_table(text: str, names: str) -> list[bool]:
    expression = parse(text)
    return [
        expression.evaluate(dict(zip(names, values, strict=True)))
        for values in itertools.product([False, True], repeat=len(names))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a and b", [False, False, False, True]),
        ("a or b", [False, True, True, True]),
        ("a if b", [True, False, True, True]),  # b implies a
        ("a iff b", [True, False, False, True]),
        ("not a and b", [False, True, False, False]),
        ("-a or b", [True, True, False, True]),
        ("not (a and b)", [True, True, True, False]),
        ("true and a", [False, False, True, True]),
        ("false or b", [False, True, False, True]),
    ],
)
def test_operators(text: str, expected: list[bool]) -> None:
    assert truth_table(text, "ab") == expected


@pytest.mark.parametrize(
    ("loose", "tight"),
    [
        ("a or b and c", "a or (b and c)"),
        ("a and b or c", "(a and b) or c"),
        ("a if b or c", "a if (b or c)"),
        ("a or b if c", "(a or b) if c"),
        ("a iff b if c", "a iff (b if c)"),
        ("not a and b", "(not a) and b"),
        ("- - a", "a"),
        ("a if b if c", "(a if b) if c"),
        ("a iff b iff c", "(a iff b) iff c"),
    ],
)
def test_precedence(loose: str, tight: str) -> None:
    assert truth_table(loose, "abc") == truth_table(tight, "abc")


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("a and", 6, "expected an identifier, 'not' or '(', found end of expression"),
        ("a b", 3, "unexpected 'b'"),
        ("(a or b", 8, "missing ')'"),
        ("a and )", 7, "expected an identifier, 'not' or '(', found ')'"),
        ("a & b", 3, "unexpected character '&'"),
        ("   ", 1, "empty expression"),
        ("and a", 1, "expected an identifier, 'not' or '(', found 'and'"),
    ],
)
def test_parse_errors_point_at_the_column(text: str, column: int, message: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert (caught.value.column, caught.value.message) == (column, message)


def test_identifiers_and_unknowns() -> None:
    expression = parse("withdraw and not escalate or withdraw")
    assert expression.identifiers == {"withdraw", "escalate"}
    assert expression.unknown_identifiers({"withdraw"}) == [("escalate", 18)]


def test_missing_value_raises_key_error() -> None:
    with pytest.raises(KeyError):
        parse("a and b").evaluate({"a": True})


def test_vectorised_constant_broadcasts() -> None:
    result = parse("true").evaluate_many({"a": np.array([True, False, True])})
    assert result.tolist() == [True, True, True]
