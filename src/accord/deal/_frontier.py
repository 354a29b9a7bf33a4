"""The Pareto frontier of the acceptable packages: exact for two parties, well spread for more.

Methods (the result's ``method`` says which one ran):

- ``enumeration``: every package is evaluated (vectorised) and the non-dominated utility
  vectors are kept, each with one package (the one with the smallest code). For two parties
  this is the O(n log n) sweep of Kung, Luccio & Preparata (1975): sort by the first utility,
  keep each point whose second utility beats every point before it.
- ``cp-sat epsilon-constraint``: for spaces too large to enumerate, two parties: maximise the
  first party's utility subject to the second's being at least a bound, then the second's at
  that first utility (a lexicographic step); the bound moves one integer unit past the point
  found (Haimes, Lasdon & Wismer 1971; Mavrotas 2009). With integer-scaled values this lists
  every non-dominated pair exactly.
- For three or more parties: the exact non-dominated set by enumeration when small, reduced to
  a well-spread subset by farthest-point sampling in normalised utilities; otherwise weighted
  sums over a simplex lattice of weights solved by CP-SAT (supported points only).

Examples
--------
>>> import numpy as np
>>> u = np.array([[3, 1], [2, 2], [1, 1], [3, 0], [0, 3]], dtype=float)
>>> pareto_sweep(u, np.arange(5)).tolist()
[0, 1, 4]
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.deal._solver import TIME_LIMIT, CpSpace, OutOfTime
from accord.deal._space import MAX_ENUMERATION, FloatArray, IntArray, PackageSpace, enumerate_space
from accord.solver._control import Deadline

MAX_ENUMERATION_MANY = 2**16
"""Spaces with at most this many packages are enumerated (three or more parties)."""
SPREAD_POINTS = 25
"""How many well-spread points to report for three or more parties."""
STOPPED = "the time budget ran out (or the run was interrupted)"


@dataclass(frozen=True)
class FrontierPoint:
    """One efficient package and every party's utility of it."""

    utilities: dict[str, float]
    package: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """``{"utilities": {party: number}, "package": {item: amount}}``."""
        return {"utilities": self.utilities, "package": self.package}


