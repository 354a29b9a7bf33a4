"""The inspection game: when does an inspector's random inspection deter a violation?

The basic game of Avenhaus, von Stengel & Zamir, "Inspection games", *Handbook of Game Theory*
vol. 3, ch. 51 (2002), §3, with imperfect detection and false alarms. The inspector inspects or
not; the inspectee acts legally or violates. Payoffs (inspector, inspectee):

================  ===============================  ===============================
                  legal                            violate
================  ===============================  ===============================
inspect           ``(-e - alpha f, -alpha h)``     detected (1-beta): ``(-a, -b)``;
                                                   missed (beta): ``(-c, d)``
do not inspect    ``(0, 0)``                       ``(-c, d)``
================  ===============================  ===============================

with ``0 <= a < c``, ``e > 0``, ``d > 0``, ``b >= 0``; ``beta`` the non-detection probability of
one inspection, ``alpha`` its false-alarm probability, ``f`` and ``h`` what a false alarm costs
the inspector and the (innocent) inspectee. With ``alpha = beta = 0`` the equilibrium is
``p* = d/(d+b)``, ``q* = e/(e+c-a)`` (loc. cit., Theorem 3.1). In general

- ``p* = d / ((1-beta)(b+d) - alpha h)`` (the inspectee is indifferent),
- ``q* = (e + alpha f) / (e + alpha f + (1-beta)(c-a))`` (the inspector is indifferent),

and when ``p* >= 1`` inspection cannot deter: violating is a best reply even to certain
inspection. Under *inspector leadership* (the inspector announces and commits to ``p``) the
inspectee stays legal iff ``p >= p*``, i.e. iff the detection probability ``p (1-beta)`` is at
least ``p* (1-beta)``, which is ``d/(b+d)`` without false alarms (loc. cit., §4).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from accord._results import Result
from accord.errors import InputError
from accord.verification._numbers import Exact, as_json_number, exact, probability, show


@dataclass(frozen=True)
class GameParameters:
    """The payoff parameters of the inspection game, as exact fractions."""

    gain: Fraction
    """d: the inspectee's gain from an undetected violation."""
    penalty: Fraction
    """b: the inspectee's loss when a violation is detected."""
    inspection_cost: Fraction
    """e: the inspector's cost of inspecting a legal inspectee."""
    missed_cost: Fraction
    """c: the inspector's loss from a missed violation."""
    caught_cost: Fraction
    """a: the inspector's loss from a detected violation (0 <= a < c)."""
    nondetection: Fraction = Fraction(0)
    """beta: the probability that one inspection misses a violation."""
    false_alarm: Fraction = Fraction(0)
    """alpha: the probability that one inspection of a legal inspectee raises an alarm."""
    false_alarm_cost: Fraction = Fraction(0)
    """f: what a false alarm costs the inspector."""
    false_alarm_harm: Fraction = Fraction(0)
    """h: what a false alarm costs the legal inspectee."""


def game_parameters(
    gain: Exact,
    penalty: Exact,
    inspection_cost: Exact,
    missed_cost: Exact,
    caught_cost: Exact,
    nondetection: Exact = 0,
    false_alarm: Exact = 0,
    false_alarm_cost: Exact = 0,
    false_alarm_harm: Exact = 0,
) -> GameParameters:
    """The inspection game's parameters, checked and read as exact fractions.

    Parameters
    ----------
    gain : number
        d, the inspectee's gain if a violation is missed (positive).
    penalty : number
        b, the inspectee's loss if caught.
    inspection_cost : number
        e, the inspector's cost of inspecting a legal inspectee (positive).
    missed_cost : number
        c, the inspector's loss if a violation is missed.
    caught_cost : number
        a, the inspector's loss if a violation is caught (less than ``missed_cost``).
    nondetection, false_alarm : number, default 0
        β and α per inspection.
    false_alarm_cost, false_alarm_harm : number, default 0
        f, a false alarm's cost to the inspector, and h, its harm to the inspectee.

    Returns
    -------
    GameParameters
        What :func:`solve_game` takes.

    Raises
    ------
    InputError
        A parameter of the wrong sign, a probability outside [0, 1], a caught cost not below
        the missed cost (the message names the parameter).

    Examples
    --------
    >>> game_parameters(1, 9, 1, 10, 1).gain
    Fraction(1, 1)
    >>> game_parameters(1, 9, 1, 1, 10)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: the caught cost (10) must be less than the missed cost (1) ...
    """
    values = _checked_payoffs(
        gain=gain,
        penalty=penalty,
        inspection_cost=inspection_cost,
        missed_cost=missed_cost,
        caught_cost=caught_cost,
        false_alarm_cost=false_alarm_cost,
        false_alarm_harm=false_alarm_harm,
    )
    beta = probability(nondetection, "nondetection")
    if beta == 1:
        raise InputError(
            "nondetection must be less than 1", "an inspection that never detects cannot deter"
        )
    alpha = probability(false_alarm, "false alarm")
    return GameParameters(**values, nondetection=beta, false_alarm=alpha)


def _checked_payoffs(**payoffs: Exact) -> dict[str, Fraction]:
    """The payoff parameters as fractions (same keys), checked for sign; named in words."""
    values = {key: exact(value, key.replace("_", " ")) for key, value in payoffs.items()}
    for key in ("gain", "inspection_cost"):
        if values[key] <= 0:
            name = key.replace("_", " ")
            raise InputError(f"the {name} must be positive (got {show(values[key])})")
    for key in ("penalty", "caught_cost", "false_alarm_cost", "false_alarm_harm"):
        if values[key] < 0:
            name = key.replace("_", " ")
            raise InputError(f"the {name} cannot be negative (got {show(values[key])})")
    if values["caught_cost"] >= values["missed_cost"]:
        raise InputError(
            f"the caught cost ({show(values['caught_cost'])}) must be less than the missed "
            f"cost ({show(values['missed_cost'])})",
            "a caught violation hurts the inspector less than a missed one",
        )
    return values


