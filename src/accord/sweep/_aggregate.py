"""What the draws of a sweep say together: probabilities, margins, packages, sensitivity.

- Each verdict's probability is the share of the draws that answer yes, with its Wilson score
  interval at 95 % (Wilson 1927; better than the normal interval near 0 and 1 and for few
  draws). Draws whose analysis could not answer in its time limit are left out of that
  verdict's count (``unknown``).
- Each plan's lowest margin per party: the 5 %, 50 % and 95 % quantiles and the minimum over the
  draws.
- Each bargaining solution: how often it picks each package; the most frequent first.
- Sensitivity: for each verdict, the parameters whose swing (the verdict's probability when the
  parameter is in the top third of its draws minus in the bottom third,
  :func:`accord.deal._uncertainty.swing`) is largest; a parameter that flips a verdict often
  has a large swing.

The draws are aggregated in index order, so the result is the same whoever computed them.

Examples
--------
>>> wilson(8, 10)
(0.4901624715366, 0.9433178485456)
>>> wilson(0, 0)
(0.0, 1.0)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord._results import Result
from accord.deal._uncertainty import swing
from accord.sweep._draw import Draw, SweepSetup, describe

Z95 = 1.959963984540054
"""The standard normal quantile of 97.5 %: two-sided 95 % intervals."""
QUANTILES = (0.05, 0.5, 0.95)
TOP_PARAMETERS = 3
"""Parameters listed per verdict in the sensitivity ranking."""
TOP_PACKAGES = 5
DIGITS = 13
"""Digits kept of each aggregate (stable across platforms' last-bit float noise)."""


def wilson(yes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for ``yes`` successes in ``n`` trials.

    Parameters
    ----------
    yes : int
        Trials answering yes.
    n : int
        Trials in all (none gives the whole interval).
    z : float, default Z95
        The normal quantile of the confidence level (1.96: 95%).

    Returns
    -------
    tuple of float
        ``(low, high)``, rounded to the sweep's digits.

    Examples
    --------
    >>> wilson(9, 10)
    (0.5958499732048, 0.9821237869049)
    >>> wilson(0, 0)
    (0.0, 1.0)
    """
    if n == 0:
        return 0.0, 1.0
    p = yes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return round(max(0.0, centre - half), DIGITS), round(min(1.0, centre + half), DIGITS)


@dataclass(frozen=True, repr=False)
class SweepResult(Result):
    """The aggregates of a sweep; ``to_dict()`` is the ``accord sweep --json`` payload (and
    the tables, summary and figures of every result of the public API)."""

    title: str
    seed: int
    requested: int
    draws: tuple[Draw, ...]
    setup: SweepSetup
    partial: bool = False
    """Stopped before every draw was done (Ctrl-C): the aggregates cover the draws done."""

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/sweep-json.md)."""
        values = np.array([d.values for d in self.draws]).reshape(
            len(self.draws), len(self.setup.parameters)
        )
        return {
            "title": self.title,
            "seed": self.seed,
            "requested": self.requested,
            "draws": len(self.draws),
            "partial": self.partial,
            "distribution": self._distribution(),
            "confidence": 0.95,
            "questions": list(self.setup.questions),
            "parameters": [p.to_dict() for p in self.setup.parameters],
            "verdicts": [self._verdict(v, values) for v in self.verdict_ids()],
            "margins": {key: self._margins(key) for key in self._keys("margins")},
            "solutions": {name: self._solutions(name) for name in self._keys("packages")},
            "correlations": [
                {"ranges": list(ids), "coefficient": coefficient}
                for ids, coefficient in (self.setup.copula.groups if self.setup.copula else ())
            ],
        }

    def _distribution(self) -> str:
        if self.setup.copula is None:
            return "triangular(low, mode, high)"
        return "triangular(low, mode, high), correlated ranges joined by a Gaussian copula"

    def verdict_ids(self) -> list[str]:
        """Every verdict any draw gave, in the order the first draw gave them."""
        return self._keys("verdicts")

    def _keys(self, attribute: str) -> list[str]:
        seen: dict[str, None] = {}
        for draw in self.draws:
            seen.update(dict.fromkeys(getattr(draw, attribute)))
        return list(seen)

    def _verdict(self, verdict: str, values: np.ndarray[Any, Any]) -> dict[str, Any]:
        answers = [d.verdicts.get(verdict) for d in self.draws]
        known = np.array([a is not None for a in answers])
        outcome = np.array([1.0 if a else 0.0 for a in answers])
        yes, n = int(outcome[known].sum()), int(known.sum())
        low, high = wilson(yes, n)
        return {
            "id": verdict,
            "label": describe(verdict),
            "yes": yes,
            "draws": n,
            "unknown": len(answers) - n,
            "probability": None if n == 0 else round(yes / n, DIGITS),
            "low": low,
            "high": high,
            "sensitivity": self._sensitivity(values[known], outcome[known]),
        }

    def _sensitivity(self, values: np.ndarray[Any, Any], outcome: np.ndarray[Any, Any]) -> Any:
        if len(outcome) < 3 or outcome.min() == outcome.max():
            return []  # the verdict never flips: no parameter moves it
        swings = [
            (round(swing(values[:, k], outcome), 6), p) for k, p in enumerate(self.setup.parameters)
        ]
        ranked = sorted((s for s in swings if s[0] != 0), key=lambda s: (-abs(s[0]), s[1].id))
        return [
            {"parameter": p.id, "label": p.label, "swing": s} for s, p in ranked[:TOP_PARAMETERS]
        ]

    def _margins(self, key: str) -> dict[str, Any]:
        found = [d.margins[key] for d in self.draws if d.margins.get(key) is not None]
        if not found:
            return {"draws": 0, "min": None, "quantiles": None}
        numbers = np.array(found, dtype=float)
        cuts = np.quantile(numbers, QUANTILES)
        return {
            "draws": len(found),
            "min": round(float(numbers.min()), DIGITS),
            "quantiles": {
                f"{q:g}": round(float(c), DIGITS) for q, c in zip(QUANTILES, cuts, strict=True)
            },
        }

    def _solutions(self, name: str) -> dict[str, Any]:
        counts = Counter(d.packages[name] for d in self.draws if name in d.packages)
        total = sum(counts.values())
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return {
            "draws": total,
            "most_often": ranked[0][0],
            "share": round(ranked[0][1] / total, DIGITS),
            "packages": [
                {"package": package, "draws": count, "share": round(count / total, DIGITS)}
                for package, count in ranked[:TOP_PACKAGES]
            ],
            "distinct": len(counts),
        }


def aggregate(
    title: str, setup: SweepSetup, draws: Sequence[Draw], requested: int, partial: bool = False
) -> SweepResult:
    """The result of the finished ``draws`` (in any order: they are sorted by index)."""
    ordered = tuple(sorted(draws, key=lambda d: d.index))
    return SweepResult(title, setup.seed, requested, ordered, setup, partial)
