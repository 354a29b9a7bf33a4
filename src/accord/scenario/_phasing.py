"""The ``phasing:`` section: how an agreed package is carried out step by step.

The package comes from ``deal:`` (a named proposal, an inline ``{item: amount}`` mapping, or,
when absent, every item at its full quantity). ``items`` adds what the phasing model needs per
item (capacity, duration, prerequisites, verification lag, reversibility); ``penalty`` and
``escrow`` are what each party loses by defecting; ``plan`` / ``plans`` are plans written by
people, to audit.

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
...     - {id: y, giver: b, divisible: true, value: {a: 1, b: -1}}
... phasing:
...   start: 2019-03-01
...   items: {y: {reversible: {recover: 0.5}}}
...   penalty: {a: 1}
...   plan:
...     - {step: Adoption, deliver: {a: {x: 1}}}
...     - {step: Implementation, deliver: {b: {y: 1}}}
... ''')
>>> s.phasing.items["y"].reversible.recover.mode
0.5
>>> s.phasing.plan[1].deliver
{'b': {'y': 1.0}}
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from accord.scenario._base import NOTE, Id, Model, Number, Uncertain, UncertainShare

if TYPE_CHECKING:
    pass


SOLUTION_NAMES = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
"""Bargaining solutions of ``deal:`` that ``package:`` may name instead of a proposal."""


class PeriodUnit(StrEnum):
    """The length of one planning period."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class ReversibleSpec(Model):
    """The giver can take the item back if the receiver defects (a snapback)."""

    lag: int = Field(default=1, ge=0, description="Periods the taking back needs.")
    recover: UncertainShare = Field(
        default=1.0,
        validate_default=True,
        description="Fraction of the item's value the defector loses, in (0, 1]: a number or "
        "{low, mode, high} (a single analysis uses the mode; a sweep draws it).",
    )
    note: str | None = NOTE


class PhasingItemSpec(Model):
    """What the phasing model needs to know about one item of the package."""

    per_period: float | None = Field(
        default=None, ge=0, description="At most this amount can be delivered in one period."
    )
    duration: int = Field(
        default=1, ge=1, description="Periods the work takes (after its prerequisites)."
    )
    after: list[Id] = Field(
        default_factory=list, description="Items that must be complete before this one starts."
    )
    verify_lag: int = Field(
        default=0, ge=0, description="Periods until a delivery is verified by the others."
    )
    reversible: ReversibleSpec | None = Field(
        default=None, description="If the giver can take the item back: {lag, recover}."
    )
    divisible: bool | None = Field(
        default=None, description="Override the deal's divisibility for phasing (split it)."
    )
    verification: str | None = Field(
        default=None, description="The verification means in prose (IAEA, national means...)."
    )
    measure: str | None = Field(
        default=None,
        description="The quantity the commitment states, in words, when the deal item has no "
        "unit (e.g. all Pu and U production at Yongbyon); counts as a quantity for substance.",
    )
    note: str | None = NOTE


class StepSpec(Model):
    """One step of a plan written by a person: who delivers how much of what, and when."""

    step: str = Field(description="The step's name, e.g. Freeze verified.")
    period: int | None = Field(
        default=None, ge=1, description="The period (1 = the one starting at `start`)."
    )
    date: dt.date | None = Field(
        default=None,
        description="Or the date: kept as written in the timetable; the analysis counts the "
        "step in the period containing it (a date that does not begin a period is a warning, an "
        "error with --strict).",
    )
    deliver: dict[Id, dict[Id, float]] = Field(
        default_factory=dict, description="{party: {item: amount}} delivered in this step."
    )
    note: str | None = NOTE


class PlanSpec(Model):
    """A named plan to audit, for the section's package or another one."""

    package: str | None = Field(
        default=None, description="A proposal in deal: (default: the section's package)."
    )
    label: str = Field(default="", description="Who proposed the plan, in prose.")
    steps: list[StepSpec] = Field(description="The steps, in order.")
    note: str | None = NOTE


class Milestones(Model):
    """The names of a computed plan's steps: by default Step 1, Step 2, ...

    ``step`` names every step, ``{n}`` standing for its number; ``first`` and ``last``, when
    given, name the first and the last step instead (a plan of one step takes ``first``), and
    ``{n}`` then counts only the steps in between.

    >>> Milestones().names(3)
    ['Step 1', 'Step 2', 'Step 3']
    >>> jcpoa = Milestones(first="Adoption Day", step="Implementation Day {n}",
    ...                    last="Completion Day")
    >>> jcpoa.names(4)
    ['Adoption Day', 'Implementation Day 1', 'Implementation Day 2', 'Completion Day']
    >>> jcpoa.names(1)
    ['Adoption Day']
    """

    first: str | None = Field(default=None, description="The first step's name.")
    step: str = Field(
        default="Step {n}",
        description="The name of every other step; {n} is replaced by its number.",
    )
    last: str | None = Field(default=None, description="The last step's name.")
    note: str | None = NOTE

    def names(self, count: int) -> list[str]:
        """Names for the ``count`` steps of a plan, in order."""
        if count == 1 and self.first is not None:
            return [self.first]
        head = [] if self.first is None else [self.first]
        tail = [] if self.last is None or count < 2 else [self.last]
        middle = count - len(head) - len(tail)
        numbered = [self.step.replace("{n}", str(k)) for k in range(1, middle + 1)]
        return [*head, *numbered, *tail]


class Phasing(Model):
    """How a package is phased: periods, per-item constraints, penalties, plans to audit."""

    start: dt.date = Field(description="The date of period 1 (signature).")
    period: PeriodUnit = Field(default=PeriodUnit.MONTH, description="day, week, month, ...")
    horizon: int = Field(default=12, ge=1, le=240, description="Periods available to the planner.")
    package: str | dict[Id, float] | None = Field(
        default=None,
        description="A proposal name from deal:, a bargaining solution (nash, kalai_smorodinsky, "
        "egalitarian, utilitarian), or {item: amount}; default every item in full.",
    )
    objective: Literal["periods", "steps", "exposure"] = Field(
        default="periods", description="What the planner minimises first (then exposure/periods)."
    )
    alternate: bool = Field(
        default=False, description="Only one party delivers in each period (turn-taking)."
    )
    items: dict[Id, PhasingItemSpec] = Field(
        default_factory=dict, description="Per-item phasing data, by item id."
    )
    penalty: dict[Id, Uncertain] = Field(
        default_factory=dict,
        description="Each party's cost of being caught defecting: a number or {low, mode, high} "
        "(a single analysis uses the mode; a sweep draws it).",
    )
    escrow: dict[Id, Number] = Field(
        default_factory=dict, description="Each party's deposit, forfeited if it defects."
    )
    milestones: Milestones = Field(
        default_factory=Milestones,
        description="How the planner names the steps it computes (default Step 1, Step 2, ...).",
    )
    plan: list[StepSpec] | None = Field(
        default=None, description="A plan for the section's package, to audit."
    )
    plans: dict[Id, PlanSpec] = Field(
        default_factory=dict, description="Named plans to audit, each for a package."
    )
    note: str | None = NOTE
