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

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import Field

from accord.scenario.base import NOTE, Estimate, Id, Model, Path, Problem, Uncertain
from accord.scenario.deal_items import (
    AdjustedWinnerInput,
    Curve,
    Item,
    ItemValue,
    Proposal,
    ProposalEntry,
    Together,
    amount_problem,
)
from accord.scenario.expressions import ExpressionText, parse
from accord.suggest import IN_FILE, unknown_hint

if TYPE_CHECKING:
    from accord.scenario.model import Scenario

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

    def problems(self, scenario: Scenario) -> Iterator[Problem]:
        """Yield cross-reference problems: unknown parties and items, bad quantities."""
        parties = scenario.party_ids
        yield from _item_problems(self, parties)
        known_items = self.item_ids
        for index, together in enumerate(self.together):
            path = ("deal", "together", index)
            for k, item_id in enumerate(together.items):
                if item_id not in known_items:
                    yield _unknown_item(item_id, (*path, "items", k), known_items)
            yield from _party_keys(together.value, (*path, "value"), parties)
        for index, text in enumerate(self.constraints):
            for name, column in parse(text).unknown_identifiers(known_items):
                yield _unknown_item(name, ("deal", "constraints", index), known_items, column)
        yield from _party_keys(self.reservation, ("deal", "reservation"), parties)
        for name, proposal in self.proposals.items():
            yield from _package_problems(self, proposal.package, ("deal", "proposals", name))
        if self.adjusted_winner is not None:
            yield from _adjusted_winner_problems(self.adjusted_winner, parties)


def _unknown_item(item_id: str, path: Path, known: list[str], column: int | None = None) -> Problem:
    where = f" at column {column}" if column is not None else ""
    return Problem(
        path, f"unknown item '{item_id}'{where}", unknown_hint(item_id, known, "items", IN_FILE)
    )


def _party_keys(values: dict[str, Any], path: Path, parties: list[str]) -> Iterator[Problem]:
    for party in values:
        if party not in parties:
            yield Problem(
                (*path, party),
                f"unknown party '{party}'",
                unknown_hint(party, parties, "parties", IN_FILE),
            )


def _item_problems(deal: Deal, parties: list[str]) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for index, item in enumerate(deal.items):
        path = ("deal", "items", index)
        if item.id in seen:
            yield Problem(
                (*path, "id"),
                f"duplicate item id '{item.id}' (first used at deal.items[{seen[item.id]}])",
                "give each item its own id",
            )
        seen.setdefault(item.id, index)
        if item.giver not in parties:
            yield Problem(
                (*path, "giver"),
                f"the giver '{item.giver}' of item '{item.id}' is not a party",
                unknown_hint(item.giver, parties, "parties", IN_FILE),
            )
        yield from _party_keys(item.value, (*path, "value"), parties)
        for party, value in item.value.items():
            if isinstance(value, Curve):
                yield from _curve_problems(item, value, (*path, "value", party, "points"))


def _curve_problems(item: Item, curve: Curve, path: Path) -> Iterator[Problem]:
    if curve.points[0] != (0.0, 0.0):
        amount, value = curve.points[0]
        yield Problem(
            path,
            f"a curve starts at [0, 0] (giving nothing is worth nothing), got [{amount:g}, "
            f"{value:g}]",
        )
    elif curve.points[-1][0] < item.quantity:
        yield Problem(
            path,
            f"the curve ends at amount {curve.points[-1][0]:g} but item '{item.id}' can be "
            f"given in amounts 0 to {item.quantity:g}",
            "end the curve at the quantity",
        )


def _package_problems(deal: Deal, package: dict[str, float], path: Path) -> Iterator[Problem]:
    known = deal.item_ids
    for item_id, amount in package.items():
        if item_id not in known:
            yield _unknown_item(item_id, (*path, item_id), known)
            continue
        message = amount_problem(deal.item(item_id), amount)
        if message is not None:
            yield Problem((*path, item_id), message)


def _adjusted_winner_problems(aw: AdjustedWinnerInput, parties: list[str]) -> Iterator[Problem]:
    path = ("deal", "adjusted_winner")
    for k, party in enumerate(aw.parties):
        if party not in parties:
            yield Problem(
                (*path, "parties", k),
                f"unknown party '{party}'",
                unknown_hint(party, parties, "parties", IN_FILE),
            )
    if aw.parties[0] == aw.parties[1]:
        yield Problem((*path, "parties"), "Adjusted Winner needs two different parties")
    for item_id, points in aw.points.items():
        missing = [p for p in aw.parties if p not in points]
        extra = [p for p in points if p not in aw.parties]
        if missing or extra:
            yield Problem(
                (*path, "points", item_id),
                f"item '{item_id}' needs points for exactly {aw.parties[0]} and {aw.parties[1]}",
            )
        for party, value in points.items():
            if value < 0:
                yield Problem((*path, "points", item_id, party), "points cannot be negative")
    for party in aw.parties:
        total = sum(points.get(party, 0.0) for points in aw.points.values())
        if abs(total - 100) > 1e-9:
            yield Problem(
                (*path, "points"),
                f"{party}'s points add up to {total:g}, not 100",
                "each party spreads exactly 100 points over the items",
            )
