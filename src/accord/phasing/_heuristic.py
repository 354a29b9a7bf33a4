"""A first safe plan, fast: lockstep delivery that keeps what each party receives within reach.

The safety condition (:mod:`accord.phasing._safety`) at a step in period ``t`` where party ``p``
delivers, noticed ``l`` periods later (the smallest verification lag of what it delivers), is

``R_p(t + l) <= cap_p(t) = C_p + forfeit_p - O_p(t - 1)``

where ``O_p(t)`` is the value to ``p`` of its own deliveries up to ``t`` (a cost: negative) and
``R_p(s)`` the value to ``p`` of what it has received up to ``s`` and would keep. The heuristic
walks the periods in order. In each one, every party with something left to give is treated as if
it delivers (its cap binds what it may receive in that period), and a party that delivered with
lag ``l`` keeps that cap for the next ``l`` periods. Each giver then adds what it can, item by
item (the item needing the most periods first, a promptly verified item first among those), as
long as no receiver's room ``cap - R`` falls below zero. Giving raises the giver's own cap, so
the exchange ratchets up: lockstep delivery whose every step is covered by the forfeit.

The plan is checked by the independent auditor (:func:`accord.phasing._audit.audit_plan`) by
whoever uses it; the heuristic only ever proposes.

Examples
--------
>>> from fractions import Fraction as F
>>> from accord.phasing._model import PhasingItem, PhasingProblem
>>> good = PhasingItem("good", "s", F(100), {"s": F(-1), "b": F(2)}, divisible=True)
>>> pay = PhasingItem("pay", "b", F(253, 2), {"s": F(1), "b": F(-1)}, divisible=True)
>>> penalty = {"s": F(1, 2), "b": F(1, 2)}
>>> problem = PhasingProblem(("s", "b"), (good, pay), penalty, horizon=20, alternate=True)
>>> plan = lockstep_plan(problem, lead="s")  # the published plan: 7 chunks, 14 periods
>>> [str(a) for s in plan.steps for a in s.deliveries.values()]
['37', '64', '32', '32', '16', '16', '8', '8', '4', '4', '2', '2', '1', '1/2']
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from fractions import Fraction

from accord.phasing._model import PhasingItem, PhasingProblem, Plan, Step


@dataclass
class _State:
    """The heuristic's walk: amounts delivered, each party's own value and receipts so far."""

    problem: PhasingProblem
    left: dict[str, Fraction]
    done_at: dict[str, int] = field(default_factory=dict)
    own: dict[str, Fraction] = field(default_factory=dict)
    kept: dict[str, Fraction] = field(default_factory=dict)
    pending: list[tuple[str, int, Fraction]] = field(default_factory=list)
    """Caps still binding: (party, last period it binds, cap)."""
    ration: frozenset[str] = frozenset()
    """Givers that put one unit of their most promptly verified kind in a step, not more."""

    def gives_later(self, party: str) -> bool:
        return any(self.left[i.id] > 0 for i in self.problem.items if i.giver == party)

    def room(self, party: str, period: int) -> Fraction | None:
        """How much more ``party`` may receive in ``period`` (``None``: no limit)."""
        caps = [cap for p, until, cap in self.pending if p == party and until >= period]
        if self.gives_later(party):
            caps.append(self.own_cap(party))
        return None if not caps else min(caps) - self.kept.get(party, Fraction(0))

    def own_cap(self, party: str) -> Fraction:
        p = self.problem
        gain = p.final_value(party) + p.forfeit(party)
        return gain - self.own.get(party, Fraction(0))


RULES = ("periods", "ratio", "bulk", "lagged", "lagged_prompt", "weighted", "weighted_costly")
"""How a giver orders its items: the most periods still needed first; the least worth to the
receivers per cost to the giver first (room used sparingly); the largest steps first (while
the rooms are large, leaving small steps for the end); the most periods still needed counting
the verification lag first (a late-verified item started early no longer holds the last
periods back: on issue 18's generated agreements with thin margins, 25 periods instead of 34
and 43 instead of 64), with or without a promptly verified item first (each wins on some:
23 and 29 periods where the other needs 25 and 33, but it gets stuck where the other needs 43);
the most periods still needed (lag included) times the cost of a unit first (``weighted``: an
expensive unit verified late is what gets stuck at the end, when the rooms are down to the
forfeits), with the promptly verified item that needs the most periods first, or the costliest
one (``weighted_costly``, keeping cheap prompt units for the end): on issue 18's 100 items with
penalty 20, 36 and 35 periods where the rules before needed 44. Every rule but ``lagged`` puts a
promptly verified item first."""


def lockstep_plan(
    problem: PhasingProblem,
    *,
    rule: str = "periods",
    lead: str | None = None,
    ration: frozenset[str] = frozenset(),
) -> Plan | None:
    """A safe plan built period by period within ``problem.horizon``, or ``None`` if stuck.

    ``rule`` (one of :data:`RULES`) orders each giver's items; ``lead`` is the party that moves
    first when turns alternate. :func:`first_plans` tries each. A giver in ``ration`` delivers
    at most one unit of its most promptly verified kind in a step (while it has others to
    deliver): a party with few such units keeps them for later steps, each of which they make
    promptly verified (used for the starts of :mod:`accord.phasing._endgame`).
    """
    state = _State(problem, {i.id: i.amount for i in problem.items}, ration=ration)
    steps = []
    idle = 0
    for period in range(1, problem.horizon + 1):
        if all(v == 0 for v in state.left.values()):
            break
        delivered = _one_period(state, period, rule, lead)
        if delivered:
            steps.append(Step(period, delivered))
            idle = 0
        else:
            idle += 1
            if idle > _patience(problem):
                return None  # nothing can change any more: stuck
    if any(v > 0 for v in state.left.values()):
        return None
    return Plan(tuple(steps))


def first_plans(problem: PhasingProblem) -> Iterator[Plan]:
    """The heuristic's plans, one per ordering rule and leading party, then the same with turns
    taken even where the problem does not ask for them (each still to be audited by whoever
    uses it).

    Taking turns is a restriction, so a plan built with turns is safe for the problem without
    them; it spends verification lags better: a party whose step is verified ``l`` periods late
    holds the other's next step back ``l`` periods (the receipts until it is noticed count
    against it), and in turns each party needs a promptly verified unit only every other
    period, not every period. On issue 18's 60 items with penalty 20 (a party with 11 promptly
    verified units), 35 periods where every ordering without turns needed 43 or more.
    """
    for alternate in dict.fromkeys((problem.alternate, True)):
        turns = replace(problem, alternate=alternate)
        leads: list[str | None] = list(problem.parties) if alternate else [None]
        for lead in leads:
            for rule in RULES:
                plan = lockstep_plan(turns, rule=rule, lead=lead)
                if plan is not None:
                    yield plan


def _patience(problem: PhasingProblem) -> int:
    """Idle periods after which nothing can change (lags expire, durations pass)."""
    lags = max((i.verify_lag for i in problem.items), default=0)
    durations = max((i.duration for i in problem.items), default=1)
    return lags + durations + 1


def _one_period(state: _State, period: int, rule: str, lead: str | None) -> dict[str, Fraction]:
    problem = state.problem
    rooms = {p: state.room(p, period) for p in problem.parties}
    caps = {p: state.own_cap(p) for p in problem.parties}
    delivered: dict[str, Fraction] = {}
    givers = _givers(state, period, lead)
    for giver in givers:
        room = rooms[giver]
        if room is not None and room < 0:
            continue  # it would gain by withholding whatever it delivered now
        own = _deliver(state, giver, period, rooms, rule)
        if own:
            lag = min(problem.item(i).verify_lag for i in own)
            if lag > 0:
                state.pending.append((giver, period + lag, caps[giver]))
            delivered.update(own)
            if problem.alternate:
                break
    for item_id, amount in delivered.items():
        _record(state, problem.item(item_id), amount, period)
    return delivered


def _givers(state: _State, period: int, lead: str | None) -> list[str]:
    """Parties with something left, ``lead`` first, then the one with most value left to give
    (alternating turns go to a party that did not deliver in the period before)."""
    problem = state.problem
    left = {
        p: sum((-i.value(p) * state.left[i.id] for i in problem.items if i.giver == p), Fraction(0))
        for p in problem.parties
        if state.gives_later(p)
    }
    order = sorted(left, key=lambda p: (p != lead, -left[p], problem.parties.index(p)))
    if problem.alternate and state.done_at:
        last = max(state.done_at.values())
        recent = {problem.item(i).giver for i, t in state.done_at.items() if t == last}
        order.sort(key=lambda p: p in recent and last == period - 1)
    return order


def _deliver(
    state: _State,
    giver: str,
    period: int,
    rooms: dict[str, Fraction | None],
    rule: str,
) -> dict[str, Fraction]:
    """What ``giver`` delivers in ``period``: item by item, within every receiver's room."""
    chosen: dict[str, Fraction] = {}
    for item in _candidates(state, giver, period, rule):
        amount = _fitting(state, item, rooms)
        if amount <= 0:
            continue
        chosen[item.id] = amount
        for party in state.problem.parties:
            room = rooms[party]
            if party != item.giver and room is not None:
                rooms[party] = room - _worth(item, party) * amount
    return chosen


