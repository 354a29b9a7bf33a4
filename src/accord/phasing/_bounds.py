"""Lower bounds on the periods any safe plan needs, each with a reason a person can check.

Every bound is derived from the safety condition (:mod:`accord.phasing._safety`) alone and is
returned as a :class:`Certificate`: the claim, in the scenario's terms, and the numbers behind
it. :func:`accord.phasing._certificate.confirm` checks a certificate independently. A bound above
the horizon proves that no safe plan exists within it.

Notation: ``C_p`` is what party ``p`` gains from the whole package, ``f_p`` its forfeit
(penalty plus escrow), ``G_p(t)`` the cost of what it has delivered up to period ``t`` and
``W_p(t)`` the worth to it of what it has received (and would keep) up to ``t``.

- **loses**: ``C_p + f_p < 0``: at its first delivery ``p``'s margin is at most ``C_p + f_p``.
- **item time**: an item needs more periods (duration, whole units at its capacity per
  period, prerequisites first) than the horizon has.
- **first step** (two givers): at ``p``'s first delivery its margin is ``C_p + f_p - W_p``; the
  other party delivers first (or at the same time), so ``W_p`` is at least the smallest worth
  one step of the other can have. If that exceeds ``C_p + f_p`` for both, no order is safe.
- **last step**: at the last delivery of the party that delivers last, every other delivery
  has been made and its margin is ``f_p`` plus what the others would take back from it
  (snapbacks) minus the cost of that step: if every giver's smallest step costs more than
  that, the last step is never safe.
- **ratchet** (two givers): as long as ``p`` still has something to deliver, what it has
  received cannot exceed ``C_p + f_p + G_p(t - 1)`` (its next delivery would be unsafe). So
  ``G_a(t) <= K_a(C_b + f_b + G_b(t - 1))`` where ``K_a(w)`` is the most ``a`` can have
  delivered at cost if ``b`` may receive worth ``w`` (a fractional knapsack over ``a``'s
  items), and the same for ``b``. Iterating from zero gives each party's largest possible
  delivery by each period; the party that finishes first needs all its package delivered,
  and the other all but its forfeit and what it would lose to snapbacks (after that it must
  finish at once). Verification lags, whole units and per-period capacities only make it
  slower: the bound ignores them.

Examples
--------
>>> from fractions import Fraction as F
>>> from accord.phasing._model import PhasingItem, PhasingProblem
>>> good = PhasingItem("good", "s", F(100), {"s": F(-1), "b": F(2)}, divisible=True)
>>> pay = PhasingItem("pay", "b", F(253, 2), {"s": F(1), "b": F(-1)}, divisible=True)
>>> problem = PhasingProblem(("s", "b"), (good, pay), {"s": F(1, 2), "b": F(1, 2)}, horizon=14)
>>> bound = ratchet(problem)
>>> bound.periods  # 12 periods cannot be enough: the published plan takes 14 (alternating)
13
>>> [(r.period, float(r.limits["s"]), float(r.limits["b"])) for r in bound.rows][:3]
[(1, 37.0, 27.0), (2, 50.5, 64.0), (3, 69.0, 77.5)]
"""

from __future__ import annotations

import math
from fractions import Fraction

from accord.phasing._certificate_types import Certificate, RatchetRow, number
from accord.phasing._model import PhasingItem, PhasingProblem
from accord.phasing._ratchet import (
    at_stake,
    cost,
    gain_and_forfeit,
    givers,
    knapsack_dual,
    ratchet,
    receipts_nonnegative,
    worth,
)

__all__ = [
    "Certificate",
    "RatchetRow",
    "at_stake",
    "certificates",
    "first_step",
    "gain_and_forfeit",
    "item_time",
    "knapsack_dual",
    "last_step",
    "loses",
    "ratchet",
]


def certificates(problem: PhasingProblem) -> list[Certificate]:
    """Every bound that applies to ``problem``, strongest first."""
    found = [
        c
        for c in (loses(problem), item_time(problem), first_step(problem), last_step(problem))
        if c is not None
    ]
    found.append(ratchet(problem) or _trivial(problem))
    return sorted(found, key=lambda c: -(c.periods or math.inf))


def _trivial(problem: PhasingProblem) -> Certificate:
    some = 1 if problem.items else 0
    return Certificate("trivial", some, "a plan with something to deliver takes a period")


def loses(problem: PhasingProblem) -> Certificate | None:
    """A giver whose gain plus forfeit is negative (receipts all worth >= 0 to it)."""
    for party in givers(problem):
        total = gain_and_forfeit(problem, party)
        if total < 0 and receipts_nonnegative(problem, party):
            text = (
                f"{party} loses {number(-problem.final_value(party))} from the package as a whole, "
                f"more than the {number(problem.forfeit(party))} it forfeits by defecting: at its "
                f"first delivery it is better off withholding everything"
            )
            return Certificate("loses", None, text, (party,))
    return None


