"""Deal space benchmarks, each against a vectorised brute force measured in the same run.

1. 2 parties, 20 binary items (2^20 packages): the exact frontier vs brute force (bit matrix
   times value matrix, then the same O(n log n) sweep).
2. 2 parties, 40 binary and 5 integer items (far beyond enumeration): the exact frontier by
   CP-SAT (target <= 60 s) and the Nash solution (target <= 5 s); the brute force is timed on
   a 2^20 slice and extrapolated to the whole space.
3. 100,000 Monte Carlo draws of a 40-item scenario (target <= 2 s), against a plain per-draw
   loop timed on 1,000 draws and extrapolated.
"""

from __future__ import annotations

import math

import numpy as np

from accord import limits
from accord.deal._frontier import pareto_frontier, pareto_sweep
from accord.deal._solutions import solve
from accord.deal._space import build_space
from accord.deal._uncertainty import UncertainDeal, zone_by_candidates
from accord.scenario._base import Estimate
from accord.scenario._deal import Deal, Item
from benchmarks.timing import best_time, ratio

SEED = 2019


def random_deal(binary: int, integer: int, seed: int, ranges: bool = False) -> Deal:
    """Items given by a or b: a cost to the giver, a benefit to the other (integers)."""
    rng = np.random.default_rng(seed)
    items = []
    for i in range(binary + integer):
        giver, other = ("a", "b") if rng.random() < 0.5 else ("b", "a")
        cost, gain = -int(rng.integers(1, 20)), int(rng.integers(1, 20))
        value: dict[str, float | Estimate] = {giver: cost, other: gain}
        if ranges:
            value[other] = Estimate(low=gain - 3, mode=gain, high=gain + 3)
        items.append(Item(id=f"i{i}", giver=giver, quantity=4 if i >= binary else 1, value=value))  # type: ignore[arg-type]
    return Deal(items=items)


def brute_force_frontier(deal: Deal, limit: int | None = None) -> int:
    """Every binary package by a bit matrix, utilities by a matrix product, then the sweep."""
    n = len(deal.items)
    values = np.array(
        [
            [
                item.value[p].mode if p in item.value else 0.0  # type: ignore[union-attr]
                for p in ("a", "b")
            ]
            for item in deal.items
        ]
    )
    codes = np.arange(2**n if limit is None else limit, dtype=np.int64)
    bits = ((codes[:, None] >> np.arange(n)) & 1).astype(np.float64)
    utilities = bits @ values
    ok = np.all(utilities >= 0, axis=1)
    return len(pareto_sweep(utilities[ok], codes[ok]))


def bench_small() -> None:
    deal = random_deal(20, 0, SEED)
    space = build_space(deal, ["a", "b"])
    brute, count = best_time(lambda: brute_force_frontier(deal), repeat=3)
    ours, frontier = best_time(lambda: pareto_frontier(space, ["a", "b"]), repeat=3)
    assert len(frontier.points) == count, (len(frontier.points), count)
    print(
        f"20 binary items, {space.size} packages, {count} frontier points: "
        f"brute force {brute:.2f} s, Accord {ours:.2f} s ({ratio(ours, brute)})"
    )


def bench_large() -> None:
    deal = random_deal(40, 5, SEED)
    with limits.raised({"deal_items": len(deal.items)}):  # past the default of 25, on purpose
        space = build_space(deal, ["a", "b"])
    slice_size = 2**18
    brute, _ = best_time(
        lambda: brute_force_frontier(random_deal(40, 0, SEED), slice_size), repeat=1
    )
    extrapolated = brute * space.size / slice_size
    nash_time, nash = best_time(lambda: solve(space, ["a", "b"], "nash"), repeat=1)
    assert nash is not None
    frontier_time, frontier = best_time(lambda: pareto_frontier(space, ["a", "b"]), repeat=1)
    print(
        f"40 binary + 5 integer items, {space.size:.3e} packages: brute force would take "
        f"~{extrapolated / 3600 / 24 / 365:.0f} years (2^18 in {brute:.2f} s)"
    )
    print(
        f"  exact frontier ({len(frontier.points)} points, {frontier.method}): "
        f"{frontier_time:.1f} s (target <= 60 s; {ratio(frontier_time, extrapolated)})"
    )
    print(f"  Nash solution (gains {nash.gains}): {nash_time:.2f} s (target <= 5 s)")


def naive_acceptance(model: UncertainDeal, draws: np.ndarray, package: dict[str, float]) -> float:
    """One draw at a time, in Python: the baseline for the vectorised Monte Carlo."""
    coefficients = model.coefficients(package)
    mode = model.margins(draws[:1] * 0 + [p.mode for p in model.parameters], package)[0]
    accepted = 0
    for draw in draws:
        margin = list(mode)
        for k, parameter in enumerate(model.parameters):
            margin[parameter.party] += (draw[k] - parameter.mode) * coefficients[k]
        accepted += all(m >= 0 for m in margin)
    return accepted / len(draws)


def bench_monte_carlo() -> None:
    deal = random_deal(40, 0, SEED, ranges=True)
    model = UncertainDeal.build(deal, ["a", "b"])
    rng = np.random.default_rng(SEED)
    candidates = [{f"i{i}": 1.0 for i in range(40) if (i * 7 + k) % 3} for k in range(20)]
    draws_count = 100_000

    def vectorised() -> float:
        draws = model.sample(draws_count, np.random.default_rng(SEED))
        for package in candidates:
            model.margins(draws, package)
        return float(zone_by_candidates(model, candidates, draws).mean())

    ours, probability = best_time(vectorised, repeat=3)
    few = model.sample(1000, rng)
    naive, _ = best_time(lambda: [naive_acceptance(model, few, p) for p in candidates], repeat=1)
    extrapolated = naive * draws_count / len(few)
    print(
        f"Monte Carlo, 40 items, {len(model.parameters)} ranges, {draws_count} draws, "
        f"{len(candidates)} packages: {ours:.2f} s (target <= 2 s; P(zone) >= "
        f"{probability:.3f}); plain loop ~{extrapolated:.1f} s ({ratio(ours, extrapolated)})"
    )


def main() -> None:
    """Run the three deal benchmarks."""
    bench_small()
    bench_monte_carlo()
    bench_large()
    print(f"(space sizes: 2^20 = {2**20}, 2^40 * 5^5 = {math.prod([2**40, 5**5]):.3e})")
