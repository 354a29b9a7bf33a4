"""Uncertainty: seeded, vectorised Monte Carlo over the ranges of a deal.

Every range ``{low, mode, high}`` with ``low < high`` (a per-unit item value, an interaction
value or a reservation value) is a *parameter*, drawn from the triangular distribution on
[low, high] with that mode. A parameter's effect on a package is linear: the amount given (item
values), 1 when the interaction is active, or -1 on the party's acceptance threshold
(reservations); so each party's utility in every draw is the utility at the mode plus
``(draws - mode) @ coefficients``, one matrix product for all draws.

- The probability that each party accepts a package (and that all do): per package.
- The probability that a zone of agreement exists: exact per draw when the space is small
  enough to enumerate for every draw (``method: "enumeration"``); otherwise the probability
  that at least one of the candidate packages (frontier, solutions, proposals) is acceptable,
  a lower bound (``method: "candidates (lower bound)"``).
- Sensitivity: for each parameter, the *swing*: the probability of the outcome (a zone of
  agreement exists) when the parameter is in the top third of its draws minus when it is in
  the bottom third; parameters are ranked by the size of the swing.

Examples
--------
>>> import numpy as np
>>> from accord.scenario._deal import Deal, Item
>>> from accord.scenario._base import Estimate
>>> deal = Deal(items=[Item(id="x", giver="a",
...     value={"a": Estimate(low=-3, mode=-1, high=1), "b": 2})])
>>> model = UncertainDeal.build(deal, ["a", "b"])
>>> [p.label for p in model.parameters]
['a: value of x']
>>> draws = model.sample(10_000, np.random.default_rng(1))
>>> round(float(model.acceptance(draws, {"x": 1.0})["all"]), 2)  # exactly 1/8
0.13
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from scipy.special import ndtr

from accord.deal._space import FloatArray, PackageSpace, enumerate_space, feasible_codes
from accord.deal._utility import is_given, utilities
from accord.errors import InputError
from accord.scenario._base import Estimate, Path
from accord.scenario._correlations import Impossible, copula_factor
from accord.scenario._deal import Deal


@dataclass(frozen=True)
class Parameter:
    """One uncertain number: whose, what, its range, and how a package weighs it."""

    label: str
    party: int
    kind: str  # "item", "together", "reservation"
    target: int  # item index, interaction index, or -1
    low: float
    mode: float
    high: float


@dataclass(frozen=True)
class UncertainDeal:
    """The deal's parameters, ready to sample and to weigh packages."""

    deal: Deal
    parties: tuple[str, ...]
    parameters: tuple[Parameter, ...]

    @classmethod
    def build(cls, deal: Deal, parties: Sequence[str]) -> UncertainDeal:
        """Collect every range with ``low < high`` from items, interactions and reservations."""
        found: list[Parameter] = []

        def add(label: str, party: str, kind: str, target: int, value: Estimate) -> None:
            if value.low < value.high:
                found.append(
                    Parameter(
                        label, parties.index(party), kind, target, value.low, value.mode, value.high
                    )
                )

        for i, item in enumerate(deal.items):
            for party, value in item.value.items():
                if party in parties and isinstance(value, Estimate):
                    add(f"{party}: value of {item.id}", party, "item", i, value)
        for t, together in enumerate(deal.together):
            for party, value in together.value.items():
                if party in parties:
                    add(
                        f"{party}: value of {' + '.join(together.items)} together",
                        party,
                        "together",
                        t,
                        value,
                    )
        for party in parties:
            add(f"{party}: reservation", party, "reservation", -1, deal.reservation_value(party))
        return cls(deal, tuple(parties), tuple(found))

    def sample(
        self,
        draws: int,
        rng: np.random.Generator,
        pairs: Mapping[tuple[Path, Path], float] | None = None,
    ) -> FloatArray:
        """``draws`` x parameters, triangular on each range; ``pairs`` (the file's
        ``correlations:``, :func:`accord.scenario._correlations.resolved`) joins the ranges they
        correlate by a Gaussian copula (without them, each range is drawn on its own)."""
        position = {self.path(k): k for k in range(len(self.parameters))}
        mine = {
            (position[a], position[b]): c
            for (a, b), c in (pairs or {}).items()
            if a in position and b in position
        }
        if not mine:
            return triangular(self.parameters, draws, rng)
        joint = sorted({k for pair in mine for k in pair})
        local = {k: n for n, k in enumerate(joint)}
        try:
            factor = copula_factor(
                len(joint), {(local[a], local[b]): c for (a, b), c in mine.items()}
            )
        except Impossible:
            raise InputError(
                "the correlations cannot all hold together: their matrix is not positive "
                "semidefinite",
                "check the file with `accord validate`",
            ) from None
        normals = rng.standard_normal((draws, len(self.parameters)))
        normals[:, joint] = normals[:, joint] @ factor.T
        return triangular_quantile(self.parameters, ndtr(normals))

    def path(self, k: int) -> Path:
        """Where parameter ``k`` is in the scenario file."""
        parameter = self.parameters[k]
        party = self.parties[parameter.party]
        if parameter.kind == "reservation":
            return ("deal", "reservation", party)
        where = "items" if parameter.kind == "item" else "together"
        return ("deal", where, parameter.target, "value", party)

    def coefficients(self, package: Mapping[str, float]) -> FloatArray:
        """How much each parameter moves the package's utility (or threshold) for its party."""
        result = np.zeros(len(self.parameters))
        for k, parameter in enumerate(self.parameters):
            if parameter.kind == "item":
                result[k] = package.get(self.deal.items[parameter.target].id, 0.0)
            elif parameter.kind == "together":
                members = self.deal.together[parameter.target].items
                result[k] = float(all(is_given(package.get(i, 0.0)) for i in members))
            else:
                result[k] = -1.0
        return result

    def margins(self, draws: FloatArray, package: Mapping[str, float]) -> FloatArray:
        """Each party's utility minus reservation, per draw: shape draws x parties."""
        base = utilities(self.deal, package, self.parties)
        gain = np.array([base[p] - self.deal.reservation_value(p).mode for p in self.parties])
        coefficients = self.coefficients(package)
        moving = np.flatnonzero(coefficients)  # only the parameters this package depends on
        mode = np.array([self.parameters[k].mode for k in moving])
        owner = np.zeros((len(moving), len(self.parties)))
        owner[np.arange(len(moving)), [self.parameters[k].party for k in moving]] = 1.0
        result: FloatArray = gain + (draws[:, moving] - mode) @ (coefficients[moving, None] * owner)
        return result

    def acceptance(self, draws: FloatArray, package: Mapping[str, float]) -> dict[str, float]:
        """The probability each party accepts ``package``, and that all do (``"all"``)."""
        accepted = self.margins(draws, package) >= 0
        result = {p: float(accepted[:, j].mean()) for j, p in enumerate(self.parties)}
        result["all"] = float(accepted.all(axis=1).mean())
        return result


