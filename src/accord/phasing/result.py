"""The planner's answer and its progress reports (see :mod:`accord.phasing.planner`).

Examples
--------
>>> from fractions import Fraction as F
>>> from accord.phasing.model import PhasingItem, PhasingProblem, Plan, Step
>>> good = PhasingItem("good", "s", F(1), {"s": F(-1), "b": F(2)})
>>> problem = PhasingProblem(("s", "b"), (good,), {"s": F(1)})
>>> result = plan_result(problem, "periods", Plan((Step(1, {"good": F(1)}),)), True)
>>> result.status, result.values, result.audit.safe
('optimal', {'last_period': 1.0, 'steps': 1.0, 'max_exposure': 1.0}, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from accord.choices import PlanObjective
from accord.phasing.audit import Audit, audit_plan
from accord.phasing.bounds import Certificate
from accord.phasing.certificate import confirm
from accord.phasing.model import PhasingProblem, Plan

Objective = Literal["periods", "steps", "exposure"]
OBJECTIVES: tuple[Objective, ...] = tuple(objective.value for objective in PlanObjective)
"""What the planner can minimise first (:class:`accord.choices.PlanObjective`)."""


@dataclass(frozen=True)
class PlanResult:
    """The planner's answer: a plan (or none), how good it is proven to be, and its audit."""

    status: str
    """``optimal``; ``feasible`` (the time limit came first: see ``gap``); ``infeasible`` (no
    safe plan within the horizon: see ``certificate`` or ``ruled_out_by``); ``unknown`` (no plan
    found and none proven impossible in the time); ``interrupted`` (stopped by the user)."""
    objective: Objective
    values: dict[str, float]
    gap: float | None
    plan: Plan | None
    audit: Audit | None
    periods_at_least: int = 0
    """Every safe plan takes at least this many periods (shorter horizons are ruled out)."""
    ruled_out_by: str | None = None
    """How ``periods_at_least`` was proven: ``certificate`` or ``solver`` (``None``: nothing)."""
    certificate: Certificate | None = None
    """The strongest bound with its reason (a person can check it; it was checked)."""

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/phasing-json.md)."""
        cert = self.certificate
        return {
            "status": self.status,
            "objective": self.objective,
            "values": self.values,
            "gap": self.gap,
            "audit": None if self.audit is None else self.audit.to_dict(),
            "periods_at_least": self.periods_at_least,
            "ruled_out_by": self.ruled_out_by,
            "certificate": None if cert is None else cert.to_dict(),
        }


@dataclass(frozen=True)
class Progress:
    """Where the planner is, reported as it goes (for a progress bar, or Ctrl-C)."""

    stage: str
    """What was just done, e.g. ``horizon 3 of 14: infeasible``."""
    done: int
    """Work done of ``total`` in the current stage (horizons tried, or solver stages)."""
    total: int
    best: PlanResult | None
    """The best safe plan found so far (not yet proven optimal), or ``None``."""


ProgressCallback = Callable[[Progress], None]


def ignore(_progress: Progress) -> None:
    """The default progress callback: nobody listens."""
    return None


def audit_tolerance(problem: PhasingProblem) -> Fraction:
    """The margin shortfall accepted in a plan computed in floating point: 10⁻⁶ of the largest
    party's total value (at least 10⁻⁶)."""
    scale = max([abs(problem.final_value(p)) for p in problem.parties] + [Fraction(1)])
    return scale / 10**6


def plan_result(
    problem: PhasingProblem,
    objective: Objective,
    plan: Plan,
    proven: bool = False,
    gap: float | None = None,
    audit: Audit | None = None,
) -> PlanResult:
    """The planner's result for ``plan``: its values and the independent audit."""
    if audit is None:
        audit = audit_plan(problem, plan, tolerance=audit_tolerance(problem))
    values = {
        "last_period": float(max((s.period for s in plan.steps), default=0)),
        "steps": float(len(plan.steps)),
        "max_exposure": max_exposure(audit),
    }
    status = "optimal" if proven else "feasible"
    return PlanResult(status, objective, values, 0.0 if proven else gap, plan, audit)


def max_exposure(audit: Audit) -> float:
    """The largest exposure of any party after any step."""
    return float(max((v for s in audit.steps for v in s.exposure.values()), default=Fraction(0)))


def no_plan(
    status: str,
    objective: Objective,
    certificate: Certificate | None = None,
    at_least: int = 0,
    by: str | None = None,
) -> PlanResult:
    """A result without a plan: ``infeasible`` (with its proof) or ``unknown``."""
    return PlanResult(status, objective, {}, None, None, None, at_least, by, certificate)


def checked(problem: PhasingProblem, certificate: Certificate) -> Certificate | None:
    """``certificate`` if the independent check confirms it (else ``None``: not used)."""
    return certificate if not confirm(problem, certificate) else None
