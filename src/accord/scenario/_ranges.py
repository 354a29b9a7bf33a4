"""The uncertain numbers of a scenario that a sweep draws, and the names a file gives them.

Every :class:`~accord.scenario._base.Estimate` of the file is a number a sweep may draw, except
a declaration's ``estimate``: that is a belief about a hidden quantity, which the declaration
check uses whole. It is a *range* when ``low < high``.

A number's *name* is its place in the file, dotted, with a deal item named by its id:
``deal.items.relief.value.dprk`` (``deal.items.1.value.dprk``, by position, names it too, as the
sweep's JSON does), ``deal.reservation.us``, ``phasing.penalty.dprk``,
``phasing.items.relief.reversible.recover``, ``verification.means.iaea.detection``,
``verification.stakes.yongbyon.gain``.

Examples
--------
>>> from accord.scenario import loads
>>> s = loads('''
... accord: 1
... title: T
... parties: {a: {name: A}, b: {name: B}}
... deal:
...   items: [{id: x, giver: a, value: {a: {low: -3, mode: -1, high: 1}, b: 2}}]
... ''')
>>> [name for name, _ in drawn_numbers(s)]
['deal.items.x.value.a', 'deal.items.x.value.b']
>>> sorted(by_name(s))[:2]
['deal.items.0.value.a', 'deal.items.0.value.b']
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from accord.scenario._base import Estimate, Path, walk

if TYPE_CHECKING:
    from accord.scenario._model import Scenario

NOT_DRAWN = (("verification", "declarations"),)
"""Where a range is a belief used whole (a declaration's prior), not a number to draw."""


def numbers(scenario: Scenario) -> Iterator[tuple[Path, Estimate]]:
    """Every number a sweep may draw (points included), with its path, in the file's order."""
    for path, node in walk(scenario):
        if not isinstance(node, Estimate):
            continue
        if any(path[: len(prefix)] == prefix for prefix in NOT_DRAWN):
            continue
        yield path, node


def name(scenario: Scenario, path: Path) -> str:
    """The number's name: its dotted path, a deal item by its id."""
    deal = scenario.deal
    if path[:2] == ("deal", "items") and deal is not None and isinstance(path[2], int):
        path = (*path[:2], deal.items[path[2]].id, *path[3:])
    return ".".join(str(part) for part in path)


def drawn_numbers(scenario: Scenario) -> Iterator[tuple[str, Path]]:
    """``(name, path)`` of every number a sweep may draw, in the file's order."""
    for path, _ in numbers(scenario):
        yield name(scenario, path), path


class Named(NamedTuple):
    """A number a sweep may draw: its position among them (file order), path and estimate."""

    position: int
    path: Path
    estimate: Estimate


def by_name(scenario: Scenario) -> dict[str, Named]:
    """Every number a sweep may draw, by each of its names (by id and by position)."""
    found: dict[str, Named] = {}
    for position, (path, estimate) in enumerate(numbers(scenario)):
        named = Named(position, path, estimate)
        found[".".join(str(part) for part in path)] = named
        found[name(scenario, path)] = named
    return found
