"""The independent check of a :class:`~accord.phasing._bounds.Certificate`.

It re-derives every number the certificate relies on from the problem itself, in plain exact
loops, and shares no code with :mod:`accord.phasing._bounds` (only the certificate's type): a
certificate is *confirmed* when the check finds nothing wrong.

Examples
--------
>>> from fractions import Fraction as F
>>> from accord.phasing._bounds import certificates
>>> from accord.phasing._model import PhasingItem, PhasingProblem
>>> good = PhasingItem("good", "s", F(1), {"s": F(-10), "b": F(30)})
>>> pay = PhasingItem("pay", "b", F(1), {"s": F(20), "b": F(-20)})
>>> strongest = certificates(PhasingProblem(("s", "b"), (good, pay), horizon=4))[0]
>>> strongest.kind, strongest.periods, confirm(PhasingProblem(("s", "b"), (good, pay)), strongest)
('first_step', None, [])
"""

from __future__ import annotations

import math
from fractions import Fraction

from accord.phasing._bounds import Certificate
from accord.phasing._model import PhasingProblem


def confirm(problem: PhasingProblem, certificate: Certificate) -> list[str]:
    """What is wrong with ``certificate`` for ``problem`` (an empty list: confirmed)."""
    check = {
        "loses": _loses,
        "item_time": _item_time,
        "first_step": _first_step,
        "last_step": _last_step,
        "ratchet": _ratchet,
        "trivial": _trivial,
    }.get(certificate.kind)
    if check is None:
        return [f"unknown kind of certificate '{certificate.kind}'"]
    return check(problem, certificate)


def _value(problem: PhasingProblem, item_id: str, party: str) -> Fraction:
    for item in problem.items:
        if item.id == item_id:
            return Fraction(item.values.get(party, 0))
    raise KeyError(item_id)


def _reach(problem: PhasingProblem, party: str) -> Fraction:
    """Gain from the whole package plus penalty and escrow, summed afresh."""
    gain = Fraction(0)
    for item in problem.items:
        gain += Fraction(item.values.get(party, 0)) * item.amount
    return gain + Fraction(problem.penalty.get(party, 0)) + Fraction(problem.escrow.get(party, 0))


def _kept(problem: PhasingProblem, party: str) -> list[tuple[Fraction, Fraction, Fraction]]:
    """(amount, cost to the giver, worth kept by ``party``) of each item others give it."""
    rows = []
    for item in problem.items:
        if item.giver == party:
            continue
        back = Fraction(0) if item.reversible is None else item.reversible.recover
        worth = Fraction(item.values.get(party, 0)) * (1 - back)
        rows.append((item.amount, -Fraction(item.values.get(item.giver, 0)), worth))
    return rows


def _giving(problem: PhasingProblem) -> list[str]:
    return [p for p in problem.parties if any(i.giver == p for i in problem.items)]


def _loses(problem: PhasingProblem, certificate: Certificate) -> list[str]:
    (party,) = certificate.parties
    wrong = []
    if any(w < 0 for _, _, w in _kept(problem, party)):
        wrong.append(f"{party} receives something worth less than nothing to it")
    if _reach(problem, party) >= 0:
        wrong.append(f"{party}'s gain plus forfeit is {_reach(problem, party)}, not negative")
    return wrong


def _item_time(problem: PhasingProblem, certificate: Certificate) -> list[str]:
    (item_id,) = certificate.items
    earliest = _complete_by(problem, item_id, set())
    if earliest != certificate.periods:
        return [f"'{item_id}' can be complete by period {earliest}, not {certificate.periods}"]
    return []


def _complete_by(problem: PhasingProblem, item_id: str, seen: set[str]) -> int | None:
    item = next(i for i in problem.items if i.id == item_id)
    if item_id in seen:
        return None
    start = item.duration
    for before in item.after:
        ready = _complete_by(problem, before, seen | {item_id})
        if ready is None:
            return None
        start = max(start, ready + item.duration)
    left, period = item.amount, start
    while True:  # deliver as much as allowed each period
        most = left if item.per_period is None else min(left, item.per_period)
        if not item.divisible:
            most = Fraction(math.floor(most))
        if most <= 0:
            return None
        left -= most
        if left <= 0:
            return period
        period += 1


