"""Bad `conflict:` input: each a located error with an exact message (issue 3, item 7)."""

from __future__ import annotations

import pytest

from accord.errors import ScenarioError
from accord.scenario import loads

HEAD = "accord: 1\ntitle: T\nparties:\n  us: {name: US}\n  ussr: {name: USSR}\nconflict:\n"
TWO_OPTIONS = "  options:\n    - {id: strike, dm: us}\n    - {id: withdraw, dm: ussr}\n"


def errors(body: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        loads(HEAD + body, "f.yaml")
    return [d.render() for d in caught.value.diagnostics]


def test_conflict_error_unknown_option_in_expressions() -> None:
    body = TWO_OPTIONS + (
        "  infeasible:\n    - withdraw and escalate\n"
        "  preferences:\n    us: {ranking: [1, 2, 3, 4]}\n"
        '    ussr: {statements: [withdraw, "-strik"]}\n'
    )
    assert errors(body) == [
        "f.yaml:11:7: conflict.infeasible[0]: unknown option 'escalate' at column 14 of "
        "'withdraw and escalate' (hint: known options: strike, withdraw)",
        "f.yaml:14:35: conflict.preferences.ussr.statements[1]: unknown option 'strik' at "
        "column 2 of '-strik' (hint: did you mean 'strike'?)",
    ]


def test_conflict_error_ranking_misses_or_repeats_a_state() -> None:
    body = TWO_OPTIONS + (
        "  preferences:\n    us: {ranking: [1, 2, 2]}\n    ussr: {ranking: [1, [2, 3], 4, 5]}\n"
    )
    assert errors(body) == [
        "f.yaml:11:19: conflict.preferences.us.ranking: state 2 appears more than once",
        "f.yaml:11:19: conflict.preferences.us.ranking: the ranking misses states 3, 4; it "
        "must list each of the 4 states once",
        "f.yaml:12:21: conflict.preferences.ussr.ranking: state 5 does not exist (states are 1..4)",
    ]


def test_conflict_error_infeasible_status_quo() -> None:
    body = TWO_OPTIONS + (
        "  infeasible: [strike and withdraw]\n"
        "  preferences:\n    us: {ranking: [1, 2, 3]}\n    ussr: {ranking: [3, 2, 1]}\n"
        "  status_quo: {strike: true, withdraw: true}\n"
    )
    assert errors(body) == [
        "f.yaml:14:15: conflict.status_quo: the status quo is not a feasible state: it makes "
        "'strike and withdraw' true (hint: change the status quo or the `infeasible:` "
        "expressions)"
    ]


def test_conflict_error_status_quo_number_out_of_range() -> None:
    body = TWO_OPTIONS + (
        "  preferences:\n    us: {ranking: [1, 2, 3, 4]}\n    ussr: {ranking: [1, 2, 3, 4]}\n"
        "  status_quo: 7\n"
    )
    assert errors(body) == [
        "f.yaml:13:15: conflict.status_quo: state 7 does not exist (states are 1..4)"
    ]


def test_conflict_error_move_to_a_state_that_does_not_exist() -> None:
    body = (
        "  states: [a, b, c]\n  moves:\n    us: [[1, 2], [2, 4]]\n    ussr: [[0, 1]]\n"
        "  preferences:\n    us: {ranking: [1, 2, 3]}\n    ussr: {ranking: [3, 2, 1]}\n"
    )
    assert errors(body) == [
        "f.yaml:9:18: conflict.moves.us[1]: move [2, 4] refers to state 4, which does not "
        "exist (states are 1..3)",
        "f.yaml:10:12: conflict.moves.ussr[0]: move [0, 1] refers to state 0, which does not "
        "exist (states are 1..3)",
    ]


def test_conflict_error_decision_maker_not_a_party() -> None:
    body = (
        "  options:\n    - {id: strike, dm: us}\n    - {id: withdraw, dm: cuba}\n"
        "  preferences:\n    us: {ranking: [1, 2, 3, 4]}\n    cuba: {ranking: [1, 2, 3, 4]}\n"
    )
    assert errors(body) == [
        "f.yaml:9:26: conflict.options[1].dm: decision maker 'cuba' is not a party (hint: "
        "known parties: us, ussr)"
    ]


def test_conflict_error_graph_form_decision_maker_not_a_party() -> None:
    body = (
        "  states: [a, b]\n  moves:\n    us: [[1, 2]]\n    cuba: [[2, 1]]\n"
        "  preferences:\n    us: {ranking: [1, 2]}\n    cuba: {ranking: [2, 1]}\n"
    )
    assert errors(body) == [
        "f.yaml:10:11: conflict.moves.cuba: decision maker 'cuba' is not a party (hint: known "
        "parties: us, ussr)"
    ]


def test_conflict_error_missing_preferences() -> None:
    body = TWO_OPTIONS + "  preferences:\n    us: {ranking: [1, 2, 3, 4]}\n"
    assert errors(body) == [
        "f.yaml:11:5: conflict.preferences: no preferences for decision maker 'ussr' (hint: "
        "add `ussr: {ranking: [...]}` or `ussr: {statements: [...]}`)"
    ]


def test_conflict_error_preferences_of_a_non_decision_maker() -> None:
    body = (
        "  options:\n    - {id: strike, dm: us}\n    - {id: blockade, dm: us}\n"
        "  preferences:\n    us: {ranking: [1, 2, 3, 4]}\n    ussr: {ranking: [1, 2, 3, 4]}\n"
    )
    assert errors(body) == [
        "f.yaml:12:11: conflict.preferences.ussr: 'ussr' is not a decision maker of this "
        "conflict (it has no options) (hint: known decision makers: us)",
        "f.yaml:8:5: conflict.options: a conflict needs at least two decision makers, found 1 "
        "(us) (hint: give options (or moves) to another party)",
    ]


def test_conflict_error_duplicate_option() -> None:
    body = (
        "  options:\n    - {id: strike, dm: us}\n    - {id: strike, dm: ussr}\n"
        "  preferences:\n    us: {ranking: [1, 2, 3, 4]}\n    ussr: {ranking: [1, 2, 3, 4]}\n"
    )
    assert errors(body) == [
        "f.yaml:9:12: conflict.options[1].id: duplicate option id 'strike' (first used at "
        "options[0]) (hint: give each option its own id)"
    ]


def test_conflict_error_every_state_infeasible() -> None:
    body = TWO_OPTIONS + (
        "  infeasible: [strike or -strike]\n"
        "  preferences:\n    us: {ranking: [1]}\n    ussr: {ranking: [1]}\n"
    )
    assert errors(body) == [
        "f.yaml:7:3: conflict: no state is left: every combination of options is infeasible "
        "(hint: check the `infeasible:` expressions)"
    ]


def test_conflict_error_expression_that_does_not_parse() -> None:
    body = TWO_OPTIONS + (
        '  infeasible: ["strike and (withdraw"]\n'
        "  preferences:\n    us: {ranking: [1, 2, 3, 4]}\n    ussr: {ranking: [1, 2, 3, 4]}\n"
    )
    assert errors(body) == [
        "f.yaml:10:16: conflict.infeasible[0]: invalid expression at column 21: missing ')'; "
        "close the parenthesis opened at column 12 (got 'strike and (withdraw')"
    ]


def test_conflict_error_both_preference_kinds() -> None:
    body = TWO_OPTIONS + (
        "  preferences:\n    us: {ranking: [1, 2, 3, 4], statements: [strike]}\n"
        "    ussr: {ranking: [1, 2, 3, 4]}\n"
    )
    [message] = errors(body)
    assert message.startswith(
        "f.yaml:11:9: conflict.preferences.us: give either `ranking:` or `statements:` "
        "(exactly one)"
    )


def test_conflict_error_statements_in_graph_form() -> None:
    body = (
        "  states: [a, b]\n  moves:\n    us: [[1, 2]]\n    ussr: [[2, 1]]\n"
        "  preferences:\n    us: {statements: [a]}\n    ussr: {ranking: [2, 1]}\n"
    )
    assert errors(body) == [
        "f.yaml:12:23: conflict.preferences.us.statements[0]: statements name options, so "
        "they need option form"
    ]


def test_conflict_error_one_decision_maker() -> None:
    body = "  options:\n    - {id: strike, dm: us}\n  preferences:\n    us: {ranking: [1, 2]}\n"
    assert errors(body) == [
        "f.yaml:8:5: conflict.options: a conflict needs at least two decision makers, found 1 "
        "(us) (hint: give options (or moves) to another party)"
    ]


def test_conflict_error_empty_lists_and_boolean_status_quo() -> None:
    assert errors("  options: []\n  preferences: {}\n") == [
        "f.yaml:7:12: conflict.options: List should have at least 1 item after validation, "
        "not 0 (got [])"
    ]
    body = TWO_OPTIONS + (
        "  preferences:\n    us: {ranking: [1, 2, 3, 4]}\n    ussr: {ranking: [1, 2, 3, 4]}\n"
        "  status_quo: true\n"
    )
    assert errors(body)[0] == (
        "f.yaml:13:15: conflict.status_quo: Input should be a valid integer (got True)"
    )


def test_conflict_error_graph_form_self_loop_move() -> None:
    body = (
        "  states: [x, y]\n"
        "  moves:\n    us: [[1, 2]]\n    ussr: [[2, 1], [1, 1]]\n"
        "  preferences:\n    us: {ranking: [1, 2]}\n    ussr: {ranking: [2, 1]}\n"
    )
    assert errors(body) == [
        "f.yaml:10:20: conflict.moves.ussr[1]: move [1, 1] goes from a state to itself; a move "
        "must change the state (hint: remove it: staying put is not a move in the graph model)"
    ]


def test_conflict_error_coalitions_desired_and_perceptions_are_located() -> None:
    body = TWO_OPTIONS + (
        "  preferences:\n    us: {ranking: [1, 2, 3, 4]}\n    ussr: {ranking: [4, 3, 2, 1]}\n"
        "  coalitions: [[us, nato], [us, us], [ussr, us], [us, ussr]]\n"
        "  desired:\n    - {state: 7}\n    - {state: {strike: true, retreat: true}}\n"
        "  perceptions:\n"
        "    us:\n      unaware_of: [strike, bomb]\n"
        "      preferences:\n        us: {ranking: [1, 2, 3, 4]}\n"
        "        ussr: {ranking: [1, 2]}\n"
        "    nato: {}\n"
    )
    assert errors(body) == [
        "f.yaml:13:16: conflict.coalitions[0]: 'nato' is not a decision maker of this conflict "
        "(hint: known decision makers: us, ussr)",
        "f.yaml:13:28: conflict.coalitions[1]: a coalition names a member more than once",
        "f.yaml:13:50: conflict.coalitions[3]: the same coalition as coalitions[2]",
        "f.yaml:15:15: conflict.desired[0].state: state 7 does not exist (states are 1..4)",
        "f.yaml:16:39: conflict.desired[1].state.retreat: unknown option 'retreat' "
        "(hint: known options: strike, withdraw)",
        "f.yaml:19:20: conflict.perceptions.us.unaware_of[0]: 'strike' is us's own option; a "
        "decision maker knows its own options",
        "f.yaml:19:28: conflict.perceptions.us.unaware_of[1]: unknown option 'bomb' "
        "(hint: known options: strike, withdraw)",
        "f.yaml:21:13: conflict.perceptions.us.preferences.us: us's view of its own preferences "
        "is its preferences (hint: give them under `preferences:`; a perception holds its view "
        "of the others)",
        "f.yaml:22:25: conflict.perceptions.us.preferences.ussr.ranking: the ranking misses "
        "states 3, 4; it must list each of the 4 states once",
        "f.yaml:23:11: conflict.perceptions.nato: 'nato' is not a decision maker of this "
        "conflict (hint: known decision makers: us, ussr)",
    ]
