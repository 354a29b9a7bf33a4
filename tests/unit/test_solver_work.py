"""A budget of solver work (CP-SAT's deterministic time): reproducible runs at a time limit."""

from __future__ import annotations

from fractions import Fraction as F  # noqa: N817

from accord.phasing._formulation import build
from accord.phasing._planner import budget, plan_exchange
from accord.solver._control import WORK_PER_SECOND, Deadline, Work
from accord.solver._solve import solve
from benchmarks.phasing_instances import agreement


def frozen() -> float:
    """A clock that never moves: only the work budget can end the search."""
    return 0.0


def test_work_shares_spend_from_their_parents() -> None:
    deadline = Deadline.after(10, frozen, work=4.0)
    part = deadline.share(0.25)
    assert part.work is not None
    assert part.work.left() == 1.0
    part.work.spend(1.5)
    assert part.expired()
    assert deadline.work is not None
    assert deadline.work.left() == 2.5
    assert not deadline.expired()
    assert deadline.within(1).work is deadline.work


def test_a_deadline_without_work_is_bounded_by_the_clock_only() -> None:
    deadline = Deadline.after(10, frozen)
    assert deadline.work is None
    assert deadline.share(0.5).work is None
    assert budget(30.0, frozen).work is None
    reproducible = budget(30.0, frozen, reproducible=True).work
    assert reproducible is not None
    assert reproducible.limit == 30.0 * WORK_PER_SECOND


def test_cpsat_stops_at_the_work_budget_and_spends_what_it_did() -> None:
    """A clock that never moves: the deterministic limit alone stops the search."""
    problem = agreement(30, 30, 0)
    form = build(problem)
    deadline = Deadline(1.0, frozen, Work(0.05))
    outcome = solve(form.lp, {form.max_exposure: F(1)}, deadline, backend="cpsat", workers=2)
    assert outcome.status in ("time_limit", "no_solution")
    assert deadline.work is not None
    assert 0 < deadline.work.used < 1.0


def test_a_reproducible_run_gives_the_same_plan_twice() -> None:
    """30 items with thin margins (the search cannot finish): two runs under a work budget and
    a clock that never moves end, and give the same answer, plan and all."""
    problem = agreement(30, 30, 0)
    first, second = (
        plan_exchange(problem, time_limit=4, clock=frozen, reproducible=True) for _ in range(2)
    )
    assert first.plan is not None
    assert first.audit is not None
    assert first.audit.safe
    assert first.status == "feasible"
    assert first == second
