"""Explanations of SMR (the mover's escape), SIM and L_h / NM, word for word."""

from __future__ import annotations

import pytest

from accord.conflict import OptionSpec, analyze, explain, from_graph, from_options
from accord.errors import InputError


def _escape_model():
    """i: 1 → 2 is an improvement; j answers 2 → 3 (worse for i than 1); i escapes 3 → 4."""
    arcs = {"i": [(1, 2), (3, 4)], "j": [(2, 3)]}
    return from_graph(["i", "j"], ["s1", "s2", "s3", "s4"], arcs, [[1, 3, 0, 2], [0, 0, 1, 0]])


def test_conflict_explain_smr_names_the_escape_not_gmr_wording() -> None:
    result = analyze(_escape_model(), ["gmr", "smr"])
    gmr, smr = explain(result, "gmr", 0, 0), explain(result, "smr", 0, 0)
    assert (gmr.stable, smr.stable) == (True, False)
    assert smr.text == (
        "State 1 is unstable for i under SMR: i can move to state 2 (s2), which it prefers; the "
        "others can answer it, for example j: 2 → 3 (i does not prefer 3 to 1), but every such "
        "answer leaves i an escape to a state it prefers to 1: from 3, i: 3 → 4."
    )
    assert "cannot sanction" not in smr.text
    assert smr.to_dict()["escape"] == {
        "answer": [{"dm": "j", "from": 2, "to": 3}],
        "move": {"dm": "i", "from": 3, "to": 4},
    }


def _chicken():
    opts = [OptionSpec("p1_straight", "p1"), OptionSpec("p2_straight", "p2")]
    return from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 1, 0], [2, 1, 3, 0]])


def test_conflict_explain_sim_names_the_simultaneous_move() -> None:
    result = analyze(_chicken(), ["sim"])
    why = explain(result, "sim", 0, 0)
    assert why.text == (
        "State 1 is stable for p1 under SIM: every move it prefers is sanctioned: its move to 2 "
        "would meet p2: 1 → 3 (+p2_straight) made at the same time, together ending at 4 (p1 "
        "does not prefer 4 to 1)."
    )
    assert why.to_dict()["sanctions"][0]["outcome"] == 4
    assert explain(result, "sim", 0, 3).text == (
        "State 4 is unstable for p1 under SIM: p1 can move to state 3 (-p1_straight), which it "
        "prefers, and no improvement another decision maker has from the same state, made at "
        "the same time, leaves p1 at a state it does not prefer to 4."
    )


def test_conflict_explain_lh_and_nm_show_the_anticipated_play() -> None:
    result = analyze(_chicken(), ["lh", "nm"], horizon=2)
    assert explain(result, "lh", 1, 1).text == (
        "State 2 is unstable for p2 under L_2: looking 2 moves ahead, p2 expects its move to 4 "
        "(+p2_straight) to end at 3 (p1: 4 → 3 (-p1_straight)), which it prefers to 2."
    )
    why = explain(result, "nm", 0, 0)
    assert why.text == (
        "State 1 is stable for p1 under NM: from horizon 3 on the anticipated states stay the "
        "same; looking 3 moves ahead, p1 expects none of its moves to end at a state it prefers "
        "to 1: its move to 2 would end at 3 (p2: 2 → 4 (+p2_straight), then p1: 4 → 3 "
        "(-p1_straight))."
    )
    assert (why.kind, why.to_dict()["horizon"]) == ("no_anticipated_gain", 3)
    assert result.details["nm"] == {"from_horizon": 3, "period": 1}


def test_conflict_sim_needs_option_form() -> None:
    with pytest.raises(InputError, match=r"SIM .* needs option form"):
        analyze(_escape_model(), ["sim"])


def test_conflict_lh_needs_a_positive_horizon() -> None:
    with pytest.raises(InputError, match="at least 1"):
        analyze(_chicken(), ["lh"], horizon=0)


def test_conflict_elmira_coalition_moe_ur_moves_from_5_to_8() -> None:
    """Facts file (conflict-cases.md): from 5 the coalition {MoE, UR} can move to 8, which both
    prefer to 5 (MoE modifies the order, then UR accepts it: the historical outcome)."""
    from accord.conflict import build_model
    from accord.conflict._coalition_analysis import analyze_coalitions, coalition_moves
    from accord.conflict._coalition_explain import explain_coalition
    from accord.scenario import load

    model = build_model(load("examples/elmira.yaml"))
    (moves,) = coalition_moves(model, 4, [(0, 1)])
    (to_8,) = [m for m in moves.improvements if m.target == 7]
    assert [(model.dms[m.dm], m.source + 1, m.target + 1) for m in to_8.moves] == [
        ("moe", 5, 6),
        ("ur", 6, 8),
    ]
    found = analyze_coalitions(model, [(0, 1)])
    assert not found.stable["nash"][0, 4]
    assert explain_coalition(found, "nash", 0, 4).text == (
        "State 5 is unstable for moe+ur under coalition Nash: together they can move 5 → 8 "
        "(moe: 5 → 6, then ur: 6 → 8), which every member prefers."
    )


def test_conflict_inverse_imports_the_solver_before_its_deadline_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Importing CP-SAT takes seconds on a busy machine; counted in the 10 s deadline, it made
    `accord conflict -d 2` fail with 'the solver found no set of changes' under load."""
    from accord.conflict import _inverse as module

    calls: list[str] = []
    real_after = module.Deadline.after
    monkeypatch.setattr(module, "prepare", lambda backend: calls.append(f"prepare {backend}"))
    monkeypatch.setattr(
        module.Deadline,
        "after",
        lambda seconds: calls.append("deadline") or real_after(seconds),
    )
    found = [module.Requirement(0, ((1,), (2,))), module.Requirement(3, ((2,), (4,)))]
    assert module.smallest_set(found) == ((2,), True)
    assert calls == ["prepare cpsat", "deadline"]