def _candidates(state: _State, giver: str, period: int, rule: str) -> list[PhasingItem]:
    problem = state.problem
    ready = [
        i
        for i in problem.items
        if i.giver == giver and state.left[i.id] > 0 and _ready(state, i, period)
    ]

    def periods_needed(item: PhasingItem) -> int:
        cap = item.per_period
        return 1 if cap is None or cap <= 0 else math.ceil(state.left[item.id] / cap)

    def room_used(item: PhasingItem) -> Fraction:
        cost = -item.value(giver)
        worth = sum((max(Fraction(0), _worth(item, p)) for p in problem.parties), Fraction(0))
        return worth / cost if cost > 0 else Fraction(0)

    def step_worth(item: PhasingItem) -> Fraction:
        unit = min(Fraction(1), item.amount) if not item.divisible else Fraction(0)
        return unit * sum((max(Fraction(0), _worth(item, p)) for p in problem.parties), Fraction(0))

    keys: dict[str, Callable[[PhasingItem], tuple[Fraction | int, ...]]] = {
        "periods": lambda i: (-periods_needed(i), i.verify_lag, room_used(i)),
        "ratio": lambda i: (room_used(i), -periods_needed(i), i.verify_lag),
        "bulk": lambda i: (-step_worth(i), -periods_needed(i), i.verify_lag),
        "lagged": lambda i: (-periods_needed(i) - i.verify_lag, i.verify_lag, room_used(i)),
    }

    def weighted(item: PhasingItem) -> tuple[Fraction, int]:
        return (-(periods_needed(item) + item.verify_lag) * -item.value(giver), item.verify_lag)

    keys["lagged_prompt"] = keys["lagged"]
    keys["weighted"] = keys["weighted_costly"] = weighted
    ready.sort(key=keys[rule])
    first = (
        (lambda i: (i.verify_lag, i.value(giver)))  # the costliest: its value to giver < 0
        if rule == "weighted_costly"
        else (lambda i: (i.verify_lag, -periods_needed(i)))
    )
    prompt = min(ready, key=first, default=None)
    if prompt is not None and rule != "lagged":  # a promptly verified delivery first
        ready.remove(prompt)
        ready.insert(0, prompt)
        if giver in state.ration:
            later = [i for i in ready[1:] if i.verify_lag > prompt.verify_lag]
            ready = [prompt, *later] if later else ready
    return ready


