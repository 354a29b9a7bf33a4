"""Coalition analysis: stability for every coalition, and which coalitions can move the
conflict from a state (the status quo), with the moves that do it.

Results come from the fast engine (:mod:`accord.conflict._coalitions`); the moves shown are
shortest sequences found by breadth-first search (:func:`accord.conflict._paths.coalition_paths`),
so a person can check each one against the model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import permutations
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.conflict._coalition_reach import box_states
from accord.conflict._coalitions import all_coalitions, coalition_stable
from accord.conflict._concepts import COALITION_CONCEPTS
from accord.conflict._model import ConflictModel
from accord.conflict._operators import operators
from accord.conflict._pairs import move_pairs
from accord.conflict._paths import SEARCH_BUDGET, Move, coalition_paths
from accord.conflict._stability import StabilityResult

BoolArray = NDArray[np.bool_]
Progress = Callable[[tuple[int, ...]], None]
MOVES_SHOWN = 50
"""At most this many coalition improvements are listed per coalition and state."""
SEARCH_CHUNK = 1 << 16
"""States whose moves are listed at once by the breadth-first search over states."""


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

    def to_dict(self) -> dict[str, Any]:
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


def analyze_coalitions(
    model: ConflictModel,
    coalitions: Sequence[tuple[int, ...]] | None = None,
    concepts: Sequence[str] = COALITION_CONCEPTS,
    individual: StabilityResult | None = None,
    progress: Progress | None = None,
) -> CoalitionResult:
    """Coalition Nash, GMR, SMR and SEQ for each coalition (default: every one).

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> found = analyze_coalitions(pd)
    >>> found.to_dict()["coalitions"][2]
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

    def to_dict(self, model: ConflictModel) -> dict[str, Any]:
        """``{"to", "moves": [{"dm", "from", "to"}]}`` (1-based)."""
        return {"to": self.target + 1, "moves": [m.to_dict(model) for m in self.moves]}

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

    def to_dict(self, model: ConflictModel) -> dict[str, Any]:
        """``{"members", "improvements", "truncated"}``."""
        return {
            "members": [model.dms[j] for j in self.members],
            "improvements": [m.to_dict(model) for m in self.improvements],
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
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> [(m.members, [i.target for i in m.improvements]) for m in coalition_moves(pd, 3)]
    [((0,), []), ((1,), []), ((0, 1), [0])]
    """
    chosen = all_coalitions(len(model.dms)) if coalitions is None else coalitions
    return tuple(_moves_of(model, members, state, budget) for members in chosen)


def _moves_of(
    model: ConflictModel, members: tuple[int, ...], state: int, budget: int
) -> CoalitionMoves:
    pay = model.payoffs[list(members)]
    if not model.is_option_form:
        gain = joint_gain(model, members, state)
        outcome = coalition_paths(model, members, state, budget=budget, wanted=gain)
        order = sorted(outcome.paths, key=lambda q: (-float(pay[:, q].min()), q))
        found = tuple(CoalitionMove(members, state, q, tuple(outcome.paths[q])) for q in order)
        truncated = outcome.truncated or len(found) > MOVES_SHOWN
        return CoalitionMoves(members, found[:MOVES_SHOWN], truncated)
    box = box_states(model, members, state)
    gains = box[(pay[:, box] > pay[:, [state]]).all(axis=0)]
    order = sorted(gains.tolist(), key=lambda q: (-float(pay[:, q].min()), q))
    improvements: list[CoalitionMove] = []
    searched: CoalitionMoves | None = None
    for q in order:
        if len(improvements) == MOVES_SHOWN:
            return CoalitionMoves(members, tuple(improvements), True)
        steps = _in_turn(model, members, state, q)
        if steps is None:  # an infeasible state in the way: search around it
            searched = searched or _searched_moves(model, members, state)
            steps = next((m.moves for m in searched.improvements if m.target == q), None)
            if steps is None and not searched.truncated:
                continue  # not reachable
        if steps is not None:
            improvements.append(CoalitionMove(members, state, q, steps))
    return CoalitionMoves(members, tuple(improvements), False)


def _searched_moves(model: ConflictModel, members: tuple[int, ...], state: int) -> CoalitionMoves:
    """Option form with infeasible states in the box: a breadth-first search over states, one
    level at a time with NumPy. A shortest sequence never has a member move twice in a row (the
    two moves would merge into one), so states suffice, without the last mover."""
    parent = np.full(model.size, -1, dtype=np.int64)
    mover = np.full(model.size, -1, dtype=np.int64)
    seen = np.zeros(model.size, dtype=bool)
    seen[state] = True
    frontier = np.array([state], dtype=np.int64)
    while len(frontier):
        found_sources, found_targets, found_movers = [], [], []
        for j in members:
            for start in range(0, len(frontier), SEARCH_CHUNK):
                sources, targets = move_pairs(model, j, frontier[start : start + SEARCH_CHUNK])
                fresh = ~seen[targets]
                found_sources.append(sources[fresh])
                found_targets.append(targets[fresh])
                found_movers.append(np.full(int(fresh.sum()), j, dtype=np.int64))
        targets = np.concatenate(found_targets)
        targets, first = np.unique(targets, return_index=True)
        parent[targets] = np.concatenate(found_sources)[first]
        mover[targets] = np.concatenate(found_movers)[first]
        seen[targets] = True
        frontier = targets
    pay = model.payoffs[list(members)]
    reached = np.flatnonzero(seen)
    gains = reached[(pay[:, reached] > pay[:, [state]]).all(axis=0)]
    order = sorted(gains.tolist(), key=lambda q: (-float(pay[:, q].min()), q))
    improvements = []
    for q in order[:MOVES_SHOWN]:
        steps, current = [], q
        while current != state:
            steps.append(Move(int(mover[current]), int(parent[current]), current))
            current = int(parent[current])
        improvements.append(CoalitionMove(members, state, q, tuple(steps[::-1])))
    return CoalitionMoves(members, tuple(improvements), len(order) > MOVES_SHOWN)


def _in_turn(
    model: ConflictModel, members: tuple[int, ...], source: int, target: int
) -> tuple[Move, ...] | None:
    """The members whose options differ between ``source`` and ``target`` move once each, in
    some order, each setting its own options as in ``target``: a shortest sequence (every move
    changes one member's options only). None if every order passes an infeasible state."""
    assert model.codes is not None
    assert model.options is not None
    code, goal = int(model.codes[source]), int(model.codes[target])
    masks = {
        j: sum(1 << k for k, o in enumerate(model.options) if o.dm == model.dms[j]) for j in members
    }
    movers = [j for j in members if (code ^ goal) & masks[j]]
    for turn in permutations(movers):
        moves, current, now = [], source, code
        for j in turn:
            now = (now & ~masks[j]) | (goal & masks[j])
            after = int(model.state_of_code(np.array([now], dtype=np.int64))[0])
            if after < 0:
                break
            moves.append(Move(j, current, after))
            current = after
        else:
            return tuple(moves)
    return None
