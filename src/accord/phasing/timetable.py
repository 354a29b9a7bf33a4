"""Dates of periods, and a timetable of milestones named like the JCPOA's days.

Period 1 begins on ``start``; period t begins ``t - 1`` units later. A computed plan's steps are
named after the JCPOA's milestones: the signature is *Finalisation Day*, the first step
*Adoption Day*, the steps in between *Implementation Day 1, 2, ...*, the last *Completion Day*.

Examples
--------
>>> import datetime as dt
>>> period_date(dt.date(2015, 7, 14), "month", 4)
datetime.date(2015, 10, 14)
>>> period_of(dt.date(2015, 7, 14), "month", dt.date(2016, 1, 16))
7
>>> milestone_names(4)
['Adoption Day', 'Implementation Day 1', 'Implementation Day 2', 'Completion Day']
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from accord.phasing.model import PhasingProblem, Plan, Step

_MONTHS = {"month": 1, "quarter": 3, "year": 12}
_DAYS = {"day": 1, "week": 7}


def period_date(start: dt.date, unit: str, period: int) -> dt.date:
    """The first day of ``period`` (1-based) in units of ``unit`` from ``start``."""
    if unit in _DAYS:
        return start + dt.timedelta(days=_DAYS[unit] * (period - 1))
    months = start.month - 1 + _MONTHS[unit] * (period - 1)
    year, month = start.year + months // 12, months % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def period_of(start: dt.date, unit: str, date: dt.date) -> int:
    """The period (1-based) that contains ``date`` (dates before ``start`` are period 1)."""
    if unit in _DAYS:
        return max(1, (date - start).days // _DAYS[unit] + 1)
    months = (date.year - start.year) * 12 + date.month - start.month
    if date.day < start.day:
        months -= 1
    return max(1, months // _MONTHS[unit] + 1)


def milestone_names(count: int) -> list[str]:
    """Names for ``count`` steps of a computed plan, JCPOA style."""
    if count == 1:
        return ["Implementation Day"]
    middle = [f"Implementation Day {k}" for k in range(1, count - 1)]
    return ["Adoption Day", *middle, "Completion Day"][:count]


@dataclass(frozen=True)
class Milestone:
    """One dated step: who delivers what."""

    name: str
    period: int
    date: dt.date
    deliveries: dict[str, dict[str, Fraction]]
    """``{party: {item: amount}}``."""

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form."""
        return {
            "name": self.name,
            "period": self.period,
            "date": self.date.isoformat(),
            "deliveries": {
                p: {i: float(a) for i, a in items.items()} for p, items in self.deliveries.items()
            },
        }


def name_steps(plan: Plan) -> Plan:
    """The plan with unnamed steps named after the JCPOA's milestones."""
    names = milestone_names(len(plan.steps))
    return Plan(
        tuple(
            Step(s.period, s.deliveries, s.name or n)
            for s, n in zip(plan.steps, names, strict=True)
        )
    )


def timetable(problem: PhasingProblem, plan: Plan, start: dt.date, unit: str) -> list[Milestone]:
    """The plan's steps as dated milestones, deliveries grouped by giver."""
    result = []
    for step in plan.steps:
        by_party: dict[str, dict[str, Fraction]] = {}
        for item_id, amount in step.deliveries.items():
            by_party.setdefault(problem.item(item_id).giver, {})[item_id] = amount
        result.append(
            Milestone(step.name, step.period, period_date(start, unit, step.period), by_party)
        )
    return result