def _ready(state: _State, item: PhasingItem, period: int) -> bool:
    if period < item.duration:
        return False
    for before in item.after:
        finished = state.done_at.get(before)
        if state.left[before] > 0 or finished is None or finished > period - item.duration:
            return False
    return True


def _fitting(state: _State, item: PhasingItem, rooms: dict[str, Fraction | None]) -> Fraction:
    """The largest amount of ``item`` deliverable now within every receiver's room."""
    amount = state.left[item.id]
    if item.per_period is not None:
        amount = min(amount, item.per_period)
    for party in state.problem.parties:
        worth, room = _worth(item, party), rooms[party]
        if party == item.giver or room is None or worth <= 0:
            continue
        amount = min(amount, max(Fraction(0), room) / worth)
    return amount if item.divisible else Fraction(math.floor(amount))


def _worth(item: PhasingItem, party: str) -> Fraction:
    """Value to ``party`` of one unit of ``item`` that it would keep if it defected."""
    return item.value(party) * item.kept_fraction()


def _record(state: _State, item: PhasingItem, amount: Fraction, period: int) -> None:
    state.left[item.id] -= amount
    if state.left[item.id] == 0:
        state.done_at[item.id] = period
    for party in state.problem.parties:
        if party == item.giver:
            state.own[party] = state.own.get(party, Fraction(0)) + item.value(party) * amount
        else:
            state.kept[party] = state.kept.get(party, Fraction(0)) + _worth(item, party) * amount
