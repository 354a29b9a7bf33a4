"""The planner's progress reports and its injectable clock (the time budget, nothing else)."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction as F  # noqa: N817
from pathlib import Path
from typing import Any

import pytest

import accord.phasing._search as search
import accord.phasing._stages as stages
from accord.phasing._model import PhasingProblem
from accord.phasing._planner import Progress, plan_exchange
from accord.solver._control import Deadline
from accord.solver._model import Outcome
from benchmarks.phasing_instances import agreement
from tests.unit.test_phasing_planner import exchange

ROOT = Path(__file__).resolve().parents[2]


def test_phasing_progress_reports_the_first_plan_then_the_proof() -> None:
    seen: list[Progress] = []
    result = plan_exchange(exchange(F(1, 2)), "periods", time_limit=20, progress=seen.append)
    assert result.status == "optimal"
    assert seen[0].stage == "a first safe plan: 14 periods (lockstep heuristic)"
    assert seen[0].best is not None
    assert seen[0].best.audit is not None
    assert seen[0].best.audit.safe
    # 1 to 12 periods are ruled out by the ratchet certificate, 13 by the solver
    assert result.periods_at_least == 14
    assert result.certificate is not None
    assert (result.certificate.kind, result.certificate.periods) == ("ratchet", 13)


def test_phasing_progress_hands_over_the_best_plan_so_far() -> None:
    seen: list[Progress] = []
    result = plan_exchange(exchange(F(1, 2)), "exposure", time_limit=20, progress=seen.append)
    best = [p.best for p in seen if p.best is not None]
    assert best, "the exposure objective reports its first plan before improving it"
    assert all(b.audit is not None and b.audit.safe for b in best)
    assert best[0].status == "feasible"
    assert result.status == "optimal"


class FakeClock:
    """A clock that moves one second every time it is read: work that keeps reading it (every
    loop and every solver's interrupt check does) runs out of budget after a few reads."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def test_phasing_fake_clock_bounds_the_search_and_answers_the_best_known(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """60 items with thin margins: the search cannot finish; no solver call starts after the
    (fake) deadline, and the answer is the best safe plan found, with its proven gap."""
    clock = FakeClock()
    started: list[float] = []
    real = search.engine_solve

    def recorded(form: Any, objective: Any, deadline: Deadline, *args: Any) -> Outcome:
        started.append(deadline.clock())
        return real(form, objective, deadline, *args)

    monkeypatch.setattr(search, "engine_solve", recorded)
    limit = 40.0
    result = plan_exchange(agreement(60, 60, 0), time_limit=limit, clock=clock)
    end = limit + 1  # the deadline was taken at the first reading (1.0)
    assert all(t <= end for t in started), started
    assert result.status == "feasible"
    assert result.plan is not None
    assert result.audit is not None
    assert result.audit.safe
    assert result.gap is not None
    assert 0 < result.gap < 1
    assert result.periods_at_least >= 14  # the ratchet certificate, at least


def test_phasing_fake_clock_at_once_still_answers_with_the_certificate() -> None:
    """No time at all: the bound and the heuristic are all there is, and that is said."""
    result = plan_exchange(agreement(30, 60, 0), time_limit=0.5, clock=FakeClock())
    assert result.status in ("feasible", "unknown")
    assert result.periods_at_least == 10
    assert result.ruled_out_by == "certificate"


def test_phasing_clock_does_not_change_a_proven_result() -> None:
    frozen = plan_exchange(exchange(F(1, 2)), time_limit=20, clock=lambda: 0.0)
    real = plan_exchange(exchange(F(1, 2)), time_limit=20)
    assert frozen == real


def test_phasing_progress_announces_the_search_for_fixes() -> None:
    from accord.phasing._analysis import analyze
    from accord.scenario import load

    singapore = ROOT / "examples" / "singapore-2018.yaml"
    seen: list[Progress] = []
    result = analyze(load(singapore), time_limit=10, progress=seen.append)
    assert result.result.status == "infeasible"
    assert result.result.certificate is not None
    assert result.result.certificate.kind == "last_step"
    assert seen[-1].stage == "no safe plan: looking for the smallest fixes"


def test_phasing_exposure_keeps_its_first_plan_when_the_whole_horizon_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: a time-limited whole-horizon solve threw the deepened plan away ('unknown')."""
    real = stages.engine_solve

    def nothing_on_the_whole_horizon(form: Any, *args: Any, **kw: Any) -> Outcome:
        if form.horizon == 20:  # the whole-horizon model only; the plan needs 14 periods
            return Outcome("no_solution", [], None, None, None)
        return real(form, *args, **kw)

    monkeypatch.setattr(stages, "engine_solve", nothing_on_the_whole_horizon)
    problem: PhasingProblem = replace(exchange(F(1, 2)), horizon=20)
    result = plan_exchange(problem, "exposure", time_limit=20)
    assert result.status == "feasible"
    assert result.objective == "exposure"
    assert result.audit is not None
    assert result.audit.safe
    assert result.values["last_period"] == 14


def test_phasing_fake_clock_leaves_the_undecided_horizons_open() -> None:
    """At the limit, the horizons below the plan's periods: the certificate's, then open."""
    problem = agreement(30, 60, 0)
    result = plan_exchange(problem, time_limit=0.5, clock=FakeClock())
    assert result.horizons[0].first == 1
    assert (result.horizons[0].last, result.horizons[0].by) == (9, "certificate")
    assert all(run.by == "open" for run in result.horizons[1:])
    last = result.horizons[-1].last
    expected = problem.horizon if result.plan is None else int(result.values["last_period"]) - 1
    assert last == expected
