"""Inverse analysis against brute force over every ranking (small random models).

For each decision maker, every weak order of the states is tried as its new ranking: the desired
state must be stable for it under that ranking exactly when the ranking keeps none of the
improvements the analysis says must go (checked by the reference engine), and no ranking that
makes the state stable changes fewer of the states the decision maker prefers to it.
"""

from __future__ import annotations

from itertools import product

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.conflict._inverse import INVERSE_CONCEPTS, apply_changes, inverse
from accord.conflict._model import ConflictModel, OptionSpec, dense_ranks, from_graph, from_options
from accord.conflict._reference import ReferenceEngine
from accord.conflict._stability import analyze_reference

DIRECTIONS = ["both", "forward", "backward"]


@st.composite
def small_models(draw: st.DrawFn) -> ConflictModel:
    """2–3 decision makers and at most 5 states, option or graph form, with ties."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n_dms = draw(st.integers(2, 3))
    dms = [f"d{j}" for j in range(n_dms)]
    if draw(st.booleans()):
        n_options = draw(st.integers(n_dms, 3))
        owners = list(range(n_dms)) + [int(rng.integers(n_dms)) for _ in range(n_options - n_dms)]
        options = [
            OptionSpec(f"o{k}", dms[o], direction=draw(st.sampled_from(DIRECTIONS)))
            for k, o in enumerate(owners)
        ]
        codes = np.sort(rng.choice(1 << n_options, size=min(5, 1 << n_options), replace=False))
        pays = rng.integers(0, 4, size=(n_dms, len(codes))).astype(float)
        return from_options(dms, options, codes, list(pays))
    size = draw(st.integers(2, 5))
    arcs = {
        dm: [(int(a) + 1, int(b) + 1) for a, b in np.argwhere(rng.random((size, size)) < 0.35)]
        for dm in dms
    }
    pays = rng.integers(0, 4, size=(n_dms, size)).astype(float)
    return from_graph(dms, [str(s) for s in range(size)], arcs, list(pays))


def weak_orders(size: int) -> list[np.ndarray]:
    """Every ranking of ``size`` states, ties allowed (as dense ranks)."""
    seen = {
        tuple(dense_ranks(list(map(float, levels)))) for levels in product(range(size), repeat=size)
    }
    return [np.array(order) for order in sorted(seen)]


@settings(max_examples=40)
@given(small_models(), st.data())
def test_conflict_inverse_is_smallest_over_every_ranking(model: ConflictModel, data) -> None:
    desired = data.draw(st.integers(0, model.size - 1))
    concept = data.draw(st.sampled_from(INVERSE_CONCEPTS))
    found = inverse(model, desired, concept)
    changed = apply_changes(model, desired, list(found.changes))
    assert analyze_reference(changed, [concept]).stable[concept][:, desired].all()
    engine = ReferenceEngine(model)
    orders = weak_orders(model.size)
    for change in found.changes:
        dm = change.dm
        before = model.payoffs[dm] > model.payoffs[dm, desired]
        fewest = None
        for order in orders:
            engine.pay = model.payoffs.copy()
            engine.pay[dm] = order
            if engine.stable(concept, dm, desired):
                lost = int((before & ~(order > order[desired])).sum())
                fewest = lost if fewest is None else min(fewest, lost)
        assert fewest == len(change.smallest), (dm, concept, desired)
