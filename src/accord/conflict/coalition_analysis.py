"""Coalition analysis: stability for every coalition, and which coalitions can move the
conflict from a state (the status quo), with the moves that do it.

Results come from the fast engine (:mod:`accord.conflict.coalitions`); the moves shown are
shortest sequences found by breadth-first search (:func:`accord.conflict.paths.coalition_paths`),
so a person can check each one against the model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.conflict.coalitions import all_coalitions, coalition_stable
from accord.conflict.concepts import COALITION_CONCEPTS
from accord.conflict.model import ConflictModel
from accord.conflict.operators import operators
from accord.conflict.paths import SEARCH_BUDGET, Move, coalition_paths
from accord.conflict.stability import StabilityResult

BoolArray = NDArray[np.bool_]
Progress = Callable[[tuple[int, ...]], None]
MOVES_SHOWN = 50
"""At most this many coalition improvements are listed per coalition and state."""


@dataclass(frozen=True)
class CoalitionResult:
    """Stability of every state for every coalition analysed, per concept.

    ``stable[concept]`` has shape (coalitions, states).
    """

    model: ConflictModel
    coalitions: tuple[tuple[int, ...], ...]
    stable: dict[str, BoolArray]

    def names(self, k: int) -> list[str]:
        """The members of coalition ``k`` (party ids)."""
        return [self.model.dms[j] for j in self.coalitions[k]]

    def stable_for_every_coalition(self, concept: str) -> list[int]:
        """0-based states stable for every coalition analysed."""
        return [int(s) for s in np.flatnonzero(self.stable[concept].all(axis=0))]

    def to_json(self) -> dict[str, Any]:
        """The documented ``coalitions`` JSON form (1-based states)."""
        return {
            "concepts": list(self.stable),
            "coalitions": [
                {
                    "members": self.names(k),
                    "stable": {
                        c: [int(s) + 1 for s in np.flatnonzero(t[k])]
                        for c, t in self.stable.items()
                    },
                }
                for k in range(len(self.coalitions))
            ],
            "stable_for_every_coalition": {
                c: [s + 1 for s in self.stable_for_every_coalition(c)] for c in self.stable
            },
        }


def analyse_coalitions(
    model: ConflictModel,
    coalitions: Sequence[tuple[int, ...]] | None = None,
    concepts: Sequence[str] = COALITION_CONCEPTS,
    individual: StabilityResult | None = None,
    progress: Progress | None = None,
) -> CoalitionResult:
    """Coalition Nash, GMR, SMR and SEQ for each coalition (default: every one).

    Examples
    --------
    >>> from accord.conflict.model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> found = analyse_coalitions(pd)
    >>> found.to_json()["coalitions"][2]
    {'members': ['p1', 'p2'], 'stable': {'nash': [1, 2, 3], 'gmr': [1, 2, 3], \
'smr': [1, 2, 3], 'seq': [1, 2, 3]}}
    """
    chosen = tuple(all_coalitions(len(model.dms)) if coalitions is None else coalitions)
    ops = operators(model)
    rows: dict[str, list[BoolArray]] = {c: [] for c in concepts}
    for members in chosen:
        if progress is not None:
            progress(members)
        found = coalition_stable(model, members, concepts, ops, individual)
        for concept in concepts:
            rows[concept].append(found[concept])
    stable = {
        c: np.vstack(r) if r else np.zeros((0, model.size), dtype=bool) for c, r in rows.items()
    }
    return CoalitionResult(model, chosen, stable)


@dataclass(frozen=True)
class CoalitionMove:
    """A joint move of a coalition: its members' moves, in order, from ``source`` to
    ``target`` (no member moving twice in a row)."""

    members: tuple[int, ...]
    source: int
    target: int
    moves: tuple[Move, ...]

    def to_json(self, model: ConflictModel) -> dict[str, Any]:
        """``{"to", "moves": [{"dm", "from", "to"}]}`` (1-based)."""
        return {"to": self.target + 1, "moves": [m.to_json(model) for m in self.moves]}

    def describe(self, model: ConflictModel) -> str:
        """E.g. ``1 → 50 (us: 1 → 2 (+lift_sanctions), then dprk: 2 → 50 (...))``."""
        steps = ", then ".join(m.describe(model) for m in self.moves)
        return f"{self.source + 1} → {self.target + 1} ({steps})"


def joint_gain(model: ConflictModel, members: Sequence[int], state: int) -> Callable[[int], bool]:
    """Whether every member strictly prefers a state to ``state`` (the coalition's order)."""
    pay = model.payoffs[list(members)]

    def gains(target: int) -> bool:
        return bool((pay[:, target] > pay[:, state]).all())

    return gains


@dataclass(frozen=True)
class CoalitionMoves:
    """Everything one coalition can improve to from a state (shortest moves for each)."""

    members: tuple[int, ...]
    improvements: tuple[CoalitionMove, ...]
    truncated: bool

    def to_json(self, model: ConflictModel) -> dict[str, Any]:
        """``{"members", "improvements", "truncated"}``."""
        return {
            "members": [model.dms[j] for j in self.members],
            "improvements": [m.to_json(model) for m in self.improvements],
            "truncated": self.truncated,
        }


def coalition_moves(
    model: ConflictModel,
    state: int,
    coalitions: Sequence[tuple[int, ...]] | None = None,
    budget: int = SEARCH_BUDGET,
) -> tuple[CoalitionMoves, ...]:
    """For each coalition, its improvements from ``state`` (R_H^{++}) with shortest moves;
    at most :data:`MOVES_SHOWN` each, most preferred by the coalition's least gainer first.

    Examples
    --------
    >>> from accord.conflict.model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> [(m.members, [i.target for i in m.improvements]) for m in coalition_moves(pd, 3)]
    [((0,), []), ((1,), []), ((0, 1), [0])]
    """
    chosen = all_coalitions(len(model.dms)) if coalitions is None else coalitions
    found = []
    for members in chosen:
        gains = joint_gain(model, members, state)
        outcome = coalition_paths(model, members, state, budget=budget, wanted=gains)
        pay = model.payoffs[list(members)]
        order = sorted(outcome.paths, key=lambda q: (-float(pay[:, q].min()), q))
        improvements = tuple(
            CoalitionMove(members, state, q, tuple(outcome.paths[q])) for q in order
        )
        truncated = outcome.truncated or len(improvements) > MOVES_SHOWN
        found.append(CoalitionMoves(members, improvements[:MOVES_SHOWN], truncated))
    return tuple(found)
