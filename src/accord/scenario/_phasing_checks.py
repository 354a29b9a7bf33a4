"""Cross-reference checks of the ``phasing:`` section (reported by the loader with positions)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from accord._suggest import IN_FILE, closest, unknown_hint
from accord.scenario._base import Path, Problem
from accord.scenario._calendar import period_date, period_of
from accord.scenario._phasing import SOLUTION_NAMES, Phasing, StepSpec

if TYPE_CHECKING:
    from accord.scenario._model import Scenario


def package_amounts(phasing: Phasing, scenario: Scenario, name: str | None) -> dict[str, float]:
    """The package (``{item: amount}``, amounts > 0) a plan or the planner phases."""
    deal = scenario.deal
    if deal is None:
        return {}
    chosen = phasing.package if name is None else name
    if chosen is None:
        return {item.id: item.quantity for item in deal.items}
    if isinstance(chosen, dict):
        return {k: v for k, v in chosen.items() if v > 0}
    if chosen in SOLUTION_NAMES and chosen not in deal.proposals:
        # computed by the deal analysis when planning; any deal item may be in it
        return {item.id: item.quantity for item in deal.items}
    proposal = deal.proposals.get(chosen)
    return {} if proposal is None else {k: v for k, v in proposal.package.items() if v > 0}


def problems(phasing: Phasing, scenario: Scenario) -> Iterator[Problem]:
    """Every cross-reference problem of the section."""
    if scenario.deal is None:
        yield Problem(
            ("phasing",),
            "phasing needs a deal: section with the items to deliver",
            "add a deal: section listing the items and who gives them",
        )
        return
    bad_package = list(
        _package_problems(phasing, scenario, phasing.package, ("phasing", "package"))
    )
    if bad_package:
        yield from bad_package
        return
    yield from _item_spec_problems(phasing, package_amounts(phasing, scenario, None))
    yield from _cycle_problems(phasing)
    for party in [*phasing.penalty, *phasing.escrow]:
        if party not in scenario.parties:
            where = "penalty" if party in phasing.penalty else "escrow"
            yield Problem(
                ("phasing", where, party),
                f"unknown party '{party}'",
                unknown_hint(party, scenario.party_ids, "parties", IN_FILE),
            )
    yield from _written_plan_problems(phasing, scenario)
    if "{n}" not in phasing.milestones.step:
        yield Problem(
            ("phasing", "milestones", "step"),
            f"every step would be named '{phasing.milestones.step}'",
            "put {n} where the step's number goes, e.g. 'Phase {n}'",
        )


def _written_plan_problems(phasing: Phasing, scenario: Scenario) -> Iterator[Problem]:
    if phasing.plan is not None:
        yield from _date_problems(phasing, phasing.plan, ("phasing", "plan"))
        yield from _plan_problems(phasing, scenario, None, phasing.plan, ("phasing", "plan"))
    for name, plan in phasing.plans.items():
        path = ("phasing", "plans", name)
        yield from _date_problems(phasing, plan.steps, (*path, "steps"))
        found = list(_package_problems(phasing, scenario, plan.package, (*path, "package")))
        yield from found
        if not found:
            yield from _plan_problems(phasing, scenario, plan.package, plan.steps, (*path, "steps"))


def _date_problems(phasing: Phasing, steps: list[StepSpec], path: Path) -> Iterator[Problem]:
    """A step dated before ``start:`` (it would silently fall into period 1)."""
    for k, step in enumerate(steps):
        if step.date is not None and step.date < phasing.start:
            yield Problem(
                (*path, k, "date"),
                f"{step.date.isoformat()} is before start: {phasing.start.isoformat()}",
                "period 1 begins on start: date the step later or start: earlier",
            )


def warnings(phasing: Phasing, scenario: Scenario) -> Iterator[Problem]:
    """Written dates the analysis cannot place exactly: a date inside a period (not its first
    day) or a date that disagrees with the step's ``period:``. The timetable keeps the written
    date; the warning gives both dates, so that nothing is moved silently."""
    plans: list[tuple[Path, list[StepSpec]]] = [(("phasing", "plan"), phasing.plan or [])]
    plans += [(("phasing", "plans", name, "steps"), p.steps) for name, p in phasing.plans.items()]
    unit = phasing.period.value
    for path, steps in plans:
        for k, step in enumerate(steps):
            if step.date is None or step.date < phasing.start:
                continue
            period = step.period or period_of(phasing.start, unit, step.date)
            begins = period_date(phasing.start, unit, period)
            if begins == step.date:
                continue
            how = "is given" if step.period else "falls in"
            yield Problem(
                (*path, k, "date"),
                f"step '{step.step}' is dated {step.date.isoformat()} but {how} period "
                f"{period}, which begins on {begins.isoformat()}: the timetable keeps "
                f"{step.date.isoformat()}, the analysis counts the step from "
                f"{begins.isoformat()}",
                _date_hint(phasing, step, period),
            )


def _date_hint(phasing: Phasing, step: StepSpec, period: int) -> str:
    if step.period is not None:
        return "remove period: (the date places the step) or make the two agree"
    nearer = "day" if phasing.period.value != "day" else None
    return (
        f"date the step {period_date(phasing.start, phasing.period.value, period).isoformat()}"
        + (f", or use shorter periods: period: {nearer}" if nearer else "")
    )


def _item_spec_problems(phasing: Phasing, package: dict[str, float]) -> Iterator[Problem]:
    """Per-item phasing data that does not fit the package: unknown items, zero capacity."""
    label = _package_label(phasing.package)
    for item_id, spec in phasing.items.items():
        path = ("phasing", "items", item_id)
        if item_id not in package:
            yield Problem(
                path,
                f"item '{item_id}' is not in the package {label}",
                unknown_hint(item_id, package, "items in the package", IN_FILE),
            )
            continue
        for k, before in enumerate(spec.after):
            if before not in package:
                yield Problem(
                    (*path, "after", k),
                    f"prerequisite '{before}' is not in the package {label}",
                    unknown_hint(before, package, "items in the package", IN_FILE),
                )
        if spec.per_period == 0:
            yield Problem(
                (*path, "per_period"),
                f"item '{item_id}' has a capacity of 0 per period but the package "
                f"delivers {package[item_id]:g} of it",
                "give a capacity above 0",
            )


def _package_label(package: str | dict[str, float] | None) -> str:
    if package is None:
        return "(every deal item)"
    return f"'{package}'" if isinstance(package, str) else "(inline)"


def _package_problems(
    phasing: Phasing, scenario: Scenario, package: str | dict[str, float] | None, path: Path
) -> Iterator[Problem]:
    deal = scenario.deal
    assert deal is not None
    if isinstance(package, str) and package not in [*deal.proposals, *SOLUTION_NAMES]:
        names = [*deal.proposals, *SOLUTION_NAMES]
        hint = (
            unknown_hint(package, names, "packages")
            if closest(package, names)
            else unknown_hint(package, deal.proposals, "proposals", IN_FILE)
            + "; or a bargaining solution: "
            + ", ".join(SOLUTION_NAMES)
        )
        yield Problem(path, f"unknown package '{package}'", hint)
    if isinstance(package, dict):
        for item_id in package:
            if item_id not in deal.item_ids:
                yield Problem(
                    (*path, item_id),
                    f"unknown item '{item_id}'",
                    unknown_hint(item_id, deal.item_ids, "items", IN_FILE),
                )


def _cycle_problems(phasing: Phasing) -> Iterator[Problem]:
    """A prerequisite cycle, reported once at the first item on it."""
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> list[str] | None:
        state[node] = 1
        spec = phasing.items.get(node)
        for nxt in spec.after if spec else []:
            if state.get(nxt) == 1:
                return [*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt]
            if nxt not in state:
                found = visit(nxt, [*trail, nxt])
                if found:
                    return found
        state[node] = 2
        return None

    for item_id in phasing.items:
        if item_id not in state:
            cycle = visit(item_id, [item_id])
            if cycle:
                yield Problem(
                    ("phasing", "items", cycle[0], "after"),
                    f"prerequisite cycle: {' -> '.join(cycle)}",
                    "an item cannot (indirectly) wait for itself",
                )
                return


def _plan_problems(
    phasing: Phasing,
    scenario: Scenario,
    package_name: str | None,
    steps: list[StepSpec],
    path: Path,
) -> Iterator[Problem]:
    deal = scenario.deal
    assert deal is not None
    package = package_amounts(phasing, scenario, package_name)
    totals: dict[str, float] = {}
    for k, step in enumerate(steps):
        for party, amounts in step.deliver.items():
            for item_id, amount in amounts.items():
                where = (*path, k, "deliver", party, item_id)
                if item_id not in package:
                    yield Problem(
                        where,
                        f"item '{item_id}' is not in the package",
                        unknown_hint(item_id, package, "items in the package", IN_FILE),
                    )
                    continue
                giver = deal.item(item_id).giver
                if giver != party:
                    yield Problem(where, f"'{item_id}' is given by {giver}, not {party}")
                totals[item_id] = totals.get(item_id, 0.0) + amount
                if totals[item_id] > package[item_id] + 1e-9:
                    yield Problem(
                        where,
                        f"the plan delivers {totals[item_id]:g} of "
                        f"'{item_id}', more than the package's {package[item_id]:g}",
                    )
