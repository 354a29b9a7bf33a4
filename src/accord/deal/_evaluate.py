"""Evaluate one package: utilities, gains, who accepts, why others refuse, and efficiency.

A package is written ``"yongbyon, unsc_2016_2017=1, warheads=10"`` on the command line: an
item without ``=`` is given in full (its whole quantity).

Examples
--------
>>> from accord.scenario._deal import Deal, Item
>>> from accord.deal._space import build_space
>>> from accord.deal._frontier import pareto_frontier
>>> deal = Deal(items=[Item(id="x", giver="a", value={"a": -1, "b": 4}),
...                    Item(id="y", giver="b", value={"a": 3, "b": 0})])
>>> space = build_space(deal, ["a", "b"])
>>> frontier = pareto_frontier(space, ["a", "b"])
>>> result = evaluate_package(deal, space, frontier, parse_package("x", deal))
>>> result.acceptable, result.refused_by, result.dominated_by.package
(False, ['a'], {'x': 1.0, 'y': 1.0})
>>> result.refusals["a"]["shortfall"], result.refusals["a"]["costs"]
(1.0, [{'item': 'x', 'amount': 1.0, 'value': -1.0}])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord._suggest import unknown_hint
from accord.deal._frontier import Frontier, FrontierPoint
from accord.deal._space import DECIMALS, PackageSpace
from accord.deal._utility import (
    full_package,
    given_items,
    is_given,
    item_utility,
    utilities,
    violated_constraints,
)
from accord.errors import InputError
from accord.scenario._deal import Deal, amount_problem


def parse_package(text: str, deal: Deal) -> dict[str, float]:
    """Read ``"item, item=amount, ..."``; an item without an amount is given in full.

    Parameters
    ----------
    text : str
        Item ids separated by commas, each with ``=amount`` or not.
    deal : Deal
        A scenario's ``deal:`` section (the items known, their quantities).

    Returns
    -------
    dict of str to float
        The amount of each item named.

    Raises
    ------
    InputError
        An unknown item, an amount that is not a number or not allowed for the item.

    Examples
    --------
    >>> from accord.scenario._deal import Item
    >>> parse_package("x, y=2", Deal(items=[Item(id="x", giver="a"),
    ...                                      Item(id="y", giver="a", quantity=3)]))
    {'x': 1.0, 'y': 2.0}
    >>> parse_package("z", Deal(items=[Item(id="x", giver="a")]))
    Traceback (most recent call last):
    ...
    accord.errors.InputError: unknown item 'z' in --package (hint: known items: x)
    """
    known = deal.item_ids
    package: dict[str, float] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        name, _, amount_text = part.partition("=")
        name = name.strip()
        if name not in known:
            raise InputError(
                f"unknown item '{name}' in --package", unknown_hint(name, known, "items")
            )
        item = deal.item(name)
        try:
            amount = float(amount_text) if amount_text.strip() else float(item.quantity)
        except ValueError:
            raise InputError(f"'{amount_text.strip()}' is not a number (item '{name}')") from None
        problem = amount_problem(item, amount)
        if problem is not None:
            raise InputError(problem)
        package[name] = amount
    return package


@dataclass(frozen=True)
class Evaluation:
    """One package evaluated: who gains what, who refuses and why, whether it is efficient."""

    package: dict[str, float]
    utilities: dict[str, float]
    gains: dict[str, float]
    acceptable: bool
    accepted_by: list[str]
    refused_by: list[str]
    violated_constraints: list[str]
    refusals: dict[str, dict[str, Any]]
    efficient: bool | None
    dominated_by: FrontierPoint | None

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/deal-json.md)."""
        return {
            "package": self.package,
            "utilities": self.utilities,
            "gains": self.gains,
            "acceptable": self.acceptable,
            "accepted_by": self.accepted_by,
            "refused_by": self.refused_by,
            "violated_constraints": self.violated_constraints,
            "refusals": self.refusals,
            "efficient": self.efficient,
            "dominated_by": None if self.dominated_by is None else self.dominated_by.to_dict(),
        }


