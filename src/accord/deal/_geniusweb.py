"""Read and write GeniusWeb domains and linear additive profiles (the ANAC competition format).

A GeniusWeb *domain* is ``{"name", "issuesValues": {issue: {"values": [v0, v1, ...]}}}``; a
*profile* is ``{"LinearAdditiveUtilitySpace": {"name", "domain", "issueWeights": {issue: w},
"issueUtilities": {issue: {"DiscreteValueSetUtilities": {"valueUtilities": {value: u}}}},
"reservationBid": null | {"issuevalues": {issue: value}}}}``; a bid's utility is
``sum_i w_i * u_i(value_i)`` and a party without agreement gets the utility of its reservation
bid (0 without one).

Import: each issue becomes an indivisible item with quantity ``len(values) - 1`` (amount k
means the k-th value, in domain order); each party's value of amount k is
``w_i * (u_i(v_k) - u_i(v_0))``, and its reservation is shifted by the same constant, so gains,
acceptability, the frontier and every bargaining solution are those of the GeniusWeb profiles.

Export: each item becomes an issue whose values are the amounts ``"0" .. "quantity"``; each
party's utilities are rescaled to [0, 1] per issue with weights proportional to the issue's
range (an affine map of Accord utilities, so frontiers and Nash/KS points are preserved).
Interactions and constraints have no linear additive form and are refused; reservation values
are returned beside the profiles (GeniusWeb only has reservation *bids*).

Examples
--------
>>> domain = {"name": "trip", "issuesValues": {"Hotel": {"values": ["cheap", "fancy"]}}}
>>> profile = {"LinearAdditiveUtilitySpace": {"name": "ann", "domain": domain,
...     "issueWeights": {"Hotel": 1.0},
...     "issueUtilities": {"Hotel": {"DiscreteValueSetUtilities":
...         {"valueUtilities": {"cheap": 0.2, "fancy": 1.0}}}}, "reservationBid": None}}
>>> data = scenario_from_geniusweb(domain, [profile])
>>> data["deal"]["items"][0]["value"], data["deal"]["reservation"]
({'ann': 0.8}, {'ann': -0.2})
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from accord.deal._space import amount_levels
from accord.deal._utility import item_utility
from accord.errors import InputError
from accord.scenario._deal import Deal
from accord.scenario._model import Scenario

KIND = "LinearAdditiveUtilitySpace"


def snake_id(name: str, taken: set[str]) -> str:
    """A snake_case id for ``name``, unique among ``taken`` (which it joins).

    >>> snake_id("Lease car", set()), snake_id("2nd issue", set())
    ('lease_car', 'x_2nd_issue')
    """
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:60] or "x"
    if not base[0].isalpha():
        base = f"x_{base}"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _number(raw: Any, what: str) -> float:
    """``raw`` as a float, or an ``InputError`` naming ``what``.

    >>> _number("0.5", "weight")
    0.5
    """
    try:
        return float(raw)
    except (TypeError, ValueError):
        raise InputError(f"{what} is not a number: {raw!r}") from None


def _issues(domain: Mapping[str, Any]) -> dict[str, list[str]]:
    if not isinstance(domain, Mapping):
        raise InputError("a GeniusWeb domain is a JSON object with 'issuesValues'")
    issues = domain.get("issuesValues")
    if not isinstance(issues, dict) or not issues:
        raise InputError("a GeniusWeb domain needs a non-empty 'issuesValues' mapping")
    result = {}
    for issue, spec in issues.items():
        values = spec.get("values") if isinstance(spec, dict) else None
        if not isinstance(values, list) or len(values) < 2:
            raise InputError(
                f"issue '{issue}': only discrete issues with at least two 'values' are supported"
            )
        result[str(issue)] = [str(v) for v in values]
    return result


def _utility_tables(
    profile: Mapping[str, Any], issues: dict[str, list[str]]
) -> tuple[str, dict[str, list[float]], float]:
    """The profile's name, weighted utility of each value per issue, and reservation utility."""
    body = profile.get(KIND) if isinstance(profile, Mapping) else None
    if not isinstance(body, dict):
        raise InputError(f"only '{KIND}' profiles are supported", "export linear additive ones")
    name = str(body.get("name", "party"))
    weights, utilities = body.get("issueWeights") or {}, body.get("issueUtilities") or {}
    tables: dict[str, list[float]] = {}
    for issue, values in issues.items():
        spec = utilities.get(issue) if isinstance(utilities, dict) else None
        discrete = spec.get("DiscreteValueSetUtilities") if isinstance(spec, dict) else None
        table = discrete.get("valueUtilities") if isinstance(discrete, dict) else None
        if not isinstance(weights, dict) or issue not in weights or not isinstance(table, dict):
            raise InputError(f"profile '{name}' has no discrete utilities for issue '{issue}'")
        weight = _number(weights[issue], f"profile '{name}': the weight of issue '{issue}'")
        tables[issue] = [
            weight * _number(table.get(v, 0.0), f"profile '{name}': the utility of '{v}'")
            for v in values
        ]
    return name, tables, _reservation(name, body.get("reservationBid"), issues, tables)


