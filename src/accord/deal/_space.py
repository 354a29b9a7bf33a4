"""The package space: every amount each item can be given in, and utility tables over it.

An indivisible item can be given in whole units ``0..quantity``. A divisible item is given in
the amounts where its value can change slope: 0, the quantity, every breakpoint of its curves
and every whole unit in between (the *grid*; analyses over packages are exact over this grid).

The space is a product of the items' amount lists; a package is one amount per item, coded as
a mixed-radix integer (the first item most significant). Values are read at the mode of ranges
unless a ``point`` function says otherwise (the uncertainty analysis samples them).

Examples
--------
>>> from accord.scenario._deal import Deal, Item
>>> deal = Deal(items=[Item(id="x", giver="a", quantity=2, value={"a": 1, "b": -1}),
...                    Item(id="y", giver="b", value={"a": -1, "b": 3})])
>>> space = build_space(deal, ["a", "b"])
>>> space.size, space.levels
(6, ((0.0, 1.0, 2.0), (0.0, 1.0)))
>>> codes, utils, ok = enumerate_space(space)
>>> utils[:3].tolist(), ok[:3].tolist()
([[0.0, 0.0], [-1.0, 3.0], [1.0, -1.0]], [True, False, False])
>>> space.package(5)
{'x': 2.0, 'y': 1.0}
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord import limits
from accord.deal._utility import item_value, reservation_values
from accord.scenario._base import Estimate
from accord.scenario._deal import Curve, Deal, Item
from accord.scenario._expressions import Expression, parse

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
DECIMALS = 9
"""Utilities are rounded to this many decimals, so that float noise (0.1 + 0.2) cannot make one
package dominate another that is equal in exact arithmetic."""
MAX_ENUMERATION = 2**20
"""Spaces with at most this many packages are enumerated (zone, two-party frontier, solutions);
larger ones go to CP-SAT."""
MAX_GRID_UNITS = 1000
"""A divisible item with a larger quantity is gridded at 0, its breakpoints and the quantity."""


def amount_levels(item: Item) -> tuple[float, ...]:
    """The amounts ``item`` can be given in, 0 first.

    >>> amount_levels(Item(id="x", giver="a", quantity=3))
    (0.0, 1.0, 2.0, 3.0)
    >>> amount_levels(Item(id="x", giver="a", quantity=1.5, divisible=True,
    ...                    value={"a": Curve(points=[(0, 0), (0.5, 1), (1.5, 2)])}))
    (0.0, 0.5, 1.0, 1.5)
    """
    if not item.divisible:
        return tuple(item.amounts)
    grid = {0.0, float(item.quantity)}
    if item.quantity <= MAX_GRID_UNITS:
        grid.update(float(k) for k in range(1, math.ceil(item.quantity)))
    for value in item.value.values():
        if isinstance(value, Curve):
            grid.update(a for a, _ in value.points if 0 < a < item.quantity)
    return tuple(sorted(grid))


PointOf = Callable[[Estimate], float]
"""How to read a range as one number (the mode by default)."""


def _mode(estimate: Estimate) -> float:
    return estimate.mode


@dataclass(frozen=True)
class PackageSpace:
    """Items, their amount levels, and each party's utility of each level (a pure table).

    ``values[i]`` has shape ``(len(levels[i]), len(parties))``; ``interactions`` are
    ``(item indices, value per party)``; ``reservation`` is one number per party.
    """

    items: tuple[str, ...]
    levels: tuple[tuple[float, ...], ...]
    parties: tuple[str, ...]
    values: tuple[FloatArray, ...]
    interactions: tuple[tuple[tuple[int, ...], FloatArray], ...]
    constraints: tuple[Expression, ...]
    reservation: FloatArray

    @property
    def size(self) -> int:
        """The number of packages (the product of the numbers of levels)."""
        return math.prod(len(levels) for levels in self.levels)

    @property
    def strides(self) -> tuple[int, ...]:
        """Mixed-radix place values of the package codes (the last item has stride 1)."""
        strides, acc = [], 1
        for levels in reversed(self.levels):
            strides.append(acc)
            acc *= len(levels)
        return tuple(reversed(strides))

    def level_indices(self, code: int) -> tuple[int, ...]:
        """The level index of each item in the package with this code."""
        return tuple((code // s) % len(lv) for s, lv in zip(self.strides, self.levels, strict=True))

    def package(self, code: int) -> dict[str, float]:
        """The package with this code, as ``{item: amount}`` for the items given."""
        return {
            item: self.levels[i][k]
            for i, (item, k) in enumerate(zip(self.items, self.level_indices(code), strict=True))
            if k
        }

    def code(self, indices: Sequence[int]) -> int:
        """The code of the package with these level indices."""
        return sum(k * s for k, s in zip(indices, self.strides, strict=True))

    def utilities(self, indices: Sequence[int]) -> FloatArray:
        """Each party's utility of the package with these level indices."""
        total = np.zeros(len(self.parties))
        for i, k in enumerate(indices):
            total += self.values[i][k]
        for members, bonus in self.interactions:
            if all(indices[i] for i in members):
                total += bonus
        return np.round(total, DECIMALS)

    def feasible(self, indices: Sequence[int]) -> bool:
        """Whether the package with these level indices satisfies every constraint."""
        given = {item: bool(k) for item, k in zip(self.items, indices, strict=True)}
        return all(c.evaluate(given) for c in self.constraints)


