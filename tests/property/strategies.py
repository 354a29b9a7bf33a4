"""Shared Hypothesis strategies for Accord's property tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from accord.conflict.model import ConflictModel, OptionSpec, from_graph, from_options

NAMES = ["a", "b", "c", "d", "strike", "x1"]


def expressions(names: list[str] = NAMES) -> st.SearchStrategy[str]:
    """Random expression texts over ``names`` using every operator and parentheses."""
    leaves = st.sampled_from([*names, "true", "false"])

    def extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        unary = st.tuples(st.sampled_from(["not ", "-"]), children).map(lambda t: t[0] + t[1])
        binary = st.tuples(
            children, st.sampled_from([" and ", " or ", " if ", " iff "]), children
        ).map(lambda t: "".join(t))
        grouped = children.map(lambda c: f"({c})")
        return unary | binary | grouped

    return st.recursive(leaves, extend, max_leaves=12)


DIRECTIONS = ["both", "forward", "backward"]


@st.composite
def option_models(draw: st.DrawFn) -> ConflictModel:
    """2–4 decision makers, up to 9 options (≤ 512 codes), random directions and infeasibility."""
    n_dms = draw(st.integers(2, 4))
    n_options = draw(st.integers(n_dms, 9))
    owners = [k % n_dms for k in range(n_dms)] + draw(
        st.lists(st.integers(0, n_dms - 1), min_size=n_options - n_dms, max_size=n_options - n_dms)
    )
    dms = [f"d{j}" for j in range(n_dms)]
    options = [
        OptionSpec(f"o{k}", dms[owner], direction=draw(st.sampled_from(DIRECTIONS)))
        for k, owner in enumerate(owners)
    ]
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    keep = rng.random(1 << n_options) < draw(st.sampled_from([1.0, 0.8, 0.5]))
    codes = np.flatnonzero(keep)
    if len(codes) < 2 or len(codes) > 300:
        codes = np.arange(min(1 << n_options, 300))
    levels = draw(st.integers(2, 8))  # few levels: many ties
    pays = rng.integers(0, levels, size=(n_dms, len(codes))).astype(float)
    return from_options(dms, options, codes, list(pays))


@st.composite
def graph_models(draw: st.DrawFn) -> ConflictModel:
    """Random arcs per decision maker (not symmetric), random preferences with ties."""
    n_dms = draw(st.integers(2, 4))
    size = draw(st.integers(2, 40))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    density = draw(st.sampled_from([0.05, 0.15, 0.4]))
    dms = [f"d{j}" for j in range(n_dms)]
    arcs = {
        dm: [(int(a) + 1, int(b) + 1) for a, b in np.argwhere(rng.random((size, size)) < density)]
        for dm in dms
    }
    pays = rng.integers(0, draw(st.integers(2, 10)), size=(n_dms, size)).astype(float)
    return from_graph(dms, [str(s) for s in range(size)], arcs, list(pays))
