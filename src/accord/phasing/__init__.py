"""Phased plans: carry out a deal step by step so that no party gains by defecting.

- :func:`audit_plan` checks any plan with the plain safety condition (:mod:`.safety`).
- :func:`plan_exchange` finds a safe plan through HiGHS, optimal or with its gap.
- :func:`explain_infeasible` says who defects where and what would fix it.
- :func:`substance` scores verified, irreversible value and concreteness.
- :func:`analyze` and :func:`audit_scenario` run all of it on a scenario's ``phasing:`` section.

See ``docs/explanation/safe-exchange.md`` for the model.
"""

from accord.phasing._analysis import (
    PhasingAnalysis,
    PlanAudits,
    WrittenAudit,
    analyze,
    audit_scenario,
)
from accord.phasing._audit import Audit, StepReport, Unsafe, audit_plan
from accord.phasing._explain import Fix, InfeasibilityExplanation, explain_infeasible
from accord.phasing._model import PhasingItem, PhasingProblem, Plan, Reversible, Step
from accord.phasing._planner import PlanResult, plan_exchange
from accord.phasing._safety import defection_value, exposure, safety_margin
from accord.phasing._substance import Substance, substance

__all__ = [
    "Audit",
    "Fix",
    "InfeasibilityExplanation",
    "PhasingAnalysis",
    "PhasingItem",
    "PhasingProblem",
    "Plan",
    "PlanAudits",
    "PlanResult",
    "Reversible",
    "Step",
    "StepReport",
    "Substance",
    "Unsafe",
    "WrittenAudit",
    "analyze",
    "audit_plan",
    "audit_scenario",
    "defection_value",
    "explain_infeasible",
    "exposure",
    "plan_exchange",
    "safety_margin",
    "substance",
]
