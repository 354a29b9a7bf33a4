"""The planner's mixed-integer model of a phasing problem (see :mod:`accord.phasing._planner`).

Columns, for item ``i`` and period ``t``: ``x[i,t]`` the amount delivered (integer for
indivisible items), ``X[i,t]`` the amount delivered up to ``t`` (``X[i,t] = X[i,t-1] + x[i,t]``)
and ``on[i,t]`` whether anything is delivered (the amount itself when an indivisible item moves
at most one unit a period). Every row reads cumulative amounts through ``X``, so the model grows
linearly in items × periods. Coefficients are exact fractions.

Safety: for each party ``p``, period ``t`` and verification-lag class ``l`` of ``p``'s items, a
binary ``d[p,t,l]`` = "``p`` delivers an item with lag ``<= l`` at ``t``", and the indicator row
``D_p(t, noticed t + l) <= C_p`` enforced when ``d[p,t,l] = 1`` and ``d[p,t,l-1] = 0``: exactly
the auditor's condition. When ``p`` values everything others give at ``>= 0``, the row of its
smallest lag class is implied at every period (defecting where nothing is due is no better than
at the next delivery), so it is added unconditionally: a much tighter relaxation.

Examples
--------
>>> from fractions import Fraction as F
>>> from accord.phasing._model import PhasingItem, PhasingProblem
>>> item = PhasingItem("x", "a", F(1), {"b": F(1)})
>>> form = build(PhasingProblem(("a", "b"), (item,), horizon=3))
>>> len(form.used), form.lp.integral()
(3, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from accord import limits
from accord.phasing._model import PhasingItem, PhasingProblem, Plan
from accord.phasing._safety import exposure
from accord.solver._model import Milp


@dataclass
class Formulation:
    """The model and the indices of its columns."""

    lp: Milp
    horizon: int
    amount: dict[tuple[str, int], int] = field(default_factory=dict)
    cumulative: dict[tuple[str, int], int] = field(default_factory=dict)
    on: dict[tuple[str, int], int] = field(default_factory=dict)
    used: list[int] = field(default_factory=list)
    last_period: int = -1
    max_exposure: int = -1
    slack: dict[str, int] = field(default_factory=dict)
    """With ``build(..., slack=True)``: each party's extra forfeit that would make it safe."""
    either: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    """Binaries that are 1 when one of the ``on`` binaries listed is (to start from a plan)."""

    def delivered(self, item_id: str, through: int, weight: Fraction) -> dict[int, Fraction]:
        """Coefficients of ``weight * X[item, through]`` (nothing before period 1)."""
        if through <= 0 or weight == 0:
            return {}
        return {self.cumulative[item_id, min(through, self.horizon)]: weight}


def build(problem: PhasingProblem, slack: bool = False) -> Formulation:
    """Build the model: amounts, totals, order, turns, safety rows, objective helpers.

    The model's columns (about three per item and period) are counted against the
    ``planner_variables`` limit first. With ``slack``, every safety row of party p is relaxed
    by a column ``slack[p] >= 0``: the extra penalty (or escrow) p would need for the plan to
    be safe.
    """
    columns = 3 * len(problem.items) * problem.horizon + problem.horizon + 2
    what = f"the plan ({len(problem.items)} items over {problem.horizon} periods)"
    limits.check("planner_variables", columns, what)
    form = Formulation(Milp(), problem.horizon)
    if slack:
        form.slack = {
            p: form.lp.var(0, _big_m(problem, p), grid=_grid(problem, p)) for p in problem.parties
        }
    for item in problem.items:
        _item_columns(form, problem, item)
    for item in problem.items:
        _prerequisite_rows(form, problem, item)
    _period_columns(form, problem)
    if problem.alternate:
        _turn_rows(form, problem)
    for party in problem.parties:
        _safety_rows(form, problem, party)
    top = max((_big_m(problem, p) for p in problem.parties), default=Fraction(1))
    form.max_exposure = form.lp.var(0, top, grid=_exposure_grid(problem))
    for party in problem.parties:
        _exposure_rows(form, problem, party)
    return form


