"""A phased plan that is safe against faked deliveries, found by the phasing planner's MIP.

The phasing planner (:mod:`accord.phasing._planner`) finds a plan safe against *withholding*.
Here its model is built unchanged (:func:`accord.phasing._formulation.build`) and one row is added
per item ``i`` and period ``t``, active when ``i`` is delivered at ``t``: faking that delivery must
not pay, ``π_i M_p(t) >= (1 - π_i) g_i(t)`` (see :mod:`accord.verification._plans`), where ``π_i``
is the best detection the item's means reach in one period, ``M_p(t)`` the giver's defection
margin with the item's verification lag and ``g_i(t)`` the giver's cost of the amount delivered.
Linear in the plan, since ``π_i`` is fixed: the means actually used in each period are then
chosen within the budget by :func:`accord.verification._plans.verify_plan`, which reports any
delivery the budget cannot cover.

This module builds on the phasing planner's model (``defection_coefficients``, indicator rows)
and solves it with the planner's own staged solve (:func:`accord.phasing._stages.solve_in_stages`);
it changes none of the planner's rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from accord.choices import PlanObjective
from accord.phasing._formulation import Formulation, build, defection_coefficients
from accord.phasing._model import PhasingItem, PhasingProblem
from accord.phasing._planner import DEFAULT_ENGINE, PlanResult
from accord.phasing._stages import solve_in_stages
from accord.solver._control import Deadline
from accord.verification._deterrence import Commitment, MeansSpec, combined_detection
from accord.verification._options import all_vectors, check_combinations, use_bounds


def add_fake_rows(
    form: Formulation,
    problem: PhasingProblem,
    item: PhasingItem,
    detection: Fraction,
    at: Sequence[int] | None = None,
    active: int | None = None,
) -> None:
    """Rows making a faked delivery of ``item`` unprofitable in every period it may be given.

    ``at`` restricts the rows to some periods; ``active`` is the binary that switches them on
    (default: the delivery's own ``on[i,t]``).
    """
    party, pi = item.giver, Fraction(detection)
    cost = -item.value(party)  # the giver's cost per unit, kept by faking
    if cost <= 0:
        return
    rhs = pi * (problem.final_value(party) + problem.forfeit(party))
    for t in range(1, problem.horizon + 1) if at is None else at:
        noticed = min(t + item.verify_lag, problem.horizon)
        coefs = {
            k: pi * v for k, v in defection_coefficients(form, problem, party, t, noticed).items()
        }
        kept = form.amount[item.id, t]
        coefs[kept] = coefs.get(kept, Fraction(0)) + (1 - pi) * cost
        switch = form.on[item.id, t] if active is None else active
        form.lp.row(coefs, hi=rhs, when=[(switch, True)])


def plan_against_fakes(
    problem: PhasingProblem,
    detection: Mapping[str, Fraction],
    objective: PlanObjective = PlanObjective.PERIODS,
    time_limit: float = 30.0,
    *,
    deadline: Deadline | None = None,
) -> PlanResult:
    """A plan safe against withholding and against faking each delivery (detection per item).

    Examples
    --------
    >>> from accord.phasing._model import PhasingItem
    >>> good = PhasingItem("good", "s", Fraction(2), {"s": Fraction(-1), "b": Fraction(3)})
    >>> pay = PhasingItem("pay", "b", Fraction(4), {"s": Fraction(1), "b": Fraction(-1)},
    ...                   divisible=True)
    >>> problem = PhasingProblem(("s", "b"), (good, pay), penalty={"s": Fraction(1),
    ...                          "b": Fraction(1)}, horizon=6)
    >>> plan_against_fakes(problem, {"good": Fraction(9, 10), "pay": Fraction(9, 10)}).status
    <PlanStatus.OPTIMAL: 'optimal'>
    >>> plan_against_fakes(problem, {"good": Fraction(0), "pay": Fraction(9, 10)}).status
    <PlanStatus.INFEASIBLE: 'infeasible'>
    """
    deadline = deadline or Deadline.after(time_limit)
    form = build(problem)
    for item in problem.items:
        add_fake_rows(form, problem, item, detection.get(item.id, Fraction(0)))
    return solve_in_stages(problem, form, objective, deadline, engine=DEFAULT_ENGINE)


def verification_options(
    item: PhasingItem,
    means: Mapping[str, MeansSpec],
    verifies: Mapping[str, Sequence[str]],
    budget: Fraction | None,
) -> list[tuple[dict[str, int], Fraction, Fraction]]:
    """The ways worth considering to verify one delivery of ``item``: (uses, cost, detection).

    The use vectors within each means' ``per_item``, ``capacity`` and what the budget can pay
    (:func:`accord.verification._options.use_bounds`), leaving out those that detect nothing and
    those *dominated* by another that costs no more, detects at least as much and uses no more
    of any means with a capacity (the other can always replace it).

    >>> m = {"a": MeansSpec("a", Fraction(1, 2), cost=Fraction(1), per_item=2),
    ...      "free": MeansSpec("free", Fraction(1, 10))}
    >>> item = PhasingItem("x", "g", Fraction(1), {"g": Fraction(-1)})
    >>> for option in verification_options(item, m, {"x": ["a", "free"]}, None):
    ...     print(option)  # without "free" each would be dominated
    ({'free': 1}, Fraction(0, 1), Fraction(1, 10))
    ({'a': 1, 'free': 1}, Fraction(1, 1), Fraction(11, 20))
    ({'a': 2, 'free': 1}, Fraction(2, 1), Fraction(31, 40))
    """
    ids = tuple(dict.fromkeys(verifies.get(item.id, ())))
    bounds = use_bounds(
        Commitment(item.id, item.giver, Fraction(0), Fraction(0), ids), means, budget
    )
    check_combinations(item.id, bounds)
    found = []
    for vector in all_vectors(bounds):
        uses = {m: k for m, k in zip(ids, vector, strict=True) if k > 0}
        detection = combined_detection(uses, means)
        if detection > 0:
            cost = sum((means[m].cost * k for m, k in uses.items()), Fraction(0))
            found.append((uses, cost, detection))
    limited = [m for m in ids if means[m].capacity is not None]
    return [
        option
        for i, option in enumerate(found)
        if not any(_dominates(other, option, limited, j < i) for j, other in enumerate(found))
    ]


def _dominates(
    better: tuple[dict[str, int], Fraction, Fraction],
    worse: tuple[dict[str, int], Fraction, Fraction],
    limited: Sequence[str],
    earlier: bool,
) -> bool:
    """Whether ``better`` can replace ``worse``: no dearer, no weaker, no more capacity used,
    and strictly better in one of these (or, on a tie, ``earlier`` in the list)."""
    (b_uses, b_cost, b_pi), (w_uses, w_cost, w_pi) = better, worse
    if b_uses == w_uses or b_cost > w_cost or b_pi < w_pi:
        return False
    b_load = [b_uses.get(m, 0) for m in limited]
    w_load = [w_uses.get(m, 0) for m in limited]
    if any(b > w for b, w in zip(b_load, w_load, strict=True)):
        return False
    return earlier or b_cost < w_cost or b_pi > w_pi or b_load != w_load


def add_means_choice(
    form: Formulation,
    problem: PhasingProblem,
    means: Mapping[str, MeansSpec],
    verifies: Mapping[str, Sequence[str]],
    budget: Fraction | None,
) -> None:
    """Binaries ``y[i,t,o]``: delivery of ``i`` at ``t`` verified by option ``o``.

    Each delivery a giver could fake (it costs the giver something) takes one option, whose
    fake row (:func:`add_fake_rows`, with the option's detection) is active when it is chosen;
    in each period the options chosen stay within the budget and each means' capacity.
    """
    spent: dict[int, dict[int, Fraction]] = {t: {} for t in range(1, problem.horizon + 1)}
    load: dict[tuple[str, int], dict[int, Fraction]] = {}
    for item in problem.items:
        if item.value(item.giver) >= 0:
            continue  # nothing to gain by faking it
        choices = verification_options(item, means, verifies, budget)
        for t in range(1, problem.horizon + 1):
            picked = {}
            for uses, cost, detection in choices:
                y = form.lp.binary()
                picked[y] = Fraction(1)
                add_fake_rows(form, problem, item, detection, at=(t,), active=y)
                spent[t][y] = cost
                for m, k in uses.items():
                    load.setdefault((m, t), {})[y] = Fraction(k)
            form.lp.row({**picked, form.on[item.id, t]: -1}, lo=0, hi=0)
    if budget is not None:
        for coefs in spent.values():
            if coefs:
                form.lp.row(coefs, hi=budget)
    for (m, _), coefs in load.items():
        capacity = means[m].capacity
        if capacity is not None:
            form.lp.row(coefs, hi=capacity)


def plan_choosing_means(
    problem: PhasingProblem,
    means: Mapping[str, MeansSpec],
    verifies: Mapping[str, Sequence[str]],
    budget: Fraction | None,
    objective: PlanObjective = PlanObjective.PERIODS,
    time_limit: float = 30.0,
) -> PlanResult:
    """A plan safe against withholding and faking, choosing the means of each delivery.

    Unlike :func:`plan_against_fakes` (each item's best detection, the budget checked after),
    the means that verify each delivery in each period are variables of the model, within the
    per-period budget and the means' capacities.

    Examples
    --------
    >>> from accord.phasing._model import PhasingItem
    >>> good = PhasingItem("good", "s", Fraction(2), {"s": Fraction(-1), "b": Fraction(3)})
    >>> pay = PhasingItem("pay", "b", Fraction(4), {"s": Fraction(1), "b": Fraction(-1)},
    ...                   divisible=True)
    >>> problem = PhasingProblem(("s", "b"), (good, pay), penalty={"s": Fraction(1),
    ...                          "b": Fraction(1)}, horizon=6)
    >>> m = {"look": MeansSpec("look", Fraction(9, 10), cost=Fraction(1))}
    >>> verifies = {"good": ["look"], "pay": ["look"]}
    >>> plan_choosing_means(problem, m, verifies, Fraction(1)).status
    <PlanStatus.OPTIMAL: 'optimal'>
    >>> plan_choosing_means(problem, m, verifies, Fraction(0)).status  # no inspection affordable
    <PlanStatus.INFEASIBLE: 'infeasible'>
    """
    deadline = Deadline.after(time_limit)
    relaxed = _relaxation(problem, means, verifies, budget, objective, deadline.share(1 / 3))
    if relaxed is not None:
        return relaxed
    form = build(problem)
    add_means_choice(form, problem, means, verifies, budget)
    return solve_in_stages(problem, form, objective, deadline, engine=DEFAULT_ENGINE)


def _relaxation(
    problem: PhasingProblem,
    means: Mapping[str, MeansSpec],
    verifies: Mapping[str, Sequence[str]],
    budget: Fraction | None,
    objective: PlanObjective,
    deadline: Deadline,
) -> PlanResult | None:
    """The answer of the smaller model of :func:`plan_against_fakes`, when it settles the case.

    With each item's best detection and no budget row it is a relaxation: infeasible there is
    infeasible here, and an optimal plan whose deliveries the budget can verify (checked by
    :func:`accord.verification._plans.verify_plan`) is optimal here too.
    """
    from accord.verification._plans import verify_plan

    best = {
        item.id: max(
            (pi for _, _, pi in verification_options(item, means, verifies, budget)),
            default=Fraction(0),
        )
        for item in problem.items
    }
    relaxed = plan_against_fakes(problem, best, objective, deadline=deadline)
    if relaxed.status == "infeasible":
        return relaxed
    plan = relaxed.plan if relaxed.status == "optimal" else None
    left = max(deadline.left(), 1.0)
    if plan is not None and verify_plan(problem, plan, means, verifies, budget, left).safe:
        return relaxed
    return None
