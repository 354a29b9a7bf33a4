"""The deal analysis's one time budget (issue 17): honoured on a fake clock, and honest.

The fake clock moves one second each time the analysis (the main thread) reads it, and never
when the solvers' watcher threads do: the budget runs out after a set amount of work, whatever
the machine's load. Whatever the budget, what the analysis calls proven must be the exact
optimum (checked against enumerating every package), and what it does not must come with a
bound at least as good as that optimum.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np
import pytest

from accord.deal import _analysis, _solver
from accord.deal._analysis import DealAnalysis, analyze
from accord.deal._frontier import pareto_frontier
from accord.deal._solutions import SOLUTIONS, bargaining_solutions
from accord.deal._space import MAX_ENUMERATION, build_space
from accord.errors import AnalysisError
from accord.scenario import loads
from accord.solver._cpsat import import_cp_model, run_cpsat
from tests.hostile import deal_levels

PARTIES = ["p1", "p2"]
SCENARIO = loads(deal_levels(13, 2))
"""3^13 = 1,594,323 packages: past 2^20, so the analysis solves instead of enumerating."""
SPACE = build_space(SCENARIO.deal, PARTIES)  # type: ignore[arg-type]


class MainThreadClock:
    """Seconds that pass only when the main thread looks: one per look."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        if threading.current_thread() is threading.main_thread():
            self.now += 1.0
        return self.now


@pytest.fixture(scope="module")
def exact() -> dict[str, float]:
    """Each solution's best score, by enumerating every package."""
    assert SPACE.size > MAX_ENUMERATION
    found = bargaining_solutions(SPACE, PARTIES, max_enumeration=SPACE.size)
    return {name: solution.score for name, solution in found.items() if solution.score is not None}


@pytest.fixture(scope="module")
def frontier() -> list[tuple[float, ...]]:
    """The exact frontier's utility pairs, by enumeration."""
    points = pareto_frontier(SPACE, PARTIES, max_enumeration=SPACE.size).points
    return [tuple(p.utilities[q] for q in PARTIES) for p in points]


def check_honest(
    result: DealAnalysis, exact: dict[str, float] | None, frontier: list[tuple[float, ...]] | None
) -> bool:
    """Proven means the exact optimum, a bound is a true bound; whether anything was cut."""
    cut = False
    for name in SOLUTIONS:
        solution = result.solutions.get(name)
        if solution is None:
            assert result.missing[name] == "the time budget ran out before a package was found"
            cut = True
            continue
        assert solution.score is not None
        best = solution.score if exact is None else exact[name]
        if solution.proven:
            assert solution.score == pytest.approx(best), name
            assert solution.gap == 0.0
            assert solution.bound == solution.score
        else:
            cut = True
            assert "not proven optimal" in solution.method
            assert solution.score <= best + 1e-9, name
            assert solution.bound is None or solution.bound >= best - 1e-9, name
            assert solution.gap is None or solution.gap >= 0
    assert result.frontier is not None
    found = [tuple(p.utilities[q] for q in PARTIES) for p in result.frontier.points]
    if not result.frontier.complete:
        assert "time budget ran out" in result.frontier.note
        cut = True
    elif frontier is not None:
        assert found == frontier
    return cut


@pytest.mark.parametrize("budget", [12.0, 25.0, 40.0, 80.0, 160.0, 10_000.0])
def test_budget_is_honoured_and_the_status_honest(
    budget: float, exact: dict[str, float], frontier: list[tuple[float, ...]]
) -> None:
    clock = MainThreadClock()
    result = analyze(SCENARIO, draws=0, time_limit=budget, clock=clock)
    # honoured: once the budget is spent no stage starts another solve; its first look is 1
    assert clock.now <= 1 + budget + 6
    cut = check_honest(result, exact, frontier)
    assert result.time_budget == {"seconds": budget, "ran_out": cut or clock.now >= 1 + budget}
    if budget == 10_000.0:
        assert not result.time_budget["ran_out"]
        assert result.frontier.complete
    if budget == 12.0:
        assert result.missing
        assert not result.frontier.complete


@pytest.mark.parametrize("budget", [0.5, 1.0, 3.0])
def test_on_the_real_clock_too_what_is_proven_is_exact(
    budget: float, exact: dict[str, float], frontier: list[tuple[float, ...]]
) -> None:
    """Solves stopped mid-way (more likely here) keep their best package, with a true bound
    (or, on a very busy machine, the zone is not known in time: a clear error, also honest)."""
    try:
        result = analyze(SCENARIO, draws=0, time_limit=budget)
    except AnalysisError as error:
        assert "raise it with --time-limit" in str(error)
        return
    check_honest(result, exact, frontier)


@pytest.mark.slow
def test_at_the_deal_items_limit_the_analysis_ends_with_an_honest_status() -> None:
    """25 items x 3 amounts (the default ``deal_items``, the slowest seen): the default budget
    ends it (how long it takes is measured by ``python -m benchmarks hostile``)."""
    result = analyze(loads(deal_levels(25, 2)), draws=0)
    assert result.time_budget is not None
    assert result.time_budget["seconds"] == 30.0
    assert result.frontier is not None
    assert check_honest(result, None, None) == (
        any(not s.proven for s in result.solutions.values())
        or bool(result.missing)
        or not result.frontier.complete
    )


def test_out_of_time_before_the_zone_is_known_is_a_clear_error() -> None:
    with pytest.raises(AnalysisError, match="raise it with --time-limit"):
        analyze(SCENARIO, draws=0, time_limit=1.0, clock=MainThreadClock())


