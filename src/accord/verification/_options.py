"""Candidate verification options per commitment: vectors of uses of its means.

For each commitment the candidate *options* are the vectors of uses ``k_m`` of its means (each
within ``per_item``, the means' ``capacity`` and what the budget can pay); an option that deters
is kept only if it is minimal (removing any one use stops deterring), since more would cost
without gain. Detection probabilities and expected gains are exact fractions.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from accord import limits
from accord.verification._deterrence import (
    Commitment,
    MeansSpec,
    expected_cheating_gain,
    required_detection,
)


@dataclass(frozen=True)
class Option:
    """One way to verify a commitment: ``uses[j]`` uses of its ``j``-th means."""

    uses: tuple[int, ...]
    cost: Fraction
    detection: Fraction
    cheating_gain: Fraction
    """Expected gain from cheating, ``(1 - π) G - π P`` (deterred when <= 0)."""

    @property
    def deters(self) -> bool:
        """Whether cheating is unprofitable under this option."""
        return self.cheating_gain <= 0


def check_combinations(item: str, bounds: Sequence[int]) -> None:
    """Refuse a commitment with more use vectors than the ``verification_combinations`` limit
    (counted before any is built)."""
    what = f"verification.verifies.{item}: the commitment '{item}'"
    advice = "lower per_item or capacity, or list fewer means for it"
    limits.check("verification_combinations", math.prod(b + 1 for b in bounds), what, advice)


def use_bounds(
    commitment: Commitment, means: Mapping[str, MeansSpec], budget: Fraction | None
) -> list[int]:
    """The most uses of each of the commitment's means one period allows."""
    bounds = []
    for means_id in commitment.means:
        spec = means[means_id]
        bound = spec.per_item if spec.capacity is None else min(spec.per_item, spec.capacity)
        if budget is not None and spec.cost > 0:
            bound = min(bound, int(budget // spec.cost))
        bounds.append(bound)
    return bounds


def options(
    commitment: Commitment, means: Mapping[str, MeansSpec], budget: Fraction | None = None
) -> list[Option]:
    """Candidate options: every non-deterring one and every minimal deterring one.

    The first option is always "no use at all".

    Examples
    --------
    >>> m = {"a": MeansSpec("a", Fraction(1, 2), cost=Fraction(1), per_item=3)}
    >>> c = Commitment("x", "g", Fraction(3), Fraction(1), ("a",))  # needs detection 3/4
    >>> [(o.uses, o.deters) for o in options(c, m)]
    [((0,), False), ((1,), False), ((2,), True)]
    """
    specs = [means[m] for m in commitment.means]
    bounds = use_bounds(commitment, means, budget)
    check_combinations(commitment.item, bounds)
    misses = [
        [(1 - s.detection) ** k for k in range(b + 1)] for s, b in zip(specs, bounds, strict=True)
    ]
    found: list[Option] = []
    for uses in _vectors(misses, commitment):
        found.append(build_option(uses, specs, misses, commitment))
    threshold = 1 - required_detection(commitment.gain, commitment.penalty)
    return [o for o in found if not o.deters or _minimal(o.uses, misses, threshold)]


def _vectors(misses: list[list[Fraction]], c: Commitment) -> Iterator[tuple[int, ...]]:
    """Use vectors in lexicographic order, not going past a vector that already deters."""
    threshold = 1 - required_detection(c.gain, c.penalty)  # deterred iff miss <= threshold
    size = len(misses)

    def walk(prefix: tuple[int, ...], miss: Fraction) -> Iterator[tuple[int, ...]]:
        if miss <= threshold or len(prefix) == size:
            yield (*prefix, *([0] * (size - len(prefix))))
            return
        for k, factor in enumerate(misses[len(prefix)]):
            yield from walk((*prefix, k), miss * factor)
            if miss * factor <= threshold:  # deters already: more uses here add nothing
                break

    yield from walk((), Fraction(1))


def _minimal(uses: tuple[int, ...], misses: list[list[Fraction]], threshold: Fraction) -> bool:
    """Whether removing any one use stops deterring."""
    for j, k in enumerate(uses):
        if k == 0:
            continue
        miss = Fraction(1)
        for i, count in enumerate(uses):
            miss *= misses[i][count - 1 if i == j else count]
        if miss <= threshold:
            return False
    return True


def build_option(
    uses: tuple[int, ...],
    specs: Sequence[MeansSpec],
    misses: list[list[Fraction]],
    c: Commitment,
) -> Option:
    """The option ``uses`` of commitment ``c``; ``misses[j][k]`` is ``(1 - δ_j)^k``.

    >>> spec = MeansSpec("a", Fraction(1, 2), cost=Fraction(3))
    >>> c = Commitment("x", "g", Fraction(1), Fraction(1), ("a",))
    >>> build_option((2,), [spec], [[Fraction(1), Fraction(1, 2), Fraction(1, 4)]], c).cost
    Fraction(6, 1)
    """
    miss = Fraction(1)
    for j, k in enumerate(uses):
        miss *= misses[j][k]
    detection = 1 - miss
    cost = sum((s.cost * k for s, k in zip(specs, uses, strict=True)), Fraction(0))
    return Option(uses, cost, detection, expected_cheating_gain(c.gain, c.penalty, detection))


def cheapest_deterring(candidates: Sequence[Option]) -> Option | None:
    """The cheapest option that deters (fewest uses on ties), or None.

    >>> cheapest_deterring([Option((1,), Fraction(2), Fraction(1, 2), Fraction(-1))]).cost
    Fraction(2, 1)
    """
    deterring = [o for o in candidates if o.deters]
    return min(deterring, key=lambda o: (o.cost, sum(o.uses)), default=None)


def all_vectors(bounds: Sequence[int]) -> Iterator[tuple[int, ...]]:
    """Every use vector within ``bounds`` (for brute-force checks)."""
    return itertools.product(*(range(b + 1) for b in bounds))


def best_detection(
    commitment: Commitment, means: Mapping[str, MeansSpec], budget: Fraction | None = None
) -> Fraction:
    """The most detection the commitment's means reach in one period (every use allowed).

    >>> m = {"a": MeansSpec("a", Fraction(1, 2), per_item=2)}
    >>> best_detection(Commitment("x", "g", Fraction(1), Fraction(1), ("a",)), m)
    Fraction(3, 4)
    """
    miss = Fraction(1)
    for means_id, bound in zip(
        commitment.means, use_bounds(commitment, means, budget), strict=True
    ):
        miss *= (1 - means[means_id].detection) ** bound
    return 1 - miss
