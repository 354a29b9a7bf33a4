"""Coalition stability for every coalition, fast engine (definitions: ``reference_coalition``).

For a coalition H with members' payoffs pay_H (one coordinate per member) and the answers of
the others N∖H:

- CNash: unstable at s iff some state of R_H(s) is strictly above pay_H(s) in every coordinate,
  a query on the Pareto frontier of the states H can reach (:mod:`accord.conflict.frontier`).
- CGMR and CSEQ: the lowest payoff σ_i each member can be pushed down to from s1 by the others
  (the fixed point of :func:`accord.conflict.stability.coalition_minimum`, over their
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

from accord.conflict.coalition_reach import ReachIndex, reach_index
from accord.conflict.concepts import COALITION_CONCEPTS
from accord.conflict.frontier import Frontiers, frontiers
from accord.conflict.model import ConflictModel
from accord.conflict.operators import MoveOperator, operators
from accord.conflict.pairs import move_pairs
from accord.conflict.stability import StabilityResult, analyse, coalition_minimum

BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
CHUNK = 8192
"""States whose CSMR improvements are listed at once."""


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
    >>> from accord.conflict.model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> coalition_stable(pd, (0, 1), ["nash"])["nash"].tolist()
    [True, True, True, False]
    """
    if len(members) == 1:
        missing = [c for c in concepts if individual is None or c not in individual.stable]
        single = analyse(model, missing) if missing else individual
        assert single is not None
        found = {**(individual.stable if individual else {}), **single.stable}
        return {c: found[c][members[0]].copy() for c in concepts}
    ops = operators(model) if ops is None else ops
    others = [j for j in range(len(model.dms)) if j not in members]
    index = reach_index(model, members)
    pay = model.payoffs[list(members)].T.copy()
    reach_front = frontiers(pay[index.members], index.start)
    nash = ~reach_front.any_above(index.group, pay)
    result: dict[str, BoolArray] = {}
    for concept in concepts:
        if concept == "nash" or not others:
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
    pay = model.payoffs[list(members)].T
    answers = _answers_index(model, others)
    stable = np.ones(model.size, dtype=bool)
    for first in range(0, model.size, CHUNK):
        states = np.arange(first, min(first + CHUNK, model.size), dtype=np.int64)
        row, s1 = _expand(index, index.group[states])
        source = states[row]
        better = (pay[s1] > pay[source]).all(axis=1)
        source, s1 = source[better], s1[better]
        # Fewest answers first: most states fall to their first improvement, cheaply.
        width = answers.start[answers.group[s1] + 1] - answers.start[answers.group[s1]]
        order = np.lexsort((width, source))
        source, s1 = source[order], s1[order]
        starts = np.concatenate([[True], source[1:] != source[:-1]])
        position = np.arange(len(source))
        rank = position - np.maximum.accumulate(np.where(starts, position, 0))
        by_rank = np.argsort(rank, kind="stable")
        source, s1, rank = source[by_rank], s1[by_rank], rank[by_rank]
        low = 0
        while low < len(source):  # ranks [0, 1), [1, 3), [3, 7), ...: few rounds
            high = int(np.searchsorted(rank, 2 * int(rank[low]) + 1))
            batch = np.arange(low, high)
            batch = batch[stable[source[batch]]]
            unanswered = _unsanctioned(answers, index, reach_front, pay, source[batch], s1[batch])
            stable[source[batch][unanswered]] = False
            low = high
    return stable


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
