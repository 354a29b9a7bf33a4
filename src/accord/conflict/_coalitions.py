"""Coalition stability for every coalition, fast engine (definitions: ``reference_coalition``).

For a coalition H with members' payoffs pay_H (one coordinate per member) and the answers of
the others N∖H:

- CNash: unstable at s iff some state of R_H(s) is strictly above pay_H(s) in every coordinate,
  a query on the Pareto frontier of the states H can reach (:mod:`accord.conflict._frontier`).
- CGMR and CSEQ: the lowest payoff σ_i each member can be pushed down to from s1 by the others
  (the fixed point of :func:`accord.conflict._stability.coalition_minimum`, over their
  improvements for CSEQ); an improvement s1 escapes every sanction iff
  min(pay_i(s1), σ_i(s1)) > pay_i(s) for every member, so the same frontier query on the
  vectors min(pay_H, σ) decides.
- CSMR: an answer s2 sanctions only if H cannot move from it to a state above pay_H(s) (the
  same frontier query from s2); the improvements, answers and those queries are listed in
  chunks of states.

With one member the concepts are the individual ones (computed by the fast engine); for the
grand coalition nobody answers, so CGMR, CSMR and CSEQ equal CNash.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
from numpy.typing import NDArray

from accord.conflict._coalition_reach import ReachIndex, reach_index
from accord.conflict._concepts import COALITION_CONCEPTS
from accord.conflict._frontier import Frontiers, frontiers
from accord.conflict._model import ConflictModel
from accord.conflict._operators import MoveOperator, operators
from accord.conflict._pairs import move_pairs
from accord.conflict._stability import StabilityResult, coalition_minimum, stable_for

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


def all_coalitions(size: int) -> list[tuple[int, ...]]:
    """Every non-empty coalition of ``size`` decision makers, smallest first.

    Examples
    --------
    >>> all_coalitions(3)
    [(0,), (1,), (2,), (0, 1), (0, 2), (1, 2), (0, 1, 2)]
    """
    return [c for k in range(1, size + 1) for c in combinations(range(size), k)]


def coalition_stable(
    model: ConflictModel,
    members: tuple[int, ...],
    concepts: Sequence[str] = COALITION_CONCEPTS,
    ops: Sequence[MoveOperator] | None = None,
    individual: StabilityResult | None = None,
) -> dict[str, BoolArray]:
    """Stability of every state for coalition ``members`` under each concept (``individual``:
    the decision makers' own stability, reused for one-member coalitions).

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> coalition_stable(pd, (0, 1), ["nash"])["nash"].tolist()
    [True, True, True, False]
    """
    ops = operators(model) if ops is None else ops
    if len(members) == 1:
        (i,) = members
        known = {} if individual is None else individual.stable
        return {
            c: known[c][i].copy() if c in known else stable_for(c, model, ops, i) for c in concepts
        }
    others = [j for j in range(len(model.dms)) if j not in members]
    index = reach_index(model, members)
    pay = model.payoffs[list(members)].T.copy()
    if not others:  # the grand coalition: nobody answers, every concept is coalition Nash
        nash = ~_any_above(index, pay, pay)
        return {concept: nash.copy() for concept in concepts}
    reach_front = frontiers(pay[index.members], index.start)
    nash = ~reach_front.any_above(index.group, pay)
    result: dict[str, BoolArray] = {}
    for concept in concepts:
        if concept == "nash":
            result[concept] = nash.copy()
        elif concept == "smr":
            result[concept] = _smr(model, members, others, index, reach_front)
        else:
            improving = model.payoffs if concept == "seq" else None
            sanction = np.column_stack(
                [coalition_minimum(ops, others, model.payoffs[i], improving) for i in members]
            )
            effective = np.minimum(pay, sanction)
            front = frontiers(effective[index.members], index.start)
            result[concept] = ~front.any_above(index.group, pay)
    return result


def _expand(index: ReachIndex, groups: IntArray) -> tuple[IntArray, IntArray]:
    """``(row, member)``: every member of group ``groups[row]``."""
    counts = index.start[groups + 1] - index.start[groups]
    row = np.repeat(np.arange(len(groups), dtype=np.int64), counts)
    offsets = np.arange(len(row), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    return row, index.members[np.repeat(index.start[groups], counts) + offsets]


def _answers_index(model: ConflictModel, others: list[int]) -> ReachIndex:
    """R_{N∖H}(s1) for every s1: one move if one decision maker answers, else its reach."""
    if len(others) > 1:
        return reach_index(model, tuple(others))
    sources, targets = move_pairs(model, others[0])
    start = np.searchsorted(sources, np.arange(model.size + 1)).astype(np.int64)
    return ReachIndex(np.arange(model.size, dtype=np.int64), start, targets)


def _smr(
    model: ConflictModel,
    members: tuple[int, ...],
    others: list[int],
    index: ReachIndex,
    reach_front: Frontiers,
) -> BoolArray:
    """Coalition SMR: each state's joint improvements are tried in rounds ([0, 1), [1, 3),
    [3, 7), ... of its candidates), and a state leaves the rounds at its first improvement the
    others cannot answer; only stable states look at every candidate."""
    pay = model.payoffs[list(members)].T
    answers = _answers_index(model, others)
    ordered, above = _by_first_coordinate(index, pay, pay)
    stable = np.ones(model.size, dtype=bool)
    low, high = 0, 1
    while True:
        live = np.flatnonzero(stable & (above > low))
        if not len(live):
            return stable
        counts = np.minimum(above[live], high) - low
        row = np.repeat(np.arange(len(live), dtype=np.int64), counts)
        step = np.arange(len(row), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        source = live[row]
        s1 = ordered[index.start[index.group[source]] + low + step]
        better = (pay[s1] > pay[source]).all(axis=1)
        source, s1 = source[better], s1[better]
        stable[source[_unsanctioned(answers, index, reach_front, pay, source, s1)]] = False
        low, high = high, 2 * high + 1


def _any_above(index: ReachIndex, values: FloatArray, pay: FloatArray) -> BoolArray:
    """For each state s: does its group have a member x with ``values[x]`` strictly above
    ``pay[s]`` in every coordinate? Candidates are tried in rounds, best first coordinate
    first; a state leaves at its first find (the Pareto-frontier query is the alternative,
    better with two coordinates, slower with three or more)."""
    ordered, above = _by_first_coordinate(index, values, pay)
    found = np.zeros(len(pay), dtype=bool)
    low, high = 0, 1
    while True:
        live = np.flatnonzero(~found & (above > low))
        if not len(live):
            return found
        counts = np.minimum(above[live], high) - low
        row = np.repeat(np.arange(len(live), dtype=np.int64), counts)
        step = np.arange(len(row), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        source = live[row]
        x = ordered[index.start[index.group[source]] + low + step]
        found[source[(values[x] > pay[source]).all(axis=1)]] = True
        low, high = high, 2 * high + 1


def _by_first_coordinate(
    index: ReachIndex, values: FloatArray, pay: FloatArray
) -> tuple[IntArray, IntArray]:
    """Each group's members sorted by their first coordinate of ``values``, largest first; and
    for each state s how many members of its group are above ``pay[s]`` in that coordinate
    (the only candidates)."""
    owner = np.repeat(np.arange(index.groups, dtype=np.int64), np.diff(index.start))
    first = values[index.members, 0]
    order = np.lexsort((-first, owner))
    ordered = index.members[order]
    span = float(first.max(initial=0.0) - first.min(initial=0.0) + 2.0)
    keys = owner * span + (first.max(initial=0.0) - first[order])
    probe = index.group * span + (first.max(initial=0.0) - pay[:, 0])
    above = np.searchsorted(keys, probe, side="left") - index.start[index.group]
    return ordered, above.astype(np.int64)


def _unsanctioned(
    answers: ReachIndex,
    index: ReachIndex,
    reach_front: Frontiers,
    pay: FloatArray,
    source: IntArray,
    s1: IntArray,
) -> BoolArray:
    """For each coalition improvement ``source → s1``: whether every answer of the others
    leaves the coalition a move to a state all members prefer to ``source`` (no sanction)."""
    pair, s2 = _expand(answers, answers.group[s1])
    sanctions = ~reach_front.any_above(index.group[s2], pay[source[pair]])
    sanctioned = np.zeros(len(source), dtype=bool)
    sanctioned[pair[sanctions]] = True
    return ~sanctioned
