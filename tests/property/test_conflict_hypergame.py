"""Hypergames: when every perception equals the true game, results equal the plain analysis;
a decision maker's view only matters to its own behaviour."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.conflict._hypergame import Perception, hypergame
from accord.conflict._model import ConflictModel
from accord.conflict._stability import analyze
from tests.property.strategies import graph_models, option_models

CONCEPTS = ["nash", "gmr", "smr", "seq", "lh", "nm"]


@settings(max_examples=30)
@given(option_models() | graph_models())
def test_conflict_true_perceptions_give_the_plain_analysis(model: ConflictModel) -> None:
    # Every decision maker "believes" the others' true payoffs, explicitly.
    perceptions = [
        Perception(j, (), tuple((k, model.payoffs[k]) for k in range(len(model.dms)) if k != j))
        for j in range(len(model.dms))
    ]
    game = hypergame(model, perceptions, CONCEPTS, horizon=3)
    plain = analyze(model, CONCEPTS, horizon=3)
    for concept in CONCEPTS:
        assert np.array_equal(game.stable(concept), plain.stable[concept])
        assert game.equilibria(concept) == plain.equilibria(concept)
        assert game.surprises(concept) == ({}, {})
        for view in game.views:
            assert game.expected(view, concept) == plain.equilibria(concept)


@settings(max_examples=30)
@given(option_models(), st.data())
def test_conflict_a_view_changes_only_its_holder(model: ConflictModel, data) -> None:
    """Misreading the others (or being unaware of their options) changes what the holder does,
    never what the others do."""
    viewer = data.draw(st.integers(0, len(model.dms) - 1))
    others = [k for k in range(len(model.dms)) if k != viewer]
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    believed = tuple((k, rng.integers(0, 4, model.size).astype(float)) for k in others)
    assert model.options is not None
    foreign = [o.id for o in model.options if o.dm != model.dms[viewer]]
    unaware = tuple(data.draw(st.lists(st.sampled_from(foreign), unique=True, max_size=2)))
    perceptions = [Perception(j) for j in range(len(model.dms))]
    perceptions[viewer] = Perception(viewer, unaware, believed)
    game = hypergame(model, perceptions, ["gmr", "lh"], horizon=2)
    plain = analyze(model, ["gmr", "lh"], horizon=2)
    for concept in ("gmr", "lh"):
        for k in others:
            assert np.array_equal(game.stable(concept)[k], plain.stable[concept][k])
