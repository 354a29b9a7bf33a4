"""The planner's mixed-integer model of a phasing problem (see :mod:`accord.phasing.planner`).

Examples
--------
>>> from fractions import Fraction as F
>>> from accord.phasing.model import PhasingItem, PhasingProblem
>>> item = PhasingItem("x", "a", F(1), {"b": F(1)})
>>> form = build(PhasingProblem(("a", "b"), (item,), horizon=3))
>>> len(form.used)
3
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accord.phasing.milp import Milp
from accord.phasing.model import PhasingItem, PhasingProblem


@dataclass
class Formulation:
    """The model and the indices of its variables."""

    lp: Milp
    amount: dict[tuple[str, int], int] = field(default_factory=dict)
    on: dict[tuple[str, int], int] = field(default_factory=dict)
    used: list[int] = field(default_factory=list)
    last_period: int = -1
    max_exposure: int = -1
    slack: dict[str, int] = field(default_factory=dict)
    """With ``build(..., slack=True)``: each party's extra forfeit that would make it safe."""


def build(problem: PhasingProblem, slack: bool = False) -> Formulation:
    """Build the model: amounts, totals, order, turns, safety rows, objective helpers.

    With ``slack``, every safety row of party p is relaxed by a variable ``slack[p] >= 0``:
    the extra penalty (or escrow) p would need for the plan to be safe.
    """
    form = Formulation(Milp())
    if slack:
        form.slack = {p: form.lp.var(0, float("inf")) for p in problem.parties}
    for item in problem.items:
        _item_columns(form, problem, item)
    for item in problem.items:
        _prerequisite_rows(form, problem, item)
    horizon = problem.horizon
    form.used = [form.lp.var(0, 1, integer=True) for _ in range(horizon)]
    form.last_period = form.lp.var(0, horizon)
    for (_, t), on in form.on.items():
        form.lp.row({form.used[t - 1]: 1, on: -1}, lo=0)
        form.lp.row({form.last_period: 1, on: -t}, lo=0)
    if problem.alternate:
        _turn_rows(form, problem)
    for party in problem.parties:
        _safety_rows(form, problem, party)
    form.max_exposure = form.lp.var(0, max(_big_m(problem, p) for p in problem.parties))
    for party in problem.parties:
        _exposure_rows(form, problem, party)
    return form


def _item_columns(form: Formulation, problem: PhasingProblem, item: PhasingItem) -> None:
    amount = float(item.amount)
    cap = amount if item.per_period is None else min(amount, float(item.per_period))
    eps = 1.0 if not item.divisible else max(amount * 1e-4, 1e-6)
    total: dict[int, float] = {}
    for t in range(1, problem.horizon + 1):
        hi = cap if t >= item.duration else 0.0
        x = form.lp.var(0, hi, integer=not item.divisible)
        on = form.lp.var(0, 1 if hi > 0 else 0, integer=True)
        form.lp.row({x: 1, on: -cap}, hi=0)
        form.lp.row({x: 1, on: -min(eps, cap)}, lo=0)
        form.amount[item.id, t], form.on[item.id, t] = x, on
        total[x] = 1
    form.lp.row(total, lo=amount, hi=amount)


def _delivered(form: Formulation, item_id: str, through: int, weight: float) -> dict[int, float]:
    """Coefficients of ``weight * X_item(through)`` (cumulative amount)."""
    return {
        form.amount[item_id, s]: weight
        for s in range(1, through + 1)
        if (item_id, s) in form.amount
    }


def _add(into: dict[int, float], more: dict[int, float]) -> None:
    for k, v in more.items():
        into[k] = into.get(k, 0.0) + v


def _prerequisite_rows(form: Formulation, problem: PhasingProblem, item: PhasingItem) -> None:
    for before in item.after:
        needed = float(problem.item(before).amount)
        for t in range(1, problem.horizon + 1):
            coefs = {form.on[item.id, t]: needed}
            _add(coefs, _delivered(form, before, t - item.duration, -1.0))
            form.lp.row(coefs, hi=0)


def _turn_rows(form: Formulation, problem: PhasingProblem) -> None:
    for t in range(1, problem.horizon + 1):
        turn: dict[int, float] = {}
        for party in problem.parties:
            y = form.lp.var(0, 1, integer=True)
            turn[y] = 1
            for item in problem.items:
                if item.giver == party:
                    form.lp.row({y: 1, form.on[item.id, t]: -1}, lo=0)
        form.lp.row(turn, hi=1)


