"""Attribute sampling: how many items to inspect to find a diversion with a given probability.

A population of ``N`` items (fuel assemblies, declared warheads, containers) of which ``M`` must be
falsified to divert one significant quantity; the inspector draws ``n`` items without replacement
and finds the diversion if at least one falsified item is drawn. Two sample sizes are given:

- the IAEA formula ``n = ceil(N (1 - beta**(1/M)))`` (IAEA Safeguards Glossary, 2001 edition,
  §10.3; Avenhaus & Canty, *Compliance Quantified*, 1996, ch. 4), computed exactly: it is the
  least ``n`` with ``(1 - n/N)**M <= beta``, so no floating-point root is taken;
- the exact minimum sample from the hypergeometric law: the least ``n`` whose detection
  probability ``1 - C(N-M, n) / C(N, n)`` is at least ``1 - beta``.

All results are exact fractions.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import comb

from accord._results import Result
from accord.errors import InputError
from accord.verification._numbers import Exact, as_json_number, probability


def _check_population(items: int, falsified: int) -> None:
    if isinstance(items, bool) or not isinstance(items, int) or items < 1:
        raise InputError(f"items must be a positive whole number (got {items})")
    if isinstance(falsified, bool) or not isinstance(falsified, int) or falsified < 1:
        raise InputError(
            f"falsified must be a positive whole number (got {falsified})",
            "with nothing falsified there is nothing to detect",
        )
    if falsified > items:
        raise InputError(
            f"falsified ({falsified}) cannot exceed items ({items})",
            "falsified counts items among the population that would have to be falsified",
        )


def detection_probability(items: int, falsified: int, sample: int) -> Fraction:
    """Exact probability that a sample of ``sample`` items finds at least one falsified item.

    ``1 - C(N-M, n) / C(N, n)``, computed as ``1 - C(N-n, M) / C(N, M)``.

    Parameters
    ----------
    items : int
        N, the items in the population (at least 1).
    falsified : int
        M, the falsified items among them (1 to N).
    sample : int
        n, the items drawn without replacement (0 to N).

    Returns
    -------
    Fraction
        The exact detection probability (:func:`detection` wraps it in a result).

    Raises
    ------
    InputError
        A count that is not a whole number or is out of range (more falsified items than
        items, a sample larger than the population).

    Examples
    --------
    >>> detection_probability(100, 1, 90)
    Fraction(9, 10)
    >>> round(float(detection_probability(500, 4, 219)), 4)
    0.9012
    >>> detection_probability(10, 1, 11)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: the sample (11) is larger than the population (10 items) (hint: ...)
    """
    _check_population(items, falsified)
    if isinstance(sample, bool) or not isinstance(sample, int) or sample < 0:
        raise InputError(f"sample must be a whole number of items, 0 or more (got {sample})")
    if sample > items:
        raise InputError(
            f"the sample ({sample}) is larger than the population ({items} items)",
            "items are drawn without replacement: sample at most all of them",
        )
    return 1 - Fraction(comb(items - sample, falsified), comb(items, falsified))


def iaea_sample_size(items: int, falsified: int, nondetection: Exact) -> int:
    """The IAEA sample size ``ceil(N (1 - beta**(1/M)))``, computed exactly.

    It is the least ``n`` with ``(1 - n/N)**M <= beta`` (sampling with replacement as the
    formula assumes), found by bisection on exact fractions: no floating-point root is taken.

    Parameters
    ----------
    items : int
        N, the items in the population (at least 1).
    falsified : int
        M, the items that must be falsified for the cheating to matter (1 to N).
    nondetection : float, str, int or Fraction
        β, the accepted probability of finding none (0.1 for 90 % detection); a float is read
        as its decimal (``0.1`` is exactly 1/10).

    Returns
    -------
    int
        The sample size, 0 to N.

    Raises
    ------
    InputError
        A count out of range, or a non-detection probability outside [0, 1] or not a number.

    Examples
    --------
    >>> iaea_sample_size(500, 4, 0.1), iaea_sample_size(100, 1, 0.1)
    (219, 90)
    >>> iaea_sample_size(100, 1, 1.5)
    Traceback (most recent call last):
    ...
    accord.errors.InputError: nondetection must be a probability in [0, 1] (got 1.5)
    """
    _check_population(items, falsified)
    beta = probability(nondetection, "nondetection")
    low, high = 0, items  # (1 - items/items)**M = 0 <= beta always
    while low < high:
        middle = (low + high) // 2
        if Fraction(items - middle, items) ** falsified <= beta:
            high = middle
        else:
            low = middle + 1
    return low


def exact_sample_size(items: int, falsified: int, nondetection: Exact) -> int:
    """The least sample whose exact detection probability is at least ``1 - nondetection``.

    The hypergeometric minimum: draws without replacement, so never more than the IAEA
    formula's sample (:func:`iaea_sample_size`) and sometimes fewer.

    Parameters
    ----------
    items : int
        N, the items in the population (at least 1).
    falsified : int
        M, the items that must be falsified for the cheating to matter (1 to N).
    nondetection : float, str, int or Fraction
        β, the accepted probability of finding none, read exactly.

    Returns
    -------
    int
        The least ``n`` with ``detection_probability(N, M, n) >= 1 - β``: at most
        ``N - M + 1``, which finds a falsified item for certain.

    Raises
    ------
    InputError
        A count out of range, or a non-detection probability outside [0, 1] or not a number.

    Examples
    --------
    >>> exact_sample_size(100, 1, 0.1), exact_sample_size(500, 4, 0.1)
    (90, 219)
    >>> exact_sample_size(10, 3, 0.1), iaea_sample_size(10, 3, 0.1)  # the formula overshoots
    (5, 6)
    >>> exact_sample_size(10, 3, 0)  # certainty needs N - M + 1 items
    8
    >>> exact_sample_size(10, 11, 0.1)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: falsified (11) cannot exceed items (10) (hint: ...)
    """
    _check_population(items, falsified)
    beta = probability(nondetection, "nondetection")
    low, high = 0, items - falsified + 1  # a sample this large always finds one
    while low < high:
        middle = (low + high) // 2
        if Fraction(comb(items - middle, falsified), comb(items, falsified)) <= beta:
            high = middle
        else:
            low = middle + 1
    return low


@dataclass(frozen=True, repr=False)
class SamplePlan(Result):
    """Sample sizes for a population and the exact detection probability each achieves."""

    items: int
    falsified: int
    nondetection: Fraction
    iaea: int
    exact: int
    detection_probability: Fraction
    """Exact detection probability of the exact minimum sample."""
    iaea_detection_probability: Fraction
    max_sample: int | None = None
    """The most items that can be drawn, when a cap was given."""

    @property
    def iaea_over_max(self) -> bool:
        """Whether the IAEA formula's sample is larger than ``max_sample`` allows."""
        return self.max_sample is not None and self.iaea > self.max_sample

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form (see docs/reference/verification-json.md)."""
        return {
            "items": self.items,
            "falsified": self.falsified,
            "nondetection": as_json_number(self.nondetection),
            "max_sample": self.max_sample,
            "iaea": self.iaea,
            "exact": self.exact,
            "detection_probability": as_json_number(self.detection_probability),
            "iaea_detection_probability": as_json_number(self.iaea_detection_probability),
            "iaea_over_max": self.iaea_over_max,
            "exact_fractions": {
                "detection_probability": _text(self.detection_probability),
                "iaea_detection_probability": _text(self.iaea_detection_probability),
            },
        }


def _text(number: Fraction) -> str:
    return str(number) if number.denominator != 1 else str(number.numerator)


def sample_size(
    items: int, falsified: int, nondetection: Exact, max_sample: int | None = None
) -> SamplePlan:
    """Both sample sizes for a target non-detection probability, with their detection.

    The IAEA formula's sample and the exact (hypergeometric) minimum sample that finds at least
    one of ``falsified`` items among ``items`` with probability at least ``1 - nondetection``
    (``accord verify sample-size``).

    Parameters
    ----------
    items : int
        N, the items in the population.
    falsified : int
        M, the items that must be falsified for the cheating to matter.
    nondetection : float, str or Fraction
        β, the accepted probability of finding none (0.1 for 90 % detection); read exactly.
    max_sample : int, optional
        The most items the inspector can draw.

    Returns
    -------
    SamplePlan
        Frozen; ``to_dict()`` is the JSON of ``accord verify sample-size --json``.

    Raises
    ------
    InputError
        A count out of range, a probability outside [0, 1], or a target that needs more than
        ``max_sample`` items.

    Examples
    --------
    >>> plan = sample_size(100, 1, 0.1)
    >>> plan.iaea, plan.exact, plan.detection_probability
    (90, 90, Fraction(9, 10))
    >>> sample_size(100, 1, 0, max_sample=99)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: impossible target: detection 1 needs a sample of 100 items, ...
    """
    beta = probability(nondetection, "nondetection")
    iaea = iaea_sample_size(items, falsified, beta)
    exact_n = exact_sample_size(items, falsified, beta)
    if max_sample is not None and exact_n > max_sample:
        raise InputError(
            f"impossible target: detection {_text(1 - beta)} needs a sample of {exact_n} items, "
            f"more than the {max_sample} allowed",
            "accept a higher nondetection probability, or allow a larger sample",
        )
    return SamplePlan(
        items,
        falsified,
        beta,
        iaea,
        exact_n,
        detection_probability(items, falsified, exact_n),
        detection_probability(items, falsified, iaea),
        max_sample,
    )


@dataclass(frozen=True, repr=False)
class DetectionResult(Result):
    """The exact detection probability of a given sample."""

    items: int
    falsified: int
    sample: int
    detection_probability: Fraction

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form (see docs/reference/verification-json.md)."""
        return {
            "items": self.items,
            "falsified": self.falsified,
            "sample": self.sample,
            "detection_probability": as_json_number(self.detection_probability),
            "exact_fractions": {"detection_probability": _text(self.detection_probability)},
        }


def detection(items: int, falsified: int, sample: int) -> DetectionResult:
    """The exact probability that a sample finds at least one falsified item.

    Parameters
    ----------
    items : int
        N, the items in the population.
    falsified : int
        M, the falsified items among them.
    sample : int
        n, the items drawn without replacement.

    Returns
    -------
    DetectionResult
        Frozen; ``to_dict()`` is the JSON of ``accord verify detection --json``.

    Raises
    ------
    InputError
        A count out of range (a sample larger than the population, ...).

    Examples
    --------
    >>> detection(100, 1, 90).detection_probability
    Fraction(9, 10)
    """
    return DetectionResult(
        items, falsified, sample, detection_probability(items, falsified, sample)
    )
