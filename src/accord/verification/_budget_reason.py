"""Why the allocation left a deterrable commitment undeterred: what its budget went to.

The reason must hold for the allocation found: under ``deter_most`` the budget went to
deterring others (named as cheaper to deter only when each of them was), under
``minimax_gain`` first to lowering the largest expected gain from cheating.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from accord.choices import VerificationObjective
from accord.verification._numbers import show
from accord.verification._options import Option


def budget_reason(
    k: int,
    chosen: Sequence[Option],
    cheapest: Option,
    objective: VerificationObjective,
    optimal: bool,
) -> str:
    """What the budget went to instead of deterring commitment ``k`` (by ``cheapest``).

    >>> cheap, dear = (Option((1,), Fraction(c), Fraction(1), Fraction(0)) for c in (1, 4))
    >>> left = Option((0,), Fraction(0), Fraction(0), Fraction(3))
    >>> budget_reason(0, [left, cheap], dear, VerificationObjective.DETER_MOST, True)
    'the budget went to commitments that are cheaper to deter'
    >>> budget_reason(0, [left, dear], cheap, VerificationObjective.DETER_MOST, True)
    "the budget went to deterring 1 other commitment; deterring this one as well does not fit the budget and the means' capacities"
    >>> budget_reason(0, [left, left], cheap, VerificationObjective.MINIMAX_GAIN, True)
    'the budget went to lowering the largest expected gain from cheating (minimax_gain), left at 3'
    """  # noqa: E501
    others = [o for j, o in enumerate(chosen) if j != k and o.deters and o.cost > 0]
    if objective == VerificationObjective.MINIMAX_GAIN:
        largest = max((max(Fraction(0), o.cheating_gain) for o in chosen), default=Fraction(0))
        reason = (
            "the budget went to lowering the largest expected gain from cheating "
            f"(minimax_gain), left at {show(largest)}"
        )
        return reason + (f", then to deterring {_count(len(others))}" if others else "")
    if others and all(o.cost < cheapest.cost for o in others):
        return "the budget went to commitments that are cheaper to deter"
    reason = f"the budget went to deterring {_count(len(others))}" if others else ""
    fit = "deterring this one as well does not fit the budget and the means' capacities"
    if not optimal:
        fit = "the solver stopped (time limit) before it could deter this one as well"
    return f"{reason}; {fit}" if reason else fit


def _count(n: int) -> str:
    return f"{n} other commitment" + ("" if n == 1 else "s")
