"""The vectorised evaluation agrees with the plain one on random expressions."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given

from accord.scenario._expressions import parse
from tests.property.strategies import NAMES, expressions


@given(expressions())
def test_vectorised_equals_plain(text: str) -> None:
    expression = parse(text)
    rows = list(itertools.product([False, True], repeat=len(NAMES)))
    columns = {name: np.array([row[i] for row in rows]) for i, name in enumerate(NAMES)}
    vectorised = expression.evaluate_many(columns)
    plain = [expression.evaluate(dict(zip(NAMES, row, strict=True))) for row in rows]
    assert vectorised.dtype == np.bool_
    assert vectorised.tolist() == plain


@given(expressions())
def test_printing_in_parentheses_preserves_meaning(text: str) -> None:
    inner = parse(text)
    outer = parse(f"not not ({text})")
    env = dict.fromkeys(NAMES, True)
    assert inner.evaluate(env) == outer.evaluate(env)
