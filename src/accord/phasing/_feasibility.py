"""Whether a plan can be carried out at all: totals, whole units, capacities, order, turns.

Examples
--------
>>> from fractions import Fraction as F
>>> from accord.phasing._model import PhasingItem, PhasingProblem, Plan, Step
>>> item = PhasingItem("x", "a", F(2), {"b": F(1)}, per_period=F(1))
>>> problem = PhasingProblem(("a", "b"), (item,))
>>> list(plan_problems(problem, Plan((Step(1, {"x": F(2)}),))))
["step 1 delivers 2 of 'x', more than its capacity of 1 per period"]
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from accord.phasing._model import PhasingProblem, Plan


def plan_problems(problem: PhasingProblem, plan: Plan) -> Iterator[str]:
    """Yield every reason ``plan`` cannot be carried out as written (empty when it can)."""
    known = {item.id for item in problem.items}
    for k, step in enumerate(plan.steps):
        name = step.name or f"step {k + 1}"
        if k and step.period <= plan.steps[k - 1].period:
            yield f"{name} is in period {step.period}, not after the step before it"
        givers = set()
        for item_id, amount in step.deliveries.items():
            if item_id not in known:
                yield f"{name} delivers '{item_id}', which is not in the package"
                continue
            item = problem.item(item_id)
            givers.add(item.giver)
            if amount < 0:
                yield f"{name} delivers a negative amount of '{item_id}'"
            if not item.divisible and amount != int(amount):
                yield f"{name} delivers {float(amount):g} of '{item_id}', which is indivisible"
            if item.per_period is not None and amount > item.per_period:
                yield (
                    f"{name} delivers {float(amount):g} of '{item_id}', more than its capacity "
                    f"of {float(item.per_period):g} per period"
                )
            yield from _order_problems(problem, plan, name, step.period, item_id)
        if problem.alternate and len(givers) > 1:
            yield f"{name} has {len(givers)} parties delivering; turns must alternate"
    yield from _total_problems(problem, plan)


def _order_problems(
    problem: PhasingProblem, plan: Plan, name: str, period: int, item_id: str
) -> Iterator[str]:
    item = problem.item(item_id)
    if period < item.duration:
        yield (
            f"{name} delivers '{item_id}' in period {period}, before its duration of "
            f"{item.duration}"
        )
    for before in item.after:
        done = plan.delivered(before, period - item.duration)
        if before in {i.id for i in problem.items} and done < problem.item(before).amount:
            yield (
                f"{name} delivers '{item_id}' before its prerequisite '{before}' is complete "
                f"({item.duration} period(s) earlier)"
            )


def _total_problems(problem: PhasingProblem, plan: Plan) -> Iterator[str]:
    last = plan.steps[-1].period if plan.steps else 0
    for item in problem.items:
        total = plan.delivered(item.id, last)
        if total > item.amount:
            yield (
                f"the plan delivers {float(total):g} of '{item.id}', more than the package's "
                f"{float(item.amount):g}"
            )
        elif total < item.amount:
            yield (
                f"the plan delivers {float(total):g} of '{item.id}', less than the package's "
                f"{float(item.amount):g}"
            )


def total_mismatch(problem: PhasingProblem, plan: Plan) -> dict[str, Fraction]:
    """Amount delivered minus amount in the package, for each item that does not match."""
    last = plan.steps[-1].period if plan.steps else 0
    return {
        item.id: plan.delivered(item.id, last) - item.amount
        for item in problem.items
        if plan.delivered(item.id, last) != item.amount
    }
