"""Shared Hypothesis strategies for Accord's property tests."""

from __future__ import annotations

from hypothesis import strategies as st

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
