"""Bargaining solutions over the acceptable packages, computed exactly (not over lotteries).

With d each party's reservation value and gain_i = u_i - d_i over acceptable packages:

- ``nash`` (Nash 1950): maximise the product of gains. Invariant to rescaling a party's
  utility (positive affine maps): *scale-independent*.
- ``kalai_smorodinsky`` (Kalai & Smorodinsky 1975): over packages there is rarely a point
  with gains exactly proportional to the ideal gains, so the discrete analogue is computed:
  maximise ``min_i gain_i / ideal_i`` (ideal_i: the largest gain i can get in an acceptable
  package), ties broken by the sum of gains. Scale-independent.
- ``egalitarian`` (Kalai 1977; Smartsettle's "maximise the minimum gain"): maximise
  ``min_i gain_i``, ties broken by the sum of gains. *Scale-dependent*: it compares units.
- ``utilitarian``: maximise the sum of utilities. *Scale-dependent*.

Remaining ties go to the package with the smallest code (enumeration), and are counted: a
solution says how many packages share its best score (``tied``) and how many are left after the
sum of gains breaks the tie (``tied_after_tiebreak``). Small spaces are enumerated; large ones
are solved by CP-SAT (the Nash product as an exact integer product; ties not counted).

Examples
--------
>>> from accord.scenario._deal import Deal, Item
>>> from accord.deal._space import build_space
>>> deal = Deal(items=[Item(id="x", giver="a", value={"a": -1, "b": 4}),
...                    Item(id="y", giver="b", value={"a": 3, "b": -1}),
...                    Item(id="z", giver="b", value={"a": 3, "b": -2})])
>>> found = bargaining_solutions(build_space(deal, ["a", "b"]), ["a", "b"])
>>> found["nash"].package, found["nash"].gains
({'x': 1.0, 'y': 1.0}, {'a': 2.0, 'b': 3.0})
>>> found["utilitarian"].gains
{'a': 5.0, 'b': 1.0}
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from accord.choices import BargainingSolution
from accord.deal._solver import CpSpace, Found
from accord.deal._space import MAX_ENUMERATION, FloatArray, PackageSpace, enumerate_space
from accord.errors import AnalysisError

SOLUTIONS: tuple[str, ...] = tuple(name.value for name in BargainingSolution)
"""Every bargaining solution, in the order they are reported."""
SCALE_DEPENDENT = {
    "nash": False,
    "kalai_smorodinsky": False,
    "egalitarian": True,
    "utilitarian": True,
}


@dataclass(frozen=True)
class Solution:
    """A bargaining solution: its package, every party's utility and the bargainers' gains."""

    name: str
    package: dict[str, float]
    utilities: dict[str, float]
    gains: dict[str, float]
    scale_dependent: bool
    method: str
    tied: int | None = None
    """Acceptable packages (this one included) with the same best score; ``None`` when not
    counted (CP-SAT)."""
    tied_after_tiebreak: int | None = None
    """Of those, the packages with also the same sum of gains: equally good by every rule (the
    one shown has the smallest amounts, item by item in file order)."""

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/deal-json.md)."""
        return {
            "utilities": self.utilities,
            "gains": self.gains,
            "package": self.package,
            "scale_dependent": self.scale_dependent,
            "method": self.method,
            "tied": self.tied,
            "tied_after_tiebreak": self.tied_after_tiebreak,
        }


def scores(name: str, gains: FloatArray) -> FloatArray:
    """Each row's score under solution ``name`` (rows: packages; columns: bargainers' gains).

    >>> scores("kalai_smorodinsky", np.array([[2.0, 0.0], [1.0, 3.0], [0.0, 4.0]])).tolist()
    [0.0, 0.5, 0.0]
    """
    result: FloatArray
    if name == "nash":
        result = np.prod(gains, axis=1)
    elif name == "egalitarian":
        result = gains.min(axis=1)
    elif name == "utilitarian":
        result = gains.sum(axis=1)
    else:
        result = _ks_scores(gains)
    return result


