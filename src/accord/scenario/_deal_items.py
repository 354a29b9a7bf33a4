"""The parts of a ``deal:`` section: items, their values, interactions and proposals.

Item values per party are either a number or a range ``{low, mode, high}`` *per unit* given
(analyses needing a point use the mode), or a piecewise-linear curve ``{points: [[amount,
value], ...]}`` of the total value as a function of the amount given. The section model that
holds these parts and checks their cross-references is :class:`accord.scenario._deal.Deal`.

Examples
--------
>>> Item(id="warheads", giver="dprk", quantity=3, value={"us": 6}).amounts
[0.0, 1.0, 2.0, 3.0]
>>> Proposal.model_validate({"package": {"x": 1}}).package
{'x': 1.0}
"""

from __future__ import annotations

import itertools
from typing import Annotated, Any

from pydantic import BeforeValidator, Discriminator, Field, Tag, field_validator, model_validator

from accord.scenario._base import NOTE, Id, Model, Uncertain


class Curve(Model):
    """A piecewise-linear value of the amount given: ``points: [[amount, value], ...]``.

    Amounts must be strictly increasing, start at [0, 0] and reach the item's quantity;
    between points the value is interpolated linearly.
    """

    points: list[tuple[float, float]] = Field(
        min_length=2, description="[amount, value] pairs, amounts strictly increasing."
    )
    note: str | None = NOTE

    @field_validator("points")
    @classmethod
    def _increasing(cls, points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        for index in range(1, len(points)):
            if points[index][0] <= points[index - 1][0]:
                raise ValueError(
                    f"a curve's amounts must be strictly increasing, but point {index} "
                    f"(amount {points[index][0]:g}) does not come after amount "
                    f"{points[index - 1][0]:g}"
                )
        return points

    def at(self, amount: float) -> float:
        """The value of giving ``amount`` (linear interpolation between points).

        >>> Curve(points=[(0, 0), (10, -12), (60, -150)]).at(35)
        -81.0
        """
        pts = self.points
        for (a0, v0), (a1, v1) in itertools.pairwise(pts):
            if amount <= a1:
                return v0 + (v1 - v0) * (amount - a0) / (a1 - a0)
        return pts[-1][1]


def _value_kind(raw: Any) -> str:
    if isinstance(raw, Curve):
        return "Curve"
    if (
        isinstance(raw, dict)
        and "points" in raw
        and not {"low", "mode", "high", "value"} & set(raw)
    ):
        return "Curve"
    return "Estimate"


ItemValue = Annotated[
    Annotated[Uncertain, Tag("Estimate")] | Annotated[Curve, Tag("Curve")],
    Discriminator(_value_kind),
]
"""A value per unit (number or range ``{low, mode, high}``), or a piecewise-linear ``Curve``."""


class Item(Model):
    """Something one party could give in a deal: a concession, a transfer, a measure."""

    id: Id = Field(description="The item's id, used in proposals, constraints and interactions.")
    label: str = Field(default="", description="What is given, in prose.")
    giver: Id = Field(description="The party (or stakeholder) that gives the item.")
    quantity: float = Field(
        default=1, gt=0, description="At most this many units can be given; default 1."
    )
    divisible: bool = Field(
        default=False,
        description="false: whole units 0..quantity are given; true: any amount in [0, quantity] "
        "(analyses use a grid: whole units and curve breakpoints).",
    )
    unit: str | None = Field(default=None, description="The unit of the amount, e.g. warhead.")
    value: dict[Id, ItemValue] = Field(
        default_factory=dict,
        description="For each party that cares: a value per unit given (number or range), or a "
        "piecewise-linear curve {points: [[amount, value], ...]} of the total value.",
    )
    source: Id | None = Field(default=None, description="A source id backing the item.")
    note: str | None = NOTE

    @model_validator(mode="after")
    def _whole_quantity(self) -> Item:
        if not self.divisible and self.quantity != int(self.quantity):
            raise ValueError(
                f"an indivisible item needs a whole quantity, got {self.quantity:g}; "
                "write divisible: true for any amount"
            )
        return self

    @property
    def amounts(self) -> list[float]:
        """The amounts an indivisible item can be given in (0, 1, ..., quantity)."""
        return [float(k) for k in range(int(self.quantity) + 1)]


class Together(Model):
    """An interaction: extra value to some parties when all the listed items are given."""

    items: list[Id] = Field(min_length=2, description="The items that must all be given.")
    value: dict[Id, Uncertain] = Field(description="The extra value for each party that cares.")
    note: str | None = NOTE


def _proposal_to_mapping(raw: Any) -> Any:
    if isinstance(raw, dict) and "package" not in raw:
        return {"package": raw}
    return raw


class Proposal(Model):
    """A named package: ``{item: amount}`` or ``{package: {item: amount}, label, source, note}``."""

    package: dict[Id, float] = Field(description="How much of each item is given.")
    label: str = Field(default="", description="Who proposed it, when, in prose.")
    source: Id | None = Field(default=None, description="A source id for the proposal.")
    note: str | None = NOTE


ProposalEntry = Annotated[
    Proposal,
    BeforeValidator(_proposal_to_mapping, json_schema_input_type=dict[str, float] | Proposal),
]
"""A proposal written as a plain ``{item: amount}`` mapping or as a :class:`Proposal`."""


class AdjustedWinnerInput(Model):
    """Two parties' point allocations over items to divide (Brams & Taylor's Adjusted Winner)."""

    parties: tuple[Id, Id] = Field(description="The two parties dividing the items.")
    points: dict[Id, dict[Id, float]] = Field(
        description="For each item to divide, each party's points (each party's sum is 100)."
    )
    note: str | None = NOTE


def amount_problem(item: Item, amount: float) -> str | None:
    """Why ``amount`` cannot be given of ``item``, or ``None`` when it can.

    >>> amount_problem(Item(id="x", giver="a", quantity=2), 3)
    "item 'x' can be given in amounts 0 to 2, got 3"
    """
    if not 0 <= amount <= item.quantity:
        return f"item '{item.id}' can be given in amounts 0 to {item.quantity:g}, got {amount:g}"
    if not item.divisible and amount != int(amount):
        return f"item '{item.id}' is indivisible: give a whole number of units, got {amount:g}"
    return None