def _item_columns(form: Formulation, problem: PhasingProblem, item: PhasingItem) -> None:
    lp = form.lp
    cap = item.amount if item.per_period is None else min(item.amount, item.per_period)
    integer = not item.divisible
    step = Fraction(1) if integer else max(item.amount / 10**4, Fraction(1, 10**6))
    unit = integer and cap <= 1
    before = None
    for t in range(1, problem.horizon + 1):
        hi = cap if t >= item.duration else Fraction(0)
        x = lp.var(0, hi, integer=integer)
        if unit:
            on = x
        else:
            on = lp.binary() if hi > 0 else lp.binary(fixed=False)
            lp.row({x: 1, on: -cap}, hi=0)
            lp.row({x: 1, on: -min(step, cap)}, lo=0)
        last = t == problem.horizon
        total = lp.var(item.amount if last else 0, item.amount, integer=integer)
        lp.row({total: 1, x: -1, **({} if before is None else {before: -1})}, lo=0, hi=0)
        form.amount[item.id, t], form.on[item.id, t] = x, on
        form.cumulative[item.id, t] = before = total


def _add(into: dict[int, Fraction], more: dict[int, Fraction]) -> None:
    for k, v in more.items():
        into[k] = into[k] + v if k in into else v


def _prerequisite_rows(form: Formulation, problem: PhasingProblem, item: PhasingItem) -> None:
    for before in item.after:
        needed = problem.item(before).amount
        for t in range(1, problem.horizon + 1):
            coefs = {form.on[item.id, t]: needed}
            _add(coefs, form.delivered(before, t - item.duration, Fraction(-1)))
            form.lp.row(coefs, hi=0)


def _period_columns(form: Formulation, problem: PhasingProblem) -> None:
    """``used[t]`` (some delivery in ``t``) and ``last_period`` (the last such ``t``)."""
    lp = form.lp
    form.used = [lp.binary() for _ in range(problem.horizon)]
    form.last_period = lp.var(0, problem.horizon, integer=True)
    for t, used in enumerate(form.used, start=1):
        lp.row({form.last_period: 1, used: -t}, lo=0)
    for (_, t), on in form.on.items():
        lp.row({form.used[t - 1]: 1, on: -1}, lo=0)


def _turn_rows(form: Formulation, problem: PhasingProblem) -> None:
    for t in range(1, problem.horizon + 1):
        turn: dict[int, int] = {}
        for party in problem.parties:
            y = form.lp.binary()
            turn[y] = 1
            members = [form.on[i.id, t] for i in problem.items if i.giver == party]
            for on in members:
                form.lp.row({y: 1, on: -1}, lo=0)
            form.either.append((y, tuple(members)))
        form.lp.row(turn, hi=1)


def _big_m(problem: PhasingProblem, party: str) -> Fraction:
    size = sum((abs(i.value(party) * i.amount) for i in problem.items), Fraction(0))
    return size + problem.forfeit(party) + abs(problem.final_value(party)) + 1


def _safety_rows(form: Formulation, problem: PhasingProblem, party: str) -> None:
    """One indicator row per (period, lag class): enforced when the smallest lag delivered is
    that class (the smallest class's row unconditionally when it is implied anyway)."""
    own = [i for i in problem.items if i.giver == party]
    lags = sorted({i.verify_lag for i in own})
    bound = problem.final_value(party) + problem.forfeit(party)
    always = all(i.value(party) >= 0 for i in problem.items if i.giver != party)
    for t in range(1, problem.horizon + 1):
        previous: int | None = None
        for k, lag in enumerate(lags):
            coefs = defection_coefficients(form, problem, party, t, t + lag)
            if party in form.slack:
                coefs[form.slack[party]] = Fraction(-1)
            unconditional = k == 0 and always
            if unconditional and len(lags) == 1:
                form.lp.row(coefs, hi=bound)
                continue
            members = [form.on[i.id, t] for i in own if i.verify_lag <= lag]
            delivers = _any_delivered(form, members)
            if unconditional:
                form.lp.row(coefs, hi=bound)
            else:
                when = [(delivers, True)] + ([] if previous is None else [(previous, False)])
                form.lp.row(coefs, hi=bound, when=when)
            previous = delivers


