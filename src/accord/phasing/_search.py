"""The fewest periods: bounds from below, a heuristic plan from above, the solver in between.

1. The certificates of :mod:`accord.phasing._bounds` (each confirmed by the independent check)
   rule out every horizon below the strongest bound, at once; above the horizon, they prove
   that no safe plan exists.
2. The lockstep heuristic (:mod:`accord.phasing._heuristic`) gives a first safe plan, audited;
   then the solver finishes the heuristic's furthest-on starts (:mod:`accord.phasing._endgame`).
3. Improve from above: the model over the best plan's periods, minimising the last period
   used, starting from that plan; each better plan the solver finds is audited and reported.
4. Prove from below: each horizon between the two is solved in turn (shortest first, for any
   safe plan: the solver stops at the first), each in a share of the time left: an infeasible
   horizon is ruled out; the first with a plan ends the search (it has the fewest periods once all
   shorter ones are ruled out); a horizon not decided in its share is retried in a later pass.
5. The time left improves the exposure of the best plan at its number of periods, starting
   from it, then tidies it (:func:`accord.phasing._stages.tidy`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from accord.choices import PlanObjective, PlanStatus
from accord.phasing._audit import audit_plan
from accord.phasing._bounds import Certificate, certificates
from accord.phasing._endgame import solve_endgames
from accord.phasing._formulation import build, start_from
from accord.phasing._heuristic import first_plans
from accord.phasing._model import PhasingProblem, Plan
from accord.phasing._result import (
    Horizons,
    PlanResult,
    Progress,
    ProgressCallback,
    audit_tolerance,
    checked,
    no_plan,
    plan_result,
    runs,
)
from accord.phasing._stages import Engine, engine_solve, plan_from_solution, tidy
from accord.solver._control import Deadline

ENDGAME_SHARE = 0.3
"""Of the time left after the heuristic, the share for solving the end of its best starts."""
IMPROVE_SHARE = 0.4
"""Of the time left after the endgames, the share for improving the best plan from above."""
SEARCH_SHARE = 0.75
"""Of the time left after that, the share for deciding horizons (the rest: exposure)."""


@dataclass
class _Search:
    problem: PhasingProblem
    deadline: Deadline
    gap: float
    engine: Engine
    progress: ProgressCallback
    certificate: Certificate | None = None
    ruled_out: int = 0
    """Horizons 1..ruled_out hold no safe plan."""
    by: str | None = None
    best: PlanResult | None = None
    undecided: list[int] = field(default_factory=list)
    decided: dict[int, str] = field(default_factory=dict)
    """Horizons ruled out, and by what (``certificate`` or ``solver``)."""

    def rule_out(self, first: int, last: int, by: str) -> None:
        for horizon in range(first, last + 1):
            self.decided.setdefault(horizon, by)

    def horizons(self) -> tuple[Horizons, ...]:
        """What is known of each horizon shorter than the best plan (all, without one)."""
        shorter = self.problem.horizon if self.best is None else self.periods() - 1
        return runs([self.decided.get(h, "open") for h in range(1, shorter + 1)])

    def periods(self) -> int:
        return self.problem.horizon + 1 if self.best is None else int(_last(self.best))

    def offer(self, plan: Plan, exposure_proven: bool = False, gap: float | None = None) -> bool:
        """Keep ``plan`` if the auditor finds it safe and it beats the best so far."""
        audit = audit_plan(self.problem, plan, audit_tolerance(self.problem))
        if not audit.safe:
            return False
        found = plan_result(self.problem, PlanObjective.PERIODS, plan, exposure_proven, gap, audit)
        if self.best is not None and _key(found) >= _key(self.best):
            return False
        self.best = found
        return True


def _last(result: PlanResult) -> float:
    return result.values["last_period"]


def _key(result: PlanResult) -> tuple[float, float]:
    return (_last(result), result.values["max_exposure"])


def fewest_periods(
    problem: PhasingProblem,
    deadline: Deadline,
    gap: float,
    engine: Engine,
    progress: ProgressCallback,
) -> PlanResult:
    """The safe plan with the fewest periods (then the least exposure), within ``deadline``."""
    search = _Search(problem, deadline, gap, engine, progress)
    for candidate in certificates(problem):
        informative = candidate.periods is None or candidate.periods > 1
        if informative and checked(problem, candidate) is not None:
            search.certificate = candidate
            break
    cert = search.certificate
    if cert is not None and cert.rules_out(problem.horizon):
        search.rule_out(1, problem.horizon, "certificate")
        at_least = cert.periods or 0
        return no_plan(
            PlanStatus.INFEASIBLE,
            PlanObjective.PERIODS,
            cert,
            at_least,
            "certificate",
            search.horizons(),
        )
    if cert is not None and cert.periods:
        search.ruled_out, search.by = cert.periods - 1, "certificate"
        search.rule_out(1, cert.periods - 1, "certificate")
    _heuristic(search)
    _endgames(search, deadline.share(ENDGAME_SHARE))
    _improve_periods(search, deadline.share(IMPROVE_SHARE))
    horizons = deadline.share(SEARCH_SHARE)
    search.undecided = list(range(search.ruled_out + 1, search.periods()))
    while search.undecided and not horizons.expired():
        _one_pass(search, horizons)
    _improve_exposure(search)
    if search.best is not None:
        search.best = tidy(problem, search.best, deadline, engine)
    return _answer(search)


def _heuristic(search: _Search) -> None:
    """Each of the heuristic's plans, audited; each better one is reported as it is found."""
    for plan in first_plans(search.problem):
        if search.deadline.expired():
            return
        first = search.best is None
        if search.offer(plan):
            which = "a first safe plan" if first else "a better plan"
            stage = f"{which}: {search.periods()} periods (lockstep heuristic)"
            search.progress(Progress(stage, 0, search.problem.horizon, search.best))