def _reservation(
    name: str, bid: Any, issues: dict[str, list[str]], tables: dict[str, list[float]]
) -> float:
    """The utility of the reservation bid (0 without one)."""
    chosen = bid.get("issuevalues") if isinstance(bid, dict) else None
    if not chosen:
        return 0.0
    total = 0.0
    for issue, value in chosen.items():
        if issue not in issues or str(value) not in issues[issue]:
            raise InputError(
                f"profile '{name}': the reservation bid gives issue '{issue}' the value "
                f"{value!r}, which the domain does not list"
            )
        total += tables[issue][issues[issue].index(str(value))]
    return total


def scenario_from_geniusweb(
    domain: Mapping[str, Any], profiles: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """Scenario data (a dict ready for YAML) from a GeniusWeb domain and its profiles.

    Parameters
    ----------
    domain : mapping
        A GeniusWeb domain: ``{"name", "issuesValues": {issue: {"values": [...]}}}``.
    profiles : sequence of mappings
        Its linear additive profiles, one per party.

    Returns
    -------
    dict
        Scenario data: a party per profile, an item per issue (with ``quantity`` when the
        issue has more than two values), the values and reservations of the profiles.

    Raises
    ------
    InputError
        A malformed domain or profile, a profile kind other than linear additive, or a
        number that is not one.

    Examples
    --------
    >>> from accord.scenario import load
    >>> scenario = load("examples/yongbyon-for-relief.yaml")
    >>> exported = geniusweb_from_deal(scenario)
    >>> data = scenario_from_geniusweb(exported["domain"], list(exported["profiles"].values()))
    >>> data["parties"], data["deal"]["reservation"]
    ({'us': {'name': 'us'}, 'dprk': {'name': 'dprk'}}, {'us': -0.333333333333, 'dprk': -0.375})
    >>> data["deal"]["items"][1]  # doctest: +NORMALIZE_WHITESPACE
    {'id': 'relief', 'label': 'relief: 0 = 0, 1 = 1', 'giver': 'us',
     'value': {'us': -0.333333333333, 'dprk': 0.625}}
    """
    issues = _issues(domain)
    party_ids: set[str] = set()
    parsed = []
    for profile in profiles:
        name, tables, reservation = _utility_tables(profile, issues)
        parsed.append((snake_id(name, party_ids), name, tables, reservation))
    item_ids: set[str] = set()
    items = []
    for issue, values in issues.items():
        item: dict[str, Any] = {
            "id": snake_id(issue, item_ids),
            "label": f"{issue}: " + ", ".join(f"{k} = {v}" for k, v in enumerate(values)),
            "giver": parsed[0][0],
        }
        if len(values) > 2:
            item["quantity"] = len(values) - 1
        item["value"] = {
            pid: _value(tables[issue]) for pid, _, tables, _ in parsed if _nonzero(tables[issue])
        }
        items.append(item)
    reservations = {
        pid: round(own - sum(t[0] for t in tables.values()), 12) for pid, _, tables, own in parsed
    }
    return {
        "accord": 1,
        "title": f"GeniusWeb domain {domain.get('name', '')}".strip(),
        "description": "Imported from GeniusWeb: one item per issue, one party per profile.",
        "parties": {pid: {"name": name} for pid, name, _, _ in parsed},
        "deal": {"items": items, "reservation": reservations},
    }


def _nonzero(table: list[float]) -> bool:
    return any(v != table[0] for v in table)


def _value(table: list[float]) -> float | dict[str, Any]:
    shifted = [round(v - table[0], 12) for v in table]
    if len(shifted) == 2:
        return shifted[1]
    return {"points": [[k, v] for k, v in enumerate(shifted)]}


def geniusweb_from_deal(scenario: Scenario, name: str = "accord") -> dict[str, Any]:
    """``{"domain", "profiles": {party: profile}, "reservation": {party: utility}}``.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario whose ``deal:`` has items, and no interactions or constraints.
    name : str, default "accord"
        The domain's name.

    Returns
    -------
    dict
        The GeniusWeb domain, a linear additive profile per party and each party's
        reservation value on the profile's [0, 1] scale.

    Raises
    ------
    InputError
        No deal items, or ``together`` interactions or constraints (no linear additive form).

    Examples
    --------
    >>> from accord.scenario import load
    >>> scenario = load("examples/yongbyon-for-relief.yaml")
    >>> exported = geniusweb_from_deal(scenario)
    >>> exported["domain"]["issuesValues"]
    {'yongbyon': {'values': ['0', '1']}, 'relief': {'values': ['0', '1']}}
    >>> exported["profiles"]["dprk"]["LinearAdditiveUtilitySpace"]["issueWeights"]
    {'yongbyon': 0.375, 'relief': 0.625}
    >>> exported["reservation"]
    {'us': 0.3333333333333333, 'dprk': 0.375}
    """
    deal = scenario.deal
    if deal is None or not deal.items:
        raise InputError("the scenario has no deal items to export")
    if deal.together or deal.constraints:
        raise InputError(
            "GeniusWeb linear additive profiles cannot express 'together' interactions or "
            "constraints",
            "remove them to export (the analysis in Accord keeps them)",
        )
    levels = {item.id: amount_levels(item) for item in deal.items}
    domain = {
        "name": name,
        "issuesValues": {i: {"values": [f"{a:g}" for a in lv]} for i, lv in levels.items()},
    }
    profiles, reservations = {}, {}
    for party in scenario.party_ids:
        profiles[party], reservations[party] = _profile(deal, party, domain, levels)
    return {"domain": domain, "profiles": profiles, "reservation": reservations}


def _profile(
    deal: Deal, party: str, domain: dict[str, Any], levels: dict[str, tuple[float, ...]]
) -> tuple[dict[str, Any], float]:
    raw = {item.id: [item_utility(item, party, a) for a in levels[item.id]] for item in deal.items}
    spans = {i: max(v) - min(v) for i, v in raw.items()}
    total = sum(spans.values()) or 1.0
    utilities = {
        i: {
            "DiscreteValueSetUtilities": {
                "valueUtilities": {
                    f"{a:g}": (v - min(raw[i])) / spans[i] if spans[i] else 0.0
                    for a, v in zip(levels[i], raw[i], strict=True)
                }
            }
        }
        for i in raw
    }
    weights = {i: spans[i] / total if sum(spans.values()) else 1 / len(raw) for i in raw}
    floor = sum(min(v) for v in raw.values())
    reservation = (deal.reservation_value(party).mode - floor) / total
    profile = {
        KIND: {
            "name": party,
            "domain": domain,
            "issueWeights": weights,
            "issueUtilities": utilities,
            "reservationBid": None,
        }
    }
    return profile, reservation
