"""The fast engine: Nash, GMR, SMR and SEQ for every decision maker and state at once.

Each concept is a comparison of two whole-state arrays (Xu, Hipel & Kilgour 2009 give the same
logic as products of m × m matrices; here the matrices are never formed):

- ``sanction(s1)``: the lowest payoff to i that the others can force from s1, the minimum over
  the coalition reachable list R_{N−i}(s1) (no member moving twice in a row), found as the least
  fixed point of ``g_j(q) = min over q' in R_j(q) of min(v(q'), g_l(q') for l ≠ j)``;
- i is stable at s iff every improvement s1 of i has ``sanction(s1) <= pay_i(s)``, i.e. the
  largest sanction over improvements (:meth:`MoveOperator.best_move`) is at most ``pay_i(s)``.

GMR takes ``v = pay_i``; SMR ``v = max(pay_i, best reply of i)`` (the sanction must leave i no
escape above s); SEQ restricts the others' moves to their own improvements.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.conflict.model import ConflictModel, FloatArray
from accord.conflict.operators import MoveOperator, operators
from accord.conflict.reference import CONCEPTS, ReferenceEngine

BoolArray = NDArray[np.bool_]
Progress = Callable[[str, int], None]


@dataclass(frozen=True, eq=False)
class StabilityResult:
    """Stability of every state for every decision maker, per concept.

    ``stable[concept]`` is a boolean array of shape (decision makers, states).
    """

    model: ConflictModel
    stable: dict[str, BoolArray]

    def equilibria(self, concept: str) -> list[int]:
        """0-based states stable for every decision maker under ``concept``."""
        return [int(s) for s in np.flatnonzero(self.stable[concept].all(axis=0))]

    def stable_states(self, concept: str, dm: int) -> list[int]:
        """0-based states stable for decision maker ``dm`` under ``concept``."""
        return [int(s) for s in np.flatnonzero(self.stable[concept][dm])]

    def to_json(self) -> dict[str, Any]:
        """``{concept: {"per_dm": {dm: [numbers]}, "equilibria": [numbers]}}`` (1-based)."""
        return {
            concept: {
                "per_dm": {
                    dm: [s + 1 for s in self.stable_states(concept, i)]
                    for i, dm in enumerate(self.model.dms)
                },
                "equilibria": [s + 1 for s in self.equilibria(concept)],
            }
            for concept in self.stable
        }


def coalition_minimum(
    ops: Sequence[MoveOperator],
    members: Sequence[int],
    values: FloatArray,
    improving_pay: FloatArray | None = None,
) -> FloatArray:
    """For each state, the minimum of ``values`` over its coalition reachable list.

    ``improving_pay`` (shape decision makers × states) restricts every move to an improvement
    for its mover (R_H^+). States with an empty list get +inf.

    Examples
    --------
    >>> from accord.conflict.operators import SparseMoves
    >>> ops = [SparseMoves([[1], [], []]), SparseMoves([[], [2], []])]
    >>> coalition_minimum(ops, [0, 1], np.array([9.0, 5.0, 1.0])).tolist()
    [1.0, 1.0, inf]
    """
    reach = {j: np.full(len(values), np.inf) for j in members}
    changed = True
    while changed:
        changed = False
        for j in members:
            after = values.copy()
            for other in members:
                if other != j:
                    np.minimum(after, reach[other], out=after)
            pay = None if improving_pay is None else improving_pay[j]
            new = np.minimum(reach[j], -ops[j].best_move(pay, -after))
            if (new < reach[j]).any():
                reach[j] = new
                changed = True
    result = np.full(len(values), np.inf)
    for j in members:
        np.minimum(result, reach[j], out=result)
    return result


def _stable_against(op: MoveOperator, pay: FloatArray, sanction: FloatArray) -> BoolArray:
    worst = op.best_move(pay, sanction)
    return np.asarray(worst <= pay)


def analyse(
    model: ConflictModel,
    concepts: Sequence[str] = CONCEPTS,
    progress: Progress | None = None,
) -> StabilityResult:
    """Stability under each of ``concepts`` for every decision maker and state (fast engine).

    ``progress(concept, dm)`` is called before each decision maker is analysed.

    Examples
    --------
    >>> from accord.conflict.model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> chicken = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 1, 0], [2, 1, 3, 0]])
    >>> result = analyse(chicken)
    >>> result.equilibria("nash"), result.equilibria("gmr")
    ([1, 2], [0, 1, 2])
    """
    ops = operators(model)
    pay = model.payoffs
    dms = range(len(model.dms))
    stable: dict[str, BoolArray] = {}
    for concept in concepts:
        rows = []
        for i in dms:
            if progress is not None:
                progress(concept, i)
            rows.append(_concept_for(concept, ops, pay, i))
        stable[concept] = np.vstack(rows) if rows else np.zeros((0, model.size), dtype=bool)
    return StabilityResult(model, stable)


def _concept_for(concept: str, ops: Sequence[MoveOperator], pay: FloatArray, i: int) -> BoolArray:
    others = [j for j in range(len(ops)) if j != i]
    mine = pay[i]
    if concept == "nash":
        return _stable_against(ops[i], mine, np.full(len(mine), np.inf))
    if concept == "gmr":
        sanction = coalition_minimum(ops, others, mine)
    elif concept == "smr":
        escape = np.maximum(mine, ops[i].best_move(None, mine))
        sanction = coalition_minimum(ops, others, escape)
    elif concept == "seq":
        sanction = coalition_minimum(ops, others, mine, improving_pay=pay)
    else:
        raise ValueError(f"unknown stability concept {concept!r}; known: {', '.join(CONCEPTS)}")
    return _stable_against(ops[i], mine, sanction)


def analyse_reference(model: ConflictModel, concepts: Sequence[str] = CONCEPTS) -> StabilityResult:
    """Stability by the literal definitions (slow; for checking and small models).

    Examples
    --------
    >>> from accord.conflict.model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> analyse_reference(pd).equilibria("nash")
    [3]
    """
    engine = ReferenceEngine(model)
    return StabilityResult(model, {c: engine.table(c) for c in concepts})