class Range(Protocol):
    """Anything with a ``low``, ``mode`` and ``high`` (a :class:`Parameter`, an estimate)."""

    @property
    def low(self) -> float: ...
    @property
    def mode(self) -> float: ...
    @property
    def high(self) -> float: ...


def triangular(ranges: Sequence[Range], draws: int, rng: np.random.Generator) -> FloatArray:
    """``draws`` x ``len(ranges)`` values, each column triangular on its range with its mode.

    The one way Accord draws an uncertain number (the deal's Monte Carlo and the sweeps).

    >>> from accord.scenario._base import Estimate
    >>> triangular([Estimate(low=0, mode=1, high=2)], 3, np.random.default_rng(0)).shape
    (3, 1)
    """
    if not ranges:
        return np.zeros((draws, 0))
    low = np.array([r.low for r in ranges])
    mode = np.array([r.mode for r in ranges])
    high = np.array([r.high for r in ranges])
    return rng.triangular(low, mode, high, size=(draws, len(ranges)))


def triangular_quantile(ranges: Sequence[Range], uniforms: FloatArray) -> FloatArray:
    """Each range's triangular quantile of ``uniforms`` (one per range, in [0, 1]): how a
    correlated draw turns its uniforms into values (each range keeps its triangular shape).

    >>> from accord.scenario._base import Estimate
    >>> ranges = [Estimate(low=0, mode=1, high=2), Estimate(low=0, mode=0, high=4)]
    >>> triangular_quantile(ranges, np.array([0.5, 0.75])).tolist()
    [1.0, 2.0]
    """
    low = np.array([r.low for r in ranges])
    mode = np.array([r.mode for r in ranges])
    high = np.array([r.high for r in ranges])
    width = high - low
    below = np.sqrt(uniforms * width * (mode - low))
    above = np.sqrt((1 - uniforms) * width * (high - mode))
    result: FloatArray = np.where(uniforms * width < mode - low, low + below, high - above)
    return result


