"""The planner that chooses each delivery's means, against brute force on tiny instances.

Every plan (each unit item in one period) is enumerated; a plan is acceptable when the phasing
auditor finds it safe against withholding and, in every period, some choice of means within
the budget and the capacities makes faking each delivery unprofitable, ``π F >= (1 - π) g``
(``F``: the giver's margin when the fake is found, at the item's own verification lag).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.phasing._audit import audit_plan
from accord.phasing._model import PhasingItem, PhasingProblem, Plan, Step
from accord.verification._deterrence import MeansSpec
from accord.verification._planning import plan_choosing_means
from accord.verification._plans import fake_margin, verify_plan

PARTIES = ("s", "b")
Instance = tuple[PhasingProblem, dict[str, MeansSpec], dict[str, list[str]], Fraction | None]


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    means = {
        m: MeansSpec(
            m,
            detection=draw(st.sampled_from([Fraction(1, 4), Fraction(1, 2), Fraction(9, 10)])),
            cost=Fraction(draw(st.sampled_from([0, 1, 1, 2]))),
            per_item=draw(st.integers(1, 2)),
            capacity=draw(st.one_of(st.none(), st.integers(1, 2))),
        )
        for m in ("m0", "m1")[: draw(st.integers(1, 2))]
    }
    items, verifies = [], {}
    for i in range(draw(st.integers(2, 3))):
        giver = draw(st.sampled_from(PARTIES))
        other = "b" if giver == "s" else "s"
        values = {
            giver: Fraction(-draw(st.integers(0, 3))),
            other: Fraction(draw(st.integers(1, 5))),
        }
        item = PhasingItem(f"i{i}", giver, Fraction(1), values, verify_lag=draw(st.integers(0, 1)))
        items.append(item)
        verifies[item.id] = sorted(
            draw(st.sets(st.sampled_from(sorted(means)), min_size=1, max_size=2))
        )
    penalty = {p: Fraction(draw(st.integers(0, 8))) for p in PARTIES}
    problem = PhasingProblem(
        PARTIES, tuple(items), penalty=penalty, horizon=draw(st.integers(2, 3))
    )
    budget = draw(st.sampled_from([None, Fraction(0), Fraction(1), Fraction(1), Fraction(2)]))
    return problem, means, verifies, budget


def _every_plan(problem: PhasingProblem) -> list[Plan]:
    plans = []
    periods = range(1, problem.horizon + 1)
    for assignment in itertools.product(periods, repeat=len(problem.items)):
        steps: dict[int, dict[str, Fraction]] = {}
        for item, t in zip(problem.items, assignment, strict=True):
            steps.setdefault(t, {})[item.id] = item.amount
        plans.append(Plan(tuple(Step(t, steps[t]) for t in sorted(steps))))
    return plans


def _step_can_be_verified(
    problem: PhasingProblem,
    plan: Plan,
    index: int,
    means: Mapping[str, MeansSpec],
    verifies: Mapping[str, Sequence[str]],
    budget: Fraction | None,
) -> bool:
    fakeable = [
        (problem.item(i), -problem.item(i).value(problem.item(i).giver) * amount)
        for i, amount in plan.steps[index].deliveries.items()
    ]
    fakeable = [(item, gain) for item, gain in fakeable if gain > 0]
    choices = [
        list(itertools.product(*(range(means[m].per_item + 1) for m in verifies[item.id])))
        for item, _ in fakeable
    ]
    for choice in itertools.product(*choices):
        used = [
            (m, k)
            for (item, _), uses in zip(fakeable, choice, strict=True)
            for m, k in zip(verifies[item.id], uses, strict=True)
        ]
        if not _affordable(used, means, budget):
            continue
        deterred = True
        for (item, gain), uses in zip(fakeable, choice, strict=True):
            miss = Fraction(1)
            for m, k in zip(verifies[item.id], uses, strict=True):
                miss *= (1 - means[m].detection) ** k
            margin = fake_margin(problem, plan, item, index)
            deterred &= (1 - miss) * margin >= miss * gain
        if deterred:
            return True
    return False


def _affordable(
    used: list[tuple[str, int]], means: Mapping[str, MeansSpec], budget: Fraction | None
) -> bool:
    if budget is not None and sum(means[m].cost * k for m, k in used) > budget:
        return False
    load = dict.fromkeys(means, 0)
    for m, k in used:
        load[m] += k
    return all(s.capacity is None or load[m] <= s.capacity for m, s in means.items())


def _acceptable(problem: PhasingProblem, plan: Plan, *rest: object) -> bool:
    if not audit_plan(problem, plan).safe:
        return False
    return all(
        _step_can_be_verified(problem, plan, k, *rest)  # type: ignore[arg-type]
        for k in range(len(plan.steps))
    )


@settings(max_examples=60)
@given(instances())
def test_means_chosen_by_the_planner_match_brute_force(instance: Instance) -> None:
    problem, means, verifies, budget = instance
    good = [p for p in _every_plan(problem) if _acceptable(problem, p, means, verifies, budget)]
    result = plan_choosing_means(problem, means, verifies, budget, time_limit=10)
    if not good:
        assert result.status == "infeasible"
        return
    assert result.status == "optimal"
    assert result.plan is not None
    assert _acceptable(problem, result.plan, means, verifies, budget)
    assert result.values["last_period"] == min(p.steps[-1].period for p in good)
    assert verify_plan(problem, result.plan, means, verifies, budget).safe
