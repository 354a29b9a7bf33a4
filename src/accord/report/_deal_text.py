"""Deal results as short text: packages (the ``--package`` form, grouped by giver), the
difference between two packages, and why a party refuses a package.

Examples
--------
>>> from accord.scenario._deal import Deal, Item
>>> deal = Deal(items=[Item(id="a", giver="x"), Item(id="b", giver="y", quantity=3)])
>>> grouped_text({"a": 1.0, "b": 3.0}, deal)
'x gives a; y gives b'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from accord.scenario._deal import Deal


def package_text(package: Mapping[str, float], quantities: Mapping[str, float]) -> str:
    """``"a, b=2"``: items given in full by name, partial amounts with ``=`` (the --package form).

    >>> package_text({"a": 1.0, "b": 2.0}, {"a": 1, "b": 3})
    'a, b=2'
    >>> package_text({}, {})
    '(nothing)'
    """
    parts = [
        item if amount == quantities.get(item) else f"{item}={amount:g}"
        for item, amount in package.items()
        if amount
    ]
    return ", ".join(parts) if parts else "(nothing)"


def grouped_text(package: Mapping[str, float], deal: Deal) -> str:
    """The package grouped by giver: ``"dprk gives a, b=2; us gives c"``.

    >>> from accord.scenario._deal import Item
    >>> deal = Deal(items=[Item(id="a", giver="x"), Item(id="b", giver="y", quantity=3)])
    >>> grouped_text({"a": 1.0, "b": 2.0}, deal)
    'x gives a; y gives b=2'
    """
    quantities = {item.id: item.quantity for item in deal.items}
    givers: dict[str, dict[str, float]] = {}
    for item in deal.items:
        if package.get(item.id):
            givers.setdefault(item.giver, {})[item.id] = package[item.id]
    parts = [f"{giver} gives {package_text(items, quantities)}" for giver, items in givers.items()]
    return "; ".join(parts) if parts else "(nothing)"


MAX_REFUSAL_TERMS = 5


def refusal_lines(party: str, why: Mapping[str, Any]) -> list[str]:
    """Why ``party`` refuses: its utility against its reservation, then what it gets and pays.

    The listed terms add up to the totals (beyond ``MAX_REFUSAL_TERMS``, the rest are summed).

    >>> why = {"shortfall": 3.0, "reservation": 1.0, "benefit_total": 6.0, "cost_total": -8.0,
    ...        "benefits": [{"item": "b", "amount": 1.0, "value": 4.0},
    ...                     {"together": ["a", "b"], "value": 2.0}],
    ...        "costs": [{"item": "a", "amount": 1.0, "value": -8.0}]}
    >>> for line in refusal_lines("x", why):
    ...     print(line)
    refused by x: its utility -2 is 3 short of its reservation 1
      it gets +6: b +4, a with b +2
      it pays 8: a 8
    """
    utility = why["benefit_total"] + why["cost_total"]
    lines = [
        f"refused by {party}: its utility {utility:g} is {why['shortfall']:g} short of its "
        f"reservation {why['reservation']:g}"
    ]
    gets = _terms(why["benefits"], 1.0)
    lines.append(f"  it gets {why['benefit_total']:+g}: {gets}" if gets else "  it gets nothing")
    pays = _terms(why["costs"], -1.0)
    lines.append(f"  it pays {-why['cost_total']:g}: {pays}" if pays else "  it pays nothing")
    return lines


def _terms(entries: list[dict[str, Any]], sign: float) -> str:
    def name(entry: Mapping[str, Any]) -> str:
        return " with ".join(entry["together"]) if "together" in entry else str(entry["item"])

    def number(value: float) -> str:
        return f"{value:+g}" if sign > 0 else f"{value:g}"

    shown = [f"{name(e)} {number(sign * e['value'])}" for e in entries[:MAX_REFUSAL_TERMS]]
    rest = entries[MAX_REFUSAL_TERMS:]
    if rest:
        total = round(sign * sum(float(e["value"]) for e in rest), 9)
        shown.append(f"{len(rest)} smaller ones {number(total)}")
    return ", ".join(shown)


def difference_text(before: Mapping[str, float], after: Mapping[str, float], deal: Deal) -> str:
    """What ``after`` adds to and drops from ``before``, by giver.

    >>> from accord.scenario._deal import Item
    >>> deal = Deal(items=[Item(id="a", giver="x"), Item(id="b", giver="y", quantity=3)])
    >>> difference_text({"a": 1.0}, {"b": 2.0}, deal)
    'y adds b=2; x drops a'
    """
    quantities = {item.id: item.quantity for item in deal.items}
    added: dict[str, dict[str, float]] = {}
    dropped: dict[str, dict[str, float]] = {}
    for item in deal.items:
        old, new = before.get(item.id, 0.0), after.get(item.id, 0.0)
        if new > old:
            added.setdefault(item.giver, {})[item.id] = new
        elif new < old:
            dropped.setdefault(item.giver, {})[item.id] = new if new else old
    parts = [f"{g} adds {package_text(i, quantities)}" for g, i in added.items()]
    parts += [f"{g} drops {package_text(i, quantities)}" for g, i in dropped.items()]
    return "; ".join(parts) if parts else "the same package"
