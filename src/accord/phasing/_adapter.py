"""From a scenario (``deal:`` + ``phasing:``) to the phasing model's plain values.

Values are read at the mode of their range, per unit; a piecewise-linear curve is replaced by
its chord over the package's amount (its average value per unit), and ``together``
interactions are left out: the phasing model is linear. Both simplifications are stated in the
output (``notes``).

Examples
--------
>>> from accord.scenario import loads
>>> s = loads('''
... accord: 1
... title: T
... parties: {a: {name: A}, b: {name: B}}
... deal:
...   items:
...     - {id: x, giver: a, value: {a: -1, b: 2}}
...   proposals: {just_x: {x: 1}}
... phasing: {start: 2019-03-01, package: just_x, penalty: {a: 1}}
... ''')
>>> problem = problem_from_scenario(s)
>>> problem.parties, problem.items[0].values, problem.penalty
(('a', 'b'), {'a': Fraction(-1, 1), 'b': Fraction(2, 1)}, {'a': Fraction(1, 1)})
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from accord._suggest import unknown_hint
from accord.errors import InputError
from accord.phasing._model import PhasingItem, PhasingProblem, Plan, Reversible, Step
from accord.scenario._calendar import period_of
from accord.scenario._deal import Curve, Deal
from accord.scenario._model import Role, Scenario
from accord.scenario._phasing import SOLUTION_NAMES, Phasing, StepSpec
from accord.scenario._phasing_checks import package_amounts


def _exact(value: float) -> Fraction:
    return Fraction(value).limit_denominator(10**9)


def _section(scenario: Scenario) -> tuple[Deal, Phasing]:
    if scenario.deal is None or scenario.phasing is None:
        raise InputError("the scenario has no phasing: section", "add deal: and phasing:")
    return scenario.deal, scenario.phasing


def problem_from_scenario(scenario: Scenario, package: str | None = None) -> PhasingProblem:
    """The phasing problem for ``package`` (a proposal name; default: the section's package)."""
    deal, phasing = _section(scenario)
    if package is not None and package not in [*deal.proposals, *SOLUTION_NAMES]:
        known = [*deal.proposals, *SOLUTION_NAMES]
        raise InputError(f"unknown package '{package}'", unknown_hint(package, known, "packages"))
    chosen = phasing.package if package is None else package
    if isinstance(chosen, str) and chosen in SOLUTION_NAMES and chosen not in deal.proposals:
        amounts = solution_package(scenario, chosen)
    else:
        amounts = package_amounts(phasing, scenario, package)
    items = tuple(
        _item(deal, phasing, item_id, amount, set(amounts)) for item_id, amount in amounts.items()
    )
    givers = {item.giver for item in items}
    parties = tuple(
        p for p, party in scenario.parties.items() if p in givers or party.role is Role.PARTY
    )
    return PhasingProblem(
        parties,
        items,
        penalty={p: _exact(v.mode) for p, v in phasing.penalty.items()},
        escrow={p: _exact(v.value) for p, v in phasing.escrow.items()},
        horizon=phasing.horizon,
        alternate=phasing.alternate,
    )


def solution_package(scenario: Scenario, name: str) -> dict[str, float]:
    """The package of the bargaining solution ``name`` of ``deal:`` (amounts > 0)."""
    from accord.deal._solutions import bargaining_solutions
    from accord.deal._space import build_space

    assert scenario.deal is not None
    space = build_space(scenario.deal, scenario.party_ids)
    solutions = bargaining_solutions(space, tuple(scenario.negotiating_parties))
    if name not in solutions:
        raise InputError(
            f"there is no '{name}' package: no package is acceptable to every party",
            "see `accord deal` for what blocks the zone of agreement",
        )
    return {k: v for k, v in solutions[name].package.items() if v > 0}


def _item(
    deal: Deal, phasing: Phasing, item_id: str, amount: float, package: set[str]
) -> PhasingItem:
    item = deal.item(item_id)
    spec = phasing.items.get(item_id)
    values: dict[str, Fraction] = {}
    for party, value in item.value.items():
        if isinstance(value, Curve):
            values[party] = _exact((value.at(amount) - value.at(0)) / amount)
        else:
            values[party] = _exact(value.mode)
    reversible = None
    if spec is not None and spec.reversible is not None:
        reversible = Reversible(spec.reversible.lag, _exact(spec.reversible.recover.mode))
    divisible = item.divisible if spec is None or spec.divisible is None else spec.divisible
    return PhasingItem(
        item_id,
        item.giver,
        _exact(amount),
        values,
        divisible=divisible,
        verify_lag=0 if spec is None else spec.verify_lag,
        reversible=reversible,
        per_period=None if spec is None or spec.per_period is None else _exact(spec.per_period),
        duration=1 if spec is None else spec.duration,
        after=() if spec is None else tuple(a for a in spec.after if a in package),
        label=item.label,
    )


@dataclass(frozen=True)
class WrittenPlan:
    """A plan from the file, with the problem of its package."""

    name: str
    label: str
    package: str | None
    problem: PhasingProblem
    plan: Plan
    dates: tuple[dt.date | None, ...] = ()
    """The date written for each step (``None`` where the step has none)."""


def written_plans(scenario: Scenario) -> list[WrittenPlan]:
    """Every plan written in ``phasing:`` (``plan`` first, then ``plans`` in file order)."""
    _, phasing = _section(scenario)
    found = []
    if phasing.plan is not None:
        name = phasing.package if isinstance(phasing.package, str) else None
        problem = problem_from_scenario(scenario)
        plan, dates = _plan(phasing, phasing.plan), _dates(phasing.plan)
        found.append(WrittenPlan("plan", "", name, problem, plan, dates))
    for name, spec in phasing.plans.items():
        problem = problem_from_scenario(scenario, spec.package)
        plan, dates = _plan(phasing, spec.steps), _dates(spec.steps)
        found.append(WrittenPlan(name, spec.label, spec.package, problem, plan, dates))
    return found


def _dates(steps: list[StepSpec]) -> tuple[dt.date | None, ...]:
    return tuple(step.date for step in steps)


def _plan(phasing: Phasing, steps: list[StepSpec]) -> Plan:
    result = []
    for index, spec in enumerate(steps):
        if spec.period is not None:
            period = spec.period
        elif spec.date is not None:
            period = period_of(phasing.start, phasing.period.value, spec.date)
        else:
            period = index + 1
        deliveries = {
            item: _exact(amount)
            for amounts in spec.deliver.values()
            for item, amount in amounts.items()
        }
        result.append(Step(period, deliveries, spec.step))
    return Plan(tuple(result))
