"""The phasing problem in plain values: the planner's and the auditor's only input.

A :class:`PhasingProblem` is independent of the scenario file (the adapter in
:mod:`accord.phasing._adapter` builds one from a scenario). Numbers are exact
:class:`fractions.Fraction` values; the planner converts them to floats for the solver and the
auditor checks in exact arithmetic.

Examples
--------
>>> from fractions import Fraction as F
>>> good = PhasingItem("good", "seller", F(100), {"seller": F(-1), "buyer": F(2)})
>>> pay = PhasingItem("pay", "buyer", F(253, 2), {"seller": F(1), "buyer": F(-1)})
>>> penalty = {"seller": F(1, 2), "buyer": F(1, 2)}
>>> problem = PhasingProblem(("seller", "buyer"), (good, pay), penalty=penalty)
>>> problem.final_value("buyer")
Fraction(147, 2)
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

_ZERO = Fraction(0)


@dataclass(frozen=True)
class Reversible:
    """An item its giver can take back if the receiver defects (a snapback).

    ``recover`` is the fraction of the delivered value the receivers lose; ``lag`` is the number
    of periods the taking back needs (it dates the snapback; values are stocks, so the lag does
    not change the amount lost).
    """

    lag: int = 0
    recover: Fraction = Fraction(1)


@dataclass(frozen=True)
class PhasingItem:
    """One item of the agreed package, as the phasing model sees it.

    ``values[p]`` is party p's value per unit delivered (negative for the giver's cost).
    ``per_period`` caps the amount delivered in one period (``None``: no cap); ``duration`` is the
    number of periods the work takes (no delivery before period ``duration``, and not before
    ``duration`` periods after every prerequisite in ``after`` is complete).
    """

    id: str
    giver: str
    amount: Fraction
    values: Mapping[str, Fraction]
    divisible: bool = False
    verify_lag: int = 0
    reversible: Reversible | None = None
    per_period: Fraction | None = None
    duration: int = 1
    after: tuple[str, ...] = ()
    label: str = ""

    def value(self, party: str) -> Fraction:
        """Party's value of one unit of this item (0 when it does not care)."""
        value = self.values.get(party, _ZERO)
        return value if type(value) is Fraction else Fraction(value)

    def kept_fraction(self) -> Fraction:
        """The fraction of this item a defecting receiver keeps (1 minus what snaps back)."""
        return Fraction(1) if self.reversible is None else 1 - self.reversible.recover


@dataclass(frozen=True)
class PhasingProblem:
    """Parties, the items of the package, defection penalties, escrows and the planning frame.

    ``horizon`` is the number of periods available; ``alternate`` allows only one party to
    deliver in a period (turn-taking, as in the alternating exchange of the safe-exchange
    literature).
    """

    parties: tuple[str, ...]
    items: tuple[PhasingItem, ...]
    penalty: Mapping[str, Fraction] = field(default_factory=dict)
    escrow: Mapping[str, Fraction] = field(default_factory=dict)
    horizon: int = 12
    alternate: bool = False

    def item(self, item_id: str) -> PhasingItem:
        """The item with id ``item_id`` (``KeyError`` if there is none)."""
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def forfeit(self, party: str) -> Fraction:
        """What ``party`` loses by defecting besides the exchange: penalty plus escrow."""
        return Fraction(self.penalty.get(party, 0)) + Fraction(self.escrow.get(party, 0))

    def final_value(self, party: str) -> Fraction:
        """``party``'s value of the whole package delivered (continuing to the end)."""
        value = self._final_values.get(party)
        if value is None:
            value = sum((item.value(party) * item.amount for item in self.items), Fraction(0))
            self._final_values[party] = value
        return value

    @functools.cached_property
    def _final_values(self) -> dict[str, Fraction]:
        """:meth:`final_value` by party, computed once (the heuristic and the audits ask often)."""
        return {}


@dataclass(frozen=True)
class Step:
    """One step of a plan: in ``period`` (1-based), amounts delivered by item id."""

    period: int
    deliveries: Mapping[str, Fraction]
    name: str = ""


@dataclass(frozen=True)
class Plan:
    """A sequence of steps in strictly increasing periods."""

    steps: tuple[Step, ...]

    def delivered(self, item_id: str, through_period: int) -> Fraction:
        """Total amount of ``item_id`` delivered in steps with period <= ``through_period``."""
        periods, totals = self._running.get(item_id, ((), ()))
        k = bisect.bisect_right(periods, through_period)
        return totals[k - 1] if k else Fraction(0)

    @functools.cached_property
    def _running(self) -> dict[str, tuple[tuple[int, ...], tuple[Fraction, ...]]]:
        """Per item: the periods of the steps (in order) and the running totals after each."""
        order = sorted(range(len(self.steps)), key=lambda k: self.steps[k].period)
        found: dict[str, tuple[list[int], list[Fraction]]] = {}
        for k in order:
            step = self.steps[k]
            for item_id, amount in step.deliveries.items():
                periods, totals = found.setdefault(item_id, ([], []))
                before = totals[-1] if totals else Fraction(0)
                periods.append(step.period)
                totals.append(before + Fraction(amount))
        return {i: (tuple(p), tuple(t)) for i, (p, t) in found.items()}