def test_a_solution_cut_short_says_so_in_text_and_json() -> None:
    clock = MainThreadClock()
    result = analyze(SCENARIO, draws=0, time_limit=25.0, clock=clock)
    data = result.to_dict()
    assert data["time_budget"] == {"seconds": 25.0, "ran_out": True}
    for name, solution in data["solutions"].items():
        assert {"score", "proven", "bound", "gap"} <= set(solution), name
    from io import StringIO

    from rich.console import Console

    from accord.report._deal import render_deal

    out = StringIO()
    render_deal(Console(file=out, width=200), result, SCENARIO.deal)  # type: ignore[arg-type]
    text = out.getvalue()
    assert "The time budget (25 s, --time-limit) cut the solving short" in text
    unproven = [n for n, s in result.solutions.items() if not s.proven]
    missing = list(result.missing)
    assert unproven or missing or not result.frontier.complete  # type: ignore[union-attr]
    for name in missing:
        assert f"{name}: not computed (the time budget ran out" in text
    assert text.count("not proven optimal:") == len(unproven)


def test_enumerated_solutions_are_proven_with_their_score() -> None:
    small = build_space(loads(deal_levels(6, 2)).deal, PARTIES)  # type: ignore[arg-type]
    for solution in bargaining_solutions(small, PARTIES).values():
        assert solution.proven
        assert solution.score == solution.bound
        assert solution.gap == 0.0
    assert np.isfinite([s.score for s in bargaining_solutions(small, PARTIES).values()]).all()


def test_three_parties_the_frontier_says_when_the_budget_cut_it() -> None:
    """Three parties, 3^11 packages: past 2^16, so the frontier is solved (weighted sums) while
    the zone and the solutions are enumerated; the budget still covers it, and says so."""
    rows = "".join(
        f"    - {{id: i{k}, giver: p{k % 3 + 1}, quantity: 2, value: {{p{k % 3 + 1}: -1, "
        f"p{(k + 1) % 3 + 1}: {k % 7 + 2}, p{(k + 2) % 3 + 1}: {k % 4 + 1}}}}}\n"
        for k in range(11)
    )
    parties = "parties: {p1: {name: A}, p2: {name: B}, p3: {name: C}}\n"
    scenario = loads("accord: 1\ntitle: T\n" + parties + "deal:\n  items:\n" + rows)
    cut = analyze(scenario, draws=0, time_limit=3.0, clock=MainThreadClock())
    assert cut.frontier is not None
    assert cut.frontier.note.endswith("after 0 of 21 weightings")
    assert cut.time_budget == {"seconds": 3.0, "ran_out": True}
    assert all(s.proven for s in cut.solutions.values())  # enumerated
    whole = analyze(scenario, draws=0, time_limit=10_000.0, clock=MainThreadClock())
    assert whole.frontier is not None
    assert whole.time_budget == {"seconds": 10_000.0, "ran_out": False}
    assert "ran out" not in whole.frontier.note
    assert len(whole.frontier.points) > 1


class UnknownAt:
    """CP-SAT as in the deal analysis, except that every solve of one stage stops with no
    package (status UNKNOWN) while the deadline is not reached: CP-SAT's own clock ran out
    first, as under heavy load."""

    def __init__(self, stage: str) -> None:
        self.stage, self.now, self.stopped = stage, "", 0

    def run(self, solver: object, model: object, deadline: object, *args: object) -> object:
        if self.now == self.stage:
            self.stopped += 1
            return import_cp_model().UNKNOWN
        return run_cpsat(solver, model, deadline, *args)  # type: ignore[arg-type]

    def staged(self, name: str, function: Callable[..., object]) -> Callable[..., object]:
        def inner(*args: object, **kwargs: object) -> object:
            self.now = name
            try:
                return function(*args, **kwargs)
            finally:
                self.now = ""

        return inner


@pytest.fixture
def unknown_at(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> UnknownAt:
    fake = UnknownAt(request.param)
    monkeypatch.setattr(_solver, "run_cpsat", fake.run)
    for name, attribute in [
        ("zone", "zone_of_agreement"),
        ("solutions", "solve_all"),
        ("frontier", "pareto_frontier"),
    ]:
        monkeypatch.setattr(_analysis, attribute, fake.staged(name, getattr(_analysis, attribute)))
    return fake


@pytest.mark.parametrize("unknown_at", ["zone"], indirect=True)
def test_no_package_by_the_solvers_clock_at_the_zone_is_the_clear_error(
    unknown_at: UnknownAt,
) -> None:
    with pytest.raises(AnalysisError, match="raise it with --time-limit") as error:
        analyze(SCENARIO, draws=0, time_limit=10_000.0, clock=MainThreadClock())
    assert "stopped without a package" not in str(error.value)
    assert unknown_at.stopped == 1


@pytest.mark.parametrize("unknown_at", ["solutions", "frontier"], indirect=True)
def test_no_package_by_the_solvers_clock_at_a_later_stage_is_an_honest_status(
    unknown_at: UnknownAt, exact: dict[str, float], frontier: list[tuple[float, ...]]
) -> None:
    result = analyze(SCENARIO, draws=0, time_limit=10_000.0, clock=MainThreadClock())
    assert unknown_at.stopped > 0
    assert result.time_budget == {"seconds": 10_000.0, "ran_out": True}
    check_honest(result, exact, frontier)
    assert result.frontier is not None
    if unknown_at.stage == "solutions":
        assert set(result.missing) == set(SOLUTIONS)
        assert result.frontier.complete
    else:
        assert not result.missing
        assert not result.frontier.complete
        assert result.frontier.points == ()
