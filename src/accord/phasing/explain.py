"""Why no safe plan exists, and the smallest changes that would make the exchange safe.

The *closest plan* minimises the total shortfall (the safety rows relaxed by one slack per
party); the auditor then names who defects where. Fixes are tried one at a time, each by the
planner: a larger penalty (the least total extra forfeit, split by party, from the same
relaxation; an escrow of the same size works the same way), making one item reversible (fully
recoverable), making one indivisible item divisible (splitting it), or a longer horizon.

Examples
--------
>>> from fractions import Fraction as F
>>> from accord.phasing.model import PhasingItem, PhasingProblem
>>> good = PhasingItem("good", "s", F(1), {"s": F(-1), "b": F(3)})
>>> pay = PhasingItem("pay", "b", F(2), {"s": F(1), "b": F(-1)})
>>> problem = PhasingProblem(("s", "b"), (good, pay), horizon=4)
>>> why = explain_infeasible(problem)
>>> why.defector.party, why.defector.shortfall
('s', Fraction(1, 1))
>>> for fix in why.fixes:
...     print(fix.text)
a defection penalty for s of at least 1 (now 0), or an escrow of 1 from s
make 'good' reversible (its giver can take it all back)
make 'pay' reversible (its giver can take it all back)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from accord.phasing.audit import Unsafe, audit_plan
from accord.phasing.formulation import build
from accord.phasing.model import PhasingProblem, Plan, Reversible
from accord.phasing.planner import plan_exchange, plan_from_solution


@dataclass(frozen=True)
class Fix:
    """One change that makes a safe plan exist."""

    kind: str
    """``penalty`` (or an escrow of the same size), ``reversible``, ``divisible`` or ``horizon``."""
    party: str | None
    item: str | None
    amount: float | None
    text: str

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form."""
        return {
            "kind": self.kind,
            "party": self.party,
            "item": self.item,
            "amount": self.amount,
            "text": self.text,
        }


@dataclass(frozen=True)
class Explanation:
    """Who defects where in the closest plan, and the fixes found."""

    defector: Unsafe | None
    closest: Plan | None
    fixes: tuple[Fix, ...]

    def to_json(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/phasing-json.md)."""
        return {
            "defector": None if self.defector is None else self.defector.to_json(),
            "fixes": [f.to_json() for f in self.fixes],
        }


def explain_infeasible(problem: PhasingProblem, time_limit: float = 10.0) -> Explanation:
    """Explain why ``problem`` has no safe plan within its horizon, and list fixes."""
    closest, extra = _least_shortfall(problem, time_limit)
    defector = None if closest is None else audit_plan(problem, closest).first_unsafe
    fixes = [_penalty_fix(problem, extra)] if extra else []
    fixes += _structural_fixes(problem, time_limit)
    return Explanation(defector, closest, tuple(fixes))


def _structural_fixes(problem: PhasingProblem, time_limit: float) -> list[Fix]:
    """Each single change to an item, or a longer horizon, that makes a safe plan exist."""
    fixes = []
    for item in problem.items:
        if item.reversible is None or item.reversible.recover < 1:
            trial = _with_item(problem, item.id, reversible=Reversible(0, Fraction(1)))
            if _feasible(trial, time_limit):
                text = f"make '{item.id}' reversible (its giver can take it all back)"
                fixes.append(Fix("reversible", item.giver, item.id, None, text))
    for item in problem.items:
        if not item.divisible and _feasible(
            _with_item(problem, item.id, divisible=True), time_limit
        ):
            text = f"split '{item.id}' into smaller amounts (make it divisible)"
            fixes.append(Fix("divisible", item.giver, item.id, None, text))
    longer = replace(problem, horizon=problem.horizon * 2)
    if _feasible(longer, time_limit):
        text = f"allow {longer.horizon} periods instead of {problem.horizon}"
        fixes.append(Fix("horizon", None, None, float(longer.horizon), text))
    return fixes


def _least_shortfall(
    problem: PhasingProblem, time_limit: float
) -> tuple[Plan | None, dict[str, Fraction]]:
    form = build(problem, slack=True)
    outcome = form.lp.solve(dict.fromkeys(form.slack.values(), 1.0), time_limit)
    if not outcome.x:
        return None, {}
    extra = {
        p: Fraction(outcome.x[col]).limit_denominator(10**6)
        for p, col in form.slack.items()
        if outcome.x[col] > 1e-7
    }
    return plan_from_solution(problem, form, outcome.x), extra


def _penalty_fix(problem: PhasingProblem, extra: dict[str, Fraction]) -> Fix:
    parts = [
        f"a defection penalty for {p} of at least {float(problem.penalty.get(p, 0) + x):g} "
        f"(now {float(problem.penalty.get(p, 0)):g}), or an escrow of {float(x):g} from {p}"
        for p, x in extra.items()
    ]
    party = next(iter(extra)) if len(extra) == 1 else None
    return Fix("penalty", party, None, float(sum(extra.values())), "; and ".join(parts))


def _with_item(problem: PhasingProblem, item_id: str, **changes: Any) -> PhasingProblem:
    items = tuple(replace(i, **changes) if i.id == item_id else i for i in problem.items)
    return replace(problem, items=items)


def _feasible(problem: PhasingProblem, time_limit: float) -> bool:
    return plan_exchange(problem, time_limit=time_limit).status in ("optimal", "feasible")