@dataclass(frozen=True)
class Frontier:
    """The frontier over ``parties`` (utilities listed for every party in the space)."""

    parties: tuple[str, ...]
    points: tuple[FrontierPoint, ...]
    method: str
    exact: bool
    packages: int
    note: str = ""
    complete: bool = True

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/deal-json.md)."""
        return {
            "parties": list(self.parties),
            "method": self.method,
            "exact": self.exact,
            "complete": self.complete,
            "packages": self.packages,
            "note": self.note,
            "points": [p.to_dict() for p in self.points],
        }


def pareto_sweep(utilities: FloatArray, codes: IntArray) -> IntArray:
    """Rows of the non-dominated pairs (maximising both columns), one row per pair.

    Sorts by the first column (descending), then the second, then the code, and keeps each
    row whose second value is above every row before it: O(n log n).
    """
    if len(utilities) == 0:
        return np.zeros(0, dtype=np.int64)
    order = np.lexsort((codes, -utilities[:, 1], -utilities[:, 0]))
    second = utilities[order, 1]
    best = np.maximum.accumulate(second)
    keep = np.ones(len(order), dtype=bool)
    keep[1:] = second[1:] > best[:-1]
    return order[keep]


def pareto_rows(utilities: FloatArray, codes: IntArray) -> IntArray:
    """Rows of the non-dominated vectors in any number of columns, one row per vector.

    >>> u = np.array([[1, 1, 1], [2, 0, 0], [1, 1, 0], [0, 0, 2]], dtype=float)
    >>> pareto_rows(u, np.arange(4)).tolist()
    [0, 1, 3]
    """
    if utilities.shape[1] == 2:
        return pareto_sweep(utilities, codes)
    order = np.lexsort((codes, -utilities.sum(axis=1)))
    kept: list[int] = []
    front = np.empty((0, utilities.shape[1]))
    for row in order:
        point = utilities[row]
        if len(front) and np.any(np.all(front >= point, axis=1)):
            continue
        kept.append(int(row))
        front = np.vstack([front, point])
    return np.array(kept, dtype=np.int64)


def pareto_frontier(
    space: PackageSpace,
    parties: Sequence[str],
    max_enumeration: int | None = None,
    spread: int = SPREAD_POINTS,
    progress: Callable[[int], None] | None = None,
    deadline: Deadline | None = None,
) -> Frontier:
    """The frontier over ``parties`` of the acceptable packages of ``space``.

    Exact for two parties (enumeration and sweep, or CP-SAT epsilon-constraint beyond
    ``max_enumeration`` packages). ``progress`` is called with the number of points found so
    far (solver path). The solver's path ends by ``deadline`` (default:
    :data:`~accord.deal._solver.TIME_LIMIT` seconds from now) or on Ctrl-C, with the points
    found so far (``complete`` false).

    Parameters
    ----------
    space : PackageSpace
        From :func:`build_space`.
    parties : sequence of str
        The parties whose utilities span the frontier.
    max_enumeration : int, optional
        Up to this many packages, enumerate (default: a limit for two parties, a smaller one
        for more); beyond, solve with CP-SAT.
    spread : int, default 25
        With more than two parties, keep this many well-spread points of the exact frontier.
    progress : callable, optional
        Called with the number of points found so far (solver path).
    deadline : Deadline, optional
        When the solver's path must end.

    Returns
    -------
    Frontier
        The non-dominated acceptable packages with their utilities, the method, whether it is
        exact and complete, and a note.

    Examples
    --------
    >>> from accord.scenario import load
    >>> scenario = load("examples/yongbyon-for-relief.yaml")
    >>> from accord.deal import build_space
    >>> space = build_space(scenario.deal, scenario.party_ids)
    >>> frontier = pareto_frontier(space, ["us", "dprk"])
    >>> [(p.package, p.utilities) for p in frontier.points]
    [({'yongbyon': 1.0, 'relief': 1.0}, {'us': 10.0, 'dprk': 10.0})]
    >>> frontier.method, frontier.complete, frontier.note
    ('enumeration', True, '2 of 4 packages are acceptable')
    """
    columns = [space.parties.index(p) for p in parties]
    limit = max_enumeration
    if limit is None:
        limit = MAX_ENUMERATION if len(parties) == 2 else MAX_ENUMERATION_MANY
    if space.size <= limit:
        return _enumerated(space, parties, columns, spread)
    deadline = deadline or Deadline.after(TIME_LIMIT)
    if len(parties) == 2:
        return _solved_two(space, parties, columns, progress, deadline)
    return _solved_many(space, parties, columns, spread, deadline)


def _point(space: PackageSpace, indices: Sequence[int]) -> FrontierPoint:
    utilities = space.utilities(indices)
    return FrontierPoint(
        utilities={p: float(u) for p, u in zip(space.parties, utilities, strict=True)},
        package=space.package(space.code(indices)),
    )


def _enumerated(
    space: PackageSpace, parties: Sequence[str], columns: list[int], spread: int
) -> Frontier:
    codes, utilities, ok = enumerate_space(space)
    codes, utilities = codes[ok], utilities[ok]
    rows = pareto_rows(utilities[:, columns], codes)
    note = f"{len(codes)} of {space.size} packages are acceptable"
    complete = True
    if len(parties) > 2 and len(rows) > spread:
        rows = rows[well_spread(utilities[rows][:, columns], spread)]
        note += f"; {spread} well-spread points of the exact frontier (farthest-point sampling)"
        complete = False
    points = tuple(_point(space, space.level_indices(int(codes[r]))) for r in rows)
    return Frontier(tuple(parties), points, "enumeration", True, space.size, note, complete)


def well_spread(utilities: FloatArray, count: int) -> IntArray:
    """Indices of ``count`` well-spread rows: each party's best, then farthest-point sampling.

    Distances are Euclidean in utilities normalised to [0, 1] per column.

    >>> well_spread(np.array([[0, 3], [1, 2], [2, 1], [3, 0]], dtype=float), 3).tolist()
    [3, 0, 1]
    """
    low, high = utilities.min(axis=0), utilities.max(axis=0)
    scaled = (utilities - low) / np.where(high > low, high - low, 1.0)
    chosen = list(dict.fromkeys(int(np.argmax(scaled[:, j])) for j in range(scaled.shape[1])))
    chosen = chosen[:count]
    distance = np.min(np.linalg.norm(scaled[:, None, :] - scaled[chosen][None], axis=2), axis=1)
    while len(chosen) < min(count, len(utilities)):
        nxt = int(np.argmax(distance))
        chosen.append(nxt)
        distance = np.minimum(distance, np.linalg.norm(scaled - scaled[nxt], axis=1))
    return np.array(chosen, dtype=np.int64)


def epsilon_constraint(cp: CpSpace, first: int, second: int) -> Iterator[tuple[int, ...]]:
    """Yield the level indices of every non-dominated package, first party's best first
    (until the model's deadline: then :class:`~accord.deal._solver.OutOfTime`)."""
    bound = cp.scaled_reservation()[second]
    while True:
        top = cp.maximise({first: 1}, {second: bound})
        if top is None:
            return
        best = cp.maximise({second: 1}, {first: top.utilities[first]})
        assert best is not None  # the first solve's package satisfies these bounds
        yield best.indices
        bound = best.utilities[second] + 1


def _solved_two(
    space: PackageSpace,
    parties: Sequence[str],
    columns: list[int],
    progress: Callable[[int], None] | None,
    deadline: Deadline,
) -> Frontier:
    cp = CpSpace(space, deadline)
    points: list[FrontierPoint] = []
    complete = True
    try:
        for indices in epsilon_constraint(cp, columns[0], columns[1]):
            points.append(_point(space, indices))
            if progress is not None:
                progress(len(points))
    except (KeyboardInterrupt, OutOfTime):
        complete = False
    note = f"{len(points)} points by CP-SAT; values scaled by {cp.scale}"
    if cp.rounded:
        note += " and rounded to 6 decimals for the solver"
    if not complete:
        note += f"; {STOPPED}: the frontier is incomplete"
    if not cp.all_optimal:
        note += "; a solve was cut short: points are not proven optimal"
    method = "cp-sat epsilon-constraint"
    exact = not cp.rounded and cp.all_optimal
    return Frontier(tuple(parties), tuple(points), method, exact, space.size, note, complete)


def simplex_lattice(dimensions: int, divisions: int) -> list[tuple[int, ...]]:
    """Integer weight vectors with positive entries summing to ``divisions``.

    >>> simplex_lattice(3, 4)
    [(1, 1, 2), (1, 2, 1), (2, 1, 1)]
    """
    return [
        w
        for w in itertools.product(range(1, divisions + 1), repeat=dimensions)
        if sum(w) == divisions
    ]


def _solved_many(
    space: PackageSpace,
    parties: Sequence[str],
    columns: list[int],
    spread: int,
    deadline: Deadline,
) -> Frontier:
    cp = CpSpace(space, deadline)
    divisions = len(parties)
    while len(simplex_lattice(len(parties), divisions + 1)) <= spread:
        divisions += 1
    seen: dict[tuple[int, ...], tuple[int, ...]] = {}
    lattice = simplex_lattice(len(parties), divisions)
    solved, cut = 0, False
    try:
        for weights in lattice:
            if deadline.expired():
                raise OutOfTime("the time budget ran out")
            found = cp.maximise(dict(zip(columns, weights, strict=True)), {})
            if found is None:
                break
            seen.setdefault(found.utilities, found.indices)
            solved += 1
    except (KeyboardInterrupt, OutOfTime):
        cut = True
    points = tuple(_point(space, indices) for indices in seen.values())
    note = (
        f"supported points: weighted sums over a simplex lattice ({divisions} divisions) "
        "solved by CP-SAT"
    )
    if cut:
        note += f"; {STOPPED} after {solved} of {len(lattice)} weightings"
    if not cp.all_optimal:
        note += "; a solve was cut short: points are not proven optimal"
    return Frontier(tuple(parties), points, "cp-sat weighted sums", False, space.size, note, False)
