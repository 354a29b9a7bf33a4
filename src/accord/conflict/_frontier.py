"""Pareto frontiers per group of states, and "is there a point strictly above u?" queries.

A coalition H can reach a state its members all prefer iff the *frontier* (maximal payoff
vectors, one coordinate per member) of its reachable states has a point strictly above the
current payoffs in every coordinate: any point strictly above u is weakly below some maximal
point, which is then strictly above u too. Frontiers are found for many groups at once:

- two members: sort each group by (first coordinate, second) descending; a point is maximal iff
  its second coordinate beats every earlier one in its group (a segmented running maximum);
  queries are a binary search in the group's frontier;
- more members: repeatedly take each group's point of largest coordinate sum (never dominated)
  and drop what it dominates; queries compare against every frontier point of the group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Frontiers:
    """The maximal points of every group: ``points[start[g]:start[g + 1]]`` for group g
    (sorted by the first coordinate, ascending). ``keys`` (two coordinates) place each point
    on one sorted line: group number times ``span``, plus the first coordinate."""

    points: FloatArray
    start: IntArray
    keys: FloatArray
    span: float
    low: float

    def any_above(self, groups: IntArray, u: FloatArray) -> BoolArray:
        """For each query k: does group ``groups[k]`` have a point strictly above ``u[k]``?"""
        if self.points.shape[1] == 2:
            return self._above_2d(groups, u)
        counts = self.start[groups + 1] - self.start[groups]
        query = np.repeat(np.arange(len(groups), dtype=np.int64), counts)
        offsets = np.arange(len(query), dtype=np.int64) - np.repeat(
            np.cumsum(counts) - counts, counts
        )
        point = np.repeat(self.start[groups], counts) + offsets
        above = (self.points[point] > u[query]).all(axis=1)
        found = np.zeros(len(groups), dtype=bool)
        found[query[above]] = True
        return found

    def _above_2d(self, groups: IntArray, u: FloatArray) -> BoolArray:
        # In a group the frontier's second coordinate falls as the first rises: the first point
        # whose first coordinate is above u's has the largest second coordinate among them.
        probe = groups * self.span + np.clip(u[:, 0] - self.low, -1.0, self.span - 1.0)
        where = np.searchsorted(self.keys, probe, side="right")
        inside = where < self.start[groups + 1]
        found = np.zeros(len(groups), dtype=bool)
        found[inside] = self.points[where[inside], 1] > u[inside, 1]
        return found


def frontiers(values: FloatArray, start: IntArray) -> Frontiers:
    """The maximal points of each group ``values[start[g]:start[g + 1]]`` (duplicates once).

    Examples
    --------
    >>> v = np.array([[1.0, 1.0], [2.0, 0.0], [0.0, 2.0], [1.0, 1.0], [0.0, 0.0]])
    >>> f = frontiers(v, np.array([0, 4, 5]))
    >>> f.points.tolist(), f.start.tolist()
    ([[0.0, 2.0], [1.0, 1.0], [2.0, 0.0], [0.0, 0.0]], [0, 3, 4])
    """
    group = np.repeat(np.arange(len(start) - 1), np.diff(start))
    keep = _maxima_2d(values, group) if values.shape[1] == 2 else _maxima(values, group)
    points, owners = values[keep], group[keep]
    order = np.lexsort((points[:, 0], owners))
    points, owners = points[order], owners[order]
    counts = np.bincount(owners, minlength=len(start) - 1)
    new_start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    low = float(points[:, 0].min(initial=0.0))
    span = float(points[:, 0].max(initial=0.0)) - low + 2.0
    keys = owners * span + (points[:, 0] - low)
    return Frontiers(points, new_start, keys, span, low)


def _maxima_2d(values: FloatArray, group: IntArray) -> BoolArray:
    order = np.lexsort((-values[:, 1], -values[:, 0], group))
    second = values[order, 1]
    owners = group[order]
    span = float(second.max(initial=0.0) - second.min(initial=0.0) + 1.0)
    lifted = second - second.min(initial=0.0) + owners * span
    running = np.maximum.accumulate(lifted)
    before = np.concatenate([[-np.inf], running[:-1]])
    first = np.concatenate([[True], owners[1:] != owners[:-1]])
    best = np.where(first, True, lifted > before)
    keep = np.zeros(len(values), dtype=bool)
    keep[order[best]] = True
    return keep


def _maxima(values: FloatArray, group: IntArray) -> BoolArray:
    # Points still in play, sorted by group and, within a group, by largest sum first: the
    # first point of each group's run is maximal; it removes every point it weakly dominates.
    sums = values.sum(axis=1)
    active = np.lexsort((-sums, group)).astype(np.int64)
    keep = np.zeros(len(values), dtype=bool)
    while len(active):
        owners = group[active]
        first = np.concatenate([[True], owners[1:] != owners[:-1]])
        pivots = active[first]
        keep[pivots] = True
        pivot_of = pivots[np.cumsum(first) - 1]
        dominated = (values[active] <= values[pivot_of]).all(axis=1)
        active = active[~dominated]
    return keep