def level_count(item: Item) -> int:
    """How many amounts ``item`` can be given in, counted without listing them.

    >>> level_count(Item(id="x", giver="a", quantity=10**12))
    1000000000001
    """
    return int(item.quantity) + 1 if not item.divisible else len(amount_levels(item))


def check_size(deal: Deal) -> None:
    """Refuse a deal with more items than the ``deal_items`` limit (the solver's cost, the Nash
    product's above all, grows with the items) or whose items have more amounts in all than the
    ``amount_levels`` limit (each amount is a column of every table and a variable of the
    solver)."""
    advice = "merge items that are always given together, or split the deal"
    limits.check("deal_items", len(deal.items), "deal.items: the deal", advice)
    total = sum(level_count(item) for item in deal.items)
    limits.check("amount_levels", total, f"the deal ({len(deal.items)} items)")


def build_space(deal: Deal, parties: Sequence[str], point: PointOf = _mode) -> PackageSpace:
    """The package space of ``deal`` with utilities for ``parties`` (ranges read by ``point``).

    The amounts are counted against the limits first (:func:`check_size`).

    Parameters
    ----------
    deal : Deal
        A scenario's ``deal:`` section.
    parties : sequence of str
        The parties whose utilities the space holds (columns, in this order).
    point : callable, optional
        Reads a number from a range (default: its mode; the Monte Carlo passes a draw).

    Returns
    -------
    PackageSpace
        The items, each item's amounts, the value tables per amount and party, the
        interactions, the constraints and the reservation values.

    Raises
    ------
    InputError
        More items, or more amounts in all, than the ``deal_items`` and ``amount_levels``
        limits allow.

    Examples
    --------
    >>> from accord.scenario import load
    >>> scenario = load("examples/yongbyon-for-relief.yaml")
    >>> space = build_space(scenario.deal, scenario.party_ids)
    >>> space.size, space.items, space.levels
    (4, ('yongbyon', 'relief'), ((0.0, 1.0), (0.0, 1.0)))
    >>> space.reservation.tolist()
    [0.0, 0.0]
    """
    check_size(deal)
    index = {item.id: i for i, item in enumerate(deal.items)}
    levels = tuple(amount_levels(item) for item in deal.items)
    values = tuple(
        _value_table(item, lv, parties, point) for item, lv in zip(deal.items, levels, strict=True)
    )
    interactions = tuple(
        (
            tuple(index[i] for i in together.items),
            np.array([point(together.value[p]) if p in together.value else 0.0 for p in parties]),
        )
        for together in deal.together
    )
    reservation = reservation_values(deal, parties)
    if point is not _mode:
        reservation = {p: point(deal.reservation_value(p)) for p in parties}
    return PackageSpace(
        items=tuple(index),
        levels=levels,
        parties=tuple(parties),
        values=values,
        interactions=interactions,
        constraints=tuple(parse(text) for text in deal.constraints),
        reservation=np.round(np.array([reservation[p] for p in parties], dtype=float), DECIMALS),
    )


