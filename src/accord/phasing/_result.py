"""The planner's answer and its progress reports (see :mod:`accord.phasing._planner`).

Examples
--------
>>> from fractions import Fraction as F
>>> from accord.phasing._model import PhasingItem, PhasingProblem, Plan, Step
>>> good = PhasingItem("good", "s", F(1), {"s": F(-1), "b": F(2)})
>>> problem = PhasingProblem(("s", "b"), (good,), {"s": F(1)})
>>> result = plan_result(problem, PlanObjective.PERIODS, Plan((Step(1, {"good": F(1)}),)), True)
>>> result.status, result.values, result.audit.safe
(<PlanStatus.OPTIMAL: 'optimal'>, {'last_period': 1.0, 'steps': 1.0, 'max_exposure': 1.0}, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from accord.choices import PlanObjective, PlanStatus
from accord.phasing._audit import Audit, audit_plan
from accord.phasing._bounds import Certificate
from accord.phasing._certificate import confirm
from accord.phasing._model import PhasingProblem, Plan


@dataclass(frozen=True)
class PlanResult:
    """The planner's answer: a plan (or none), how good it is proven to be, and its audit."""

    status: PlanStatus
    """``optimal``; ``feasible`` (the time limit came first: see ``gap``); ``infeasible`` (no
    safe plan within the horizon: see ``certificate`` or ``ruled_out_by``); ``unknown`` (no plan
    found and none proven impossible in the time); ``interrupted`` (stopped by the user)."""
    objective: PlanObjective
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
    horizons: tuple[Horizons, ...] = ()
    """The horizons shorter than the plan (all of them when there is none), in runs: which
    were ruled out and by what, and which the search left open in the time."""

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/phasing-json.md)."""
        cert = self.certificate
        return {
            "status": self.status.value,
            "objective": self.objective.value,
            "values": self.values,
            "gap": self.gap,
            "audit": None if self.audit is None else self.audit.to_dict(),
            "periods_at_least": self.periods_at_least,
            "ruled_out_by": self.ruled_out_by,
            "certificate": None if cert is None else cert.to_dict(),
            "horizons": [h.to_dict() for h in self.horizons],
        }


@dataclass(frozen=True)
class Horizons:
    """Horizons ``first`` to ``last`` (periods), and what the search knows of them."""

    first: int
    last: int
    by: str
    """``certificate`` or ``solver`` (ruled out: no safe plan that short), or ``open`` (not
    decided in the time)."""

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form."""
        return {"first": self.first, "last": self.last, "by": self.by}

    @property
    def text(self) -> str:
        """For the terminal: ``24 to 29 periods: ruled out by the solver``."""
        span = (
            f"{self.first} to {self.last} periods"
            if self.first < self.last
            else (f"{self.first} period" + ("s" if self.first != 1 else ""))
        )
        what = {
            "certificate": "ruled out by the bound (checked independently)",
            "solver": "ruled out by the solver (a proof by search)",
            "open": "not decided within the time limit",
        }[self.by]
        return f"{span}: {what}"


def runs(verdicts: list[str]) -> tuple[Horizons, ...]:
    """``verdicts[h - 1]`` for horizons 1, 2, ... grouped into runs of the same verdict.

    >>> for h in runs(["certificate", "certificate", "solver", "open"]):
    ...     print(h.text)
    1 to 2 periods: ruled out by the bound (checked independently)
    3 periods: ruled out by the solver (a proof by search)
    4 periods: not decided within the time limit
    """
    found: list[Horizons] = []
    for h, by in enumerate(verdicts, start=1):
        if found and found[-1].by == by:
            found[-1] = Horizons(found[-1].first, h, by)
        else:
            found.append(Horizons(h, h, by))
    return tuple(found)


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
    objective: PlanObjective,
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
    status = PlanStatus.OPTIMAL if proven else PlanStatus.FEASIBLE
    return PlanResult(status, objective, values, 0.0 if proven else gap, plan, audit)


def max_exposure(audit: Audit) -> float:
    """The largest exposure of any party after any step."""
    return float(max((v for s in audit.steps for v in s.exposure.values()), default=Fraction(0)))


def no_plan(
    status: PlanStatus,
    objective: PlanObjective,
    certificate: Certificate | None = None,
    at_least: int = 0,
    by: str | None = None,
    horizons: tuple[Horizons, ...] = (),
) -> PlanResult:
    """A result without a plan: ``infeasible`` (with its proof) or ``unknown``."""
    return PlanResult(status, objective, {}, None, None, None, at_least, by, certificate, horizons)


def checked(problem: PhasingProblem, certificate: Certificate) -> Certificate | None:
    """``certificate`` if the independent check confirms it (else ``None``: not used)."""
    return certificate if not confirm(problem, certificate) else None
