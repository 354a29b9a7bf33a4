"""The auditor: check any plan, step by step, with the plain safety condition.

This is deliberately a separate, simple code path: loops over steps in exact arithmetic using
:mod:`accord.phasing._safety`, sharing nothing with the planner's optimisation model.

Examples
--------
>>> from fractions import Fraction as F
>>> from accord.phasing._model import PhasingItem, PhasingProblem, Plan, Step
>>> good = PhasingItem("good", "s", F(1), {"s": F(-1), "b": F(2)})
>>> pay = PhasingItem("pay", "b", F(3, 2), {"s": F(1), "b": F(-1)}, divisible=True)
>>> problem = PhasingProblem(("s", "b"), (good, pay))
>>> audit = audit_plan(problem, Plan((Step(1, {"good": F(1)}), Step(2, {"pay": F(3, 2)}))))
>>> audit.safe, audit.first_unsafe.party, audit.first_unsafe.shortfall
(False, 'b', Fraction(3, 2))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from accord.phasing._feasibility import plan_problems
from accord.phasing._model import PhasingProblem, Plan
from accord.phasing._safety import delivers_at, exposure, safety_margin


@dataclass(frozen=True)
class StepReport:
    """The state after one step (index 0 is the signature, before any delivery)."""

    index: int
    name: str
    period: int
    deliveries: dict[str, Fraction]
    exposure: dict[str, Fraction]
    margin: dict[str, Fraction | None]
    """Each party's margin for defecting at its next delivery; ``None``: nothing left to give."""

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (numbers as floats)."""
        return {
            "index": self.index,
            "name": self.name,
            "period": self.period,
            "deliveries": {k: float(v) for k, v in self.deliveries.items()},
            "exposure": {k: float(v) for k, v in self.exposure.items()},
            "margin": {k: None if v is None else float(v) for k, v in self.margin.items()},
        }


@dataclass(frozen=True)
class Unsafe:
    """The first step where a party gains by defecting, and by how much."""

    index: int
    name: str
    party: str
    shortfall: Fraction

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form."""
        return {
            "index": self.index,
            "name": self.name,
            "party": self.party,
            "shortfall": float(self.shortfall),
        }


@dataclass(frozen=True)
class Audit:
    """The verdict on a plan: feasibility problems, per-step margins, the first unsafe step."""

    safe: bool
    problems: tuple[str, ...]
    steps: tuple[StepReport, ...]
    first_unsafe: Unsafe | None
    min_margin: dict[str, Fraction | None]

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/phasing-json.md)."""
        return {
            "safe": self.safe,
            "problems": list(self.problems),
            "first_unsafe": None if self.first_unsafe is None else self.first_unsafe.to_dict(),
            "min_margin": {k: None if v is None else float(v) for k, v in self.min_margin.items()},
            "steps": [s.to_dict() for s in self.steps],
        }


def audit_plan(problem: PhasingProblem, plan: Plan, tolerance: Fraction = Fraction(0)) -> Audit:
    """Check ``plan`` against ``problem``: totals, capacities, order, and safety at every step.

    ``tolerance`` accepts margins down to ``-tolerance`` (for plans computed in floating point).

    Parameters
    ----------
    problem : PhasingProblem
        The parties, the package's items (giver, amount, value per unit to each party) and the
        penalties, escrows and horizon.
    plan : Plan
        Its steps, each a period and the amounts delivered then.
    tolerance : Fraction, default 0
        The most negative margin still taken as safe.

    Returns
    -------
    Audit
        Whether the plan is safe, what is wrong with it (totals, capacities, order), a report
        per step (deliveries, exposure, margins), the first unsafe step and each party's
        lowest margin.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from accord.phasing import PhasingItem, PhasingProblem, Plan, Step
    >>> good = PhasingItem("good", "s", F(2), {"s": F(-1), "b": F(3)})
    >>> pay = PhasingItem("pay", "b", F(4), {"s": F(1), "b": F(-1)}, divisible=True)
    >>> problem = PhasingProblem(("s", "b"), (good, pay), penalty={"s": F(1), "b": F(1)}, horizon=6)
    >>> audit = audit_plan(problem, Plan((Step(1, {"good": F(2)}), Step(2, {"pay": F(4)}))))
    >>> audit.safe, audit.first_unsafe
    (False, Unsafe(index=2, name='step 2', party='b', shortfall=Fraction(3, 1)))
    >>> audit.min_margin
    {'s': Fraction(3, 1), 'b': Fraction(-3, 1)}
    """
    problems = tuple(plan_problems(problem, plan))
    margins = _defection_margins(problem, plan)
    rows = [_row(problem, plan, margins, k) for k in range(len(plan.steps) + 1)]
    first = None
    for k in range(len(plan.steps)):
        for party in problem.parties:
            m = margins[k].get(party)
            if m is not None and m < -tolerance and first is None:
                first = Unsafe(k + 1, plan.steps[k].name or f"step {k + 1}", party, -m)
    lowest: dict[str, Fraction | None] = {}
    for party in problem.parties:
        values = [m[party] for m in margins if party in m]
        lowest[party] = min(values) if values else None
    return Audit(not problems and first is None, problems, tuple(rows), first, lowest)


def _defection_margins(problem: PhasingProblem, plan: Plan) -> list[dict[str, Fraction]]:
    """For each step, the margin of each party that delivers at that step."""
    return [
        {
            party: safety_margin(problem, plan, party, k)
            for party in problem.parties
            if delivers_at(problem, plan, party, k)
        }
        for k in range(len(plan.steps))
    ]


def _row(
    problem: PhasingProblem, plan: Plan, margins: list[dict[str, Fraction]], done: int
) -> StepReport:
    """The report after ``done`` steps: exposure now, margin at each party's next delivery."""
    period = plan.steps[done - 1].period if done else 0
    margin: dict[str, Fraction | None] = {}
    for party in problem.parties:
        upcoming = [m[party] for m in margins[done:] if party in m]
        margin[party] = upcoming[0] if upcoming else None
    return StepReport(
        index=done,
        name=(plan.steps[done - 1].name or f"step {done}") if done else "signature",
        period=period,
        deliveries=dict(plan.steps[done - 1].deliveries) if done else {},
        exposure={p: exposure(problem, plan, p, period) for p in problem.parties},
        margin=margin,
    )
