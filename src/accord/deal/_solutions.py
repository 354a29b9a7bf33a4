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
are solved by CP-SAT (the Nash product as an exact integer product; ties not counted) within
one time budget, shared out among them (the quick ones first, the Nash product last, with the
largest share). A solve stopped by the budget gives its best package, marked not proven
(``proven``), with the solver's bound on the best score and the relative gap.

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
from accord.deal._solver import TIME_LIMIT, CpSpace, Found, OutOfTime
from accord.deal._space import MAX_ENUMERATION, FloatArray, PackageSpace, enumerate_space
from accord.errors import AnalysisError
from accord.solver._control import Deadline

SOLUTIONS: tuple[str, ...] = tuple(name.value for name in BargainingSolution)
"""Every bargaining solution, in the order they are reported."""
SOLVE_SHARES = {"utilitarian": 1, "egalitarian": 1, "kalai_smorodinsky": 2, "nash": 4}
"""The order in which CP-SAT solves the solutions, and each one's share of the time budget
(a share of what is left when it starts: time a quick solve does not use goes to the next)."""
OUT_OF_TIME = "the time budget ran out before a package was found"
TOO_LARGE = "the Nash product is beyond the solver's 64-bit integers"
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
    score: float | None = None
    """The package's score (Nash product, least ratio to the ideal gain, least gain, sum of
    gains)."""
    proven: bool = True
    """Whether the score is proven the best; false when the time budget stopped the solve."""
    bound: float | None = None
    """An upper bound on the best score (equal to ``score`` when proven; ``None``: unknown)."""

    @property
    def gap(self) -> float | None:
        """``(bound - score) / |score|``: how much better the best could be (0 when proven;
        ``None`` when the bound is unknown or the score is 0)."""
        if self.proven:
            return 0.0
        if self.bound is None or self.score is None or self.score == 0:
            return None
        return max(0.0, self.bound - self.score) / abs(self.score)

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
            "score": self.score,
            "proven": self.proven,
            "bound": self.bound,
            "gap": self.gap,
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
    space: PackageSpace,
    parties: Sequence[str],
    max_enumeration: int = MAX_ENUMERATION,
    deadline: Deadline | None = None,
) -> dict[str, Solution]:
    """Every solution over the acceptable packages (empty when there is none); the solver's
    path ends by ``deadline`` (default: :data:`~accord.deal._solver.TIME_LIMIT` s from now).

    Parameters
    ----------
    space : PackageSpace
        From :func:`build_space`.
    parties : sequence of str
        The bargaining parties (the others' reservations still bound what is acceptable).
    max_enumeration : int, default 1048576
        Up to this many packages, enumerate; beyond, solve with CP-SAT.
    deadline : Deadline, optional
        When the solver's path must end.

    Returns
    -------
    dict of str to Solution
        ``nash``, ``kalai_smorodinsky``, ``egalitarian`` and ``utilitarian``, each with its
        package and utilities (a solution the solver could not find in time is left out).

    Examples
    --------
    >>> from accord.scenario import load
    >>> scenario = load("examples/yongbyon-for-relief.yaml")
    >>> from accord.deal import build_space
    >>> space = build_space(scenario.deal, scenario.party_ids)
    >>> solutions = bargaining_solutions(space, ["us", "dprk"])
    >>> list(solutions)
    ['nash', 'kalai_smorodinsky', 'egalitarian', 'utilitarian']
    >>> solutions["nash"].package, solutions["nash"].utilities
    ({'yongbyon': 1.0, 'relief': 1.0}, {'us': 10.0, 'dprk': 10.0})
    """
    return solve_all(space, parties, max_enumeration, deadline)[0]


