"""The outcome space: each party's utility of every package, or of a seeded uniform sample.

What a person sees when the deal is drawn as a cloud of points: every package of a small space
that meets the constraints, or, when the space has more than :data:`OUTCOME_POINTS` packages, up
to that many drawn uniformly among those that meet the constraints (each item's amount level
drawn independently with a seed, packages breaking a constraint rejected, duplicates removed).

Examples
--------
>>> from accord.deal._space import build_space
>>> from accord.scenario._deal import Deal, Item
>>> deal = Deal(items=[Item(id="x", giver="a", value={"a": -1, "b": 2}),
...                    Item(id="y", giver="b", value={"a": 3, "b": -1})],
...             constraints=["x if y"])
>>> outcomes = outcome_space(build_space(deal, ["a", "b"]), seed=1)
>>> outcomes.method, outcomes.utilities.tolist(), outcomes.acceptable.tolist()
('every package', [[0.0, 0.0], [-1.0, 2.0], [2.0, 1.0]], [True, False, True])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from accord.deal._space import DECIMALS, BoolArray, FloatArray, IntArray, PackageSpace

OUTCOME_POINTS = 2_000
"""Spaces with more packages than this are shown by a uniform sample of this many."""


@dataclass(frozen=True, eq=False)
class OutcomeSpace:
    """Utilities (one row per package shown, one column per party) and acceptability."""

    parties: tuple[str, ...]
    method: str
    """``every package`` or ``uniform sample``."""
    packages: int
    """The number of packages in the space."""
    seed: int | None
    utilities: FloatArray
    acceptable: BoolArray
    """Whether every party (stakeholders included) gets at least its reservation value."""

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/deal-json.md)."""
        return {
            "method": self.method,
            "packages": self.packages,
            "shown": len(self.utilities),
            "seed": self.seed,
            "parties": list(self.parties),
            "utilities": self.utilities.tolist(),
            "acceptable": self.acceptable.tolist(),
        }


def outcome_space(space: PackageSpace, seed: int, points: int = OUTCOME_POINTS) -> OutcomeSpace:
    """Every package of ``space`` if it has at most ``points``, else a seeded uniform sample."""
    if space.size <= points:
        indices = _all_indices(space)
        indices = indices[_feasible(space, indices)]
        method, used_seed = "every package", None
    else:
        indices = _sample(space, np.random.default_rng([seed, 1]), points)
        method, used_seed = "uniform sample", seed
    utilities = _utilities(space, indices)
    acceptable = np.all(utilities >= space.reservation, axis=1)
    return OutcomeSpace(space.parties, method, space.size, used_seed, utilities, acceptable)


def _sample(
    space: PackageSpace, rng: np.random.Generator, points: int, rounds: int = 20
) -> IntArray:
    """Up to ``points`` distinct packages meeting the constraints, drawn uniformly."""
    kept = np.zeros((0, len(space.levels)), dtype=np.int64)
    for _ in range(rounds):
        drawn = np.stack([rng.integers(len(lv), size=points) for lv in space.levels], axis=1)
        drawn = drawn[_feasible(space, drawn)]
        kept = np.unique(np.concatenate([kept, drawn]), axis=0)
        if len(kept) >= points:
            break
    if len(kept) > points:
        kept = kept[np.sort(rng.choice(len(kept), points, replace=False))]
    return kept


def _all_indices(space: PackageSpace) -> IntArray:
    codes = np.arange(space.size, dtype=np.int64)
    if not space.levels:
        return np.zeros((len(codes), 0), dtype=np.int64)
    return np.stack(
        [(codes // s) % len(lv) for s, lv in zip(space.strides, space.levels, strict=True)],
        axis=1,
    )


def _utilities(space: PackageSpace, indices: IntArray) -> FloatArray:
    total = np.zeros((len(indices), len(space.parties)))
    for i, table in enumerate(space.values):
        total += table[indices[:, i]]
    for members, bonus in space.interactions:
        active = np.logical_and.reduce([indices[:, i] > 0 for i in members])
        total[active] += bonus
    return np.round(total, DECIMALS)


def _feasible(space: PackageSpace, indices: IntArray) -> BoolArray:
    given = {item: indices[:, i] > 0 for i, item in enumerate(space.items)}
    ok = np.ones(len(indices), dtype=bool)
    for constraint in space.constraints:
        ok &= constraint.evaluate_many(given)
    return ok
