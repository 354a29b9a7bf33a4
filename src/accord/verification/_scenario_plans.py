"""The scenario's phased plans checked against faked deliveries: written ones and planned ones.

Every plan written in ``phasing:`` is checked by :func:`accord.verification._plans.verify_plan`;
on request the phasing planner's plan and the verification-aware plan of
:mod:`accord.verification._planning` are found and checked the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from accord.choices import PlanObjective
from accord.phasing._adapter import problem_from_scenario, written_plans
from accord.phasing._model import PhasingProblem
from accord.phasing._planner import plan_exchange
from accord.scenario import Scenario
from accord.verification._deterrence import MeansSpec
from accord.verification._numbers import show
from accord.verification._planning import plan_choosing_means, verification_options
from accord.verification._plans import VerifiedPlan, verify_plan, with_verification_lags


@dataclass(frozen=True)
class NamedVerifiedPlan:
    """A plan of the scenario (written in ``phasing:`` or found by the planner), verified."""

    name: str
    source: str
    """``written`` or ``planner``."""
    checked: VerifiedPlan | None
    """None when the planner found no plan (see ``status``)."""
    status: str = "written"
    """``written``, or the planner's status: optimal, feasible, infeasible or unknown."""
    reason: str | None = None
    """Why there is no plan (None when there is one)."""

    @property
    def safe(self) -> bool:
        """Whether there is a plan and it is safe against withheld and faked deliveries."""
        return self.checked is not None and self.checked.safe

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form (see docs/reference/verification-json.md)."""
        checked = (
            {"safe": False, "lags": {}, "deliveries": []}
            if self.checked is None
            else self.checked.to_dict()
        )
        head = {"name": self.name, "source": self.source, "status": self.status}
        return {**head, **checked, "reason": self.reason}


def verify_scenario_plans(
    scenario: Scenario,
    means: Mapping[str, MeansSpec],
    budget: Fraction | None,
    include_planner: bool = False,
    time_limit: float = 10.0,
) -> list[NamedVerifiedPlan]:
    """Verify every plan written in ``phasing:`` and, if asked, the planner's plans.

    With ``include_planner``, two planned plans are added: the phasing planner's (safe against
    withholding) and the verification-aware one of :mod:`accord.verification._planning` (also
    safe against faking, the means of each delivery chosen within the budget and capacities),
    each then checked period by period.
    """
    section = scenario.verification
    if scenario.phasing is None or scenario.deal is None or section is None:
        return []
    verifies = section.verifies
    found = [
        NamedVerifiedPlan(
            w.name, "written", verify_plan(w.problem, w.plan, means, verifies, budget, time_limit)
        )
        for w in written_plans(scenario)
    ]
    if include_planner:
        objective = PlanObjective(scenario.phasing.objective)
        problem = problem_from_scenario(scenario)
        found += planned(problem, objective, means, verifies, budget, time_limit)
    return found


def planned(
    problem: PhasingProblem,
    objective: PlanObjective,
    means: Mapping[str, MeansSpec],
    verifies: Mapping[str, Sequence[str]],
    budget: Fraction | None,
    time_limit: float,
) -> list[NamedVerifiedPlan]:
    """The phasing planner's plan and the verification-aware plan, each checked."""
    lagged = with_verification_lags(problem, means, verifies)
    aware = plan_choosing_means(lagged, means, verifies, budget, objective, time_limit)
    found = []
    for name, result in (
        ("planner", plan_exchange(problem, objective, time_limit)),
        ("verification-aware", aware),
    ):
        checked, reason = None, None
        if result.plan is not None:
            checked = verify_plan(problem, result.plan, means, verifies, budget, time_limit)
        else:
            reason = no_plan_reason(lagged, result.status, means, verifies, budget, name)
        found.append(NamedVerifiedPlan(name, "planner", checked, result.status, reason))
    return found


def no_plan_reason(
    problem: PhasingProblem,
    status: str,
    means: Mapping[str, MeansSpec],
    verifies: Mapping[str, Sequence[str]],
    budget: Fraction | None,
    planner: str,
) -> str:
    """Why a planner found no plan, naming the deliveries no means can verify if there are any."""
    if status != "infeasible":
        return "the solver found no plan within its time limit"
    if planner != "verification-aware":
        return f"no plan within {problem.horizon} periods is safe against withholding"
    unverified = [
        item.id
        for item in problem.items
        if item.value(item.giver) < 0 and not verification_options(item, means, verifies, budget)
    ]
    if unverified:
        return (
            f"{', '.join(unverified)} cost their giver something and nothing can verify them "
            "(no means in verifies:, or none the budget pays), so faking them always pays"
        )
    within = "" if budget is None else f" and a budget of {show(budget)} per period"
    return (
        f"no plan within {problem.horizon} periods{within} is safe against both withholding "
        "and faking"
    )
