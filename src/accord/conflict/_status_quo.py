"""Status quo analysis: which equilibria the conflict can reach from where it is, and how.

- Unilateral: sequences of unilateral improvements (each move strictly preferred by its mover,
  no decision maker moving twice in a row), i.e. the states of R_N^+(status quo).
- Coalition: sequences of coalition improvements; a coalition improvement from s is a state
  s' in R_H(s) (moves by members of H, none twice in a row) that every member of H strictly
  prefers to s (Kilgour, Hipel, Fang & Li 2001). The smallest coalition is reported per step.

Both searches are breadth first, so every path shown is a shortest one (in moves, resp. in
coalition improvements).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from accord import limits
from accord.conflict._coalition_analysis import CoalitionMoves, coalition_moves
from accord.conflict._model import ConflictModel, FloatArray
from accord.conflict._paths import SEARCH_BUDGET, Move, coalition_paths
from accord.conflict._stability import StabilityResult

LARGE_MODEL = 65_536
"""Above this many states the coalition reach gets a tenth of the ``coalition_budget`` limit,
so that a million-state analysis finishes in seconds rather than minutes; ``truncated`` says
when the budget cut it."""


def coalition_budget(model: ConflictModel) -> int:
    """The number of expanded states the coalition reach may use on ``model``."""
    budget = limits.current().coalition_budget
    return budget if model.size <= LARGE_MODEL else budget // 10


"""At most this many (state, last mover) pairs are expanded by the coalition search in all."""


@dataclass(frozen=True)
class Step:
    """One improvement: by a decision maker or a coalition, with its individual moves."""

    movers: tuple[int, ...]
    source: int
    target: int
    moves: tuple[Move, ...]

    def to_dict(self, model: ConflictModel) -> dict[str, Any]:
        """``{"movers", "from", "to", "moves"}`` (1-based states)."""
        return {
            "movers": [model.dms[j] for j in self.movers],
            "from": self.source + 1,
            "to": self.target + 1,
            "moves": [m.to_dict(model) for m in self.moves],
        }


@dataclass(frozen=True)
class Reach:
    """States reachable from the status quo, and shortest paths to the reachable equilibria."""

    reachable: tuple[int, ...]
    paths: dict[int, tuple[Step, ...]]
    truncated: bool


@dataclass(frozen=True)
class StatusQuoAnalysis:
    """Unilateral and coalition reach from the status quo."""

    result: StabilityResult
    state: int
    unilateral: Reach
    coalition: Reach
    by_coalition: tuple[CoalitionMoves, ...] = ()
    """For each coalition, the states it can move the conflict to from here that every member
    prefers, with the moves."""

    def to_dict(self) -> dict[str, Any]:
        """The documented ``status_quo`` JSON form."""
        model = self.result.model
        return {
            "state": self.state + 1,
            "unilateral": self._reach_json(self.unilateral),
            "coalition": self._reach_json(self.coalition),
            "by_coalition": [moves.to_dict(model) for moves in self.by_coalition],
        }

    def _reach_json(self, reach: Reach) -> dict[str, Any]:
        model = self.result.model
        return {
            "reachable": [s + 1 for s in reach.reachable],
            "paths": [
                {
                    "to": target + 1,
                    "equilibrium_under": equilibrium_concepts(self.result, target),
                    "steps": [step.to_dict(model) for step in steps],
                }
                for target, steps in sorted(reach.paths.items())
            ],
            "truncated": reach.truncated,
        }


def equilibrium_concepts(result: StabilityResult, state: int) -> list[str]:
    """The concepts under which ``state`` is an equilibrium."""
    return [c for c, table in result.stable.items() if bool(table[:, state].all())]


def analyze_status_quo(
    result: StabilityResult,
    state: int,
    coalitions: Sequence[tuple[int, ...]] = (),
) -> StatusQuoAnalysis:
    """Reach from 0-based ``state`` by unilateral and by coalition improvements.

    Parameters
    ----------
    result : StabilityResult
        From :func:`analyze` or :func:`analyze_reference`.
    state : int
        The 0-based state to start from (usually the model's status quo).
    coalitions : sequence of tuple of int, optional
        Coalitions (0-based decision makers) whose joint improvements are followed too.

    Returns
    -------
    StatusQuoAnalysis
        The states reachable by unilateral and by coalition improvements, with a path to each
        equilibrium reached, and for each of ``coalitions`` the states it can move to that
        every member prefers.

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> from accord.conflict._stability import analyze
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> sq = analyze_status_quo(analyze(pd), 0)
    >>> sq.unilateral.reachable, sorted(sq.unilateral.paths)
    ((0, 1, 2, 3), [0, 3])
    """
    model = result.model
    everyone = list(range(len(model.dms)))

    def is_equilibrium(target: int) -> bool:
        return bool(equilibrium_concepts(result, target))

    found = coalition_paths(model, everyone, state, improving=True, wanted=is_equilibrium)
    reachable = tuple(sorted({state, *found.reached}))
    paths = {
        target: tuple(Step((m.dm,), m.source, m.target, (m,)) for m in found.paths.get(target, []))
        for target in reachable
        if is_equilibrium(target)
    }
    unilateral = Reach(reachable, paths, found.truncated)
    by_coalition = coalition_moves(model, state, coalitions) if coalitions else ()
    coalition = _coalition_reach(result, state)
    return StatusQuoAnalysis(result, state, unilateral, coalition, by_coalition)


def coalition_improvements(
    model: ConflictModel, state: int, budget: int = SEARCH_BUDGET
) -> tuple[list[Step], bool, int]:
    """Every state a coalition can improve to from ``state`` (smallest coalition first).

    Returns the steps, whether the budget cut the search short, and the work done.
    """
    steps: dict[int, Step] = {}
    truncated = False
    used = 0
    players = range(len(model.dms))
    for size in range(1, len(model.dms) + 1):
        for group in combinations(players, size):
            members = model.payoffs[list(group)]

            def gains(target: int, members: FloatArray = members) -> bool:
                return bool((members[:, target] > members[:, state]).all())

            left = max(budget - used, 1)
            outcome = coalition_paths(model, group, state, budget=left, wanted=gains)
            used += outcome.expanded
            truncated |= outcome.truncated
            for target, moves in outcome.paths.items():
                if target not in steps:
                    steps[target] = Step(group, state, target, tuple(moves))
    return list(steps.values()), truncated, used


def _coalition_reach(result: StabilityResult, start: int) -> Reach:
    model = result.model
    parents: dict[int, Step | None] = {start: None}
    queue = deque([start])
    truncated = False
    remaining = coalition_budget(model)
    while queue:
        if remaining <= 0:
            truncated = True
            break
        state = queue.popleft()
        steps, cut, used = coalition_improvements(model, state, remaining)
        remaining -= used
        truncated |= cut
        for step in steps:
            if step.target not in parents:
                parents[step.target] = step
                queue.append(step.target)
    paths = {}
    for target in parents:
        if equilibrium_concepts(result, target):
            chain: list[Step] = []
            node = parents[target]
            while node is not None:
                chain.append(node)
                node = parents[node.source]
            paths[target] = tuple(chain[::-1])
    return Reach(tuple(sorted(parents)), paths, truncated)