def evaluate_package(
    deal: Deal, space: PackageSpace, frontier: Frontier, package: dict[str, float]
) -> Evaluation:
    """Evaluate ``package`` against the reservation values and the frontier.

    Parameters
    ----------
    deal : Deal
        A scenario's ``deal:`` section.
    package : dict of str to float
        The amount of each item given (items left out are not given).
    space : PackageSpace
        From :func:`build_space` (its parties and reservation values).
    frontier : Frontier
        From :func:`pareto_frontier`, to tell whether the package is efficient.

    Returns
    -------
    Evaluation
        The utilities and gains, who accepts and who refuses (and why), the constraints
        broken, and whether it is efficient (``None``: cannot tell from an incomplete
        frontier) or which frontier point dominates it.

    Examples
    --------
    >>> from accord.scenario import load
    >>> scenario = load("examples/yongbyon-for-relief.yaml")
    >>> from accord.deal import build_space, pareto_frontier
    >>> space = build_space(scenario.deal, scenario.party_ids)
    >>> frontier = pareto_frontier(space, ["us", "dprk"])
    >>> only_relief = evaluate_package(scenario.deal, space, frontier, {"relief": 1})
    >>> only_relief.gains, only_relief.refused_by, only_relief.efficient
    ({'us': -10.0, 'dprk': 25.0}, ['us'], False)
    """
    parties = list(space.parties)
    values = {p: round(u, DECIMALS) for p, u in utilities(deal, package, parties).items()}
    reservation = dict(zip(parties, (float(r) for r in space.reservation), strict=True))
    gains = {p: values[p] - reservation[p] for p in parties}
    refused = [p for p in parties if gains[p] < 0]
    violated = violated_constraints(deal, package)
    dominated = _dominating(frontier, values)
    efficient: bool | None = dominated is None and not refused and not violated
    if efficient and not frontier.complete:
        efficient = None  # not dominated by the listed points, but the list is not complete
    return Evaluation(
        package=given_items(full_package(deal, package)),
        utilities=values,
        gains=gains,
        acceptable=not refused and not violated,
        accepted_by=[p for p in parties if gains[p] >= 0],
        refused_by=refused,
        violated_constraints=violated,
        refusals={p: _why_refused(deal, package, p, reservation[p], -gains[p]) for p in refused},
        efficient=efficient,
        dominated_by=dominated,
    )


def _why_refused(
    deal: Deal, package: dict[str, float], party: str, reservation: float, short: float
) -> dict[str, Any]:
    """What the package costs and gives ``party``, item by item and interaction, largest first.

    ``benefit_total + cost_total`` is the party's utility of the package, which falls short of
    ``reservation`` by ``shortfall``.
    """
    entries: list[dict[str, Any]] = []
    for item in deal.items:
        amount = package.get(item.id, 0.0)
        if amount:
            entries.append(
                {"item": item.id, "amount": amount, "value": item_utility(item, party, amount)}
            )
    for together in deal.together:
        value = together.value.get(party)
        if value is not None and all(is_given(package.get(i, 0.0)) for i in together.items):
            entries.append({"together": list(together.items), "value": value.mode})
    costs = sorted((e for e in entries if e["value"] < 0), key=lambda e: float(e["value"]))
    benefits = sorted((e for e in entries if e["value"] > 0), key=lambda e: -float(e["value"]))
    return {
        "shortfall": short,
        "reservation": reservation,
        "costs": costs,
        "cost_total": round(sum(float(c["value"]) for c in costs), DECIMALS),
        "benefits": benefits,
        "benefit_total": round(sum(float(b["value"]) for b in benefits), DECIMALS),
    }


def _dominating(frontier: Frontier, values: dict[str, float]) -> FrontierPoint | None:
    """The frontier point that dominates ``values`` with the largest least improvement."""
    best: tuple[float, FrontierPoint] | None = None
    for point in frontier.points:
        diffs = [point.utilities[p] - values[p] for p in frontier.parties]
        if min(diffs) >= 0 and max(diffs) > 0 and (best is None or min(diffs) > best[0]):
            best = (min(diffs), point)
    return None if best is None else best[1]
