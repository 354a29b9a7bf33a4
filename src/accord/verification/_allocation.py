"""Spend an inspection budget across commitments: deter as many as possible, or minimise the
largest expected gain from cheating.

For each commitment the candidate *options* are the vectors of uses ``k_m`` of its means (each
within ``per_item``, the means' ``capacity`` and what the budget can pay); an option that deters
is kept only if it is minimal (removing any one use stops deterring), since more would cost
without gain. Choosing one option per commitment under the budget and the means' capacities is
a multiple-choice knapsack with side constraints, solved as a mixed-integer programme by HiGHS
(through :func:`scipy.optimize.milp`), lexicographically: ``deter_most`` maximises the number
deterred, then minimises the largest expected gain from cheating among the rest, then the cost;
``minimax_gain`` swaps the first two. Detection probabilities and gains are exact fractions;
the solver sees floats, and every number reported is recomputed exactly from the chosen options.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from accord.choices import VerificationObjective
from accord.verification import _milp
from accord.verification._budget_reason import budget_reason
from accord.verification._deterrence import Commitment, MeansSpec, required_detection
from accord.verification._milp import FlatOptions
from accord.verification._numbers import show
from accord.verification._options import (
    Option,
    all_vectors,
    best_detection,
    cheapest_deterring,
    options,
    use_bounds,
)

__all__ = [
    "Allocation",
    "CommitmentPlan",
    "Option",
    "all_vectors",
    "allocate",
    "cheapest_deterring",
    "explain",
    "greedy",
    "options",
    "use_bounds",
    "uses_text",
]


@dataclass(frozen=True)
class CommitmentPlan:
    """How one commitment is verified in the allocation, and why it is (not) deterred."""

    commitment: Commitment
    required: Fraction
    """The least detection probability that deters, ``G / (G + P)``."""
    chosen: Option
    cheapest: Option | None
    """The cheapest deterring option, if any exists within the means available."""
    best_detection: Fraction
    """The most detection the means available reach in one period."""
    reason: str

    @property
    def deterred(self) -> bool:
        """Whether the chosen option deters cheating."""
        return self.chosen.deters


@dataclass(frozen=True)
class Allocation:
    """The allocation of the budget across commitments, explained per commitment."""

    objective: VerificationObjective
    budget: Fraction | None
    plans: tuple[CommitmentPlan, ...]
    optimal: bool
    """Whether the solver proved the objective optimal (False: stopped by the time limit)."""
    gap: float

    @property
    def spent(self) -> Fraction:
        """The budget the chosen options use."""
        return sum((p.chosen.cost for p in self.plans), Fraction(0))

    @property
    def deterred(self) -> int:
        """How many commitments are deterred."""
        return sum(p.deterred for p in self.plans)

    @property
    def largest_cheating_gain(self) -> Fraction:
        """The largest expected gain from cheating left (0 when every commitment is deterred)."""
        return max(
            (max(Fraction(0), p.chosen.cheating_gain) for p in self.plans), default=Fraction(0)
        )


def allocate(
    commitments: Sequence[Commitment],
    means: Mapping[str, MeansSpec],
    budget: Fraction | None = None,
    objective: VerificationObjective = VerificationObjective.DETER_MOST,
    time_limit: float = 10.0,
) -> Allocation:
    """Choose one option per commitment within the budget and the means' capacities.

    An option is a number of uses of each of the commitment's means in one period; the
    options are chosen together by a mixed-integer programme (HiGHS), lexicographically:
    ``deter_most`` maximises the commitments deterred, then minimises the largest expected
    gain from cheating left, then the cost; ``minimax_gain`` swaps the first two.

    Parameters
    ----------
    commitments : sequence of Commitment
        What must be verified, each with its gain from cheating, its penalty if caught and
        the means that can verify it (every one a key of ``means``).
    means : mapping of str to MeansSpec
        The means of verification by id: detection per use, cost, ``per_item`` and
        ``capacity`` (uses per period on one commitment, and over all).
    budget : Fraction, optional
        What one period's uses may cost in all (default: no limit).
    objective : VerificationObjective, default ``deter_most``
        ``deter_most`` or ``minimax_gain`` (:class:`~accord.choices.VerificationObjective`).
    time_limit : float, default 10.0
        Seconds for the solver.

    Returns
    -------
    Allocation
        Frozen: one :class:`CommitmentPlan` per commitment, in order (the option chosen,
        the detection it reaches, whether it deters and why in one sentence), the budget
        ``spent``, how many are ``deterred``, the ``largest_cheating_gain`` left, and whether
        the solver proved the objective ``optimal`` (False when stopped by ``time_limit``).
        Every number is exact, recomputed from the chosen options.

    Raises
    ------
    LimitExceeded
        A commitment with more use vectors than the ``verification_combinations`` limit.
    AnalysisError
        The solver found no allocation within ``time_limit``.

    Examples
    --------
    >>> m = {"a": MeansSpec("a", Fraction(1, 2), cost=Fraction(1), per_item=3)}
    >>> cs = [Commitment("x", "g", Fraction(3), Fraction(1), ("a",)),   # needs 2 uses
    ...       Commitment("y", "g", Fraction(2), Fraction(2), ("a",))]   # needs 1 use
    >>> most = allocate(cs, m, budget=Fraction(1))
    >>> [(p.commitment.item, p.chosen.uses, p.deterred) for p in most.plans]
    [('x', (0,), False), ('y', (1,), True)]
    >>> most.deterred, most.largest_cheating_gain
    (1, Fraction(3, 1))
    >>> least = allocate(cs, m, Fraction(1), VerificationObjective.MINIMAX_GAIN)
    >>> [(p.commitment.item, p.chosen.uses, p.chosen.cheating_gain) for p in least.plans]
    [('x', (1,), Fraction(1, 1)), ('y', (0,), Fraction(2, 1))]
    >>> allocate(cs, m).spent  # no budget: both deterred
    Fraction(3, 1)
    >>> print(most.plans[0].reason)  # doctest: +NORMALIZE_WHITESPACE
    not deterrable with the means available: they reach 50.0% detection at most, 75.0% is
    needed (gain 3 against penalty 1); raise the penalty or add a means
    """
    candidates = [options(c, means, budget) for c in commitments]
    flat = _flatten(commitments, candidates, means)
    minimax = objective == "minimax_gain"
    limit = None if budget is None else float(budget)
    solved = _milp.solve(flat, len(commitments), limit, minimax, time_limit)
    chosen = [opts[k] for opts, k in zip(candidates, solved.chosen, strict=True)]
    plans = tuple(
        explain(c, o, means, budget, opts, chosen_all=(i, chosen, objective, solved.optimal))
        for i, (c, o, opts) in enumerate(zip(commitments, chosen, candidates, strict=True))
    )
    return Allocation(objective, budget, plans, solved.optimal, solved.gap)


def _flatten(
    commitments: Sequence[Commitment],
    candidates: Sequence[Sequence[Option]],
    means: Mapping[str, MeansSpec],
) -> FlatOptions:
    flat = [(i, o) for i, opts in enumerate(candidates) for o in opts]
    usage = {}
    for means_id, spec in means.items():
        if spec.capacity is not None:
            usage[means_id] = np.array(
                [
                    float(
                        sum(
                            k
                            for m, k in zip(commitments[i].means, o.uses, strict=True)
                            if m == means_id
                        )
                    )
                    for i, o in flat
                ]
            )
    return FlatOptions(
        owner=np.array([i for i, _ in flat], dtype=int),
        cost=np.array([float(o.cost) for _, o in flat]),
        deters=np.array([o.deters for _, o in flat]),
        gain=np.array([max(0.0, float(o.cheating_gain)) for _, o in flat]),
        usage=usage,
        capacity={m: s.capacity for m, s in means.items() if s.capacity is not None},
    )


def uses_text(commitment: Commitment, uses: Sequence[int]) -> str:
    """``iaea ×2 + ntm ×1`` (or ``no verification``).

    >>> uses_text(Commitment("x", "g", Fraction(1), Fraction(1), ("a", "b")), (2, 0))
    'a ×2'
    """
    parts = [f"{m} ×{k}" for m, k in zip(commitment.means, uses, strict=True) if k]
    return " + ".join(parts) if parts else "no verification"


def _percent(number: Fraction) -> str:
    return f"{float(number):.1%}"


def explain(
    commitment: Commitment,
    chosen: Option,
    means: Mapping[str, MeansSpec],
    budget: Fraction | None,
    candidates: Sequence[Option] | None = None,
    chosen_all: tuple[int, Sequence[Option], VerificationObjective, bool] | None = None,
) -> CommitmentPlan:
    """Say why ``commitment`` is or is not deterred by ``chosen``.

    ``candidates`` are the commitment's :func:`options` when already computed; ``chosen_all``
    (its index, every commitment's chosen option, the objective, whether proven optimal) says
    what the budget went to when it is deterrable but not deterred.
    """
    c = commitment
    required = required_detection(c.gain, c.penalty)
    if candidates is None:
        candidates = options(c, means, budget)
    cheapest = cheapest_deterring(candidates)
    best = best_detection(c, means, budget)
    why = "the budget went to other commitments"
    if chosen_all is not None and cheapest is not None:
        why = budget_reason(*chosen_all[:2], cheapest, *chosen_all[2:])
    reason = _reason(c, chosen, cheapest, best, why)
    return CommitmentPlan(c, required, chosen, cheapest, best, reason)


def _reason(
    c: Commitment, chosen: Option, cheapest: Option | None, best: Fraction, why: str
) -> str:
    """Why ``c`` is (not) deterred by ``chosen``, in one sentence a person can check."""
    required = required_detection(c.gain, c.penalty)
    stakes = f"gain {show(c.gain)} against penalty {show(c.penalty)}"
    if c.gain == 0:
        return "deterred: nothing to gain by cheating on it"
    if chosen.deters:
        return (
            f"deterred: {uses_text(c, chosen.uses)} detect with probability "
            f"{_percent(chosen.detection)}, at least the {_percent(required)} needed "
            f"({stakes})"
        )
    if cheapest is None:
        return (
            f"not deterrable with the means available: they reach "
            f"{_percent(best)} detection at most, {_percent(required)} is needed "
            f"({stakes}); raise the penalty or add a means"
        )
    reason = (
        f"not deterred: deterring it needs {uses_text(c, cheapest.uses)} "
        f"(cost {show(cheapest.cost)}); {why}"
    )
    if any(chosen.uses):
        reason += (
            f"; {uses_text(c, chosen.uses)} cut the expected gain from cheating to "
            f"{show(chosen.cheating_gain)}"
        )
    return reason


def greedy(
    commitments: Sequence[Commitment],
    means: Mapping[str, MeansSpec],
    budget: Fraction | None = None,
) -> tuple[Option, ...]:
    """Baseline: deter the commitments cheapest to deter first, while budget and capacity last.

    >>> m = {"a": MeansSpec("a", Fraction(1, 2), cost=Fraction(1), per_item=3)}
    >>> cs = [Commitment("x", "g", Fraction(3), Fraction(1), ("a",))]
    >>> [o.uses for o in greedy(cs, m, Fraction(1))]
    [(0,)]
    """
    candidates = [options(c, means, budget) for c in commitments]
    chosen = [opts[0] for opts in candidates]
    left = budget
    used: dict[str, int] = dict.fromkeys(means, 0)
    order = sorted(range(len(commitments)), key=lambda i: _cheapest_cost(candidates[i]))
    for i in order:
        for option in sorted((o for o in candidates[i] if o.deters), key=lambda o: o.cost):
            if left is not None and option.cost > left:
                continue
            if not _fits(commitments[i], option, means, used):
                continue
            chosen[i] = option
            left = None if left is None else left - option.cost
            for m, k in zip(commitments[i].means, option.uses, strict=True):
                used[m] += k
            break
    return tuple(chosen)


def _cheapest_cost(candidates: Sequence[Option]) -> Fraction:
    best = cheapest_deterring(candidates)
    return Fraction(10**18) if best is None else best.cost


def _fits(
    c: Commitment, option: Option, means: Mapping[str, MeansSpec], used: Mapping[str, int]
) -> bool:
    for m, k in zip(c.means, option.uses, strict=True):
        cap = means[m].capacity
        if cap is not None and used[m] + k > cap:
            return False
    return True
