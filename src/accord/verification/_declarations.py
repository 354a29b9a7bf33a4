"""Declarations against estimates: is the declared inventory complete, and what would confirm it?

The true quantity ``T`` is uncertain; the estimate ``{low, mode, high}`` is read as a triangular
prior on ``T`` (a point estimate is certain). A declaration of ``D`` is *incomplete* when
``T > D``; the prior probability of that is ``1 - F(D)``, and the expected undeclared quantity is
``E[max(0, T - D)] = ∫_D^high (1 - F(x)) dx`` (both exact for rational inputs).

To *confirm* the declaration to confidence ``γ``: each use of a means that would reveal an
incomplete declaration with probability ``δ`` and finds nothing lowers the probability of
incompleteness by Bayes' rule, to ``p m^k / (p m^k + 1 - p)`` after ``k`` clean uses
(``m = 1 - δ``); the effort is the least ``k`` bringing it to ``1 - γ`` or below, i.e.
``m^k <= (1 - γ)(1 - p) / (γ p)``. A prior certain of incompleteness cannot be confirmed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from accord.errors import InputError
from accord.verification._deterrence import MeansSpec, inspections_needed
from accord.verification._numbers import Exact, as_json_number, exact, probability, show


def _triangle(low: Exact, mode: Exact, high: Exact) -> tuple[Fraction, Fraction, Fraction]:
    a, c, b = exact(low, "low"), exact(mode, "mode"), exact(high, "high")
    if not a <= c <= b:
        raise InputError(f"an estimate needs low <= mode <= high (got {a}, {c}, {b})")
    return a, c, b


def incompleteness_probability(declared: Exact, low: Exact, mode: Exact, high: Exact) -> Fraction:
    """Prior probability that the true quantity exceeds the declared one (triangular prior).

    Examples
    --------
    >>> incompleteness_probability(20, 20, 30, 60)
    Fraction(1, 1)
    >>> incompleteness_probability(30, 10, 30, 60)  # F(mode) = (mode - low) / (high - low)
    Fraction(3, 5)
    >>> incompleteness_probability(25, 25, 25, 25)
    Fraction(0, 1)
    """
    a, c, b = _triangle(low, mode, high)
    d = exact(declared, "declared")
    if d >= b:
        return Fraction(0)
    if d < a or a == b:
        return Fraction(1)
    if d <= c:
        return 1 - (d - a) ** 2 / ((b - a) * (c - a))
    return (b - d) ** 2 / ((b - a) * (b - c))


def expected_shortfall(declared: Exact, low: Exact, mode: Exact, high: Exact) -> Fraction:
    """Expected undeclared quantity ``E[max(0, T - D)]`` under the triangular prior.

    Examples
    --------
    >>> expected_shortfall(20, 20, 30, 60)  # the prior mean 110/3 minus 20
    Fraction(50, 3)
    >>> expected_shortfall(60, 20, 30, 60)
    Fraction(0, 1)
    """
    a, c, b = _triangle(low, mode, high)
    d = exact(declared, "declared")
    if d >= b:
        return Fraction(0)
    if a == b:
        return a - d
    total = max(Fraction(0), a - d)  # below low the survival function is 1
    if c > a and d < c:
        s = max(d, a)
        total += (c - s) - ((c - a) ** 3 - (s - a) ** 3) / (3 * (b - a) * (c - a))
    if b > c:
        total += (b - max(d, c)) ** 3 / (3 * (b - a) * (b - c))
    return total


def central_interval(low: Exact, mode: Exact, high: Exact, level: Exact) -> tuple[float, float]:
    """The central interval holding ``level`` of the triangular prior (quantiles (1 ± level)/2).

    Irrational in general, so floats.

    Examples
    --------
    >>> central_interval(0, 5, 10, 0.36)  # F(x) = x²/50 below the mode: F(4) = 0.32
    (4.0, 6.0)
    >>> central_interval(25, 25, 25, 0.9)
    (25.0, 25.0)
    """
    a, c, b = _triangle(low, mode, high)
    gamma = probability(level, "confidence")
    return _quantile(a, c, b, (1 - gamma) / 2), _quantile(a, c, b, (1 + gamma) / 2)


def _quantile(a: Fraction, c: Fraction, b: Fraction, u: Fraction) -> float:
    if a == b:
        return float(a)
    if u * (b - a) <= c - a:
        return float(a) + math.sqrt(float(u * (b - a) * (c - a)))
    return float(b) - math.sqrt(float((1 - u) * (b - a) * (b - c)))


def confirmation_effort(prior: Exact, detection: Exact, confidence: Exact) -> int | None:
    """Least clean uses of a means bringing P(incomplete) to ``1 - confidence``; None if never.

    Examples
    --------
    >>> confirmation_effort(0.5, 0.7, 0.9)   # 0.3^k <= 1/9
    2
    >>> confirmation_effort(1, 0.9, 0.9) is None, confirmation_effort(0, 0.5, 0.99)
    (True, 0)
    """
    p = probability(prior, "prior probability of incompleteness")
    delta = probability(detection, "detection")
    gamma = probability(confidence, "confidence")
    if p == 0 or 1 - p >= gamma:  # already confident enough
        return 0
    if p == 1 or gamma == 1:
        return 1 if delta == 1 and p < 1 else None
    allowed = (1 - gamma) * (1 - p) / (gamma * p)
    return inspections_needed(1 - allowed, delta)


@dataclass(frozen=True)
class DeclarationCheck:
    """A declaration checked against its estimate, with the effort to confirm it per means."""

    name: str
    declared: Fraction
    low: Fraction
    mode: Fraction
    high: Fraction
    incomplete_probability: Fraction
    expected_shortfall: Fraction
    confidence: Fraction
    effort: Mapping[str, int | None]
    """Uses of each means needed to confirm to ``confidence`` (None: impossible)."""
    interval: tuple[float, float] = (0.0, 0.0)
    """The central ``confidence`` interval of the estimate (triangular prior)."""

    @property
    def reason(self) -> str:
        """The finding in one sentence."""
        p = float(self.incomplete_probability)
        if self.incomplete_probability == 1:
            return (
                f"certainly incomplete under the estimate: {show(self.declared)} declared, "
                f"estimate {show(self.low)}–{show(self.high)} (mode {show(self.mode)}); "
                "inspections "
                "cannot confirm it, only a fuller declaration can"
            )
        possible = {m: k for m, k in self.effort.items() if k is not None}
        how = ", ".join(f"{k} × {m}" for m, k in possible.items()) or "no listed means can"
        return (
            f"incomplete with probability {p:.1%}; confirming it to "
            f"{float(self.confidence):.0%} confidence takes {how}"
        )

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form (see docs/reference/verification-json.md)."""
        return {
            "declaration": self.name,
            "declared": as_json_number(self.declared),
            "estimate": {
                "low": as_json_number(self.low),
                "mode": as_json_number(self.mode),
                "high": as_json_number(self.high),
            },
            "incomplete_probability": as_json_number(self.incomplete_probability),
            "expected_shortfall": as_json_number(self.expected_shortfall),
            "confidence": as_json_number(self.confidence),
            "interval": {"low": self.interval[0], "high": self.interval[1]},
            "effort": dict(self.effort),
            "reason": self.reason,
        }


