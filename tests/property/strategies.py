"""Shared Hypothesis strategies for Accord's property tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from accord.conflict._model import ConflictModel, OptionSpec, from_graph, from_options

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


YAML_KEYS = ["k", "j", "name", "v", "w"]


@st.composite
def _yaml_value(draw: st.DrawFn, maps: list[str], anchors: list[str], depth: int) -> str:
    """A flow-style YAML value: a scalar, a list, a mapping (perhaps with merge keys over
    the mapping anchors ``maps``) or an alias to one of ``anchors``."""
    kinds = ["scalar", "list", "map", "merge", "alias"] if depth < 3 else ["scalar", "alias"]
    if not anchors:
        kinds = [k for k in kinds if k != "alias"]
    if not maps:
        kinds = [k for k in kinds if k != "merge"]
    kind = draw(st.sampled_from(kinds))
    if kind == "scalar":
        return draw(st.sampled_from(["1", "x", "2.5", "true", "~", "'s'"]))
    if kind == "alias":
        return "*" + draw(st.sampled_from(anchors))
    if kind == "list":
        items = draw(st.lists(_yaml_value(maps, anchors, depth + 1), max_size=4))
        return "[" + ", ".join(items) + "]"
    keys = draw(st.lists(st.sampled_from(YAML_KEYS), unique=True, max_size=3))
    pairs = [f"{key}: {draw(_yaml_value(maps, anchors, depth + 1))}" for key in keys]
    if kind == "merge":
        merged = draw(st.lists(st.sampled_from(maps), min_size=1, max_size=3))
        source = (
            "*" + merged[0] if len(merged) == 1 else "[" + ", ".join("*" + m for m in merged) + "]"
        )
        pairs.insert(draw(st.integers(0, len(pairs))), f"<<: {source}")
    return "{" + ", ".join(pairs) + "}"


@st.composite
def yaml_with_anchors(draw: st.DrawFn) -> str:
    """A YAML document of anchored definitions, each free to use the ones before it through
    aliases and merge keys (``<<``), and a last value that uses them: nested, shared, merged."""
    maps: list[str] = []
    anchors: list[str] = []
    lines = []
    for index in range(draw(st.integers(1, 6))):
        name = f"a{index}"
        value = draw(_yaml_value(maps, anchors, 0))
        if value.startswith("*"):  # an anchor cannot name an alias: share it through a list
            value = f"[{value}]"
        lines.append(f"x{index}: &{name} {value}")
        anchors.append(name)
        if value.startswith("{"):
            maps.append(name)
    lines.append(f"last: {draw(_yaml_value(maps, anchors, 0))}")
    return "\n".join(lines) + "\n"
