"""Planner against the auditor and against brute force on small random instances."""

from __future__ import annotations

import itertools
from dataclasses import replace
from fractions import Fraction as F  # noqa: N817

from hypothesis import given
from hypothesis import strategies as st

from accord.phasing._audit import audit_plan
from accord.phasing._bounds import certificates
from accord.phasing._certificate import confirm
from accord.phasing._endgame import finish, starts
from accord.phasing._heuristic import first_plans
from accord.phasing._model import PhasingItem, PhasingProblem, Plan, Reversible, Step
from accord.phasing._planner import plan_exchange
from accord.phasing._stages import Engine
from accord.solver._control import Deadline

PARTIES = ("a", "b", "c")


@st.composite
def problems(draw: st.DrawFn) -> PhasingProblem:
    parties = PARTIES[: draw(st.integers(2, 3))]
    count = draw(st.integers(2, 3))
    items = []
    for k in range(count):
        giver = parties[k % 2] if k < 2 else draw(st.sampled_from(parties))
        values = {p: F(draw(st.integers(-1, 4))) for p in parties if p != giver}
        values[giver] = F(-draw(st.integers(0, 3)))
        reversible = draw(st.sampled_from([None, Reversible(1, F(1)), Reversible(0, F(1, 2))]))
        items.append(
            PhasingItem(
                f"i{k}",
                giver,
                F(draw(st.integers(1, 2))),
                values,
                verify_lag=draw(st.integers(0, 1)),
                reversible=reversible,
                per_period=draw(st.sampled_from([None, F(1)])),
            )
        )
    penalty = {p: F(draw(st.integers(0, 3))) for p in parties}
    return PhasingProblem(
        parties,
        tuple(items),
        penalty=penalty,
        horizon=draw(st.integers(2, 3)),
        alternate=draw(st.booleans()),
    )


def all_plans(problem: PhasingProblem) -> list[Plan]:
    """Every way of spreading each item's whole units over the periods."""
    spreads = []
    for item in problem.items:
        cap = int(item.amount) if item.per_period is None else int(item.per_period)
        options = [
            split
            for split in itertools.product(range(cap + 1), repeat=problem.horizon)
            if sum(split) == item.amount
        ]
        spreads.append(options)
    plans = []
    for choice in itertools.product(*spreads):
        steps = []
        for t in range(problem.horizon):
            deliveries = {
                item.id: F(split[t])
                for item, split in zip(problem.items, choice, strict=True)
                if split[t]
            }
            if deliveries:
                steps.append(Step(t + 1, deliveries))
        plans.append(Plan(tuple(steps)))
    return plans


def brute_force(problem: PhasingProblem) -> tuple[int, F] | None:
    best: tuple[int, F] | None = None
    for plan in all_plans(problem):
        audit = audit_plan(problem, plan)
        if not audit.safe:
            continue
        exposure = max(v for row in audit.steps for v in row.exposure.values())
        key = (max((s.period for s in plan.steps), default=0), exposure)
        best = key if best is None or key < best else best
    return best


@given(problems())
def test_phasing_planner_optimum_equals_brute_force(problem: PhasingProblem) -> None:
    result = plan_exchange(problem, time_limit=20)
    expected = brute_force(problem)
    if expected is None:
        assert result.status == "infeasible"
        return
    assert result.status == "optimal"
    assert result.audit is not None
    assert result.audit.safe
    assert result.values["last_period"] == expected[0]
    assert abs(result.values["max_exposure"] - float(expected[1])) < 1e-6


@given(problems(), st.sampled_from(["periods", "steps", "exposure"]))
def test_phasing_every_planned_plan_passes_the_auditor(
    problem: PhasingProblem, objective: str
) -> None:
    result = plan_exchange(problem, objective, time_limit=20)  # type: ignore[arg-type]
    if result.plan is not None:
        assert result.audit is not None
        assert audit_plan(problem, result.plan).safe


@st.composite
def divisible_problems(draw: st.DrawFn) -> PhasingProblem:
    """Two parties, divisible goods against divisible payments, small penalties."""
    items = []
    for k in range(draw(st.integers(2, 4))):
        giver, other = ("a", "b") if k % 2 == 0 else ("b", "a")
        cost = F(draw(st.integers(1, 5)))
        items.append(
            PhasingItem(
                f"i{k}",
                giver,
                F(draw(st.integers(1, 20))),
                {giver: -cost, other: cost * F(draw(st.integers(11, 30)), 10)},
                divisible=True,
                verify_lag=draw(st.integers(0, 1)),
            )
        )
    penalty = {p: F(draw(st.integers(0, 20)), 2) for p in ("a", "b")}
    return PhasingProblem(
        ("a", "b"),
        tuple(items),
        penalty=penalty,
        horizon=draw(st.integers(2, 8)),
        alternate=draw(st.booleans()),
    )


@given(divisible_problems())
def test_phasing_divisible_plans_pass_the_auditor_within_solver_tolerance(
    problem: PhasingProblem,
) -> None:
    result = plan_exchange(problem, time_limit=20)
    if result.plan is None:
        return
    scale = max(abs(problem.final_value(p)) for p in problem.parties) + 1
    assert audit_plan(problem, result.plan, tolerance=scale / 10**6).safe


@given(problems())
def test_phasing_every_confirmed_bound_holds_against_brute_force(problem: PhasingProblem) -> None:
    """A certificate the independent check confirms never claims more periods than the best
    plan needs (and never rules out a horizon that has a safe plan)."""
    expected = brute_force(problem)
    for certificate in certificates(problem):
        if confirm(problem, certificate):
            continue  # not confirmed: the planner does not use it
        if expected is not None:
            assert certificate.periods is not None, certificate.text
            assert certificate.periods <= max(expected[0], 1), certificate.text


@given(problems())
def test_phasing_heuristic_plans_are_safe(problem: PhasingProblem) -> None:
    for plan in first_plans(problem):
        assert audit_plan(problem, plan).safe
        assert all(s.period <= problem.horizon for s in plan.steps)


@given(divisible_problems())
def test_phasing_heuristic_plans_are_safe_with_divisible_items(problem: PhasingProblem) -> None:
    for plan in first_plans(problem):
        assert audit_plan(problem, plan).safe


@given(problems(), st.integers(0, 2))
def test_phasing_endgame_keeps_its_start_and_is_safe_or_proven_impossible(
    problem: PhasingProblem, cut: int
) -> None:
    """Each heuristic start (rationed or not) is a safe plan over the longer horizon; the
    solver's end after its first ``cut`` periods keeps them, passes the auditor and fits the
    horizon; when the solver proves that no end exists, brute force finds none either."""
    longer = replace(problem, horizon=2 * problem.horizon, alternate=True)
    for start in starts(problem, Deadline.after(20)):
        assert audit_plan(longer, start).safe
        plan, proven = finish(problem, start, cut, Deadline.after(20), Engine())
        if cut >= problem.horizon:
            assert plan is None
            continue
        if plan is not None:
            assert audit_plan(problem, plan).safe
            assert all(s.period <= problem.horizon for s in plan.steps)
            for item in problem.items:
                for t in range(1, cut + 1):
                    assert plan.delivered(item.id, t) == start.delivered(item.id, t)
        elif proven:
            kept = [
                p
                for p in all_plans(problem)
                if all(
                    p.delivered(i.id, t) == start.delivered(i.id, t)
                    for i in problem.items
                    for t in range(1, cut + 1)
                )
            ]
            assert not any(audit_plan(problem, p).safe for p in kept)
