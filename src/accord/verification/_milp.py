"""The allocation MIP (HiGHS, through :mod:`accord.solver`): one option per commitment.

Inputs are flat arrays over all candidate options: ``owner[v]`` the commitment option ``v``
belongs to, its ``cost``, whether it ``deters``, its expected cheating ``gain`` (floored at 0)
and, per capacity-limited means, its ``usage``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from accord.errors import AnalysisError
from accord.solver._control import Deadline
from accord.solver._highs import Arrays, solve_arrays

if TYPE_CHECKING:
    from scipy.sparse import csr_array


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


def _matrix(flat: FlatOptions, budget: float | None) -> tuple[csr_array, np.ndarray, np.ndarray]:
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
    return csr_array(stacked), np.concatenate(lower), np.concatenate(upper)


def solve(
    flat: FlatOptions, count: int, budget: float | None, minimax: bool, time_limit: float
) -> Solved:
    """Solve lexicographically: the objective first, then the other one, then the least cost.

    ``minimax`` puts the largest expected gain from cheating first and the number deterred
    second; otherwise the number deterred comes first.
    """
    size = len(flat.owner)
    matrix, lower, upper = _matrix(flat, budget)
    largest = np.zeros(size + 1)
    largest[size] = 1.0  # the variable t bounds every commitment's expected gain
    deterred = np.concatenate([-flat.deters.astype(float), [0.0]])
    cost = np.concatenate([flat.cost, [0.0]])
    stages = [largest, deterred, cost] if minimax else [deterred, largest, cost]
    top = float(flat.gain.max()) if size else 0.0
    columns = (np.zeros(size + 1), np.array([1.0] * size + [top]), np.arange(size))
    deadline = Deadline.after(time_limit)
    x, optimal, gap = _lexicographic(stages, (matrix, lower, upper), columns, deadline)
    return Solved(_chosen(x[:size], flat.owner, count), optimal, gap)


def _lexicographic(
    stages: list[np.ndarray],
    rows: tuple[csr_array, np.ndarray, np.ndarray],
    columns: tuple[np.ndarray, np.ndarray, np.ndarray],
    deadline: Deadline,
) -> tuple[np.ndarray, bool, float]:
    """Minimise each objective in turn, holding the earlier ones at their optimum.

    Returns the last solution found, whether the first stage was proven optimal, and its gap.
    """
    matrix, row_lower, row_upper = rows
    starts, index, value = list(matrix.indptr[:-1]), list(matrix.indices), list(matrix.data)
    lower, upper = list(row_lower), list(row_upper)
    optimal, gap, x = True, 0.0, None
    for number, objective in enumerate(stages):
        model = Arrays(
            objective,
            columns[0],
            columns[1],
            columns[2],
            np.array(lower),
            np.array(upper),
            np.array(starts),
            np.array(index),
            np.array(value),
        )
        result = solve_arrays(model, deadline if number == len(stages) - 1 else deadline.share(0.5))
        if not result.x:
            if x is None:
                raise AnalysisError(f"the allocation solver found no solution ({result.status})")
            break  # a later stage ran out of time: keep the earlier stage's solution
        x = np.array(result.x)
        if number == 0:
            optimal = result.status == "optimal"
            gap = float(result.gap or 0.0)
        assert result.objective is not None
        best = result.objective
        nonzero = np.flatnonzero(objective)
        starts.append(len(index))
        index.extend(int(k) for k in nonzero)
        value.extend(float(objective[k]) for k in nonzero)
        lower.append(-np.inf)
        upper.append(best + 1e-9 * max(1.0, abs(best)))
    assert x is not None
    return x, optimal, gap


def _chosen(x: np.ndarray, owner: Sequence[int] | np.ndarray, count: int) -> tuple[int, ...]:
    owner = np.asarray(owner)
    starts = np.searchsorted(owner, np.arange(count))
    ends = np.searchsorted(owner, np.arange(count), side="right")
    return tuple(int(np.argmax(x[s:e])) for s, e in zip(starts, ends, strict=True))
