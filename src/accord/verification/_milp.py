"""The allocation MIP (HiGHS through scipy.optimize.milp): one option per commitment.

Inputs are flat arrays over all candidate options: ``owner[v]`` the commitment option ``v``
belongs to, its ``cost``, whether it ``deters``, its expected cheating ``gain`` (floored at 0)
and, per capacity-limited means, its ``usage``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # SciPy's optimiser is slow to import: load it when a problem is solved
    from scipy.optimize import Bounds, LinearConstraint

from accord.errors import AnalysisError


@dataclass(frozen=True)
class Solved:
    """The chosen option index (within its commitment) per commitment; what was proved."""

    chosen: tuple[int, ...]
    optimal: bool
    gap: float


@dataclass(frozen=True)
class FlatOptions:
    """All candidate options of all commitments, as arrays."""

    owner: np.ndarray
    cost: np.ndarray
    deters: np.ndarray
    gain: np.ndarray
    usage: Mapping[str, np.ndarray]
    """Per capacity-limited means: uses by each option."""
    capacity: Mapping[str, int]


def _matrix(flat: FlatOptions, budget: float | None) -> LinearConstraint:
    from scipy.optimize import LinearConstraint
    from scipy.sparse import coo_array, csr_array, hstack, vstack

    size = len(flat.owner)
    count = int(flat.owner.max()) + 1 if size else 0
    blocks = [coo_array((np.ones(size), (flat.owner, np.arange(size))), shape=(count, size))]
    lower, upper = [np.ones(count)], [np.ones(count)]
    if budget is not None:
        blocks.append(coo_array(flat.cost.reshape(1, -1)))
        lower.append(np.array([-np.inf]))
        upper.append(np.array([budget]))
    for means_id, usage in flat.usage.items():
        blocks.append(coo_array(usage.reshape(1, -1)))
        lower.append(np.array([-np.inf]))
        upper.append(np.array([float(flat.capacity[means_id])]))
    blocks.append(coo_array((flat.gain, (flat.owner, np.arange(size))), shape=(count, size)))
    lower.append(np.full(count, -np.inf))
    upper.append(np.zeros(count))
    stacked = vstack(blocks)
    column = np.zeros((stacked.shape[0], 1))
    column[-count:, 0] = -1.0  # gain of commitment i <= t
    stacked = hstack([stacked, coo_array(column)])
    return LinearConstraint(csr_array(stacked), np.concatenate(lower), np.concatenate(upper))


def solve(
    flat: FlatOptions, count: int, budget: float | None, minimax: bool, time_limit: float
) -> Solved:
    """Solve lexicographically: the objective first, then the other one, then the least cost.

    ``minimax`` puts the largest expected gain from cheating first and the number deterred
    second; otherwise the number deterred comes first.
    """
    from scipy.optimize import Bounds

    size = len(flat.owner)
    base = _matrix(flat, budget)
    largest = np.zeros(size + 1)
    largest[size] = 1.0  # the variable t bounds every commitment's expected gain
    deterred = np.concatenate([-flat.deters.astype(float), [0.0]])
    cost = np.concatenate([flat.cost, [0.0]])
    stages = [largest, deterred, cost] if minimax else [deterred, largest, cost]
    integrality = np.array([1] * size + [0])
    bounds = Bounds(np.zeros(size + 1), np.array([1.0] * size + [np.inf]))
    x, optimal, gap = _lexicographic(stages, base, integrality, bounds, time_limit)
    return Solved(_chosen(x[:size], flat.owner, count), optimal, gap)


def _lexicographic(
    stages: list[np.ndarray],
    base: LinearConstraint,
    integrality: np.ndarray,
    bounds: Bounds,
    time_limit: float,
) -> tuple[np.ndarray, bool, float]:
    """Minimise each objective in turn, holding the earlier ones at their optimum.

    Returns the last solution found, whether the first stage was proven optimal, and its gap.
    """
    from scipy.optimize import LinearConstraint, milp

    options = {"time_limit": time_limit, "disp": False}
    constraints = [base]
    optimal, gap, x = True, 0.0, None
    for number, objective in enumerate(stages):
        result = milp(
            objective,
            constraints=constraints,
            integrality=integrality,
            bounds=bounds,
            options=options,
        )
        if result.x is None:
            if x is None:
                raise AnalysisError(f"the allocation solver found no solution: {result.message}")
            break  # a later stage ran out of time: keep the earlier stage's solution
        x = result.x
        if number == 0:
            optimal = result.status == 0
            gap = float(getattr(result, "mip_gap", 0.0) or 0.0)
        best = float(result.fun)
        slack = 1e-9 * max(1.0, abs(best))
        constraints = [
            *constraints,
            LinearConstraint(objective.reshape(1, -1), -np.inf, best + slack),
        ]
    assert x is not None
    return x, optimal, gap


def _chosen(x: np.ndarray, owner: Sequence[int] | np.ndarray, count: int) -> tuple[int, ...]:
    owner = np.asarray(owner)
    starts = np.searchsorted(owner, np.arange(count))
    ends = np.searchsorted(owner, np.arange(count), side="right")
    return tuple(int(np.argmax(x[s:e])) for s, e in zip(starts, ends, strict=True))