def _first_step(problem: PhasingProblem, certificate: Certificate) -> list[str]:
    givers = _giving(problem)
    if sorted(givers) != sorted(certificate.parties) or len(givers) != 2:
        return ["a first-step certificate needs exactly the two giving parties"]
    wrong = []
    for giver in givers:
        other = givers[1 - givers.index(giver)]
        if any(w < 0 for _, _, w in _kept(problem, other)):
            wrong.append(f"{other} receives something worth less than nothing to it")
        for item in problem.items:
            if item.giver != giver:
                continue
            if item.divisible:
                wrong.append(f"'{item.id}' is divisible: a step of it can be worth next to 0")
                continue
            back = Fraction(0) if item.reversible is None else item.reversible.recover
            unit = min(Fraction(1), item.amount)
            worth = _value(problem, item.id, other) * (1 - back) * unit
            if worth <= _reach(problem, other):
                wrong.append(f"a step of '{item.id}' is worth only {worth} to {other}")
    return wrong


def _stake(problem: PhasingProblem, party: str) -> Fraction:
    """Forfeit plus what the others would take back from ``party``, summed afresh."""
    stake = Fraction(problem.penalty.get(party, 0)) + Fraction(problem.escrow.get(party, 0))
    for item in problem.items:
        if item.giver != party and item.reversible is not None:
            value = Fraction(item.values.get(party, 0))
            stake += value * item.amount * item.reversible.recover
    return stake


def _last_step(problem: PhasingProblem, certificate: Certificate) -> list[str]:
    wrong = []
    for giver in _giving(problem):
        forfeit = _stake(problem, giver)
        for item in problem.items:
            if item.giver != giver:
                continue
            if item.divisible:
                wrong.append(f"'{item.id}' is divisible: a step of it can cost next to 0")
                continue
            cost = -_value(problem, item.id, giver) * min(Fraction(1), item.amount)
            if cost <= forfeit:
                wrong.append(f"a step of '{item.id}' costs {giver} only {cost}")
    return wrong


def _ratchet(problem: PhasingProblem, certificate: Certificate) -> list[str]:
    givers = _giving(problem)
    if len(givers) != 2 or sorted(givers) != sorted(certificate.parties):
        return ["a ratchet certificate needs exactly the two giving parties"]
    a, b = givers
    wrong = []
    for party in givers:
        if any(w < 0 for _, _, w in _kept(problem, party)):
            wrong.append(f"{party} receives something worth less than nothing to it")
    own = {a: _kept(problem, b), b: _kept(problem, a)}  # what a gives is what b keeps
    total = {p: sum((n * c for n, c, _ in own[p]), Fraction(0)) for p in givers}
    if any(c < 0 for p in givers for _, c, _ in own[p]):
        wrong.append("some item has a negative cost to its giver")
    previous = {a: Fraction(0), b: Fraction(0)}
    rows = certificate.rows
    last = certificate.periods
    for number, row in enumerate(rows, start=1):
        if row.period != number:
            wrong.append(f"row {number} is for period {row.period}")
        for party, other in ((a, b), (b, a)):
            room = _reach(problem, other) + previous[other]
            m = row.multipliers[party]
            bound = m * room + sum(
                (n * max(Fraction(0), c - m * w) for n, c, w in own[party]), Fraction(0)
            )
            if m < 0 or row.limits[party] < min(total[party], bound):
                wrong.append(f"period {row.period}: {party}'s limit is not proven")
        previous = dict(row.limits)
        if (last is None or row.period < last) and _done(problem, row.limits, total, a, b):
            wrong.append(f"the package could be delivered by period {row.period}")
    if last is None:
        stalled = len(rows) >= 2 and rows[-1].limits == rows[-2].limits
        if not stalled:
            wrong.append("the limits do not stop short of the package")
    elif len(rows) < last - 1:
        wrong.append(f"the rows stop before period {last - 1}")
    return wrong


def _done(
    problem: PhasingProblem, limits: dict[str, Fraction], total: dict[str, Fraction], a: str, b: str
) -> bool:
    return (limits[a] >= total[a] and limits[b] >= total[b] - _stake(problem, b)) or (
        limits[b] >= total[b] and limits[a] >= total[a] - _stake(problem, a)
    )


def _trivial(problem: PhasingProblem, certificate: Certificate) -> list[str]:
    if certificate.periods and not problem.items:
        return ["there is nothing to deliver"]
    return []