def solve_all(
    space: PackageSpace,
    parties: Sequence[str],
    max_enumeration: int = MAX_ENUMERATION,
    deadline: Deadline | None = None,
) -> tuple[dict[str, Solution], dict[str, str]]:
    """The solutions, and why each solution left out was not found (solver's path only)."""
    if space.size <= max_enumeration:
        return _enumerated(space, parties), {}
    deadline = deadline or Deadline.after(TIME_LIMIT)
    found: dict[str, Solution] = {}
    missing: dict[str, str] = {}
    left = sum(SOLVE_SHARES.values())
    for name, weight in SOLVE_SHARES.items():
        if deadline.expired():
            missing[name] = OUT_OF_TIME
            continue
        share, left = deadline.share(weight / left), left - weight
        try:
            solution = solve(space, parties, name, share)
        except OutOfTime:
            missing[name] = OUT_OF_TIME
            continue
        except AnalysisError:
            missing[name] = TOO_LARGE  # left out, not approximated
            continue
        if solution is None:
            return {}, {}  # nothing is acceptable
        found[name] = solution
    return {n: found[n] for n in SOLUTIONS if n in found}, missing


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
        found[name] = replace(
            solution,
            tied=int(same.sum()),
            tied_after_tiebreak=int(both.sum()),
            score=float(score[best]),
            bound=float(score[best]),
        )
    return found


def solve(
    space: PackageSpace, parties: Sequence[str], name: str, deadline: Deadline
) -> Solution | None:
    """One solution by CP-SAT (exact over packages, or the best found by ``deadline``);
    ``None`` when nothing is acceptable. Raises :class:`~accord.deal._solver.OutOfTime` when
    the deadline comes before any package is found."""
    cp = CpSpace(space, deadline)
    columns = [space.parties.index(p) for p in parties]
    reservation = cp.scaled_reservation()
    found: Found | None
    bound: float | None
    if name == "utilitarian":
        found = cp.maximise(dict.fromkeys(columns, 1), {})
        if found is None:
            return None
        bound = (found.bound - sum(reservation[j] for j in columns)) / cp.scale
    elif name == "egalitarian":
        found = cp.maximise_minimum(dict.fromkeys(columns, 1))
        bound = None if found is None else found.bound / cp.scale
    elif name == "kalai_smorodinsky":
        found, bound, ideal = _kalai_smorodinsky(cp, columns)
    else:
        tops = [cp.bound(j) - reservation[j] for j in columns]
        if math.prod(max(b, 1) for b in tops) >= 2**62:
            raise AnalysisError(TOO_LARGE)
        found = cp.maximise_product(columns)
        bound = None if found is None else found.bound / cp.scale ** len(columns)
    if found is None:
        return None
    proven = cp.all_optimal
    method = "cp-sat" if proven else "cp-sat (time budget: the best found, not proven optimal)"
    solution = _solution(space, parties, name, space.code(found.indices), method)
    gains = np.array([[solution.gains[p] for p in parties]])
    if name == "kalai_smorodinsky":
        score = _ks_score(found, reservation, ideal)
    else:
        score = float(scores(name, gains)[0])
    return replace(solution, score=score, proven=proven, bound=score if proven else bound)


def _ks_score(found: Found, reservation: list[int], ideal: dict[int, int]) -> float:
    """The least ratio of gain to ideal gain of ``found`` (parties with a positive ideal)."""
    ratios = [(found.utilities[j] - reservation[j]) / i for j, i in ideal.items() if i > 0]
    return min(ratios) if ratios else 0.0


def _kalai_smorodinsky(
    cp: CpSpace, columns: list[int]
) -> tuple[Found | None, float | None, dict[int, int]]:
    """The discrete KS package and an upper bound on its score (``None`` if the ideals are
    not proven): with multipliers ``m_j`` and ``c = min_j m_j ideal_j``, every package's
    ``min_j m_j gain_j`` is at least ``c`` times its score, so the solver's bound over ``c``
    bounds the best score."""
    reservation = cp.scaled_reservation()
    ideal: dict[int, int] = {}
    for j in columns:
        best = cp.maximise({j: 1}, {})
        if best is None:
            return None, None, ideal
        ideal[j] = best.utilities[j] - reservation[j]
    ideals_proven = cp.all_optimal
    positive = [j for j in columns if ideal[j] > 0] or columns
    total = math.prod(max(ideal[j], 1) for j in positive)
    multipliers = {j: total // max(ideal[j], 1) for j in positive}
    found = cp.maximise_minimum(multipliers)
    if found is None or not ideals_proven:
        return found, None, ideal
    least = min(m * max(ideal[j], 1) for j, m in multipliers.items())
    return found, found.bound / least, ideal