def item_time(problem: PhasingProblem) -> Certificate | None:
    """The item that needs the most periods (duration, capacity, prerequisites), if too many."""
    done: dict[str, int | None] = {}
    for item in problem.items:
        _finish(problem, item, done)
    worst = max(done.items(), key=lambda kv: math.inf if kv[1] is None else kv[1], default=None)
    if worst is None or (worst[1] is not None and worst[1] <= 1):
        return None
    item = problem.item(worst[0])
    cap = "no cap" if item.per_period is None else f"at most {number(item.per_period)} a period"
    text = (
        f"'{item.id}' cannot be complete before period {worst[1]} ({number(item.amount)} units, "
        f"{cap}, duration {item.duration}, after {', '.join(item.after) or 'nothing'})"
        if worst[1] is not None
        else f"'{item.id}' can never be delivered (its capacity per period is 0)"
    )
    return Certificate("item_time", worst[1], text, items=(item.id,))


def _finish(problem: PhasingProblem, item: PhasingItem, done: dict[str, int | None]) -> int | None:
    """The earliest period by which ``item`` can be complete (``None``: never)."""
    if item.id in done:
        return done[item.id]
    done[item.id] = None  # guards against cycles
    start = item.duration
    for before in item.after:
        ready = _finish(problem, problem.item(before), done)
        if ready is None:
            return None
        start = max(start, ready + item.duration)
    cap = item.per_period
    if cap is not None and cap <= 0 and item.amount > 0:
        return None
    periods = 1 if cap is None or (item.divisible and cap >= item.amount) else None
    if periods is None:
        assert cap is not None
        step = cap if item.divisible else Fraction(math.floor(cap))
        if step <= 0:
            return None
        periods = max(1, math.ceil(item.amount / step))
    done[item.id] = start + periods - 1
    return done[item.id]


def smallest_step(item: PhasingItem) -> Fraction:
    """The least amount of ``item`` one step can deliver (0 for a divisible item)."""
    return Fraction(0) if item.divisible else min(Fraction(1), item.amount)


def first_step(problem: PhasingProblem) -> Certificate | None:
    """Two givers, each of whose smallest step is worth more to the other than the other's
    gain plus forfeit: whoever delivers first makes the other's first delivery unsafe."""
    giving = givers(problem)
    if len(giving) != 2 or not all(receipts_nonnegative(problem, p) for p in giving):
        return None
    parts = []
    for giver, other in (giving, giving[::-1]):
        least = min(
            ((worth(i, other) * smallest_step(i), i.id) for i in problem.items if i.giver == giver),
            default=None,
        )
        room = gain_and_forfeit(problem, other)
        if least is None or least[0] <= room:
            return None
        parts.append((giver, other, least, room))
    lines = [
        f"{giver}'s smallest step (one unit of '{item}') is worth {number(step)} to {other}, "
        f"more than the {number(room)} {other} gains and forfeits "
        f"({number(problem.forfeit(other))} forfeit)"
        for giver, other, (step, item), room in parts
    ]
    text = (
        "whoever delivers first, the other then gains by withholding its own first delivery: "
        + "; ".join(lines)
    )
    items = tuple(item for _, _, (_, item), _ in parts)
    return Certificate("first_step", None, text, tuple(giving), items)


def _stake_text(problem: PhasingProblem, party: str) -> str:
    stake, forfeit = at_stake(problem, party), problem.forfeit(party)
    if stake == forfeit:
        return f"its forfeit of {number(forfeit)}"
    return (
        f"the {number(stake)} it would lose by skipping it (forfeit {number(forfeit)}, snapbacks "
        f"{number(stake - forfeit)})"
    )


def last_step(problem: PhasingProblem) -> Certificate | None:
    """Every giver's smallest step costs it more than it loses by skipping that step (its
    forfeit and the snapbacks): whoever delivers last gains by skipping its last step."""
    parts = []
    for giver in givers(problem):
        least = min(
            ((cost(i) * smallest_step(i), i.id) for i in problem.items if i.giver == giver),
            default=None,
        )
        if least is None or least[0] <= at_stake(problem, giver):
            return None
        parts.append((giver, least))
    if not parts:
        return None
    lines = [
        f"{giver}'s smallest step (one unit of '{item}') costs it {number(cost)}, more than "
        + _stake_text(problem, giver)
        for giver, (cost, item) in parts
    ]
    text = (
        "whoever delivers last gains by skipping its last step, everything else received: "
        + "; ".join(lines)
    )
    items = tuple(item for _, (_, item) in parts)
    return Certificate("last_step", None, text, tuple(p for p, _ in parts), items)
