"""The inspection game's closed form against two independent references.

1. An exact check in fractions, written here from the definition of a Nash equilibrium: each
   side's mixed strategy earns as much as its best pure reply to the other's, and when the
   inspector mixes, the indifference conditions admit no other equilibrium.
2. Nashpy's support enumeration (floating point, its own implementation) on non-degenerate games.
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import nashpy
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from accord.verification._inspection_game import GameParameters, game_parameters, solve_game

positive = st.fractions(min_value=Fraction(1, 10), max_value=20, max_denominator=20)
share = st.fractions(min_value=0, max_value=Fraction(19, 20), max_denominator=20)
Matrix = list[list[Fraction]]


@st.composite
def games(draw: st.DrawFn) -> GameParameters:
    caught = draw(st.fractions(min_value=0, max_value=10, max_denominator=10))
    return game_parameters(
        gain=draw(positive),
        penalty=draw(positive),
        inspection_cost=draw(positive),
        missed_cost=caught + draw(positive),
        caught_cost=caught,
        nondetection=draw(share),
        false_alarm=draw(share),
        false_alarm_cost=draw(positive),
        false_alarm_harm=draw(positive),
    )


def _bimatrix(g: GameParameters) -> tuple[Matrix, Matrix]:
    """Rows: inspect, do not inspect; columns: legal, violate (expected payoffs)."""
    detect = 1 - g.nondetection
    inspector = [
        [
            -g.inspection_cost - g.false_alarm * g.false_alarm_cost,
            -detect * g.caught_cost - g.nondetection * g.missed_cost,
        ],
        [Fraction(0), -g.missed_cost],
    ]
    inspectee = [
        [-g.false_alarm * g.false_alarm_harm, -detect * g.penalty + g.nondetection * g.gain],
        [Fraction(0), g.gain],
    ]
    return inspector, inspectee


def _value(matrix: Matrix, row: list[Fraction], column: list[Fraction]) -> Fraction:
    return sum((row[i] * column[j] * matrix[i][j] for i in range(2) for j in range(2)), Fraction(0))


def _pure(k: int) -> list[Fraction]:
    return [Fraction(1 - k), Fraction(k)]


@given(games())
def test_closed_form_is_an_exact_nash_equilibrium(parameters: GameParameters) -> None:
    solution = solve_game(parameters)
    inspector, inspectee = _bimatrix(parameters)
    p, q = solution.inspect_probability, solution.violate_probability
    row, column = [p, 1 - p], [1 - q, q]
    assert 0 <= p <= 1
    assert 0 <= q <= 1
    assert _value(inspector, row, column) == solution.inspector_payoff
    assert _value(inspectee, row, column) == solution.inspectee_payoff
    assert all(_value(inspector, _pure(k), column) <= solution.inspector_payoff for k in (0, 1))
    assert all(_value(inspectee, row, _pure(k)) <= solution.inspectee_payoff for k in (0, 1))


@given(games())
def test_an_interior_equilibrium_is_the_only_one(parameters: GameParameters) -> None:
    solution = solve_game(parameters)
    if not 0 < solution.inspect_probability < 1:
        return
    inspector, inspectee = _bimatrix(parameters)
    pure_equilibria = [
        (i, j)
        for i in (0, 1)
        for j in (0, 1)
        if inspector[i][j] >= inspector[1 - i][j] and inspectee[i][j] >= inspectee[i][1 - j]
    ]
    assert pure_equilibria == []
    # Full support: the inspectee's indifference fixes p, the inspector's fixes q, uniquely.
    (a, b), (c, d) = inspectee
    p = (d - c) / ((a - b) + (d - c))
    (e, f), (g, h) = inspector
    q = (g - e) / ((f - e) + (g - h))
    assert (p, q) == (solution.inspect_probability, solution.violate_probability)


@given(games())
def test_nashpy_finds_the_same_equilibrium(parameters: GameParameters) -> None:
    solution = solve_game(parameters)
    inspector, inspectee = _bimatrix(parameters)
    game = nashpy.Game(np.array(inspector, dtype=float), np.array(inspectee, dtype=float))
    with warnings.catch_warnings():
        # Nashpy warns when a game is degenerate (a continuum of equilibria); the exact test
        # above covers those games, this one compares only isolated equilibria.
        warnings.simplefilter("ignore", RuntimeWarning)
        found = list(game.support_enumeration(non_degenerate=True))
    ours = np.array([float(solution.inspect_probability), float(solution.violate_probability)])
    theirs = [np.array([rows[0], columns[1]]) for rows, columns in found]
    if len(found) % 2 == 1:  # a non-degenerate game has an odd number of equilibria
        assert any(np.allclose(ours, t, atol=1e-9) for t in theirs), (ours, theirs)
