"""Published GMCR cases with their exact stability tables (facts: conflict-cases.md)."""

from __future__ import annotations

import pytest

from accord.conflict._concepts import DEFAULT_CONCEPTS as CONCEPTS
from accord.conflict._model import (
    ConflictModel,
    OptionSpec,
    from_graph,
    from_options,
    payoffs_from_ranking,
)
from accord.conflict._stability import analyze, analyze_reference

ENGINES = [analyze, analyze_reference]
ALL = list(range(1, 10))


def elmira() -> ConflictModel:
    """Elmira groundwater contamination, graph form, 9 states."""
    arcs = {
        "moe": [(1, 2), (3, 4), (5, 6), (7, 8)],
        "ur": [
            (1, 3),
            (1, 9),
            (2, 4),
            (2, 9),
            (3, 9),
            (4, 9),
            (5, 7),
            (5, 9),
            (6, 8),
            (6, 9),
            (7, 9),
            (8, 9),
        ],
        "lg": [(1, 5), (5, 1), (2, 6), (6, 2), (3, 7), (7, 3), (4, 8), (8, 4)],
    }
    rankings = [
        [7, 3, 4, 8, 5, 1, 2, 6, 9],
        [1, 4, 8, 5, 9, 2, 3, 7, 6],
        [7, 3, 5, 1, 8, 6, 4, 2, 9],
    ]
    pays = [payoffs_from_ranking(list(r), 9) for r in rankings]
    return from_graph(["moe", "ur", "lg"], [f"s{k}" for k in ALL], arcs, pays, status_quo=0)


ELMIRA = {
    "nash": {"moe": ALL, "ur": [1, 4, 5, 8, 9], "lg": [5, 6, 7, 8, 9], "eq": [5, 8, 9]},
    "gmr": {"moe": ALL, "ur": [1, 4, 5, 8, 9], "lg": ALL, "eq": [1, 4, 5, 8, 9]},
    "smr": {"moe": ALL, "ur": [1, 4, 5, 8, 9], "lg": ALL, "eq": [1, 4, 5, 8, 9]},
    "seq": {"moe": ALL, "ur": [1, 4, 5, 8, 9], "lg": [2, 3, 5, 6, 7, 8, 9], "eq": [5, 8, 9]},
}


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("concept", CONCEPTS)
def test_conflict_elmira_table(engine, concept) -> None:
    result = engine(elmira())
    table = result.to_dict()[concept]
    expected = ELMIRA[concept]
    assert table["per_dm"] == {dm: expected[dm] for dm in ("moe", "ur", "lg")}
    assert table["equilibria"] == expected["eq"]


def two_by_two(p1: list[str]) -> ConflictModel:
    """States 1=CC, 2=DC, 3=CD, 4=DD; ``p1`` is P1's order, P2's is symmetric."""
    names = ["CC", "DC", "CD", "DD"]
    swap = {"CC": "CC", "DC": "CD", "CD": "DC", "DD": "DD"}
    rank1 = [names.index(s) + 1 for s in p1]
    rank2 = [names.index(swap[s]) + 1 for s in p1]
    opts = [OptionSpec("p1_defects", "p1"), OptionSpec("p2_defects", "p2")]
    pays = [payoffs_from_ranking(list(rank1), 4), payoffs_from_ranking(list(rank2), 4)]
    return from_options(["p1", "p2"], opts, [0, 1, 2, 3], pays)


@pytest.mark.parametrize("engine", ENGINES)
def test_conflict_prisoners_dilemma(engine) -> None:
    result = engine(two_by_two(["DC", "CC", "DD", "CD"]))
    assert [result.equilibria(c) for c in CONCEPTS] == [[3], [0, 3], [0, 3], [0, 3]]


@pytest.mark.parametrize("engine", ENGINES)
def test_conflict_chicken(engine) -> None:
    result = engine(two_by_two(["DC", "CC", "CD", "DD"]))
    assert [result.equilibria(c) for c in CONCEPTS] == [[1, 2], [0, 1, 2], [0, 1, 2], [1, 2]]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("examples/elmira.yaml", [[5, 8, 9], [1, 4, 5, 8, 9], [1, 4, 5, 8, 9], [5, 8, 9]]),
        ("examples/prisoners-dilemma.yaml", [[4], [1, 4], [1, 4], [1, 4]]),
        ("examples/chicken.yaml", [[2, 3], [1, 2, 3], [1, 2, 3], [2, 3]]),
    ],
)
def test_conflict_example_files_reproduce_the_published_equilibria(path, expected) -> None:
    from accord import analyze_conflict
    from accord.scenario import load

    stability = analyze_conflict(load(path)).to_dict()["stability"]
    assert [stability[c]["equilibria"] for c in CONCEPTS] == expected
