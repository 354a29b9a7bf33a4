"""Explanations and status quo analysis: Elmira and the 2019 US–DPRK example."""

from __future__ import annotations

import pytest

from accord import analyze_conflict
from accord.conflict import (
    StabilityResult,
    analyze,
    analyze_reference,
    build_model,
    explain,
    from_graph,
)
from accord.scenario import load

ELMIRA = "examples/elmira.yaml"
KOREA = "examples/korea-2019.yaml"
VARIANT = "examples/korea-2019-action-for-action.yaml"


@pytest.fixture(scope="module")
def elmira():
    return analyze(build_model(load(ELMIRA)))


def test_conflict_explain_unstable_nash(elmira) -> None:
    why = explain(elmira, "nash", 2, 0)
    assert (why.stable, why.kind) == (False, "unsanctioned_improvement")
    assert why.text == (
        "State 1 is unstable for lg under Nash: lg can move to state 5 (delay, insist), "
        "which it prefers."
    )


def test_conflict_explain_stable_by_sanction(elmira) -> None:
    why = explain(elmira, "gmr", 2, 0)
    assert why.kind == "sanctioned"
    assert why.text == (
        "State 1 is stable for lg under GMR: every move it prefers is sanctioned: its move to 5 "
        "is answered by moe: 5 → 6 (lg does not prefer 6 to 1)."
    )
    assert why.to_dict()["sanctions"] == [
        {
            "improvement": {"dm": "lg", "from": 1, "to": 5},
            "sequence": [{"dm": "moe", "from": 5, "to": 6}],
            "outcome": None,
        }
    ]


def test_conflict_explain_seq_needs_sanctions_the_sanctioners_prefer(elmira) -> None:
    why = explain(elmira, "seq", 2, 0)
    assert why.text == (
        "State 1 is unstable for lg under SEQ: lg can move to state 5 (delay, insist), which "
        "it prefers, and the others have no sanction made of moves they prefer."
    )
    assert explain(elmira, "seq", 2, 2).sanctions[0].sequence is not None


def test_conflict_explain_no_improvement(elmira) -> None:
    why = explain(elmira, "smr", 0, 4)
    assert why.text == "State 5 is stable for moe under SMR: moe has no move to a state it prefers."


def test_conflict_elmira_status_quo_reaches_the_historical_outcome() -> None:
    quo = analyze_conflict(load(ELMIRA)).to_dict()["status_quo"]
    assert quo["unilateral"]["reachable"] == [1, 5]
    last = quo["coalition"]["paths"][-1]
    assert last["to"] == 8
    assert [step["movers"] for step in last["steps"]] == [["lg"], ["moe", "ur"]]


def test_conflict_korea_status_quo_is_stable_because_every_concession_loses() -> None:
    analysis = analyze_conflict(load(KOREA), explain=[1])
    assert analysis.to_dict()["status_quo"]["unilateral"]["reachable"] == [1]
    assert {e.kind for e in analysis.explanations} == {"no_improvement"}
    for concept in ("nash", "gmr", "smr", "seq"):
        assert 1 in analysis.to_dict()["stability"][concept]["equilibria"]


def test_conflict_korea_big_deal_is_a_joint_move_but_not_self_enforcing() -> None:
    data = analyze_conflict(load(KOREA), explain=[50]).to_dict()
    deal = next(p for p in data["status_quo"]["coalition"]["paths"] if p["to"] == 50)
    assert deal["steps"][0]["movers"] == ["us", "dprk"]
    assert deal["equilibrium_under"] == ["gmr", "smr"]
    us_nash = next(e for e in data["explanations"] if e["dm"] == "us" and e["concept"] == "nash")
    assert us_nash["improvement"] == {"dm": "us", "from": 50, "to": 49}  # relief withdrawn


def test_conflict_korea_action_for_action_makes_the_deal_an_equilibrium() -> None:
    data = analyze_conflict(load(VARIANT)).to_dict()
    deal = next(p for p in data["status_quo"]["coalition"]["paths"] if p["to"] == 50)
    assert deal["equilibrium_under"] == ["nash", "gmr", "smr", "seq"]
    assert len(deal["steps"]) == 1


def test_conflict_korea_variant_differs_in_one_statement_only() -> None:
    base, variant = load(KOREA).conflict, load(VARIANT).conflict
    assert base is not None
    assert variant is not None
    assert base.options == variant.options
    assert base.preferences["dprk"] == variant.preferences["dprk"]
    before = base.preferences["us"].statements or []
    after = variant.preferences["us"].statements or []
    assert [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b] == [1]


