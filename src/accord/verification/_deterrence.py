"""Deterrence per commitment: the least detection probability that makes cheating unprofitable.

A giver that does not deliver (or fakes) a commitment keeps its cost, the *gain* ``G``; if caught
it loses the *penalty* ``P`` (what the others snap back plus any defection penalty). With
detection probability ``π`` the expected gain from cheating is ``(1 - π) G - π P``, so cheating is
deterred iff ``π >= G / (G + P)`` — the inspector-leadership condition of the inspection game
(Avenhaus, von Stengel & Zamir 2002, §4) with ``d = G``, ``b = P``. Independent uses of means with
per-use detection ``δ_m`` detect with ``1 - Π (1 - δ_m)^k_m``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from accord.errors import InputError
from accord.verification._numbers import Exact, exact, probability


@dataclass(frozen=True)
class MeansSpec:
    """A means of verification as the analyses use it (exact numbers)."""

    id: str
    detection: Fraction
    """Probability that one use detects a violation."""
    cost: Fraction = Fraction(0)
    false_alarm: Fraction = Fraction(0)
    lag: int = 0
    per_item: int = 1
    """At most this many uses on one commitment per period."""
    capacity: int | None = None
    """At most this many uses per period over all commitments (None: no limit)."""
    label: str = ""
    sample: int | None = None
    """For attribute sampling: the items drawn in one use."""


@dataclass(frozen=True)
class Commitment:
    """An item a giver must deliver, what cheating on it gains and what getting caught costs."""

    item: str
    giver: str
    gain: Fraction
    penalty: Fraction
    means: tuple[str, ...]
    """The means that can verify it."""


def required_detection(gain: Exact, penalty: Exact) -> Fraction:
    """The least detection probability that deters: ``G / (G + P)`` (0 when there is no gain).

    With detection probability ``π`` the expected gain from cheating is ``(1 - π) G - π P``;
    it is at most 0 exactly when ``π >= G / (G + P)``.

    Parameters
    ----------
    gain : float, str, int or Fraction
        G, what cheating on the commitment gains (0 or more); a float is read as its decimal.
    penalty : float, str, int or Fraction
        P, what being caught costs (0 or more).

    Returns
    -------
    Fraction
        The exact threshold in [0, 1]: 0 when there is nothing to gain, 1 when there is no
        penalty (only certain detection deters).

    Raises
    ------
    InputError
        A gain or penalty that is negative or not a number.

    Examples
    --------
    >>> required_detection(1, 9)
    Fraction(1, 10)
    >>> required_detection(0, 0), required_detection(5, 0)
    (Fraction(0, 1), Fraction(1, 1))
    >>> required_detection("15", 0.5)
    Fraction(30, 31)
    >>> required_detection(-1, 2)
    Traceback (most recent call last):
    ...
    accord.errors.InputError: gain and penalty cannot be negative (got gain -1, penalty 2)
    """
    g, p = exact(gain, "gain"), exact(penalty, "penalty")
    if g < 0 or p < 0:
        raise InputError(f"gain and penalty cannot be negative (got gain {g}, penalty {p})")
    return Fraction(0) if g == 0 else g / (g + p)


def expected_cheating_gain(gain: Fraction, penalty: Fraction, detection: Fraction) -> Fraction:
    """``(1 - π) G - π P``: what cheating is worth in expectation (deterred when <= 0).

    >>> expected_cheating_gain(Fraction(1), Fraction(9), Fraction(1, 10))
    Fraction(0, 1)
    """
    return gain - detection * (gain + penalty)


def inspections_needed(required: Exact, detection: Exact) -> int | None:
    """The least number of independent uses reaching ``required``; None if none ever does.

    Examples
    --------
    >>> inspections_needed(0.9, 0.7), inspections_needed(0.5, 0.5), inspections_needed(1, 0.9)
    (2, 1, None)
    """
    target = probability(required, "required detection")
    delta = probability(detection, "detection")
    if target == 0:
        return 0
    if delta == 1:
        return 1
    if delta == 0 or target == 1:
        return None
    miss, allowed = 1 - delta, 1 - target
    k = max(1, math.ceil(math.log(float(allowed)) / math.log(float(miss))) - 1)
    while miss**k > allowed:  # the float estimate is corrected exactly
        k += 1
    while k > 1 and miss ** (k - 1) <= allowed:
        k -= 1
    return k


def combined_detection(uses: Mapping[str, int], means: Mapping[str, MeansSpec]) -> Fraction:
    """Detection probability of independent uses: ``1 - Π (1 - δ_m)^k_m``.

    >>> m = {"a": MeansSpec("a", Fraction(9, 10)), "b": MeansSpec("b", Fraction(3, 10))}
    >>> combined_detection({"a": 1, "b": 2}, m)
    Fraction(951, 1000)
    """
    miss = Fraction(1)
    for means_id, count in uses.items():
        miss *= (1 - means[means_id].detection) ** count
    return 1 - miss
