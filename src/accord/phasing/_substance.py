"""How much substance an agreement or plan has: verified, irreversible value, and concreteness.

Two measures (after the commentary of 2019: "concrete, verifiable concessions rather than summit
declarations"):

- **Delivered substance per phase**: for each step and each giver, the value its deliveries
  have to the others (the sum of their positive values), counted only for items with a
  verification means and only in the fraction that cannot be taken back (``1 - recover``).
- **Concreteness**: the share of commitments (items of the package) that have a *quantity*
  (a unit of measure), a *deadline* (a step of a dated plan delivers them) and a *verification
  means* (a means under ``verification.verifies``, or ``verification:`` in the item's phasing
  data); the score is the share that has all three.

Examples
--------
>>> from fractions import Fraction as F
>>> from accord.phasing._model import PhasingItem, PhasingProblem, Plan, Step
>>> x = PhasingItem("x", "a", F(2), {"b": F(3)})
>>> problem = PhasingProblem(("a", "b"), (x,))
>>> s = substance(problem, Plan((Step(1, {"x": F(2)}, "Adoption Day"),)), {"x"}, {"x"})
>>> s.score, s.phases[0].value
(Fraction(1, 1), {'a': Fraction(6, 1)})
>>> substance(problem, None, set(), set()).score
Fraction(0, 1)
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from accord.phasing._model import PhasingItem, PhasingProblem, Plan


@dataclass(frozen=True)
class PhaseSubstance:
    """Verified, irreversible value delivered by each giver in one step."""

    name: str
    value: dict[str, Fraction]

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form."""
        return {"name": self.name, "value": {p: float(v) for p, v in self.value.items()}}


@dataclass(frozen=True)
class Substance:
    """The substance of one agreement or plan."""

    score: Fraction
    with_quantity: Fraction
    with_deadline: Fraction
    with_verification: Fraction
    commitments: int
    phases: tuple[PhaseSubstance, ...]

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/phasing-json.md)."""
        return {
            "score": float(self.score),
            "with_quantity": float(self.with_quantity),
            "with_deadline": float(self.with_deadline),
            "with_verification": float(self.with_verification),
            "commitments": self.commitments,
            "phases": [p.to_dict() for p in self.phases],
        }


def _worth(item: PhasingItem, verified: Set[str]) -> Fraction:
    if item.id not in verified:
        return Fraction(0)
    others = sum(
        (max(Fraction(0), v) for p, v in item.values.items() if p != item.giver), Fraction(0)
    )
    return others * item.kept_fraction()


def substance(
    problem: PhasingProblem, plan: Plan | None, quantified: Set[str], verified: Set[str]
) -> Substance:
    """Score ``plan`` (or the bare package when ``plan`` is ``None``) for substance.

    ``quantified`` and ``verified`` are the ids of items with a unit of measure and with a
    verification means.

    Parameters
    ----------
    problem : PhasingProblem
        The parties and the package's items.
    plan : Plan or None
        The plan to score (``None``: the package as a single commitment per item, no dates).
    quantified : set of str
        The ids of items with a unit of measure.
    verified : set of str
        The ids of items with a verification means.

    Returns
    -------
    Substance
        The score, the shares of commitments with a quantity, a deadline and a verification,
        the number of commitments and the value each phase delivers to each party.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from accord.phasing import PhasingItem, PhasingProblem, Plan, Step
    >>> good = PhasingItem("good", "s", F(2), {"s": F(-1), "b": F(3)})
    >>> pay = PhasingItem("pay", "b", F(4), {"s": F(1), "b": F(-1)}, divisible=True)
    >>> problem = PhasingProblem(("s", "b"), (good, pay), penalty={"s": F(1), "b": F(1)}, horizon=6)
    >>> plan = Plan((Step(1, {"good": F(2)}), Step(2, {"pay": F(4)})))
    >>> scored = substance(problem, plan, quantified={"pay"}, verified={"good"})
    >>> scored.score, scored.with_quantity, scored.with_deadline, scored.with_verification
    (Fraction(0, 1), Fraction(1, 2), Fraction(1, 1), Fraction(1, 2))
    >>> substance(problem, None, set(), set()).with_deadline
    Fraction(0, 1)
    """
    ids = [item.id for item in problem.items]
    scheduled = {
        i for step in (plan.steps if plan else ()) for i, a in step.deliveries.items() if a
    }
    n = len(ids)

    def share(ok: Set[str]) -> Fraction:
        return Fraction(sum(1 for i in ids if i in ok), n) if n else Fraction(0)

    phases = []
    for step in plan.steps if plan else ():
        value: dict[str, Fraction] = {}
        for item_id, amount in step.deliveries.items():
            item = problem.item(item_id)
            value[item.giver] = value.get(item.giver, Fraction(0)) + amount * _worth(item, verified)
        phases.append(PhaseSubstance(step.name, value))
    complete = set(quantified) & scheduled & set(verified)
    return Substance(
        share(complete), share(quantified), share(scheduled), share(verified), n, tuple(phases)
    )
