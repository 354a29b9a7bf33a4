"""The fast engine agrees with the literal definitions on random models (every concept)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from accord.conflict._concepts import DEFAULT_CONCEPTS as CONCEPTS
from accord.conflict._explain import explain
from accord.conflict._model import ConflictModel
from accord.conflict._stability import analyze, analyze_reference
from accord.conflict._status_quo import analyze_status_quo
from tests.property.strategies import graph_models, option_models


def _agree(model: ConflictModel) -> None:
    fast = analyze(model)
    slow = analyze_reference(model)
    for concept in CONCEPTS:
        assert np.array_equal(fast.stable[concept], slow.stable[concept]), concept


@given(option_models())
def test_conflict_engines_agree_option_form(model: ConflictModel) -> None:
    _agree(model)


@given(graph_models())
def test_conflict_engines_agree_graph_form(model: ConflictModel) -> None:
    _agree(model)


@given(option_models())
def test_conflict_concept_inclusions(model: ConflictModel) -> None:
    """Nash ⊆ SMR ⊆ GMR and Nash ⊆ SEQ ⊆ GMR, per decision maker and state."""
    s = analyze(model).stable
    assert not (s["nash"] & ~s["smr"]).any()
    assert not (s["smr"] & ~s["gmr"]).any()
    assert not (s["nash"] & ~s["seq"]).any()
    assert not (s["seq"] & ~s["gmr"]).any()


@given(option_models(), st.data())
def test_conflict_explanations_agree_with_verdicts(
    model: ConflictModel, data: st.DataObject
) -> None:
    """The witness search (move or sanctions) reaches the engine's verdict on its own."""
    result = analyze(model)
    state = data.draw(st.integers(0, model.size - 1))
    for concept in CONCEPTS:
        for dm in range(len(model.dms)):
            why = explain(result, concept, dm, state)
            assert (why.kind != "unsanctioned_improvement") == why.stable
            for sanction in why.sanctions:
                assert sanction.sequence
                last = sanction.sequence[-1].target
                assert model.payoffs[dm, last] <= model.payoffs[dm, state]
                assert all(step.dm != dm for step in sanction.sequence)


@given(graph_models(), st.integers(0, 3))
def test_conflict_status_quo_paths_are_improvements(model: ConflictModel, start: int) -> None:
    start = start % model.size
    quo = analyze_status_quo(analyze(model), start)
    pay = model.payoffs
    for target, steps in quo.coalition.paths.items():
        assert (steps[-1].target if steps else start) == target
        for step in steps:
            assert all(pay[j, step.target] > pay[j, step.source] for j in step.movers)
            assert all(m.target in model.moves(m.dm, m.source) for m in step.moves)
    for steps in quo.unilateral.paths.values():
        for step in steps:
            (mover,) = step.movers
            assert pay[mover, step.target] > pay[mover, step.source]


@given(option_models())
def test_conflict_sparse_and_block_operators_agree(model: ConflictModel) -> None:
    """The option-form block operator equals the general sparse one on every aggregate."""
    from accord.conflict._operators import BlockMoves, SparseMoves

    rng = np.random.default_rng(0)
    values = rng.integers(0, 5, model.size).astype(float)
    for dm in range(len(model.dms)):
        block = BlockMoves(model, dm)
        sparse = SparseMoves([model.moves(dm, s) for s in range(model.size)])
        for pay in (None, model.payoffs[dm]):
            assert np.array_equal(block.best_move(pay, values), sparse.best_move(pay, values))


@given(option_models(), st.integers(0, 299))
def test_conflict_unilateral_reach_is_the_improving_coalition_list(
    model: ConflictModel, start: int
) -> None:
    from accord.conflict._reference import ReferenceEngine

    start %= model.size
    quo = analyze_status_quo(analyze(model, ["nash"]), start)
    everyone = range(len(model.dms))
    expected = {start} | ReferenceEngine(model).coalition_reachable(everyone, start, True)
    assert set(quo.unilateral.reachable) == expected
