"""A plan's timetable: its steps as named, dated milestones.

A computed plan's steps are named by the scenario's ``phasing.milestones`` (Step 1, Step 2, ...
by default) and dated by the calendar of :mod:`accord.scenario._calendar`. A written plan keeps
the names and the dates its author wrote: a written date is never moved to the start of its
period (the period only places the step in the analysis).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from accord.phasing._model import PhasingProblem, Plan, Step
from accord.scenario._calendar import period_date
from accord.scenario._phasing import Milestones


@dataclass(frozen=True)
class Milestone:
    """One dated step: who delivers what."""

    name: str
    period: int
    date: dt.date
    deliveries: dict[str, dict[str, Fraction]]
    """``{party: {item: amount}}``."""

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form."""
        return {
            "name": self.name,
            "period": self.period,
            "date": self.date.isoformat(),
            "deliveries": {
                p: {i: float(a) for i, a in items.items()} for p, items in self.deliveries.items()
            },
        }


def name_steps(plan: Plan, milestones: Milestones) -> Plan:
    """The plan with unnamed steps named as ``milestones`` says."""
    names = milestones.names(len(plan.steps))
    return Plan(
        tuple(
            Step(s.period, s.deliveries, s.name or n)
            for s, n in zip(plan.steps, names, strict=True)
        )
    )


def timetable(
    problem: PhasingProblem,
    plan: Plan,
    start: dt.date,
    unit: str,
    dates: Sequence[dt.date | None] = (),
) -> list[Milestone]:
    """The plan's steps as dated milestones, deliveries grouped by giver.

    ``dates`` are the dates written for the steps, if any (``None`` for a step written without
    one): a written date is kept as it is; other steps are dated by their period.
    """
    written = list(dates) + [None] * (len(plan.steps) - len(dates))
    result = []
    for step, date in zip(plan.steps, written, strict=True):
        by_party: dict[str, dict[str, Fraction]] = {}
        for item_id, amount in step.deliveries.items():
            by_party.setdefault(problem.item(item_id).giver, {})[item_id] = amount
        result.append(
            Milestone(
                step.name, step.period, date or period_date(start, unit, step.period), by_party
            )
        )
    return result