def _big_m(problem: PhasingProblem, party: str) -> float:
    size = sum(abs(float(i.value(party) * i.amount)) for i in problem.items)
    return size + float(problem.forfeit(party)) + abs(float(problem.final_value(party))) + 1


def _safety_rows(form: Formulation, problem: PhasingProblem, party: str) -> None:
    """One row per (period, lag class), active when the smallest lag delivered is that class.

    When ``party`` values everything others give at >= 0, the row of its smallest lag class is
    implied at every period by the exact conditions (defecting where nothing is due is no
    better than at the next delivery), so it is added unconditionally: a much tighter model.
    """
    own = [i for i in problem.items if i.giver == party]
    lags = sorted({i.verify_lag for i in own})
    bound = float(problem.final_value(party) + problem.forfeit(party))
    always = all(i.value(party) >= 0 for i in problem.items if i.giver != party)
    for t in range(1, problem.horizon + 1):
        previous: int | None = None
        for k, lag in enumerate(lags):
            coefs = _defection_coefs(form, problem, party, t, min(t + lag, problem.horizon))
            if party in form.slack:
                coefs[form.slack[party]] = -1.0
            if k == 0 and always:
                form.lp.row(dict(coefs), hi=bound)
            if k == 0 and always and len(lags) == 1:
                continue
            w = _any_delivered(form, [form.on[i.id, t] for i in own if i.verify_lag <= lag])
            big_m = max(0.0, _largest(form, problem, coefs) - bound)
            if big_m > 0 and not (k == 0 and always):
                _add(coefs, {w: big_m} if previous is None else {w: big_m, previous: -big_m})
                form.lp.row(coefs, hi=bound + big_m)
            previous = w


def _any_delivered(form: Formulation, members: list[int]) -> int:
    """A binary equal to 1 exactly when one of the ``on`` binaries in ``members`` is 1."""
    w = form.lp.var(0, 1, integer=True)
    for on in members:
        form.lp.row({w: 1, on: -1}, lo=0)
    form.lp.row({w: 1, **dict.fromkeys(members, -1.0)}, hi=0)
    return w


def _largest(form: Formulation, problem: PhasingProblem, coefs: dict[int, float]) -> float:
    """The largest value ``sum(coefs * x)`` can take (cumulative amounts within the package)."""
    per_item: dict[str, float] = {}
    for item in problem.items:
        weights = {coefs.get(form.amount[item.id, t], 0.0) for t in range(1, problem.horizon + 1)}
        per_item[item.id] = max(0.0, max(weights)) * float(item.amount)
    return sum(per_item.values())


def _defection_coefs(
    form: Formulation, problem: PhasingProblem, party: str, t: int, noticed: int
) -> dict[int, float]:
    """Coefficients of ``D_p(t)`` without its constant (see :mod:`accord.phasing.safety`)."""
    coefs: dict[int, float] = {}
    for item in problem.items:
        if item.giver == party:
            _add(coefs, _delivered(form, item.id, t - 1, float(item.value(party))))
        else:
            weight = float(item.value(party) * item.kept_fraction())
            _add(coefs, _delivered(form, item.id, noticed, weight))
    return coefs


def _exposure_rows(form: Formulation, problem: PhasingProblem, party: str) -> None:
    """``max_exposure >= own cost delivered - worth of verified receipts`` at every period."""
    for t in range(1, problem.horizon + 1):
        coefs: dict[int, float] = {form.max_exposure: 1.0}
        for item in problem.items:
            value = float(item.value(party))
            if item.giver == party:
                _add(coefs, _delivered(form, item.id, t, min(0.0, value)))
            else:
                _add(coefs, _delivered(form, item.id, t - item.verify_lag, max(0.0, value)))
        form.lp.row(coefs, lo=0)


# The public face of the model for extensions that add rows to it (verification-aware plans).


def defection_coefficients(
    form: Formulation, problem: PhasingProblem, party: str, t: int, noticed: int
) -> dict[int, float]:
    """Coefficients of ``D_p(t)`` without its constant, when defection is noticed at ``noticed``.

    A new dict: callers may add their own terms to it before passing it to ``form.lp.row``.
    """
    return _defection_coefs(form, problem, party, t, noticed)


def largest_value(form: Formulation, problem: PhasingProblem, coefs: dict[int, float]) -> float:
    """An upper bound of ``sum(coefs * x)`` over the package: the size of a big-M for a row."""
    return _largest(form, problem, coefs)
