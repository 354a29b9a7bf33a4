"""Cross-reference checks of the ``deal:`` section (reported by the loader with positions)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from accord._suggest import IN_FILE, unknown_hint
from accord.scenario._base import Path, Problem
from accord.scenario._deal import AdjustedWinnerInput, Curve, Deal, Item
from accord.scenario._deal_items import amount_problem
from accord.scenario._expressions import parse

if TYPE_CHECKING:
    from accord.scenario._model import Scenario


def problems(deal: Deal, scenario: Scenario) -> Iterator[Problem]:
    """Yield cross-reference problems: unknown parties and items, bad quantities."""
    parties = scenario.party_ids
    yield from _item_problems(deal, parties)
    known_items = deal.item_ids
    for index, together in enumerate(deal.together):
        path = ("deal", "together", index)
        for k, item_id in enumerate(together.items):
            if item_id not in known_items:
                yield _unknown_item(item_id, (*path, "items", k), known_items)
        yield from _party_keys(together.value, (*path, "value"), parties)
    for index, text in enumerate(deal.constraints):
        for name, column in parse(text).unknown_identifiers(known_items):
            yield _unknown_item(name, ("deal", "constraints", index), known_items, column)
    yield from _party_keys(deal.reservation, ("deal", "reservation"), parties)
    for name, proposal in deal.proposals.items():
        yield from _package_problems(deal, proposal.package, ("deal", "proposals", name))
    if deal.adjusted_winner is not None:
        yield from _adjusted_winner_problems(deal.adjusted_winner, parties)


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
