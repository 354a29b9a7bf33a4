"""Option form: state numbering, moves with directions, infeasibility, preferences, status quo."""

from __future__ import annotations

import numpy as np

from accord.conflict import build_model
from accord.conflict._model import OptionSpec, from_graph, from_options
from accord.conflict._reference import ReferenceEngine
from accord.scenario import loads

CUBA = """accord: 1
title: Cuban missile crisis (the issue's example)
parties: {us: {name: United States}, ussr: {name: Soviet Union}}
conflict:
  options:
    - {id: strike, dm: us, label: Air strike, moves: forward}
    - {id: blockade, dm: us}
    - {id: withdraw, dm: ussr}
    - {id: escalate, dm: ussr}
  infeasible:
    - withdraw and escalate
  preferences:
    us:
      ranking: [5, 7, 6, 8, 3, 2, 4, 1, 12, 10, 11, 9]
    ussr:
      statements: [withdraw, "-strike", "blockade iff escalate"]
  status_quo: {blockade: true}
"""


def test_conflict_states_are_numbered_by_option_codes_over_feasible_states() -> None:
    model = build_model(loads(CUBA))
    # withdraw (4) and escalate (8) together (codes 12..15) are infeasible.
    assert model.codes is not None
    assert model.codes.tolist() == list(range(12))
    assert model.size == 12
    assert model.option_values(4) == {
        "strike": False,
        "blockade": False,
        "withdraw": True,
        "escalate": False,
    }
    assert model.status_quo == 2  # code 2 = blockade only = state 3


def test_conflict_moves_respect_direction_subsets_and_feasibility() -> None:
    model = build_model(loads(CUBA))
    us, ussr = 0, 1
    # From state 1 (nothing) the US may strike, blockade, or both: states 2, 3, 4.
    assert [s + 1 for s in model.moves(us, 0)] == [2, 3, 4]
    # The strike is irreversible: from strike+blockade (state 4) only blockade can be dropped.
    assert [s + 1 for s in model.moves(us, 3)] == [2]
    # The USSR from state 1: withdraw (5) or escalate (9), never both (infeasible).
    assert [s + 1 for s in model.moves(ussr, 0)] == [5, 9]


def test_conflict_option_prioritization_scores() -> None:
    model = build_model(loads(CUBA))
    # withdraw (weight 4), -strike (2), blockade iff escalate (1), per state code 0..11.
    assert model.payoffs[1].tolist() == [3, 1, 2, 0, 7, 5, 6, 4, 2, 0, 3, 1]


def test_conflict_ranking_ties_are_ties() -> None:
    model = from_graph(
        ["a", "b"], ["x", "y", "z"], {"a": [(1, 2)], "b": []}, [[0, 0, 1], [0, 0, 0]]
    )
    engine = ReferenceEngine(model)
    assert engine.improvements(0, 0) == []  # y ties with x: not an improvement
    assert engine.nash(0, 0)


def test_conflict_textbook_sanctions_let_a_decision_maker_move_again() -> None:
    """Three DMs: a's improvement 1→2 is sanctioned only by b, c, b (b moves twice, not in a
    row). A once-only rule (as in GMCR+) would call state 1 unstable for a under GMR."""
    arcs = {"a": [(1, 2)], "b": [(2, 3), (4, 5)], "c": [(3, 4)]}
    pay_a = [1, 2, 3, 3, 0]  # only state 5 is no better than 1 for a
    model = from_graph(["a", "b", "c"], list("vwxyz"), arcs, [pay_a, [0] * 5, [0] * 5])
    engine = ReferenceEngine(model)
    assert engine.gmr(0, 0)
    assert not engine.seq(0, 0)  # b and c gain nothing by the sanction
    assert sorted(engine.coalition_reachable([1, 2], 1, False)) == [2, 3, 4]


def test_conflict_option_form_doubles_as_graph_form() -> None:
    opts = [OptionSpec("x", "p"), OptionSpec("y", "q", direction="backward")]
    model = from_options(["p", "q"], opts, np.array([0, 1, 2, 3]), [[0, 1, 2, 3], [3, 2, 1, 0]])
    assert model.moves(1, 2) == [0]  # q can only drop y
    assert model.moves(1, 0) == []


def test_conflict_paths_budget_and_wanted() -> None:
    from accord.conflict._paths import coalition_paths

    arcs = {"a": [(1, 2), (3, 4)], "b": [(2, 3)]}
    chain = from_graph(["a", "b"], list("wxyz"), arcs, [[0, 0, 0, 0]] * 2)
    whole = coalition_paths(chain, [0, 1], 0)
    assert (sorted(whole.paths), whole.truncated, whole.reached) == ([1, 2, 3], False, {1, 2, 3})
    assert [(m.dm, m.source, m.target) for m in whole.paths[3]] == [(0, 0, 1), (1, 1, 2), (0, 2, 3)]
    cut = coalition_paths(chain, [0, 1], 0, budget=1)
    assert (sorted(cut.paths), cut.truncated, cut.expanded) == ([1], True, 1)
    some = coalition_paths(chain, [0, 1], 0, wanted=lambda s: s == 3)
    assert (sorted(some.paths), some.reached) == ([3], {1, 2, 3})
    assert some.paths[3] == whole.paths[3]