def _ks_scores(gains: FloatArray) -> FloatArray:
    ideal = gains.max(axis=0)
    ratios = np.where(ideal > 0, gains / np.where(ideal > 0, ideal, 1.0), np.inf)
    least = ratios.min(axis=1)
    return np.where(np.isinf(least), 0.0, least)


def bargaining_solutions(
    space: PackageSpace, parties: Sequence[str], max_enumeration: int = MAX_ENUMERATION
) -> dict[str, Solution]:
    """Every solution over the acceptable packages (empty when there is none)."""
    if space.size <= max_enumeration:
        return _enumerated(space, parties)
    found = {}
    for name in SOLUTIONS:
        try:
            solution = solve(space, parties, name)
        except AnalysisError:
            continue  # e.g. a Nash product beyond 64-bit integers: left out, not approximated
        if solution is not None:
            found[name] = solution
    return found


def _solution(
    space: PackageSpace, parties: Sequence[str], name: str, code: int, method: str
) -> Solution:
    indices = space.level_indices(code)
    utilities = space.utilities(indices)
    return Solution(
        name=name,
        package=space.package(code),
        utilities={p: float(u) for p, u in zip(space.parties, utilities, strict=True)},
        gains={
            p: float(utilities[space.parties.index(p)] - space.reservation[space.parties.index(p)])
            for p in parties
        },
        scale_dependent=SCALE_DEPENDENT[name],
        method=method,
    )


def _enumerated(space: PackageSpace, parties: Sequence[str]) -> dict[str, Solution]:
    codes, utilities, ok = enumerate_space(space)
    if not ok.any():
        return {}
    columns = [space.parties.index(p) for p in parties]
    codes = codes[ok]
    gains = utilities[ok][:, columns] - space.reservation[columns]
    total = gains.sum(axis=1)
    found = {}
    for name in SOLUTIONS:
        score = scores(name, gains)
        best = int(np.lexsort((codes, -total, -score))[0])
        solution = _solution(space, parties, name, int(codes[best]), "enumeration")
        same = np.isclose(score, score[best], rtol=1e-12, atol=1e-12)
        both = same & np.isclose(total, total[best], rtol=1e-12, atol=1e-12)
        found[name] = replace(solution, tied=int(same.sum()), tied_after_tiebreak=int(both.sum()))
    return found


def solve(space: PackageSpace, parties: Sequence[str], name: str) -> Solution | None:
    """One solution by CP-SAT (exact over packages); ``None`` when nothing is acceptable."""
    cp = CpSpace(space)
    columns = [space.parties.index(p) for p in parties]
    found: Found | None
    if name == "utilitarian":
        found = cp.maximise(dict.fromkeys(columns, 1), {})
    elif name == "egalitarian":
        found = cp.maximise_minimum(dict.fromkeys(columns, 1))
    elif name == "kalai_smorodinsky":
        found = _kalai_smorodinsky(cp, columns)
    else:
        bounds = [cp.bound(j) - cp.scaled_reservation()[j] for j in columns]
        if math.prod(max(b, 1) for b in bounds) >= 2**62:
            raise AnalysisError("the Nash product is too large for the solver's integers")
        found = cp.maximise_product(columns)
    if found is None:
        return None
    method = "cp-sat" if cp.all_optimal else "cp-sat (time limit: not proven optimal)"
    return _solution(space, parties, name, space.code(found.indices), method)


def _kalai_smorodinsky(cp: CpSpace, columns: list[int]) -> Found | None:
    reservation = cp.scaled_reservation()
    ideal = {}
    for j in columns:
        best = cp.maximise({j: 1}, {})
        if best is None:
            return None
        ideal[j] = best.utilities[j] - reservation[j]
    positive = [j for j in columns if ideal[j] > 0] or columns
    total = math.prod(max(ideal[j], 1) for j in positive)
    return cp.maximise_minimum({j: total // max(ideal[j], 1) for j in positive})
