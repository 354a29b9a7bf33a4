"""Coalition stability: the fast engine agrees with the literal definitions on random models;
the frontier queries agree with a plain scan; every explanation's witness matches its verdict.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.conflict._coalition_analysis import analyze_coalitions
from accord.conflict._coalition_explain import explain_coalition
from accord.conflict._coalitions import all_coalitions, coalition_stable
from accord.conflict._concepts import COALITION_CONCEPTS
from accord.conflict._frontier import frontiers
from accord.conflict._model import ConflictModel
from accord.conflict._reference_coalition import CoalitionReference
from tests.property.strategies import graph_models, option_models


@settings(max_examples=30)
@given(option_models() | graph_models())
def test_conflict_coalition_engines_agree(model: ConflictModel) -> None:
    reference = CoalitionReference(model)
    for members in all_coalitions(len(model.dms)):
        fast = coalition_stable(model, members)
        for concept in COALITION_CONCEPTS:
            assert np.array_equal(fast[concept], reference.table(concept, members)), (
                concept,
                members,
            )


@given(option_models() | graph_models())
def test_conflict_coalition_inclusions(model: ConflictModel) -> None:
    """CNash ⊆ CSMR ⊆ CGMR and CNash ⊆ CSEQ ⊆ CGMR, for every coalition."""
    s = analyze_coalitions(model).stable
    assert not (s["nash"] & ~s["smr"]).any()
    assert not (s["smr"] & ~s["gmr"]).any()
    assert not (s["nash"] & ~s["seq"]).any()
    assert not (s["seq"] & ~s["gmr"]).any()


@given(
    st.integers(2, 3).flatmap(
        lambda k: st.lists(
            st.lists(st.tuples(*[st.integers(0, 4)] * k).map(list), min_size=1, max_size=12),
            min_size=1,
            max_size=5,
        )
    ),
    st.data(),
)
def test_conflict_frontier_queries_match_a_scan(groups: list[list[list[int]]], data) -> None:
    values = np.array([p for g in groups for p in g], dtype=float)
    start = np.concatenate([[0], np.cumsum([len(g) for g in groups])]).astype(np.int64)
    found = frontiers(values, start)
    k = values.shape[1]
    queries = data.draw(
        st.lists(
            st.tuples(st.integers(0, len(groups) - 1), *[st.integers(-1, 5)] * k),
            min_size=1,
            max_size=20,
        )
    )
    where = np.array([q[0] for q in queries], dtype=np.int64)
    u = np.array([q[1:] for q in queries], dtype=float)
    answer = found.any_above(where, u)
    for n, (g, *point) in enumerate(queries):
        expected = any(all(a > b for a, b in zip(p, point, strict=True)) for p in groups[g])
        assert answer[n] == expected


@settings(max_examples=25)
@given(option_models() | graph_models(), st.data())
def test_conflict_coalition_explanations_agree_with_verdicts(model: ConflictModel, data) -> None:
    result = analyze_coalitions(model)
    state = data.draw(st.integers(0, model.size - 1))
    pay = model.payoffs
    for k, members in enumerate(result.coalitions):
        for concept in COALITION_CONCEPTS:
            why = explain_coalition(result, concept, k, state)
            assert (why.breaking is None) == why.stable, why.text
            for move, answer in why.answers:
                assert all(pay[j, move.target] > pay[j, state] for j in members)
                end = answer[-1].target
                assert any(pay[j, end] <= pay[j, state] for j in members)


@given(option_models() | graph_models(), st.data())
def test_conflict_coalition_moves_are_the_coalition_improvements(
    model: ConflictModel, data
) -> None:
    """Every coalition's moves from a state reach exactly R_H^{++} (when not cut at 50), each by
    a valid sequence (members only, none twice in a row) as short as a breadth-first search's."""
    from accord.conflict._coalition_analysis import coalition_moves
    from accord.conflict._paths import coalition_paths

    state = data.draw(st.integers(0, model.size - 1))
    reference = CoalitionReference(model)
    for found in coalition_moves(model, state):
        members = found.members
        targets = {m.target for m in found.improvements}
        if not found.truncated:
            assert targets == set(reference.improvements(members, state))
        shortest = coalition_paths(model, members, state).paths
        for move in found.improvements:
            steps = move.moves
            assert steps[0].source == state
            assert steps[-1].target == move.target
            assert len(steps) == len(shortest[move.target])
            for before, after in pairwise(steps):
                assert before.target == after.source
                assert before.dm != after.dm
            for step in steps:
                assert step.dm in members
                assert step.target in model.moves(step.dm, step.source)
