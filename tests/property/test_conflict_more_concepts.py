"""SIM, L_h and NM: the fast engine agrees with the literal definitions on random models.

Random option-form models have 2–4 decision makers, irreversible options (forward or backward
only), infeasible states and rankings with many ties; graph-form models have random arcs.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.conflict._model import ConflictModel
from accord.conflict._stability import analyze, analyze_reference
from tests.property.strategies import graph_models, option_models


@given(option_models())
def test_conflict_sim_engines_agree(model: ConflictModel) -> None:
    fast = analyze(model, ["sim"]).stable["sim"]
    slow = analyze_reference(model, ["sim"]).stable["sim"]
    assert np.array_equal(fast, slow)


@given(option_models() | graph_models(), st.integers(1, 5))
def test_conflict_lh_engines_agree(model: ConflictModel, horizon: int) -> None:
    fast = analyze(model, ["lh"], horizon=horizon).stable["lh"]
    slow = analyze_reference(model, ["lh"], horizon=horizon).stable["lh"]
    assert np.array_equal(fast, slow)


@given(option_models() | graph_models())
def test_conflict_nm_engines_agree(model: ConflictModel) -> None:
    fast = analyze(model, ["nm"]).stable["nm"]
    slow = analyze_reference(model, ["nm"]).stable["nm"]
    assert np.array_equal(fast, slow)


@given(option_models() | graph_models())
def test_conflict_l1_is_nash(model: ConflictModel) -> None:
    """Looking one move ahead, a decision maker moves exactly when it has an improvement."""
    result = analyze(model, ["nash", "lh"], horizon=1)
    assert np.array_equal(result.stable["lh"], result.stable["nash"])


@given(option_models())
def test_conflict_nash_is_sim_stable(model: ConflictModel) -> None:
    """No improvement, nothing to sanction: Nash ⊆ SIM; and SIM ⊆ GMR does not hold in general,
    but a SIM sanction needs another decision maker's improvement from the same state."""
    result = analyze(model, ["nash", "sim"])
    assert not (result.stable["nash"] & ~result.stable["sim"]).any()


@settings(max_examples=25)
@given(option_models(), st.data())
def test_conflict_more_explanations_agree_with_verdicts(
    model: ConflictModel, data: st.DataObject
) -> None:
    """SIM, SMR, L_h and NM witnesses, found apart from the engine, match its verdicts."""
    from accord.conflict._explain import explain

    horizon = data.draw(st.integers(1, 4))
    result = analyze(model, ["smr", "sim", "lh", "nm"], horizon=horizon)
    state = data.draw(st.integers(0, model.size - 1))
    pay = model.payoffs
    for dm in range(len(model.dms)):
        for concept in ("smr", "sim", "lh", "nm"):
            why = explain(result, concept, dm, state)
            breaking = why.kind in ("unsanctioned_improvement", "anticipated_gain")
            assert breaking != why.stable, (concept, why.text)
        sim = explain(result, "sim", dm, state)
        for sanction in sim.sanctions:
            assert sanction.outcome is not None
            assert pay[dm, sanction.outcome] <= pay[dm, state]
        smr = explain(result, "smr", dm, state)
        if smr.escape is not None:
            assert pay[dm, smr.escape.move.target] > pay[dm, state]
        for concept in ("lh", "nm"):
            why = explain(result, concept, dm, state)
            for move in why.sanctions:
                end = move.outcome
                assert end is not None
                assert (pay[dm, end] > pay[dm, state]) == (why.kind == "anticipated_gain")
