"""Variants of a scenario tried in the browser, built from its text without touching the file.

A variant is the scenario's YAML with one change (a written plan's steps rearranged, another
budget or penalty), validated exactly as a file is: a change the scenario rejects gets the same
located errors as the CLI.

Examples
--------
>>> from pathlib import Path
>>> text = Path("examples/korea-2019.yaml").read_text(encoding="utf-8")
>>> plan = written_plans(text)["hanoi_offer"]
>>> [(d.party, d.item, d.step) for d in plan.deliveries]
[('dprk', 'test_moratorium', 0), ('us', 'unsc_2016_2017', 0), ('dprk', 'yongbyon', 1)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from accord.errors import Diagnostic, InputError, ScenarioError
from accord.scenario import Scenario
from accord.web._workspace import validate_text


@dataclass(frozen=True)
class Delivery:
    """One delivery of a written plan and the step (0-based) it is in."""

    party: str
    item: str
    amount: float
    step: int


@dataclass(frozen=True)
class WrittenPlanView:
    """A written plan as the plan editor shows it: steps (name, date) and deliveries."""

    name: str
    steps: list[tuple[str, str]]
    deliveries: list[Delivery]

    @property
    def next_date(self) -> str:
        """A date for a new last step: as far after the last step as that one is after the
        step before it (90 days when there is no such gap)."""
        try:
            dates = [dt.date.fromisoformat(d) for _, d in self.steps[-2:]]
        except ValueError:
            return ""
        if not dates:
            return ""
        gap = dates[-1] - dates[0] if len(dates) == 2 and dates[-1] > dates[0] else None
        return (dates[-1] + (gap or dt.timedelta(days=90))).isoformat()


def _data(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise InputError("the scenario is not a YAML mapping")
    return data


def written_plans(text: str) -> dict[str, WrittenPlanView]:
    """The plans written in the ``phasing:`` section of a (valid) scenario text."""
    plans = (_data(text).get("phasing") or {}).get("plans") or {}
    found: dict[str, WrittenPlanView] = {}
    for name, plan in plans.items():
        steps, deliveries = [], []
        for k, step in enumerate(plan.get("steps") or []):
            steps.append((str(step.get("step", f"step {k + 1}")), str(step.get("date", ""))))
            for party, items in (step.get("deliver") or {}).items():
                deliveries += [Delivery(party, i, float(a), k) for i, a in items.items()]
        found[str(name)] = WrittenPlanView(str(name), steps, deliveries)
    return found


def variant(text: str, name: str, change: Callable[[dict[str, Any]], None]) -> Scenario:
    """The scenario of ``text`` with ``change`` applied to its data (``ScenarioError``, located
    in the variant's text, if the result is invalid)."""
    data = _data(text)
    change(data)
    changed = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    checked = validate_text(changed, f"{name} (variant)")
    if checked.scenario is None:
        raise ScenarioError(checked.diagnostics)
    return checked.scenario


def rearranged(
    text: str, name: str, plan: str, steps: list[tuple[str, str]], at: Mapping[int, int]
) -> tuple[Scenario, WrittenPlanView]:
    """The scenario with written ``plan``'s deliveries in the steps ``at`` gives (delivery
    index -> step index into ``steps``, each a name and a date; empty steps are dropped), and
    the plan as it now stands."""
    view = written_plans(text).get(plan)
    if view is None:
        raise InputError(f"no written plan '{plan}'", "the plans are in phasing: plans:")
    for k, (_, date) in enumerate(steps):
        _check_date(date, k, name)
    rows: list[dict[str, Any]] = [
        {"step": step_name, "date": dt.date.fromisoformat(date), "deliver": {}}
        for step_name, date in steps
    ]
    for index, delivery in enumerate(view.deliveries):
        where = at.get(index, delivery.step)
        if not 0 <= where < len(rows):
            raise InputError(f"step {where + 1} does not exist", f"steps 1..{len(rows)}")
        given = rows[where]["deliver"].setdefault(delivery.party, {})
        given[delivery.item] = delivery.amount
    kept = [row for row in rows if row["deliver"]]

    def change(data: dict[str, Any]) -> None:
        data["phasing"]["plans"][plan]["steps"] = kept

    position = {id(row): k for k, row in enumerate(kept)}
    now = [
        Delivery(d.party, d.item, d.amount, position[id(rows[at.get(k, d.step)])])
        for k, d in enumerate(view.deliveries)
    ]
    named = [(str(r["step"]), r["date"].isoformat()) for r in kept]
    return variant(text, name, change), WrittenPlanView(plan, named, now)


def _check_date(date: str, k: int, name: str) -> None:
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        path = f"steps[{k}].date"
        message = f"'{date}' is not a date"
        raise ScenarioError(
            [Diagnostic(name, None, None, path, message, "write it YYYY-MM-DD")]
        ) from None


def with_budget_and_penalties(
    text: str, name: str, budget: float | None, penalties: Mapping[str, float]
) -> Scenario:
    """The scenario with another verification budget per period and phasing penalties."""

    def change(data: dict[str, Any]) -> None:
        if budget is not None:
            section = data.get("verification") or {}
            found = section.get("budget")
            section["budget"] = {**(found if isinstance(found, dict) else {}), "per_period": budget}
        if penalties:
            phasing = data.get("phasing")
            if not isinstance(phasing, dict):
                raise InputError("the scenario has no phasing: section to hold penalties")
            phasing["penalty"] = {**(phasing.get("penalty") or {}), **penalties}

    return variant(text, name, change)
