"""The inspection game's closed form against pygambit's enumeration of equilibria."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pygambit as gbt
from hypothesis import given
from hypothesis import strategies as st

from accord.verification.inspection_game import GameParameters, game_parameters, solve_game

positive = st.fractions(min_value=Fraction(1, 10), max_value=20, max_denominator=20)
share = st.fractions(min_value=0, max_value=Fraction(19, 20), max_denominator=20)


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


def _bimatrix(g: GameParameters) -> tuple[np.ndarray, np.ndarray]:
    """Rows: inspect, do not inspect; columns: legal, violate (expected payoffs)."""
    detect = 1 - g.nondetection
    inspector = np.array(
        [
            [
                -g.inspection_cost - g.false_alarm * g.false_alarm_cost,
                -detect * g.caught_cost - g.nondetection * g.missed_cost,
            ],
            [Fraction(0), -g.missed_cost],
        ],
        dtype=object,
    )
    inspectee = np.array(
        [
            [-g.false_alarm * g.false_alarm_harm, -detect * g.penalty + g.nondetection * g.gain],
            [Fraction(0), g.gain],
        ],
        dtype=object,
    )
    return inspector, inspectee


@given(games())
def test_equilibrium_matches_gambit(parameters: GameParameters) -> None:
    solution = solve_game(parameters)
    inspector, inspectee = _bimatrix(parameters)
    game = gbt.Game.from_arrays(inspector, inspectee)
    equilibria = gbt.nash.enummixed_solve(game, rational=True).equilibria
    first, second = game.players
    found = {
        (
            Fraction(str(eq[next(iter(first.strategies))])),
            Fraction(str(eq[list(second.strategies)[1]])),
            Fraction(str(eq.payoff(first))),
            Fraction(str(eq.payoff(second))),
        )
        for eq in equilibria
    }
    ours = (
        solution.inspect_probability,
        solution.violate_probability,
        solution.inspector_payoff,
        solution.inspectee_payoff,
    )
    assert ours in found
    if solution.inspect_probability < 1:  # an interior equilibrium is the only one
        assert found == {ours}
