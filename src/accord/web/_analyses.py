"""The one place the workbench calls the analyses: the public Python API (``accord.*``).

Every page draws what the CLI's commands compute, with their defaults: the conflict as
``accord conflict``, the deal as ``accord deal``, the phasing as ``accord plan`` (the planner
and the written plans' audits), the verification as ``accord verify FILE``. Each analysis has
its JSON form (``kind`` and payload, as the command's ``--json``) and its report section (the
tables and figures of ``accord report``). Nothing here does I/O.

Examples
--------
>>> from accord.scenario import load
>>> scenario = load("examples/korea-2019.yaml")
>>> builder = PackageBuilder(scenario, run("deal", scenario, lambda _: None))
>>> verdict = builder.evaluate({"yongbyon": 1, "test_moratorium": 1, "unsc_2016_2017": 1})
>>> verdict.acceptable, verdict.refused_by
(False, ['us', 'japan'])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import accord
from accord.conflict._analysis import ConflictAnalysis
from accord.conflict._explain import StabilityExplanation as Explanation
from accord.conflict._explain import explain
from accord.deal._analysis import DealAnalysis
from accord.deal._evaluate import Evaluation, evaluate_package
from accord.deal._space import build_space
from accord.errors import InputError
from accord.phasing._analysis import PhasingAnalysis, WrittenAudit
from accord.phasing._result import Progress as PlannerProgress
from accord.report._results import PLAN_TIME_LIMIT
from accord.report.document._build import analysis_section
from accord.report.document._model import Section
from accord.scenario import Scenario
from accord.solver._control import stop_requested
from accord.verification._analysis import VerificationReport

ANALYSES = ("conflict", "deal", "phasing", "verification")
"""The analysis pages, in the file's usual order."""
KINDS = {"conflict": "conflict", "deal": "deal", "phasing": "plan", "verification": "verification"}
"""Each analysis's JSON kind: the one its command prints with ``--json``."""

Tell = Callable[[str], None]
"""Told what the analysis is doing now (shown as its progress)."""


def run(name: str, scenario: Scenario, tell: Tell) -> object:
    """Run the analysis ``name`` on ``scenario`` as its command does (``InputError`` when the
    scenario lacks its section)."""
    if getattr(scenario, name, None) is None:
        raise InputError(f"the scenario has no {name}: section")
    if name == "conflict":
        tell("stability of every state")
        return accord.analyze_conflict(scenario)
    if name == "deal":
        tell("the frontier and the bargaining solutions")
        return accord.analyze_deal(scenario, progress=lambda n: tell(f"frontier: {n} points found"))
    if name == "phasing":
        tell("the planner is looking for a safe plan")
        found = accord.plan(scenario, time_limit=PLAN_TIME_LIMIT, progress=_planner(tell))
        return found.interrupted() if stop_requested() else found
    if name == "verification":
        tell("deterrence of every commitment")
        return accord.analyze_verification(scenario)
    raise InputError(f"unknown analysis '{name}'")


def _planner(tell: Tell) -> Callable[[PlannerProgress], None]:
    """Tells the planner's stage, and the length of the best plan found so far once there is
    one (what Stop would show)."""

    def report(progress: PlannerProgress) -> None:
        best = progress.best
        known = (
            "" if best is None else f"; best plan so far: {best.values['last_period']:g} periods"
        )
        tell(f"planner: {progress.stage}{known}")

    return report


def payload(name: str, result: object, file: str) -> dict[str, Any]:
    """The JSON payload of ``result`` as the command's ``--json`` has it."""
    if isinstance(result, ConflictAnalysis | DealAnalysis | PhasingAnalysis):
        data: dict[str, Any] = result.to_dict()
        return data
    if isinstance(result, VerificationReport):
        return {"file": file, **result.to_dict()}
    raise InputError(f"no JSON form for the {name} analysis")


def section(scenario: Scenario, name: str, result: object) -> Section:
    """The report's section of the analysis (its tables and figures)."""
    return analysis_section(scenario, name, result)


def explain_state(analysis: ConflictAnalysis, number: int) -> list[Explanation]:
    """Why state ``number`` (1-based) is stable or not, for each decision maker and concept."""
    model = analysis.model
    if not 1 <= number <= model.size:
        raise InputError(f"state {number} does not exist", f"states are numbered 1..{model.size}")
    result = analysis.result
    return [
        explain(result, concept, dm, number - 1)
        for dm in range(len(model.dms))
        for concept in result.stable
    ]


def audit(scenario: Scenario) -> list[WrittenAudit]:
    """The audit of every plan written in the scenario's ``phasing:`` section."""
    return list(accord.audit(scenario).audits)


def verification(scenario: Scenario, budget: Fraction | None) -> VerificationReport:
    """The verification analysis with another budget per period (``None``: the file's)."""
    return accord.analyze_verification(scenario, budget=budget)


@dataclass(frozen=True)
class Distance:
    """How far a package is from the frontier: the efficient package that dominates it by the
    most for the worst-off party, and that party's gain by moving there (0 when efficient)."""

    gain: float
    nearest: dict[str, float] | None
    utilities: dict[str, float] | None


class PackageBuilder:
    """Evaluates packages against one deal analysis (its package space is built once)."""

    def __init__(self, scenario: Scenario, result: object) -> None:
        if scenario.deal is None or not isinstance(result, DealAnalysis):
            raise InputError("the scenario has no deal: section")
        if result.frontier is None:
            raise InputError("the deal has no items to build a package from")
        self.deal = scenario.deal
        self.frontier = result.frontier
        self.space = build_space(self.deal, scenario.party_ids)

    def evaluate(self, package: Mapping[str, float]) -> Evaluation:
        """The package's utilities, verdicts and reasons (as ``accord deal --package``)."""
        known = self.deal.item_ids
        unknown = [item for item in package if item not in known]
        if unknown:
            raise InputError(f"unknown item '{unknown[0]}' in the package")
        return evaluate_package(self.deal, self.space, self.frontier, dict(package))

    @staticmethod
    def distance(evaluation: Evaluation) -> Distance:
        """How far ``evaluation``'s package is from the frontier (see :class:`Distance`)."""
        point = evaluation.dominated_by
        if point is None:
            return Distance(0.0, None, None)
        values = evaluation.utilities
        gain = min(point.utilities[p] - values[p] for p in point.utilities)
        return Distance(gain, dict(point.package), dict(point.utilities))