def swing(values: FloatArray, outcome: FloatArray) -> float:
    """How much ``outcome`` (0/1 per draw) moves with one parameter's ``values``: its mean when
    the parameter is in the top third of its draws minus its mean in the bottom third.

    >>> swing(np.array([1.0, 2.0, 3.0]), np.array([0.0, 0.0, 1.0]))
    1.0
    """
    low_cut, high_cut = np.quantile(values, [1 / 3, 2 / 3])
    top = outcome[values >= high_cut]
    bottom = outcome[values <= low_cut]
    return float(top.mean() - bottom.mean()) if len(top) and len(bottom) else 0.0


def zone_by_enumeration(
    model: UncertainDeal, space: PackageSpace, draws: FloatArray, chunk: int = 64
) -> FloatArray:
    """Per draw, whether some package is acceptable (every package, every draw, chunked)."""
    codes, utilities_at_mode, _ = enumerate_space(space)
    feasible = feasible_codes(space, codes)
    codes = codes[feasible]
    gains = utilities_at_mode[feasible] - space.reservation
    weights = _package_weights(model, space, codes)  # packages x parameters
    return _any_acceptable(model, gains, weights, draws, chunk)


def _any_acceptable(
    model: UncertainDeal, gains: FloatArray, weights: FloatArray, draws: FloatArray, chunk: int
) -> FloatArray:
    """Per draw, 1.0 when some package (a row of ``gains`` and ``weights``) is acceptable.

    ``gains`` are the packages' gains at the mode (packages x parties); ``weights`` how much
    each parameter moves them (packages x parameters). One matrix product per party and chunk.
    """
    mode = np.array([p.mode for p in model.parameters])
    owners = [
        [k for k, p in enumerate(model.parameters) if p.party == j]
        for j in range(len(model.parties))
    ]
    result = np.zeros(len(draws))
    for start in range(0, len(draws), chunk):
        shift = draws[start : start + chunk] - mode
        ok = np.ones((len(shift), len(gains)), dtype=bool)
        for j, mine in enumerate(owners):
            ok &= gains[:, j][None, :] + shift[:, mine] @ weights[:, mine].T >= 0
        result[start : start + chunk] = ok.any(axis=1)
    return result


def _package_weights(
    model: UncertainDeal, space: PackageSpace, codes: np.ndarray[Any, Any]
) -> FloatArray:
    amounts = (
        np.stack(
            [
                np.asarray(levels)[(codes // stride) % len(levels)]
                for stride, levels in zip(space.strides, space.levels, strict=True)
            ],
            axis=1,
        )
        if space.items
        else np.zeros((len(codes), 0))
    )
    weights = np.zeros((len(codes), len(model.parameters)))
    for k, parameter in enumerate(model.parameters):
        if parameter.kind == "item":
            weights[:, k] = amounts[:, parameter.target]
        elif parameter.kind == "together":
            members = model.deal.together[parameter.target].items
            weights[:, k] = np.all([amounts[:, space.items.index(i)] > 0 for i in members], axis=0)
        else:
            weights[:, k] = -1.0
    return weights


def zone_by_candidates(
    model: UncertainDeal,
    candidates: Sequence[Mapping[str, float]],
    draws: FloatArray,
    chunk: int = 8192,
) -> FloatArray:
    """Per draw, whether one of ``candidates`` is acceptable (a lower bound on the zone).

    One matrix product per party and chunk of draws: draws x parameters @ parameters x
    candidates.
    """
    if not candidates:
        return np.zeros(len(draws))
    weights = np.stack([model.coefficients(p) for p in candidates])  # candidates x parameters
    gains = np.array(
        [
            [
                u - model.deal.reservation_value(p).mode
                for p, u in utilities(model.deal, package, model.parties).items()
            ]
            for package in candidates
        ]
    )  # candidates x parties
    return _any_acceptable(model, gains, weights, draws, chunk)


def swings(
    model: UncertainDeal,
    draws: FloatArray,
    outcome: FloatArray,
    package: Mapping[str, float] | None = None,
) -> list[dict[str, Any]]:
    """Each parameter's swing on ``outcome`` (top third minus bottom third), largest first.

    With ``package``, only the parameters that move that package's utilities are ranked (the
    others cannot change an outcome about it).
    """
    ranked: list[dict[str, Any]] = []
    relevant = (
        np.ones(len(model.parameters), dtype=bool)
        if package is None
        else model.coefficients(package) != 0
    )
    for k, parameter in enumerate(model.parameters):
        if not relevant[k]:
            continue
        ranked.append(
            {
                "parameter": parameter.label,
                "low": parameter.low,
                "mode": parameter.mode,
                "high": parameter.high,
                "swing": swing(draws[:, k], outcome),
            }
        )
    ranked.sort(key=lambda r: -abs(r["swing"]))
    return ranked
