"""The zone of agreement: is there a package every party and stakeholder can accept? If not, why?

When no package is acceptable, the explanation gives

- for each party alone, how far its reservation value would have to drop (the others' fixed)
  for some package to become acceptable: ``reservation - best utility it can get while everyone
  else gets theirs`` (``None`` when lowering it alone cannot help);
- the *closest* package: the one with the least total shortfall below reservations (ties: the
  largest sum of utilities), the parties that fall short there and by how much;
- the blocking items: the items given in the closest package that cost a party who falls
  short (its value of them is negative), most costly first.

Examples
--------
>>> from accord.scenario._deal import Deal, Item
>>> from accord.deal._space import build_space
>>> deal = Deal(items=[Item(id="x", giver="a", value={"a": -5, "b": 3})],
...             reservation={"b": 1})
>>> zone = zone_of_agreement(build_space(deal, ["a", "b"]))
>>> zone.exists, zone.lowering_needed
(False, {'a': 5.0, 'b': 1.0})
>>> zone.closest.package, zone.closest.shortfalls, zone.blocking
({}, {'b': 1.0}, [])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.deal._solver import TIME_LIMIT, CpSpace
from accord.deal._space import MAX_ENUMERATION, PackageSpace, enumerate_space, feasible_codes
from accord.solver._control import Deadline


@dataclass(frozen=True)
class Closest:
    """The package with the least total shortfall, and each short party's shortfall."""

    package: dict[str, float]
    utilities: dict[str, float]
    shortfalls: dict[str, float]


@dataclass(frozen=True)
class Zone:
    """Whether a zone of agreement exists; when not, what would open it."""

    exists: bool
    acceptable_packages: int | None
    packages: int
    lowering_needed: dict[str, float | None]
    closest: Closest | None
    blocking: list[dict[str, Any]]
    method: str

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/deal-json.md)."""
        return {
            "exists": self.exists,
            "acceptable_packages": self.acceptable_packages,
            "packages": self.packages,
            "method": self.method,
            "lowering_needed": self.lowering_needed,
            "closest": None
            if self.closest is None
            else {
                "package": self.closest.package,
                "utilities": self.closest.utilities,
                "shortfalls": self.closest.shortfalls,
            },
            "blocking": self.blocking,
        }


def zone_of_agreement(
    space: PackageSpace, max_enumeration: int = MAX_ENUMERATION, deadline: Deadline | None = None
) -> Zone:
    """Whether any package is acceptable to every party in ``space``, and if not, why.

    The solver's path ends by ``deadline`` (default: :data:`~accord.deal._solver.TIME_LIMIT`
    seconds from now) or raises :class:`~accord.deal._solver.OutOfTime`.

    Parameters
    ----------
    space : PackageSpace
        From :func:`build_space`.
    max_enumeration : int, default 1048576
        Up to this many packages, enumerate; beyond, solve with CP-SAT.
    deadline : Deadline, optional
        When the solver's path must end.

    Returns
    -------
    Zone
        Whether a package is acceptable to every party and how many are; if none, how far
        each party would have to lower its reservation, the closest package and what blocks it.

    Raises
    ------
    OutOfTime
        The solver's path ran out of time before it could tell (an ``AnalysisError``).

    Examples
    --------
    >>> from accord.scenario import load
    >>> scenario = load("examples/yongbyon-for-relief.yaml")
    >>> from accord.deal import build_space
    >>> space = build_space(scenario.deal, scenario.party_ids)
    >>> zone_of_agreement(space)  # doctest: +NORMALIZE_WHITESPACE
    Zone(exists=True, acceptable_packages=2, packages=4, lowering_needed={}, closest=None,
         blocking=[], method='enumeration')
    """
    if space.size <= max_enumeration:
        return _enumerated(space)
    return _solved(space, deadline or Deadline.after(TIME_LIMIT))


def _enumerated(space: PackageSpace) -> Zone:
    codes, utilities, ok = enumerate_space(space)
    count = int(ok.sum())
    if count:
        return Zone(True, count, space.size, {}, None, [], "enumeration")
    feasible = feasible_codes(space, codes)
    meets = utilities >= space.reservation
    lowering: dict[str, float | None] = {}
    for j, party in enumerate(space.parties):
        others = feasible & np.all(np.delete(meets, j, axis=1), axis=1)
        lowering[party] = (
            float(space.reservation[j] - utilities[others, j].max()) if others.any() else None
        )
    short = np.maximum(space.reservation - utilities, 0.0).sum(axis=1)
    short[~feasible] = np.inf
    closest = int(np.lexsort((codes, -utilities.sum(axis=1), short))[0]) if feasible.any() else None
    return _explained(space, count, lowering, closest, "enumeration")


def _explained(
    space: PackageSpace,
    count: int,
    lowering: dict[str, float | None],
    closest_code: int | None,
    method: str,
) -> Zone:
    if closest_code is None:
        return Zone(False, count, space.size, lowering, None, [], method)
    indices = space.level_indices(closest_code)
    utilities = space.utilities(indices)
    shortfalls = {
        p: float(space.reservation[j] - utilities[j])
        for j, p in enumerate(space.parties)
        if utilities[j] < space.reservation[j]
    }
    blocking: list[dict[str, Any]] = []
    for i, k in enumerate(indices):
        for party in shortfalls:
            cost = float(space.values[i][k, space.parties.index(party)])
            if k and cost < 0:
                blocking.append(
                    {
                        "item": space.items[i],
                        "amount": space.levels[i][k],
                        "party": party,
                        "value": cost,
                    }
                )
    blocking.sort(key=lambda b: b["value"])
    closest = Closest(
        space.package(closest_code),
        {p: float(u) for p, u in zip(space.parties, utilities, strict=True)},
        shortfalls,
    )
    return Zone(False, count, space.size, lowering, closest, blocking, method)


def _solved(space: PackageSpace, deadline: Deadline) -> Zone:
    cp = CpSpace(space, deadline)
    reservation = cp.scaled_reservation()
    if cp.maximise({}, {}) is not None:
        return Zone(True, None, space.size, {}, None, [], "cp-sat")
    lowering: dict[str, float | None] = {}
    for j, party in enumerate(space.parties):
        others = {m: reservation[m] for m in range(len(space.parties)) if m != j}
        found = cp.maximise({j: 1}, others, acceptable=False)
        lowering[party] = (
            None if found is None else float(space.reservation[j]) - found.utilities[j] / cp.scale
        )
    closest = cp.minimise_shortfall()
    code = None if closest is None else space.code(closest.indices)
    return _explained(space, 0, lowering, code, "cp-sat")
