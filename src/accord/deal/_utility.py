"""Each party's utility of a package, at the mode of every range (pure functions).

A *package* maps item ids to the amount given (an absent item is not given). A party's utility
is the sum over items of its value of the amount given (a per-unit value times the amount, or a
piecewise-linear curve at the amount), plus the value of every ``together`` interaction whose
items are all given (amount > 0). Ranges ``{low, mode, high}`` are read at their mode here; the
uncertainty analysis samples them instead. Reservation values default to 0.

Examples
--------
>>> from accord.scenario import loads
>>> s = loads('''
... accord: 1
... title: T
... parties: {us: {name: US}, dprk: {name: DPRK}}
... deal:
...   items:
...     - {id: yongbyon, giver: dprk, value: {us: 20, dprk: -15}}
...     - {id: unsc, giver: us, value: {us: -10, dprk: {low: 15, mode: 25, high: 40}}}
...   together:
...     - {items: [yongbyon, unsc], value: {dprk: 1}}
...   constraints: [unsc if yongbyon]
...   reservation: {dprk: {low: -5, mode: 2, high: 5}}
... ''')
>>> utilities(s.deal, {"yongbyon": 1, "unsc": 1}, ["us", "dprk"])
{'us': 10.0, 'dprk': 11.0}
>>> gains(s.deal, {"yongbyon": 1, "unsc": 1}, ["us", "dprk"])
{'us': 10.0, 'dprk': 9.0}
>>> satisfies_constraints(s.deal, {"yongbyon": 1})
False
>>> refusers(s.deal, {"unsc": 1}, ["us", "dprk"])
['us']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from accord.scenario._base import Estimate
from accord.scenario._deal import Curve, Deal, Item
from accord.scenario._expressions import parse
from accord.scenario._model import Scenario

Package = Mapping[str, float]
"""How much of each item is given: ``{item_id: amount}``; absent items are not given."""


def deal_parties(scenario: Scenario) -> list[str]:
    """Every party and stakeholder id, in file order: all of them must accept a deal.

    >>> from accord.scenario import loads
    >>> deal_parties(loads("accord: 1\\ntitle: T\\nparties: {a: {name: A}, b: {name: B}}\\n"))
    ['a', 'b']
    """
    return scenario.party_ids


def is_given(amount: float) -> bool:
    """Whether an amount counts as *given* for constraints and interactions (amount > 0).

    >>> is_given(0.5), is_given(0)
    (True, False)
    """
    return amount > 0


def item_value(value: Estimate | Curve, amount: float) -> float:
    """One party's value of giving ``amount`` of an item: mode x amount, or the curve at amount.

    >>> item_value(Estimate(low=1, mode=2, high=3), 3)
    6.0
    >>> item_value(Curve(points=[(0, 0), (10, -12)]), 5)
    -6.0
    """
    if isinstance(value, Curve):
        return value.at(amount)
    return value.mode * amount


def item_utility(item: Item, party: str, amount: float) -> float:
    """``party``'s value of ``amount`` of ``item`` (0 when the party does not value it).

    >>> item_utility(Item(id="x", giver="a", quantity=3, value={"b": 2}), "b", 3)
    6.0
    """
    value = item.value.get(party)
    return 0.0 if value is None else item_value(value, amount)


def party_utility(deal: Deal, party: str, package: Package) -> float:
    """``party``'s utility of ``package``: item values plus interactions, at the mode.

    Parameters
    ----------
    deal : Deal
        A scenario's ``deal:`` section.
    party : str
        The party.
    package : dict of str to float
        The amount of each item given (items left out are not given).

    Returns
    -------
    float
        The sum of the party's values of the amounts given (curves read at the amount), plus
        each ``together`` interaction whose items are all given.

    Examples
    --------
    >>> from accord.scenario import load
    >>> scenario = load("examples/yongbyon-for-relief.yaml")
    >>> party_utility(scenario.deal, "dprk", {"yongbyon": 1, "relief": 1})
    10.0
    """
    total = 0.0
    for item in deal.items:
        amount = package.get(item.id, 0.0)
        if amount:
            total += item_utility(item, party, amount)
    for together in deal.together:
        value = together.value.get(party)
        if value is not None and all(is_given(package.get(i, 0.0)) for i in together.items):
            total += value.mode
    return total


def utilities(deal: Deal, package: Package, parties: Sequence[str]) -> dict[str, float]:
    """Each party's utility of ``package``, as ``{party: utility}`` in the order given.

    Parameters
    ----------
    deal : Deal
        A scenario's ``deal:`` section.
    package : dict of str to float
        The amount of each item given (items left out are not given).
    parties : sequence of str
        The parties, in the order of the result.

    Returns
    -------
    dict of str to float
        :func:`party_utility` of each party.

    Examples
    --------
    >>> from accord.scenario import load
    >>> scenario = load("examples/yongbyon-for-relief.yaml")
    >>> utilities(scenario.deal, {"yongbyon": 1}, ["us", "dprk"])
    {'us': 20.0, 'dprk': -15.0}
    """
    return {party: party_utility(deal, party, package) for party in parties}


def reservation_values(deal: Deal, parties: Sequence[str]) -> dict[str, float]:
    """Each party's reservation value (mode of its range; 0 when the file gives none).

    >>> reservation_values(Deal(), ["a"])
    {'a': 0.0}
    """
    return {party: deal.reservation_value(party).mode for party in parties}


def gains(deal: Deal, package: Package, parties: Sequence[str]) -> dict[str, float]:
    """Each party's gain over its reservation value: utility minus reservation.

    Parameters
    ----------
    deal : Deal
        A scenario's ``deal:`` section.
    package : dict of str to float
        The amount of each item given (items left out are not given).
    parties : sequence of str
        The parties, in the order of the result.

    Returns
    -------
    dict of str to float
        Each party's utility of ``package`` less its reservation value (at the mode).

    Examples
    --------
    >>> from accord.scenario import load
    >>> scenario = load("examples/yongbyon-for-relief.yaml")
    >>> gains(scenario.deal, {"relief": 1}, ["us", "dprk"])
    {'us': -10.0, 'dprk': 25.0}
    """
    reservation = reservation_values(deal, parties)
    return {p: u - reservation[p] for p, u in utilities(deal, package, parties).items()}


def satisfies_constraints(deal: Deal, package: Package) -> bool:
    """Whether ``package`` satisfies every constraint (an item id is true when given)."""
    given = {item.id: is_given(package.get(item.id, 0.0)) for item in deal.items}
    return all(parse(text).evaluate(given) for text in deal.constraints)


def violated_constraints(deal: Deal, package: Package) -> list[str]:
    """The constraints ``package`` violates, as written in the file."""
    given = {item.id: is_given(package.get(item.id, 0.0)) for item in deal.items}
    return [text for text in deal.constraints if not parse(text).evaluate(given)]


def refusers(deal: Deal, package: Package, parties: Sequence[str]) -> list[str]:
    """The parties whose utility of ``package`` is below their reservation value."""
    return [p for p, gain in gains(deal, package, parties).items() if gain < 0]


def is_acceptable(deal: Deal, package: Package, parties: Sequence[str]) -> bool:
    """Whether ``package`` satisfies the constraints and every party gets its reservation.

    Parameters
    ----------
    deal : Deal
        A scenario's ``deal:`` section.
    package : dict of str to float
        The amount of each item given (items left out are not given).
    parties : sequence of str
        The parties, in the order of the result.

    Returns
    -------
    bool
        True when no constraint is broken and every party's utility is at least its
        reservation value.

    Examples
    --------
    >>> from accord.scenario import load
    >>> scenario = load("examples/yongbyon-for-relief.yaml")
    >>> is_acceptable(scenario.deal, {"yongbyon": 1, "relief": 1}, ["us", "dprk"])
    True
    >>> is_acceptable(scenario.deal, {"relief": 1}, ["us", "dprk"])
    False
    """
    return satisfies_constraints(deal, package) and not refusers(deal, package, parties)


def full_package(deal: Deal, package: Package) -> dict[str, float]:
    """``package`` with every item of the deal, in file order (absent items given 0).

    >>> full_package(Deal(items=[Item(id="x", giver="a"), Item(id="y", giver="a")]), {"y": 1})
    {'x': 0.0, 'y': 1.0}
    """
    return {item.id: float(package.get(item.id, 0.0)) for item in deal.items}


def given_items(package: Package, order: Iterable[str] | None = None) -> dict[str, float]:
    """Only the items given (amount > 0), optionally in the order of ``order``.

    >>> given_items({"x": 0.0, "y": 2.0})
    {'y': 2.0}
    """
    keys = list(order) if order is not None else list(package)
    return {k: float(package[k]) for k in keys if k in package and is_given(package[k])}