def test_conflict_elmira_status_quo_exact_paths() -> None:
    """Facts file: LG's move 1 → 5, then the coalition {MoE, UR} 5 → 8 (MoE modifies, then UR
    accepts; both prefer 8 to 5), the historical outcome."""
    quo = analyze_conflict(load(ELMIRA)).to_dict()["status_quo"]
    lg_moves = {"movers": ["lg"], "from": 1, "to": 5, "moves": [{"dm": "lg", "from": 1, "to": 5}]}
    joint = {
        "movers": ["moe", "ur"],
        "from": 5,
        "to": 8,
        "moves": [{"dm": "moe", "from": 5, "to": 6}, {"dm": "ur", "from": 6, "to": 8}],
    }
    every = ["nash", "gmr", "smr", "seq"]
    itself = {"to": 1, "equilibrium_under": ["gmr", "smr"], "steps": []}
    assert quo == {
        "state": 1,
        "unilateral": {
            "reachable": [1, 5],
            "paths": [itself, {"to": 5, "equilibrium_under": every, "steps": [lg_moves]}],
            "truncated": False,
        },
        "coalition": {
            "reachable": [1, 5, 8],
            "paths": [
                itself,
                {"to": 5, "equilibrium_under": every, "steps": [lg_moves]},
                {"to": 8, "equilibrium_under": every, "steps": [lg_moves, joint]},
            ],
            "truncated": False,
        },
        "by_coalition": [
            {"members": members, "improvements": moves, "truncated": False}
            for members, moves in [
                (["moe"], []),
                (["ur"], []),
                (["lg"], [{"to": 5, "moves": [{"dm": "lg", "from": 1, "to": 5}]}]),
                (["moe", "ur"], []),
                (["moe", "lg"], [{"to": 5, "moves": [{"dm": "lg", "from": 1, "to": 5}]}]),
                (["ur", "lg"], []),
                (["moe", "ur", "lg"], []),
            ]
        ],
    }


def _three_dm_chase(j_again_in_a_row: bool) -> StabilityResult:
    """i improves 1 → 2; j and k can only bring it to 5 (the one state i likes less than 1) by
    j: 2 → 3, k: 3 → 4, j: 4 → 5 (or, if ``j_again_in_a_row``, by j moving twice in a row)."""
    j_moves = [(2, 3), (3, 5)] if j_again_in_a_row else [(2, 3), (4, 5)]
    k_moves = [] if j_again_in_a_row else [(3, 4)]
    arcs = {"i": [(1, 2)], "j": j_moves, "k": k_moves}
    pays = [[1, 4, 3, 2, 0], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4]]  # i: 2 > 3 > 4 > 1 > 5
    model = from_graph(["i", "j", "k"], [f"s{n}" for n in range(1, 6)], arcs, pays)
    result = analyze(model)
    reference = analyze_reference(model)
    for concept in ("gmr", "smr", "seq"):
        assert (result.stable[concept] == reference.stable[concept]).all()
    return result


@pytest.mark.parametrize("concept", ["gmr", "seq"])
def test_conflict_explain_sanction_where_a_dm_moves_twice_but_not_in_a_row(concept) -> None:
    why = explain(_three_dm_chase(False), concept, 0, 0)
    assert (why.stable, why.kind) == (True, "sanctioned")
    assert why.text == (
        f"State 1 is stable for i under {concept.upper()}: every move it prefers is sanctioned: "
        "its move to 2 is answered by j: 2 → 3, then k: 3 → 4, then j: 4 → 5 "
        "(i does not prefer 5 to 1)."
    )
    assert why.to_dict()["sanctions"][0]["sequence"] == [
        {"dm": "j", "from": 2, "to": 3},
        {"dm": "k", "from": 3, "to": 4},
        {"dm": "j", "from": 4, "to": 5},
    ]


def test_conflict_explain_no_sanction_when_a_dm_would_move_twice_in_a_row() -> None:
    why = explain(_three_dm_chase(True), "gmr", 0, 0)
    assert (why.stable, why.kind) == (False, "unsanctioned_improvement")
    assert why.text == (
        "State 1 is unstable for i under GMR: i can move to state 2 (s2), which it prefers, "
        "and the others cannot sanction it."
    )


def test_conflict_explain_describe_names_some_sanctions_and_counts_the_rest() -> None:
    # p1 defects alone in either of two options; each move is answered by p2 defecting.
    arcs = {"p1": [(1, 2), (1, 3)], "p2": [(2, 4), (3, 4)]}
    model = from_graph(["p1", "p2"], ["cc", "dc", "ec", "dd"], arcs, [[2, 3, 3, 0], [2, 0, 0, 1]])
    why = explain(analyze(model), "gmr", 0, 0)
    head = "State 1 is stable for p1 under GMR: every move it prefers is sanctioned: "
    first = "its move to 2 is answered by p2: 2 → 4 (p1 does not prefer 4 to 1)"
    second = "its move to 3 is answered by p2: 3 → 4 (p1 does not prefer 4 to 1)"
    assert why.text == why.describe() == f"{head}{first}; {second}."
    assert why.describe(1) == f"{head}{first}; and 1 more move, each sanctioned."


def test_conflict_korea_misperception_variant_adds_only_perceptions() -> None:
    base = load(KOREA).conflict
    variant = load("examples/korea-2019-misperception.yaml").conflict
    assert base is not None
    assert variant is not None
    assert (base.options, base.preferences, base.status_quo) == (
        variant.options,
        variant.preferences,
        variant.status_quo,
    )
    assert not base.perceptions
    assert list(variant.perceptions) == ["us"]
    assert list(variant.perceptions["us"].preferences) == ["dprk"]