def check_declaration(
    name: str,
    declared: Exact,
    low: Exact,
    mode: Exact,
    high: Exact,
    confidence: Exact,
    means: Mapping[str, MeansSpec],
) -> DeclarationCheck:
    """Check one declaration against a triangular estimate; effort for each means given.

    The estimate ``{low, mode, high}`` is read as a triangular prior on the true quantity;
    the declaration is incomplete when the true quantity exceeds it.

    Parameters
    ----------
    name : str
        What is declared (``warheads``); it names the check in reports.
    declared : float, str, int or Fraction
        D, the declared quantity.
    low, mode, high : float, str, int or Fraction
        The estimate of the true quantity, ``low <= mode <= high``.
    confidence : float, str, int or Fraction
        γ, how sure the inspection should make us that the declaration is complete.
    means : mapping of str to MeansSpec
        The means that can confirm it, by id; each use detects an incomplete declaration
        with the means' ``detection`` probability.

    Returns
    -------
    DeclarationCheck
        Frozen: the prior probability of incompleteness, the expected undeclared quantity,
        the central ``confidence`` interval of the estimate, the clean uses of each means
        that confirm the declaration (``None``: impossible) and the finding in one sentence
        (``reason``); ``to_dict()`` is its JSON in ``accord verify --json``.

    Raises
    ------
    InputError
        An estimate not ordered ``low <= mode <= high``, a number that is not one, or a
        confidence outside [0, 1].

    Examples
    --------
    >>> m = {"experts": MeansSpec("experts", Fraction(7, 10))}
    >>> check = check_declaration("warheads", 30, 10, 30, 60, 0.9, m)
    >>> check.effort
    {'experts': 3}
    >>> check.incomplete_probability, check.expected_shortfall
    (Fraction(3, 5), Fraction(6, 1))
    >>> check.reason
    'incomplete with probability 60.0%; confirming it to 90% confidence takes 3 × experts'
    >>> check_declaration("warheads", 30, 40, 30, 60, 0.9, m)
    Traceback (most recent call last):
    ...
    accord.errors.InputError: an estimate needs low <= mode <= high (got 40, 30, 60)
    """
    p = incompleteness_probability(declared, low, mode, high)
    gamma = probability(confidence, "confidence")
    effort = {m: confirmation_effort(p, spec.detection, gamma) for m, spec in means.items()}
    return DeclarationCheck(
        name,
        exact(declared, "declared"),
        exact(low, "low"),
        exact(mode, "mode"),
        exact(high, "high"),
        p,
        expected_shortfall(declared, low, mode, high),
        gamma,
        effort,
        central_interval(low, mode, high, gamma),
    )