def _endgames(search: _Search, deadline: Deadline) -> None:
    """The heuristic's furthest-on starts, their ends solved (:mod:`accord.phasing._endgame`)."""
    if search.periods() <= search.ruled_out + 1:
        return

    def offer(plan: Plan) -> bool:
        if not search.offer(plan):
            return False
        stage = f"a better plan: {search.periods()} periods (a heuristic start, its end solved)"
        search.progress(Progress(stage, search.periods(), search.problem.horizon, search.best))
        return True

    solve_endgames(search.problem, deadline, search.engine, search.periods, offer)


def _improve_periods(search: _Search, deadline: Deadline) -> None:
    """Fewer periods than the best plan's, from the solver started at that plan."""
    best = search.best
    if best is None or best.plan is None or search.periods() <= search.ruled_out + 1:
        return
    fixed = replace(search.problem, horizon=search.periods())
    form = build(fixed)
    start = start_from(form, fixed, best.plan)

    def improved(x: list[float], _objective: float) -> None:
        if search.offer(plan_from_solution(fixed, form, x)):
            stage = f"a better plan: {search.periods()} periods"
            search.progress(Progress(stage, search.periods(), search.problem.horizon, search.best))

    objective = {form.last_period: 1}
    outcome = engine_solve(form, objective, deadline, search.engine, 0.0, start, improved)
    if outcome.x:
        search.offer(plan_from_solution(fixed, form, outcome.x))
    if outcome.status == "optimal":
        search.ruled_out, search.by = search.periods() - 1, "solver"
        search.rule_out(1, search.ruled_out, "solver")


def _one_pass(search: _Search, horizons: Deadline) -> None:
    """Try each undecided horizon once, shortest first, each in its share of the time left."""
    for horizon in list(search.undecided):
        if horizon >= search.periods() or horizons.expired():
            break
        share = horizons.share(1 / max(1, len(search.undecided)))
        status = _try_horizon(search, horizon, share)
        stage = f"horizon {horizon} of {search.problem.horizon}: {status}"
        search.progress(Progress(stage, horizon, search.problem.horizon, search.best))
        if status != "undecided":
            search.undecided.remove(horizon)
        if status == "plan found":
            break
    search.undecided = [h for h in search.undecided if h < search.periods()]


def _try_horizon(search: _Search, horizon: int, share: Deadline) -> str:
    shorter = replace(search.problem, horizon=horizon)
    form = build(shorter)
    outcome = engine_solve(form, {}, share, search.engine, search.gap)  # any plan decides it
    if outcome.status == "infeasible":
        search.rule_out(horizon, horizon, "solver")
        if search.ruled_out == horizon - 1:
            search.ruled_out, search.by = horizon, "solver"
            while search.ruled_out + 1 not in search.undecided and search.ruled_out + 1 < (
                search.periods()
            ):
                search.ruled_out += 1  # decided before
        return "infeasible"
    if not outcome.x:
        return "undecided"
    plan = plan_from_solution(shorter, form, outcome.x)
    search.offer(plan, outcome.status == "optimal", outcome.gap)
    return "plan found"


def _improve_exposure(search: _Search) -> None:
    """Lower the best plan's largest exposure at its number of periods, starting from it."""
    best = search.best
    if (
        best is None
        or best.plan is None
        or best.status == PlanStatus.OPTIMAL
        or search.deadline.expired()
    ):
        return
    fixed = replace(search.problem, horizon=search.periods())
    form = build(fixed)
    start = start_from(form, fixed, best.plan)
    outcome = engine_solve(form, {form.max_exposure: 1}, search.deadline, search.engine, 0, start)
    if outcome.x:
        plan = plan_from_solution(fixed, form, outcome.x)
        proven = outcome.status == "optimal"
        if not search.offer(plan, proven, outcome.gap) and proven:
            search.best = replace(best, status=PlanStatus.OPTIMAL, gap=0.0)
        search.progress(Progress("least exposure", 1, 1, search.best))


def _answer(search: _Search) -> PlanResult:
    problem = search.problem
    best = search.best
    at_least = search.ruled_out + 1
    if best is None:
        status = (
            PlanStatus.INFEASIBLE if search.ruled_out >= problem.horizon else PlanStatus.UNKNOWN
        )
        return no_plan(
            status,
            PlanObjective.PERIODS,
            search.certificate,
            at_least,
            search.by,
            search.horizons(),
        )
    periods = search.periods()
    period_gap = (periods - min(at_least, periods)) / max(periods, 1)
    exposure_gap = (
        0.0 if best.status == PlanStatus.OPTIMAL else (best.gap if best.gap is not None else 1.0)
    )
    proven = period_gap == 0 and exposure_gap == 0
    return replace(
        best,
        status=PlanStatus.OPTIMAL if proven else PlanStatus.FEASIBLE,
        gap=0.0 if proven else (period_gap or exposure_gap),
        periods_at_least=min(at_least, periods),
        ruled_out_by=search.by,
        certificate=search.certificate,
        horizons=search.horizons(),
    )