def _value_table(
    item: Item, levels: Sequence[float], parties: Sequence[str], point: PointOf
) -> FloatArray:
    table = np.zeros((len(levels), len(parties)))
    for j, party in enumerate(parties):
        value = item.value.get(party)
        if value is None:
            continue
        for k, amount in enumerate(levels):
            if isinstance(value, Curve):
                table[k, j] = item_value(value, amount)
            else:
                table[k, j] = point(value) * amount
    return table


def enumerate_space(space: PackageSpace) -> tuple[IntArray, FloatArray, BoolArray]:
    """Every package: codes, utilities (one column per party) and acceptability, vectorised.

    A package is acceptable when it satisfies the constraints and every party's utility is at
    least its reservation value.

    Parameters
    ----------
    space : PackageSpace
        From :func:`build_space`.

    Returns
    -------
    codes : array of int
        The packages' codes, ``0 .. space.size - 1``.
    utilities : 2-d array of float
        One row per package, one column per party of ``space``.
    acceptable : array of bool
        Whether each package is acceptable.

    Examples
    --------
    >>> from accord.scenario import load
    >>> scenario = load("examples/yongbyon-for-relief.yaml")
    >>> space = build_space(scenario.deal, scenario.party_ids)
    >>> codes, utilities, acceptable = enumerate_space(space)
    >>> codes.tolist(), acceptable.tolist()
    ([0, 1, 2, 3], [True, False, False, True])
    >>> utilities.tolist()
    [[0.0, 0.0], [-10.0, 25.0], [20.0, -15.0], [10.0, 10.0]]
    """
    utilities = np.zeros((1, len(space.parties)))
    for table in space.values:
        utilities = (utilities[:, None, :] + table[None, :, :]).reshape(-1, len(space.parties))
    codes = np.arange(space.size, dtype=np.int64)
    given = _given_columns(space, codes)
    for members, bonus in space.interactions:
        active = np.logical_and.reduce([given[space.items[i]] for i in members])
        utilities[active] += bonus
    utilities = np.round(utilities, DECIMALS)
    ok = np.all(utilities >= space.reservation, axis=1) & _meets_constraints(
        space, given, len(codes)
    )
    return codes, utilities, ok


def feasible_codes(space: PackageSpace, codes: IntArray) -> BoolArray:
    """Whether each package in ``codes`` meets every constraint (reservations aside).

    >>> from accord.scenario._deal import Deal, Item
    >>> deal = Deal(items=[Item(id="x", giver="a"), Item(id="y", giver="a")],
    ...             constraints=["x if y"])
    >>> feasible_codes(build_space(deal, ["a"]), np.arange(4)).tolist()
    [True, False, True, True]
    """
    return _meets_constraints(space, _given_columns(space, codes), len(codes))


def _meets_constraints(space: PackageSpace, given: dict[str, BoolArray], count: int) -> BoolArray:
    ok = np.ones(count, dtype=bool)
    for constraint in space.constraints:
        ok &= constraint.evaluate_many(given)
    return ok


def _given_columns(space: PackageSpace, codes: IntArray) -> dict[str, BoolArray]:
    needed = {space.items[i] for members, _ in space.interactions for i in members}
    for constraint in space.constraints:
        needed |= constraint.identifiers
    columns: dict[str, BoolArray] = {}
    for i, (item, stride) in enumerate(zip(space.items, space.strides, strict=True)):
        if item in needed:
            columns[item] = (codes // stride) % len(space.levels[i]) != 0
    return columns
