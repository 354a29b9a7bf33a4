"""The planner's progress reports and its injectable clock (the time budget, nothing else)."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction as F  # noqa: N817

import pytest

from accord.phasing.model import PhasingProblem
from accord.phasing.planner import Progress, plan_exchange
from tests.unit.test_phasing_planner import exchange


def test_phasing_progress_reports_every_horizon_of_the_deepening() -> None:
    seen: list[Progress] = []
    result = plan_exchange(exchange(F(1, 2)), "periods", time_limit=20, progress=seen.append)
    assert result.status == "optimal"
    assert [p.done for p in seen] == list(range(1, 15))
    assert {p.total for p in seen} == {14}
    assert seen[0].stage == "horizon 1 of 14: infeasible"
    assert seen[-1].stage == "horizon 14 of 14: optimal"


def test_phasing_progress_hands_over_the_best_plan_so_far() -> None:
    seen: list[Progress] = []
    result = plan_exchange(exchange(F(1, 2)), "exposure", time_limit=20, progress=seen.append)
    best = [p.best for p in seen if p.best is not None]
    assert best, "the exposure objective reports its first plan before improving it"
    assert all(b.audit is not None and b.audit.safe for b in best)
    assert best[0].status == "feasible"
    assert result.status == "optimal"


def test_phasing_injected_clock_ends_the_search_when_the_budget_is_spent() -> None:
    ticks = iter([0.0, 0.0, 5.0, 5.0])  # start, horizon 1, then past the 1 s budget

    def clock() -> float:
        return next(ticks)

    seen: list[Progress] = []
    result = plan_exchange(exchange(F(1, 2)), time_limit=1.0, clock=clock, progress=seen.append)
    assert result.status == "unknown"
    assert result.plan is None
    assert [p.stage for p in seen] == ["horizon 1 of 14: infeasible"]


def test_phasing_clock_does_not_change_the_result() -> None:
    frozen = plan_exchange(exchange(F(1, 2)), time_limit=20, clock=lambda: 0.0)
    real = plan_exchange(exchange(F(1, 2)), time_limit=20)
    assert frozen == real


def test_phasing_progress_announces_the_search_for_fixes() -> None:
    from pathlib import Path

    from accord.phasing.analysis import analyse
    from accord.scenario import load

    singapore = Path(__file__).resolve().parents[2] / "examples" / "singapore-2018.yaml"
    seen: list[Progress] = []
    result = analyse(load(singapore), time_limit=10, progress=seen.append)
    assert result.result.status == "infeasible"
    assert seen[-1].stage == "no safe plan: looking for the smallest fixes"
    assert seen[-2].stage.endswith(": infeasible")


def test_phasing_exposure_keeps_its_first_plan_when_the_whole_horizon_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: a time-limited whole-horizon solve threw the deepened plan away ('unknown')."""
    import accord.phasing.planner as planner
    from accord.phasing.milp import Outcome

    real_build = planner.build

    def build(problem: PhasingProblem, **kw: object) -> object:
        form = real_build(problem, **kw)  # type: ignore[arg-type]
        if problem.horizon == 20:  # the whole-horizon model only; deepening stops at 14
            form.lp.solve = lambda *a, **k: Outcome("no_solution", [], None, None, None)  # type: ignore[method-assign]
        return form

    monkeypatch.setattr(planner, "build", build)
    problem = replace(exchange(F(1, 2)), horizon=20)
    result = plan_exchange(problem, "exposure", time_limit=20)
    assert result.status == "feasible"
    assert result.objective == "exposure"
    assert result.audit is not None
    assert result.audit.safe
    assert result.values["last_period"] == 14
