"""The ``deal:`` section: items the parties could give, what each is worth to whom, proposals.

A *package* says how much of each item is given (``{item_id: amount}``; an item that is absent
is not given). Each party's utility of a package is the sum over items of its value of the
amount given, plus the value of every ``together`` interaction whose items are all given; a
package is *acceptable* when every party and stakeholder gets at least its reservation value
(0 when the file gives none: no deal gives nothing to anyone). Constraints are expressions
over item ids, where an id is true when the item is given (amount > 0).

Item values per party are either a number or a range ``{low, mode, high}`` *per unit* given
(analyses needing a point use the mode), or a piecewise-linear curve ``{points: [[amount,
value], ...]}`` of the total value as a function of the amount given.

Examples
--------
>>> from accord.scenario import loads
>>> s = loads('''
... accord: 1
... title: T
... parties: {a: {name: A}, b: {name: B}}
... deal:
...   items:
...     - {id: x, giver: a, value: {a: -1, b: {low: 1, mode: 2, high: 4}}}
...   proposals: {just_x: {x: 1}}
... ''')
>>> s.deal.items[0].value["b"].mode
2.0
>>> s.deal.proposals["just_x"].package
{'x': 1.0}
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import Field

from accord.scenario._base import NOTE, Estimate, Id, Model, Uncertain
from accord.scenario._deal_items import (
    AdjustedWinnerInput,
    Curve,
    Item,
    ItemValue,
    Proposal,
    ProposalEntry,
    Together,
    amount_problem,
)
from accord.scenario._expressions import ExpressionText

if TYPE_CHECKING:
    pass

__all__ = [
    "AdjustedWinnerInput",
    "Curve",
    "Deal",
    "Item",
    "ItemValue",
    "Proposal",
    "ProposalEntry",
    "Together",
    "amount_problem",
]


class Deal(Model):
    """The deal space: items, interactions, constraints, reservation values and proposals."""

    items: list[Item] = Field(default_factory=list, description="Items that could be given.")
    together: list[Together] = Field(
        default_factory=list, description="Interactions: value when all listed items are given."
    )
    constraints: list[ExpressionText] = Field(
        default_factory=list,
        description="Expressions over item ids (true = given) that every package must satisfy, "
        "e.g. `warheads if inspectors`.",
    )
    reservation: dict[Id, Uncertain] = Field(
        default_factory=dict,
        description="Each party's value of no deal (its BATNA); 0 when absent.",
    )
    proposals: dict[Id, ProposalEntry] = Field(
        default_factory=dict, description="Named packages to evaluate: {item: amount}."
    )
    adjusted_winner: AdjustedWinnerInput | None = Field(
        default=None, description="Optional: two parties' points over items to divide fairly."
    )
    note: str | None = NOTE

    @property
    def item_ids(self) -> list[str]:
        """Item ids in file order."""
        return [item.id for item in self.items]

    def item(self, item_id: str) -> Item:
        """The item with id ``item_id`` (``KeyError`` if there is none)."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def reservation_value(self, party: str) -> Estimate:
        """The party's reservation value (0 when the file gives none)."""
        return self.reservation.get(party, Estimate(low=0, mode=0, high=0))