def _any_delivered(form: Formulation, members: list[int]) -> int:
    """A binary equal to 1 exactly when one of the ``on`` binaries in ``members`` is 1."""
    if len(members) == 1:
        return members[0]
    w = form.lp.binary()
    for on in members:
        form.lp.row({w: 1, on: -1}, lo=0)
    form.lp.row({w: 1, **dict.fromkeys(members, -1)}, hi=0)
    form.either.append((w, tuple(members)))
    return w


def defection_coefficients(
    form: Formulation, problem: PhasingProblem, party: str, t: int, noticed: int
) -> dict[int, Fraction]:
    """Coefficients of ``D_p(t)`` without its constant, when defection is noticed at ``noticed``
    (see :mod:`accord.phasing._safety`). A new dict: callers may add terms before using it."""
    coefs: dict[int, Fraction] = {}
    for item in problem.items:
        if item.giver == party:
            _add(coefs, form.delivered(item.id, t - 1, item.value(party)))
        else:
            weight = item.value(party) * item.kept_fraction()
            _add(coefs, form.delivered(item.id, noticed, weight))
    return coefs


def _exposure_rows(form: Formulation, problem: PhasingProblem, party: str) -> None:
    """``max_exposure >= own cost delivered - worth of verified receipts`` at every period."""
    for t in range(1, problem.horizon + 1):
        coefs: dict[int, Fraction] = {form.max_exposure: Fraction(1)}
        for item in problem.items:
            value = item.value(party)
            if item.giver == party:
                _add(coefs, form.delivered(item.id, t, min(Fraction(0), value)))
            else:
                _add(coefs, form.delivered(item.id, t - item.verify_lag, max(Fraction(0), value)))
        form.lp.row(coefs, lo=0)


def _denominators(values: list[Fraction]) -> int:
    scale = 1
    for value in values:
        scale = math.lcm(scale, value.denominator)
    return scale


def _exposure_grid(problem: PhasingProblem) -> Fraction | None:
    """Exposures of whole-unit plans are multiples of this (the values' common denominator);
    ``None`` when some item is divisible."""
    if any(i.divisible for i in problem.items):
        return None
    values = [v for i in problem.items for v in i.values.values()]
    return Fraction(1, _denominators(values))


def _grid(problem: PhasingProblem, party: str) -> Fraction | None:
    """The slack a party needs, for whole-unit plans, is a multiple of this (``None``: some
    item is divisible)."""
    if any(i.divisible for i in problem.items):
        return None
    values = [i.value(party) * i.kept_fraction() for i in problem.items]
    values += [problem.final_value(party), problem.forfeit(party)]
    return Fraction(1, _denominators(values))


def start_from(form: Formulation, problem: PhasingProblem, plan: Plan) -> dict[int, float] | None:
    """Every column's value for ``plan`` (a warm start), or ``None`` if it does not fit."""
    if any(s.period > form.horizon for s in plan.steps):
        return None
    values: dict[int, float] = {}
    for item in problem.items:
        for t in range(1, form.horizon + 1):
            now = plan.delivered(item.id, t) - plan.delivered(item.id, t - 1)
            values[form.amount[item.id, t]] = float(now)
            values[form.on[item.id, t]] = float(now > 0)
            values[form.cumulative[item.id, t]] = float(plan.delivered(item.id, t))
    for t, used in enumerate(form.used, start=1):
        values[used] = float(any(s.period == t and any(s.deliveries.values()) for s in plan.steps))
    values[form.last_period] = float(max((s.period for s in plan.steps), default=0))
    for var, members in form.either:
        values[var] = float(any(values[m] > 0 for m in members))
    values[form.max_exposure] = float(
        max(
            (exposure(problem, plan, p, s.period) for p in problem.parties for s in plan.steps),
            default=Fraction(0),
        )
    )
    for var in form.slack.values():
        values[var] = 0.0
    return values
