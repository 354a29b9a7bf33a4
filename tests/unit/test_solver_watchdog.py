"""The watchdog: a solver that overruns its own limit is abandoned at the deadline (fake clock),
with the best solution it reported; the planner then answers with its best known plan."""

from __future__ import annotations

import importlib
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

import accord.solver._highs as highs
from accord.phasing._planner import plan_exchange
from accord.solver import _watchdog as watchdog
from accord.solver._control import Deadline
from accord.solver._model import Improved, Outcome
from benchmarks.phasing_instances import agreement


class FakeClock:
    """A clock that moves one second every time it is read."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """Set at the end of the test: every fake slow solver then returns, and the test waits
    (without a time bound that matters) until no abandoned call is left running."""
    event = threading.Event()
    yield event
    event.set()
    for _ in range(6000):
        if not watchdog.still_running():
            return
        time.sleep(0.01)
    raise AssertionError("an abandoned fake solver did not end once released")


def test_watchdog_abandons_a_solver_that_ignores_its_deadline(release: threading.Event) -> None:
    heard: list[float] = []

    def stuck(report: Improved) -> Outcome:
        report([1.0, 2.0], 7.0)
        release.wait()
        report([0.0, 0.0], 0.0)  # too late: nobody hears it
        return Outcome("optimal", [0.0, 0.0], 0.0, 0.0, 0.0)

    outcome = watchdog.bounded(stuck, Deadline.after(10, FakeClock()), lambda x, v: heard.append(v))
    assert outcome == Outcome("time_limit", [1.0, 2.0], 7.0, None, None)
    assert watchdog.still_running()
    release.set()
    assert heard == [7.0]


def test_watchdog_without_a_solution_says_so(release: threading.Event) -> None:
    def stuck(report: Improved) -> Outcome:
        release.wait()
        return Outcome("infeasible", [], None, None, None)

    outcome = watchdog.bounded(stuck, Deadline.after(3, FakeClock()))
    assert outcome.status == "no_solution"
    assert outcome.x == []


def test_watchdog_passes_a_finished_solve_and_its_errors_through() -> None:
    frozen = Deadline.after(10, lambda: 0.0)  # never expires
    done = Outcome("optimal", [1.0], 1.0, 1.0, 0.0)
    assert watchdog.bounded(lambda report: done, frozen) == done

    def broken(report: Improved) -> Outcome:
        raise ValueError("bad model")

    with pytest.raises(ValueError, match="bad model"):
        watchdog.bounded(broken, frozen)


def test_planner_answers_its_heuristic_plan_when_every_solver_call_hangs(
    monkeypatch: pytest.MonkeyPatch, release: threading.Event
) -> None:
    """Both solvers hang (they never look at their deadline): the planner still ends, with the
    lockstep heuristic's audited plan and the certificate's bound."""
    calls: list[str] = []

    def hang(*args: Any, **kwargs: Any) -> Outcome:
        calls.append("solve")
        release.wait()
        return Outcome("no_solution", [], None, None, None)

    monkeypatch.setattr(highs, "_run", hang)
    solve_module = importlib.import_module("accord.solver._solve")  # the package shadows it
    monkeypatch.setattr(solve_module, "solve_cpsat", hang)
    result = plan_exchange(agreement(30, 60, 0), time_limit=60, clock=FakeClock())
    assert calls, "the planner called a solver"
    assert result.status == "feasible"
    assert result.plan is not None
    assert result.audit is not None
    assert result.audit.safe
    assert result.periods_at_least == 10
    assert result.ruled_out_by == "certificate"


def test_planner_with_one_cpsat_worker_repeats_itself_when_no_limit_cuts_it() -> None:
    """Deterministic settings (one CP-SAT worker, the fixed seed) and a deadline that never
    comes (a frozen clock): the same plan, values and proof every run."""
    from accord.phasing._stages import Engine

    problem = agreement(12, 60, 3, horizon=12)
    engine = Engine("cpsat", workers=1)
    runs = [plan_exchange(problem, clock=lambda: 0.0, engine=engine) for _ in range(2)]
    assert runs[0].status == "optimal"
    assert runs[0] == runs[1]
