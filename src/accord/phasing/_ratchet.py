"""The ratchet bound (see :mod:`accord.phasing._bounds` for its derivation).

Examples
--------
>>> from fractions import Fraction as F
>>> items = [(F(2), F(3), F(1)), (F(1), F(1), F(1))]  # (amount, cost, worth to the other)
>>> m = knapsack_dual(items, F(2))  # worth 2 buys both units of the first: cost 6 at most
>>> m, dual_limit(items, F(2), m)
(Fraction(1, 1), Fraction(6, 1))
"""

from __future__ import annotations

import math
from fractions import Fraction

from accord.phasing._certificate_types import Certificate, RatchetRow, number
from accord.phasing._model import PhasingItem, PhasingProblem


def gain_and_forfeit(problem: PhasingProblem, party: str) -> Fraction:
    """``C_p + f_p``: what ``party`` gains from the package plus what it forfeits by defecting."""
    return problem.final_value(party) + problem.forfeit(party)


def at_stake(problem: PhasingProblem, party: str) -> Fraction:
    """What ``party`` loses by defecting once everything is delivered: its forfeit plus what
    the others take back from it (the recoverable part of their reversible items)."""
    back = sum(
        (
            i.value(party) * i.amount * (1 - i.kept_fraction())
            for i in problem.items
            if i.giver != party
        ),
        Fraction(0),
    )
    return problem.forfeit(party) + back


def givers(problem: PhasingProblem) -> list[str]:
    """The parties that give something."""
    return [p for p in problem.parties if any(i.giver == p for i in problem.items)]


def worth(item: PhasingItem, party: str) -> Fraction:
    """Value to ``party`` of one unit of ``item`` that it keeps after a snapback."""
    return item.value(party) * item.kept_fraction()


def cost(item: PhasingItem) -> Fraction:
    """What one unit of ``item`` costs its giver."""
    return -item.value(item.giver)


def receipts_nonnegative(problem: PhasingProblem, party: str) -> bool:
    """Whether everything others give ``party`` is worth at least 0 to it."""
    return all(worth(i, party) >= 0 for i in problem.items if i.giver != party)


def knapsack_dual(items: list[tuple[Fraction, Fraction, Fraction]], room: Fraction) -> Fraction:
    """The multiplier ``m`` proving the fractional knapsack bound: for (amount, cost, worth)
    items, the most cost with worth at most ``room`` is at most
    ``m * room + sum(amount * max(0, cost - m * worth))`` (weak duality), with equality here."""
    left = room
    for amount, cost, worth in sorted(items, key=lambda i: _ratio(i[1], i[2]), reverse=True):
        if worth <= 0:
            continue
        if amount * worth <= left:
            left -= amount * worth
        else:
            return max(Fraction(0), cost / worth)
    return Fraction(0)


def _ratio(cost: Fraction, worth: Fraction) -> Fraction | float:
    return math.inf if worth <= 0 else cost / worth


def dual_limit(
    items: list[tuple[Fraction, Fraction, Fraction]], room: Fraction, m: Fraction
) -> Fraction:
    """``m * room + sum(amount * max(0, cost - m * worth))``: an upper bound on the knapsack."""
    return m * room + sum((a * max(Fraction(0), c - m * w) for a, c, w in items), Fraction(0))


def ratchet(problem: PhasingProblem, longest: int | None = None) -> Certificate | None:
    """The ratchet bound for two givers (``None`` when it does not apply), followed for up to
    ``longest`` periods (default: one more than the horizon, enough to rule it out)."""
    longest = problem.horizon + 1 if longest is None else longest
    giving = givers(problem)
    if len(giving) != 2:
        return None
    a, b = giving
    if not all(receipts_nonnegative(problem, p) for p in giving):
        return None
    if (
        any(cost(i) < 0 for i in problem.items)
        or min(gain_and_forfeit(problem, p) for p in giving) < 0
    ):
        return None
    own = {
        p: [(i.amount, cost(i), worth(i, q)) for i in problem.items if i.giver == p]
        for p, q in ((a, b), (b, a))
    }
    total = {p: sum((n * c for n, c, _ in own[p]), Fraction(0)) for p in giving}
    reach = {q: gain_and_forfeit(problem, q) for q in giving}
    done = {a: Fraction(0), b: Fraction(0)}
    rows = []
    for t in range(1, longest + 1):
        step = {}
        multipliers = {}
        for p, q in ((a, b), (b, a)):
            room = reach[q] + done[q]
            m = knapsack_dual(own[p], room)
            multipliers[p] = m
            step[p] = min(total[p], dual_limit(own[p], room, m))
        stalled = step == done
        done = step
        rows.append(RatchetRow(t, dict(done), multipliers))
        if _finished(problem, done, total):
            return _ratchet_certificate(problem, t, tuple(rows), total)
        if stalled:
            return _ratchet_certificate(problem, None, tuple(rows), total)
    return _ratchet_certificate(problem, longest + 1, tuple(rows), total)


def _finished(
    problem: PhasingProblem, done: dict[str, Fraction], total: dict[str, Fraction]
) -> bool:
    a, b = total
    return any(
        done[first] >= total[first] and done[second] >= total[second] - at_stake(problem, second)
        for first, second in ((a, b), (b, a))
    )


def _ratchet_certificate(
    problem: PhasingProblem,
    periods: int | None,
    rows: tuple[RatchetRow, ...],
    total: dict[str, Fraction],
) -> Certificate:
    a, b = total
    reach = ", ".join(
        f"{p} {number(gain_and_forfeit(problem, p))} ({number(problem.final_value(p))} gain + "
        f"{number(problem.forfeit(p))} forfeit)"
        for p in total
    )
    when = (
        f"not before period {periods}"
        if periods is not None
        else f"never: the limits stop growing at {number(rows[-1].limits[a])} for {a} and "
        f"{number(rows[-1].limits[b])} for {b}"
    )
    text = (
        f"each period a party can receive at most what it gains and forfeits ({reach}) plus "
        f"the cost of what it has already delivered; so the deliveries can only ratchet up, "
        f"and one party's whole package ({number(total[a])} for {a}, {number(total[b])} for {b}) "
        f"with all but what the other loses by skipping its last step can be delivered {when}"
    )
    return Certificate("ratchet", periods, text, (a, b), (), rows)
