"""Budget allocation across 500 commitments and 10 means: the MIP against a greedy baseline.

Target: the optimal allocation in at most 5 s. The greedy baseline deters the commitments that
are cheapest to deter first; the ratio printed is how many more commitments the optimum deters.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from accord.verification._allocation import (
    Allocation,
    allocate,
    cheapest_deterring,
    greedy,
    options,
)
from accord.verification._deterrence import Commitment, MeansSpec
from benchmarks.timing import best_time, ratio

COMMITMENTS = 500
MEANS = 10


def instance(seed: int) -> tuple[list[Commitment], dict[str, MeansSpec], Fraction]:
    """A random instance: 2-3 of 10 means per commitment; tight budget and capacities."""
    rng = np.random.default_rng(seed)
    means = {
        f"m{j}": MeansSpec(
            f"m{j}",
            detection=Fraction(int(rng.integers(10, 96)), 100),
            cost=Fraction(int(rng.integers(1, 6))),
            per_item=int(rng.integers(1, 4)),
            capacity=int(rng.integers(15, 60)),
        )
        for j in range(MEANS)
    }
    ids = list(means)
    commitments = [
        Commitment(
            f"c{i}",
            "giver",
            gain=Fraction(int(rng.integers(1, 51))),
            penalty=Fraction(int(rng.integers(5, 41))),
            means=tuple(rng.choice(ids, size=int(rng.integers(2, 4)), replace=False).tolist()),
        )
        for i in range(COMMITMENTS)
    ]
    costs = [cheapest_deterring(options(c, means)) for c in commitments]
    total = sum((o.cost for o in costs if o is not None), Fraction(0))
    return commitments, means, Fraction(int(total * Fraction(3, 5)))


def main() -> None:
    commitments, means, budget = instance(seed=2019)
    seconds, result = best_time(
        lambda: allocate(commitments, means, budget, time_limit=5.0), repeat=1
    )
    greedy_seconds, chosen = best_time(lambda: greedy(commitments, means, budget), repeat=1)
    greedy_deterred = sum(o.deters for o in chosen)
    assert isinstance(result, Allocation)
    print(f"{COMMITMENTS} commitments, {MEANS} means, budget {budget}")
    print(
        f"optimal allocation: {seconds:.2f} s (target <= 5 s), "
        f"{'optimal' if result.optimal else f'gap {result.gap:.2%}'}; "
        f"deters {result.deterred}, spends {float(result.spent):g}"
    )
    print(
        f"greedy baseline:    {greedy_seconds:.2f} s; deters {greedy_deterred}, "
        f"spends {float(sum(o.cost for o in chosen)):g}"
    )
    print(f"time of the optimum against greedy: {ratio(seconds, greedy_seconds)}")
    minimax_seconds, minimax = best_time(
        lambda: allocate(commitments, means, budget, "minimax_gain", time_limit=5.0), repeat=1
    )
    print(
        f"minimax_gain objective: {minimax_seconds:.2f} s, "
        f"{'optimal' if minimax.optimal else f'gap {minimax.gap:.2%}'}; largest expected gain "
        f"{float(minimax.largest_cheating_gain):.3g}, deters {minimax.deterred}"
    )
    more = result.deterred - greedy_deterred
    print(
        f"the optimum deters {more} more commitments than greedy "
        f"({result.deterred / max(1, greedy_deterred):.3f}x); "
        f"largest expected gain left: optimum {float(result.largest_cheating_gain):.3g}, "
        f"greedy {max(float(max(0, o.cheating_gain)) for o in chosen):.3g}"
    )