@dataclass(frozen=True, repr=False)
class GameSolution(Result):
    """The equilibrium of the simultaneous game and the inspector-leadership solution."""

    parameters: GameParameters
    inspect_probability: Fraction
    """p: the equilibrium probability of inspecting."""
    violate_probability: Fraction
    """q: the equilibrium probability of violating."""
    inspector_payoff: Fraction
    inspectee_payoff: Fraction
    deterrable: bool
    """Whether some inspection probability (at most 1) deters the violation."""
    deterrence_threshold: Fraction | None
    """The least detection probability p(1-beta) that keeps the inspectee legal (leadership)."""
    leadership_inspect_probability: Fraction | None
    """The least inspection probability that deters, announced by a committed inspector."""
    leadership_inspector_payoff: Fraction | None

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form (see docs/reference/verification-json.md)."""
        numbers = {
            "inspect_probability": self.inspect_probability,
            "violate_probability": self.violate_probability,
            "inspector": self.inspector_payoff,
            "inspectee": self.inspectee_payoff,
            "deterrence_threshold": self.deterrence_threshold,
            "leadership_inspect_probability": self.leadership_inspect_probability,
            "leadership_inspector": self.leadership_inspector_payoff,
        }
        return {
            "inspect_probability": as_json_number(self.inspect_probability),
            "violate_probability": as_json_number(self.violate_probability),
            "payoffs": {
                "inspector": as_json_number(self.inspector_payoff),
                "inspectee": as_json_number(self.inspectee_payoff),
            },
            "deterrence_threshold": _maybe(self.deterrence_threshold),
            "deterrable": self.deterrable,
            "leadership": {
                "inspect_probability": _maybe(self.leadership_inspect_probability),
                "payoffs": None
                if self.leadership_inspector_payoff is None
                else {
                    "inspector": as_json_number(self.leadership_inspector_payoff),
                    "inspectee": as_json_number(self.leadership_inspectee_payoff),
                },
            },
            "exact_fractions": {k: None if v is None else str(v) for k, v in numbers.items()},
        }

    @property
    def leadership_inspectee_payoff(self) -> Fraction:
        """The legal inspectee's expected loss from false alarms under leadership."""
        p = self.leadership_inspect_probability or Fraction(0)
        return -p * self.parameters.false_alarm * self.parameters.false_alarm_harm


def _maybe(number: Fraction | None) -> float | int | None:
    return None if number is None else as_json_number(number)


def solve_game(parameters: GameParameters) -> GameSolution:
    """Solve the inspection game exactly: the equilibrium and the leadership solution.

    Parameters
    ----------
    parameters : GameParameters
        From :func:`game_parameters`.

    Returns
    -------
    GameSolution
        Frozen; ``to_dict()`` is the JSON of ``accord verify game --json``.

    Raises
    ------
    InputError
        Never for parameters :func:`game_parameters` accepted.

    Examples
    --------
    >>> solution = solve_game(game_parameters(gain=1, penalty=9, inspection_cost=1,
    ...                                       missed_cost=10, caught_cost=1))
    >>> solution.inspect_probability, solution.violate_probability
    (Fraction(1, 10), Fraction(1, 10))
    >>> solution.inspector_payoff, solution.inspectee_payoff
    (Fraction(-1, 1), Fraction(0, 1))
    >>> solution.deterrence_threshold, solution.leadership_inspector_payoff
    (Fraction(1, 10), Fraction(-1, 10))
    """
    g = parameters
    detect = 1 - g.nondetection
    inspect_loss = g.inspection_cost + g.false_alarm * g.false_alarm_cost
    q_star = inspect_loss / (inspect_loss + detect * (g.missed_cost - g.caught_cost))
    denominator = detect * (g.penalty + g.gain) - g.false_alarm * g.false_alarm_harm
    if denominator > g.gain:  # p* < 1: the unique equilibrium is mixed
        p_star = g.gain / denominator
        return GameSolution(
            g,
            p_star,
            q_star,
            -g.missed_cost * q_star,
            -p_star * g.false_alarm * g.false_alarm_harm,
            True,
            p_star * detect,
            p_star,
            -p_star * inspect_loss,
        )
    return _certain_inspection(g, q_star, inspect_loss, deters=denominator == g.gain)


def _certain_inspection(
    g: GameParameters, q_star: Fraction, inspect_loss: Fraction, deters: bool
) -> GameSolution:
    """The solution when ``p* >= 1``: inspecting with certainty deters at best on the edge."""
    detect = 1 - g.nondetection
    if deters:  # p* = 1: every q in [q*, 1] is an equilibrium; report q*
        inspectee = -detect * g.penalty + g.nondetection * g.gain
        return GameSolution(
            g,
            Fraction(1),
            q_star,
            -g.missed_cost * q_star,
            inspectee,
            True,
            detect,
            Fraction(1),
            -inspect_loss,
        )
    # Violating is a best reply even to certain inspection: the inspector inspects (it loses
    # less than not inspecting since a < c and beta < 1) and the inspectee violates.
    inspector = -(detect * g.caught_cost + g.nondetection * g.missed_cost)
    inspectee = -detect * g.penalty + g.nondetection * g.gain
    return GameSolution(g, Fraction(1), Fraction(1), inspector, inspectee, False, None, None, None)
