"""Shortest move sequences by a coalition, no member moving twice in a row (breadth first).

These searches produce the witnesses behind verdicts (the sanctioning sequence, the path to an
equilibrium); the verdicts themselves come from the engines.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from accord.conflict._model import ConflictModel
from accord.solver._control import check_stop

STOP_CHECK_EVERY = 1024
"""States expanded between two looks at a stop request (Ctrl-C, the workbench's Stop)."""

SEARCH_BUDGET = 50_000
"""At most this many (state, last mover) pairs are expanded by one search."""


@dataclass(frozen=True)
class Move:
    """One move: decision maker ``dm`` (index) takes the conflict from ``source`` to ``target``."""

    dm: int
    source: int
    target: int

    def to_dict(self, model: ConflictModel) -> dict[str, Any]:
        """``{"dm", "from", "to"}`` with 1-based state numbers."""
        return {"dm": model.dms[self.dm], "from": self.source + 1, "to": self.target + 1}

    def describe(self, model: ConflictModel) -> str:
        """E.g. ``ur: 5 → 9`` (graph form) or ``dprk: 49 → 57 (+resume_testing)``."""
        text = f"{model.dms[self.dm]}: {self.source + 1} → {self.target + 1}"
        if model.is_option_form:
            text += f" ({model.change(self.source, self.target)})"
        return text


@dataclass
class SearchOutcome:
    """The sequences found per reached state, and whether the budget cut the search short."""

    paths: dict[int, list[Move]]
    truncated: bool
    expanded: int = 0
    reached: frozenset[int] = frozenset()
    """Every state reached (``paths`` may keep only some, see ``wanted``)."""


def _rebuild(
    parents: dict[tuple[int, int], tuple[int, int] | None], node: tuple[int, int]
) -> list[Move]:
    moves: list[Move] = []
    current: tuple[int, int] | None = node
    while current is not None:
        previous = parents[current]
        if previous is None:
            break
        moves.append(Move(current[1], previous[0], current[0]))
        current = previous
    return moves[::-1]


def coalition_paths(
    model: ConflictModel,
    members: Sequence[int],
    start: int,
    improving: bool = False,
    goal: Callable[[int], bool] | None = None,
    budget: int = SEARCH_BUDGET,
    wanted: Callable[[int], bool] | None = None,
) -> SearchOutcome:
    """Shortest sequences from ``start`` by ``members`` (R_H, or R_H^+ if ``improving``).

    With ``goal``, stop at the first reached state satisfying it (then ``paths`` holds only it).
    With ``wanted``, ``paths`` holds only the reached states it accepts (the search is the same;
    a path is built only for those, which saves memory on large models).

    Examples
    --------
    >>> from accord.conflict._model import from_graph
    >>> g = from_graph(["a", "b"], list("xyz"), {"a": [(1, 2)], "b": [(2, 3)]}, [[0, 0, 0]] * 2)
    >>> [m.target for m in coalition_paths(g, [0, 1], 0).paths[2]]
    [1, 2]
    """
    root = (start, -1)
    parents: dict[tuple[int, int], tuple[int, int] | None] = {root: None}
    first: dict[int, tuple[int, int]] = {}
    queue = deque([root])
    expanded = 0
    truncated = False
    while queue:
        if expanded >= budget:
            truncated = True
            break
        if expanded % STOP_CHECK_EVERY == 0:
            check_stop()  # the search runs long on large models (a million states)
        node = queue.popleft()
        expanded += 1
        state, last = node
        for mover in members:
            if mover == last:
                continue
            for target in model.moves(mover, state):
                if improving and not model.payoffs[mover, target] > model.payoffs[mover, state]:
                    continue
                child = (target, mover)
                if child in parents:
                    continue
                parents[child] = node
                queue.append(child)
                if target not in first:
                    first[target] = child
                    if goal is not None and goal(target):
                        return SearchOutcome({target: _rebuild(parents, child)}, False, expanded)
    if goal is not None and not truncated:
        return SearchOutcome({}, False, expanded)
    paths = {
        target: _rebuild(parents, node)
        for target, node in first.items()
        if wanted is None or wanted(target)
    }
    return SearchOutcome(paths, truncated, expanded, frozenset(first))
