"""Lower bounds on the periods of a safe plan, compared on issue 18's twelve agreements.

The baseline is the planner's strongest checked certificate (:mod:`accord.phasing._bounds`,
the ratchet on these). Two stronger-looking bounds are measured against it:

- **end game**: the ratchet run backwards from the last period. At a step of ``p`` in period
  ``t`` (noticed ``l`` periods later) the safety condition reads ``left_p(t) <= f_p +
  still_p(t + l)``: what ``p`` has left to deliver (at cost) is at most its forfeit plus the
  worth of what it will still receive after it would be noticed. So, from the end,
  ``left_a <= f_a + most worth of b's items costing left_b`` one period later, and the same
  for ``b``; a plan of ``T`` periods needs, at every period, the forward limit on what was
  delivered to reach the total less the backward limit on what is left.
- **lags** (a relaxation of the planner's model, solved by HiGHS): per party, period and
  verification-lag class, the cost delivered (continuous, at most one unit of each item a
  period, at most ``k`` units of an item in ``k`` delivering periods, and within the ratchet's
  limits by period); a step noticed after
  ``l`` periods needs a delivery of lag ``l`` or less, and no lower; the number of periods with
  a delivery of a lag class is at most its units; the worth received is at least the least
  worth for the cost delivered (items by worth per cost). Every safe plan gives a solution, so
  a horizon it finds infeasible holds no safe plan. Each horizon from the certificate's up
  gets 20 s; the first with a solution is printed (``?``: undecided in the time).

``python -m benchmarks phasing_bounds`` (about 10 minutes).
"""

from __future__ import annotations

import os
import time
from dataclasses import replace
from fractions import Fraction

from accord.phasing._bounds import certificates
from accord.phasing._model import PhasingProblem
from accord.phasing._ratchet import cost, ratchet, worth
from accord.solver._control import Deadline
from accord.solver._model import Milp
from accord.solver._solve import solve
from benchmarks.phasing_instances import agreement

EACH = 20.0
"""Seconds for each horizon of the lags relaxation."""


def most_worth(problem: PhasingProblem, giver: str, to: str, spent: Fraction) -> Fraction:
    """The most worth to ``to`` of ``giver``'s units costing ``spent`` in all (fractional)."""
    rows = sorted(
        ((i.amount, cost(i), worth(i, to)) for i in problem.items if i.giver == giver),
        key=lambda r: -r[2] / r[1],
    )
    total, left = Fraction(0), spent
    for amount, unit, value in rows:
        take = min(amount, left / unit)
        total, left = total + take * value, left - take * unit
        if left <= 0:
            break
    return total


def end_game(problem: PhasingProblem) -> int:
    """The fewest periods the forward ratchet and the backward one allow together."""
    a, b = problem.parties
    rows = ratchet(replace(problem, horizon=200), longest=200)
    assert rows is not None
    forward = {p: [Fraction(0)] + [r.limits[p] for r in rows.rows] for p in (a, b)}
    total = {
        p: sum((cost(i) * i.amount for i in problem.items if i.giver == p), Fraction(0))
        for p in (a, b)
    }
    back = {a: [Fraction(0)], b: [Fraction(0)]}
    for _ in range(200):
        back[a].append(min(total[a], problem.forfeit(a) + most_worth(problem, b, a, back[b][-1])))
        back[b].append(min(total[b], problem.forfeit(b) + most_worth(problem, a, b, back[a][-1])))

    def possible(periods: int) -> bool:
        return all(
            forward[p][min(t - 1, len(forward[p]) - 1)] >= total[p] - back[p][periods - t + 1]
            for t in range(1, periods + 1)
            for p in (a, b)
        )

    return next(t for t in range(1, 200) if possible(t))


def _least_worth(lp: Milp, problem: PhasingProblem, giver: str, to: str, spent: int) -> int:
    """A column at least the least worth to ``to`` of ``giver``'s units costing ``spent``
    (a convex function of the cost: one row per piece, items by worth per cost)."""
    items = sorted(
        ((i.amount, cost(i), worth(i, to)) for i in problem.items if i.giver == giver),
        key=lambda r: r[2] / r[1],
    )
    column = lp.var(0, 10**7)
    done, value = Fraction(0), Fraction(0)
    for amount, unit, each in items:
        slope = each / unit
        lp.row({column: 1, spent: -slope}, lo=value - slope * done)
        done, value = done + amount * unit, value + amount * each
    return column


