"""The planner: a safe phased plan, optimal for an objective, within a time limit.

Objectives are lexicographic. ``periods`` (the last period used, then the largest exposure):
bounds with certificates from below, a lockstep heuristic's plan from above, the horizons in
between decided one by one (:mod:`accord.phasing._search`). ``steps`` (periods with a delivery,
then exposure) and ``exposure`` (largest exposure, then last period) are two solves over the
whole horizon (:func:`accord.phasing._stages.solve_in_stages`), warm-started from the best plan
the fewest-periods search finds in a third of the time. Every plan is turned into exact
fractions and checked by the independent auditor; the time limit bounds everything, solver
calls included; at the limit the answer is the best known, with its proven gap.

Examples
--------
>>> from fractions import Fraction as F
>>> from accord.phasing._model import PhasingItem, PhasingProblem
>>> good = PhasingItem("good", "s", F(2), {"s": F(-1), "b": F(3)})
>>> pay = PhasingItem("pay", "b", F(4), {"s": F(1), "b": F(-1)}, divisible=True)
>>> problem = PhasingProblem(("s", "b"), (good, pay), penalty={"s": F(1), "b": F(1)}, horizon=6)
>>> result = plan_exchange(problem)
>>> result.status, result.audit.safe, len(result.plan.steps) <= 6
(<PlanStatus.OPTIMAL: 'optimal'>, True, True)
"""

from __future__ import annotations

import time
from dataclasses import replace

from accord.choices import PlanObjective, PlanStatus
from accord.phasing._formulation import build, start_from
from accord.phasing._model import PhasingProblem
from accord.phasing._result import (
    PlanResult,
    Progress,
    ProgressCallback,
    audit_tolerance,
    ignore,
    plan_result,
)
from accord.phasing._search import fewest_periods
from accord.phasing._stages import Engine, plan_from_solution, prepare_engine, solve_in_stages, tidy
from accord.solver._control import WORK_PER_SECOND, Clock, Deadline

__all__ = [
    "Engine",
    "PlanResult",
    "Progress",
    "ProgressCallback",
    "audit_tolerance",
    "budget",
    "plan_exchange",
    "plan_from_solution",
    "plan_result",
]

DEFAULT_ENGINE = Engine()


def budget(
    time_limit: float, clock: Clock = time.monotonic, reproducible: bool = False
) -> Deadline:
    """The deadline of a run of ``time_limit`` seconds on ``clock``. ``reproducible`` adds a
    budget of solver work (:data:`~accord.solver._control.WORK_PER_SECOND` units a second):
    every CP-SAT call then runs one worker, deterministically, within the work left, so a run
    that the clock does not cut short gives the same plan every time (HiGHS, which takes the
    models with divisible items, has no such measure: see docs/explanation/safe-exchange.md)."""
    work = time_limit * WORK_PER_SECOND if reproducible else None
    return Deadline.after(time_limit, clock, work)


def plan_exchange(
    problem: PhasingProblem,
    objective: PlanObjective = PlanObjective.PERIODS,
    time_limit: float = 30.0,
    gap: float = 0.0,
    *,
    clock: Clock = time.monotonic,
    progress: ProgressCallback = ignore,
    deadline: Deadline | None = None,
    engine: Engine = DEFAULT_ENGINE,
    reproducible: bool = False,
) -> PlanResult:
    """Find a safe plan optimal for ``objective`` (or within ``gap``) in ``time_limit`` seconds.

    ``clock`` measures the time budget (inject a fake one to test it); ``deadline``, when
    given, replaces ``time_limit``, ``clock`` and ``reproducible`` (a caller's budget shared
    with other work); ``reproducible`` bounds the solvers' work too (:func:`budget`).
    ``progress`` hears of every step with the best plan so far, so a caller interrupted in
    between (Ctrl-C) can still show it.

    Parameters
    ----------
    problem : PhasingProblem
        The parties, the package's items, the penalties, escrows and horizon.
    objective : PlanObjective, default PlanObjective.PERIODS
        ``periods``, ``steps`` or ``exposure`` (lexicographic, see the module).
    time_limit : float, default 30.0
        Seconds for all of it, solver calls included.
    gap : float, default 0.0
        The relative gap at which a plan is good enough.
    clock : callable, default time.monotonic
        Measures the time budget.
    progress : callable, optional
        Hears of every step of the search with the best plan so far.
    deadline : Deadline, optional
        A caller's budget, instead of ``time_limit``, ``clock`` and ``reproducible``.
    engine : Engine, default Engine()
        Which solver takes the models (``auto``: CP-SAT for all-integer ones, else HiGHS).
    reproducible : bool, default False
        Bound the solvers' work too, so the same problem gives the same plan on any machine.

    Returns
    -------
    PlanResult
        The status (optimal, feasible with its gap, infeasible with the fewest periods a plan
        would need and its certificate, ...), the objective's values, and the plan with its
        audit.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from accord.phasing import PhasingItem, PhasingProblem, Plan, Step
    >>> good = PhasingItem("good", "s", F(2), {"s": F(-1), "b": F(3)})
    >>> pay = PhasingItem("pay", "b", F(4), {"s": F(1), "b": F(-1)}, divisible=True)
    >>> problem = PhasingProblem(("s", "b"), (good, pay), penalty={"s": F(1), "b": F(1)}, horizon=6)
    >>> result = plan_exchange(problem)
    >>> result.status, result.values, result.audit.safe
    (<PlanStatus.OPTIMAL: 'optimal'>, {'last_period': 2.0, 'steps': 2.0, 'max_exposure': 0.0}, True)
    >>> from dataclasses import replace
    >>> plan_exchange(replace(problem, penalty={}, horizon=1)).status
    <PlanStatus.INFEASIBLE: 'infeasible'>
    """
    if deadline is None:
        prepare_engine(problem, engine)
        deadline = budget(time_limit, clock, reproducible)
    if objective == PlanObjective.PERIODS:
        return fewest_periods(problem, deadline, gap, engine, progress)
    first = fewest_periods(problem, deadline.share(1 / 3), gap, engine, progress)
    if first.plan is None:
        if first.status == PlanStatus.INFEASIBLE:
            return replace(first, objective=objective)
        incumbent = None
    else:
        if (
            objective == PlanObjective.EXPOSURE
            and first.status == PlanStatus.OPTIMAL
            and not first.values["max_exposure"]
        ):
            return replace(first, objective=PlanObjective.EXPOSURE)  # exposure 0 cannot be beaten
        incumbent = replace(first, objective=objective, status=PlanStatus.FEASIBLE, gap=None)
        progress(Progress("fewest periods: a first plan", 1, 3, incumbent))
    form = build(problem)
    start = None if first.plan is None else start_from(form, problem, first.plan)
    result = solve_in_stages(
        problem,
        form,
        objective,
        deadline,
        engine=engine,
        gap=gap,
        start=start,
        incumbent=incumbent,
        progress=progress,
    )
    return replace(
        tidy(problem, result, deadline, engine),
        periods_at_least=first.periods_at_least,
        ruled_out_by=first.ruled_out_by,
        certificate=first.certificate,
        horizons=first.horizons,
    )
