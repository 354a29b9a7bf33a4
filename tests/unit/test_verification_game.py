"""The inspection game: the worked case of the facts file, exactly, and the edge cases."""

from __future__ import annotations

from fractions import Fraction

import pytest

from accord.errors import InputError
from accord.verification._inspection_game import game_parameters, solve_game


def test_worked_case_d1_b9_a1_e1_c10() -> None:
    solution = solve_game(game_parameters(1, 9, 1, 10, 1))
    assert solution.inspect_probability == Fraction(1, 10)
    assert solution.violate_probability == Fraction(1, 10)
    assert (solution.inspector_payoff, solution.inspectee_payoff) == (-1, 0)
    assert solution.deterrence_threshold == Fraction(1, 10)
    assert solution.leadership_inspector_payoff == Fraction(-1, 10)


def test_imperfect_detection_raises_the_inspection_probability() -> None:
    solution = solve_game(game_parameters(1, 9, 1, 10, 1, nondetection="0.5"))
    assert solution.inspect_probability == Fraction(1, 5)  # d / ((b+d)(1-β))
    assert solution.violate_probability == Fraction(1, 1 + Fraction(1, 2) * 9)
    assert solution.deterrence_threshold == Fraction(1, 10)  # d/(b+d) in detection terms


def test_false_alarms_make_deterrence_dearer() -> None:
    solution = solve_game(
        game_parameters(1, 9, 1, 10, 1, false_alarm="0.1", false_alarm_cost=5, false_alarm_harm=2)
    )
    assert solution.inspect_probability == Fraction(1, 10 - Fraction(2, 10))
    assert solution.violate_probability == Fraction(Fraction(3, 2), Fraction(3, 2) + 9)
    assert solution.inspectee_payoff == -solution.inspect_probability * Fraction(2, 10)


def test_no_deterrence_when_detection_is_too_weak() -> None:
    solution = solve_game(game_parameters(1, 1, 1, 10, 1, nondetection="0.6"))
    assert not solution.deterrable
    assert (solution.inspect_probability, solution.violate_probability) == (1, 1)
    assert solution.deterrence_threshold is None
    assert solution.inspectee_payoff == Fraction(-4, 10) + Fraction(6, 10)
    assert solution.to_dict()["leadership"] == {"inspect_probability": None, "payoffs": None}


def test_boundary_where_certain_inspection_just_deters() -> None:
    solution = solve_game(game_parameters(1, 1, 1, 10, 1, nondetection="0.5"))
    assert solution.deterrable
    assert solution.inspect_probability == 1
    assert solution.deterrence_threshold == Fraction(1, 2)


def test_json_form() -> None:
    payload = solve_game(game_parameters(1, 9, 1, 10, 1)).to_dict()
    assert payload["inspect_probability"] == 0.1
    assert payload["violate_probability"] == 0.1
    assert payload["payoffs"] == {"inspector": -1, "inspectee": 0}
    assert payload["deterrence_threshold"] == 0.1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"nondetection": 2}, "nondetection must be a probability in [0, 1] (got 2)"),
        ({"nondetection": 1}, "nondetection must be less than 1"),
        ({"false_alarm": -0.5}, "false alarm must be a probability in [0, 1] (got -0.5)"),
        ({"gain": 0}, "the gain must be positive (got 0)"),
        ({"penalty": -1}, "the penalty cannot be negative (got -1)"),
        ({"caught_cost": 10}, "the caught cost (10) must be less than the missed cost (10)"),
    ],
)
def test_bad_parameters(kwargs: dict[str, object], message: str) -> None:
    values: dict[str, object] = {
        "gain": 1,
        "penalty": 9,
        "inspection_cost": 1,
        "missed_cost": 10,
        "caught_cost": 1,
        **kwargs,
    }
    with pytest.raises(InputError) as caught:
        game_parameters(**values)  # type: ignore[arg-type]
    assert caught.value.message == message