def _class_columns(
    lp: Milp, problem: PhasingProblem, party: str, lag: int, horizon: int
) -> tuple[list[int], list[int]]:
    """Cost delivered by ``party`` of its items of verification lag ``lag``, up to each period
    (columns), and whether it delivers any of them in each period (binaries)."""
    items = [i for i in problem.items if i.giver == party and i.verify_lag == lag]
    total = sum((cost(i) * i.amount for i in items), Fraction(0))
    most = [sum((cost(i) * min(i.amount, k) for i in items), Fraction(0)) for k in range(7)]
    upto: list[int] = []
    moves: list[int] = []
    before: int | None = None
    count: int | None = None
    for t in range(1, horizon + 1):
        now, move = lp.var(total if t == horizon else 0, total), lp.binary()
        step = {now: 1, **({} if before is None else {before: -1})}
        lp.row({**step, move: -most[1]}, hi=0)
        lp.row(step, lo=0)
        seen = lp.var(0, t)
        lp.row({seen: 1, move: -1, **({} if count is None else {count: -1})}, lo=0, hi=0)
        for k in range(6):
            lp.row(
                {now: 1, seen: -(most[k + 1] - most[k])}, hi=most[k] - (most[k + 1] - most[k]) * k
            )
        upto.append(now)
        moves.append(move)
        before, count = now, seen
    units = sum(i.amount for i in items)
    lp.row(dict.fromkeys(moves, 1), hi=units)
    return upto, moves


def lags_relaxation(problem: PhasingProblem, horizon: int) -> Milp:
    """The relaxation described above, for ``horizon`` periods."""
    lp = Milp()
    lags = sorted({i.verify_lag for i in problem.items})
    spent: dict[str, dict[int, list[int]]] = {}
    notice: dict[str, list[list[int]]] = {}
    for party in problem.parties:
        spent[party] = {}
        moves: dict[int, list[int]] = {}
        for lag in lags:
            spent[party][lag], moves[lag] = _class_columns(lp, problem, party, lag, horizon)
        notice[party] = [_notice(lp, lags, moves, t) for t in range(horizon)]
    for party in problem.parties:
        _safety(lp, problem, party, spent, notice[party], horizon)
    limits = ratchet(replace(problem, horizon=horizon), longest=horizon)
    for row in [] if limits is None else limits.rows[:horizon]:
        for party in problem.parties:  # the ratchet's limits hold too
            columns = [spent[party][lag][row.period - 1] for lag in lags]
            lp.row(dict.fromkeys(columns, 1), hi=row.limits[party])
    return lp


def _notice(lp: Milp, lags: list[int], moves: dict[int, list[int]], t: int) -> list[int]:
    """Binaries: the step at ``t`` (0-based) is noticed within each lag class's lag or sooner."""
    within = [lp.binary() for _ in lags]
    for k, lag in enumerate(lags):
        if k:
            lp.row({within[k - 1]: 1, within[k]: -1}, hi=0)
        lp.row({moves[lag][t]: 1, within[k]: -1}, hi=0)
        lp.row({within[k]: 1, **{moves[c][t]: -1 for c in lags if c <= lag}}, hi=0)
    return within


def _safety(
    lp: Milp,
    problem: PhasingProblem,
    party: str,
    spent: dict[str, dict[int, list[int]]],
    notice: list[list[int]],
    horizon: int,
) -> None:
    """At a step of ``party`` noticed after ``lag`` periods: what it has received by then is
    at most what it gains and forfeits plus the cost of what it delivered before."""
    other = next(p for p in problem.parties if p != party)
    reach = problem.final_value(party) + problem.forfeit(party)
    lags = sorted(spent[party])
    received = []
    for t in range(horizon):
        total = lp.var(0, 10**7)
        parts = {total: Fraction(1)}
        for lag in lags:
            parts[_least_worth(lp, problem, other, party, spent[other][lag][t])] = Fraction(-1)
        lp.row(parts, lo=0)
        received.append(total)
    for t in range(horizon):
        for k, lag in enumerate(lags):
            coefs = {received[min(t + lag, horizon - 1)]: Fraction(1)}
            if t:
                coefs |= {spent[party][c][t - 1]: Fraction(-1) for c in lags}
            when = [(notice[t][-1], True)] + ([] if k == 0 else [(notice[t][k - 1], False)])
            lp.row(coefs, hi=reach, when=when)


def first_possible(problem: PhasingProblem, start: int) -> str:
    """The first horizon from ``start`` the lags relaxation finds a solution for."""
    for horizon in range(start, problem.horizon + 1):
        outcome = solve(lags_relaxation(problem, horizon), {}, Deadline.after(EACH))
        if outcome.status == "infeasible":
            continue
        return str(horizon) if outcome.x else f"? at {horizon}"
    return f"none within {problem.horizon}"


def main() -> None:
    print(f"load average at start: {os.getloadavg()}, {os.cpu_count()} cores", flush=True)
    for items in (30, 60, 100):
        for penalty in (20, 30, 60, 200):
            problem = agreement(items, penalty, seed=items * 1000 + penalty)
            best = certificates(problem)[0]
            start = time.perf_counter()
            lags = first_possible(problem, best.periods or 1)
            print(
                f"{items:3} items, penalty {penalty:3}: certificate ({best.kind}) "
                f"{best.periods}; with the end game {end_game(problem)}; lags relaxation: "
                f"first horizon with a solution {lags} ({time.perf_counter() - start:.1f} s); "
                f"load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    print(f"load average at end: {os.getloadavg()}")


if __name__ == "__main__":
    main()
