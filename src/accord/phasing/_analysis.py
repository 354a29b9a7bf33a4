"""The phasing analysis of a scenario: a planned timetable, audits of written plans, substance.

Examples
--------
>>> from accord.scenario import loads
>>> s = loads('''
... accord: 1
... title: T
... parties: {a: {name: A}, b: {name: B}}
... deal:
...   items:
...     - {id: x, giver: a, value: {a: -1, b: 3}}
...     - {id: y, giver: b, divisible: true, quantity: 2, value: {a: 1, b: -1}}
... phasing:
...   start: 2019-03-01
...   horizon: 4
...   penalty: {a: 0.5, b: 1}
...   plan:
...     - {step: Adoption, deliver: {b: {y: 2}}}
...     - {step: Implementation, deliver: {a: {x: 1}}}
... ''')
>>> result = analyze(s)
>>> result.result.status, [m.name for m in result.timetable]
(<PlanStatus.OPTIMAL: 'optimal'>, ['Step 1', 'Step 2', 'Step 3'])
>>> [(m.date.isoformat(), m.deliveries) for m in result.timetable][1]
('2019-04-01', {'a': {'x': Fraction(1, 1)}})
>>> [(a.name, a.audit.safe) for a in result.audits]
[('plan', False)]
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, replace
from typing import Any

from accord._results import Result
from accord.choices import PlanObjective, PlanStatus
from accord.errors import no_section
from accord.phasing._adapter import WrittenPlan, problem_from_scenario, written_plans
from accord.phasing._audit import Audit, audit_plan
from accord.phasing._explain import InfeasibilityExplanation, explain_infeasible
from accord.phasing._model import PhasingProblem
from accord.phasing._planner import DEFAULT_ENGINE, budget, plan_exchange
from accord.phasing._result import PlanResult, Progress, ProgressCallback, audit_tolerance, ignore
from accord.phasing._stages import prepare_engine
from accord.phasing._substance import Substance, substance
from accord.phasing._timetable import Milestone, name_steps, timetable
from accord.scenario._model import Scenario
from accord.solver._control import Clock, Deadline

NOTES = (
    "values are read at the mode of each range, per unit; curves by their chord",
    "together-interactions of deal: are not part of the (linear) phasing model",
)


@dataclass(frozen=True)
class WrittenAudit:
    """The audit of one plan written in the file."""

    name: str
    label: str
    package: str | None
    audit: Audit
    timetable: list[Milestone]
    substance: Substance
    without_snapback: Audit | None
    """The same plan audited with nothing reversible (``None`` when nothing was)."""

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/phasing-json.md)."""
        plain = self.without_snapback
        return {
            "name": self.name,
            "label": self.label,
            "package": self.package,
            **self.audit.to_dict(),
            "timetable": [m.to_dict() for m in self.timetable],
            "substance": self.substance.to_dict(),
            "without_snapback": None
            if plain is None
            else {
                "safe": plain.safe,
                "first_unsafe": None
                if plain.first_unsafe is None
                else plain.first_unsafe.to_dict(),
                "min_margin": {
                    k: None if v is None else float(v) for k, v in plain.min_margin.items()
                },
            },
        }


@dataclass(frozen=True, repr=False)
class PhasingAnalysis(Result):
    """A planned timetable (or why there is none), and the audits of the written plans."""

    package: str | None
    result: PlanResult
    timetable: list[Milestone]
    explanation: InfeasibilityExplanation | None
    substance: Substance | None
    agreement: Substance
    """The agreement as written: the section's ``plan`` if any, else the bare package."""
    audits: list[WrittenAudit]

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/phasing-json.md)."""
        return {
            "package": self.package,
            "plan": {
                **self.result.to_dict(),
                "timetable": [m.to_dict() for m in self.timetable],
                "substance": None if self.substance is None else self.substance.to_dict(),
            },
            "explanation": None if self.explanation is None else self.explanation.to_dict(),
            "agreement_substance": self.agreement.to_dict(),
            "audits": [a.to_dict() for a in self.audits],
            "notes": list(NOTES),
        }

    def interrupted(self) -> PhasingAnalysis:
        """This analysis stopped by its user (Ctrl-C, the workbench's Stop): its plan is the
        best found so far, marked ``interrupted`` (no gap: the bound was not finished)."""
        return replace(self, result=replace(self.result, status=PlanStatus.INTERRUPTED, gap=None))


def _sets(scenario: Scenario, problem: PhasingProblem) -> tuple[set[str], set[str]]:
    assert scenario.deal is not None
    assert scenario.phasing is not None
    specs = scenario.phasing.items
    quantified = {
        i.id
        for i in problem.items
        if scenario.deal.item(i.id).unit or (i.id in specs and specs[i.id].measure)
    }
    verified = {i.id for i in problem.items if i.id in specs and specs[i.id].verification}
    if scenario.verification is not None:  # the means that verify an item, by id
        verifies = scenario.verification.verifies
        verified |= {i.id for i in problem.items if verifies.get(i.id)}
    return quantified, verified


@dataclass(frozen=True, repr=False)
class PlanAudits(Result):
    """The audits of every plan written in a scenario's ``phasing:`` section (``accord audit``)."""

    audits: tuple[WrittenAudit, ...]

    @property
    def safe(self) -> bool:
        """Whether every written plan is safe (true when there is none)."""
        return all(a.audit.safe for a in self.audits)

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form of ``accord audit --json`` (see docs/reference/phasing-json.md)."""
        return {"safe": self.safe, "audits": [a.to_dict() for a in self.audits]}


def audit_scenario(scenario: Scenario) -> list[WrittenAudit]:
    """Audit every plan written in the scenario's ``phasing:`` section.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario with a ``phasing:`` section.

    Returns
    -------
    list of WrittenAudit
        For each written plan: its name, label and package, its audit, timetable and
        substance, and its audit with nothing reversible (``None`` when nothing was).

    Raises
    ------
    InputError
        The scenario has no ``phasing:`` section.

    Examples
    --------
    >>> from accord.scenario import load
    >>> scenario = load("examples/yongbyon-for-relief.yaml")
    >>> [(a.name, a.audit.safe, a.audit.min_margin) for a in audit_scenario(scenario)]
    [('plan', False, {'us': Fraction(-8, 1), 'dprk': Fraction(12, 1)})]
    """
    if scenario.phasing is None:
        raise no_section("phasing")
    start, unit = scenario.phasing.start, scenario.phasing.period.value
    return [_audit_written(scenario, w, start, unit) for w in written_plans(scenario)]


def _audit_written(scenario: Scenario, w: WrittenPlan, start: dt.date, unit: str) -> WrittenAudit:
    quantified, verified = _sets(scenario, w.problem)
    plain = None
    if any(i.reversible is not None for i in w.problem.items):
        items = tuple(replace(i, reversible=None) for i in w.problem.items)
        plain = audit_plan(replace(w.problem, items=items), w.plan)
    return WrittenAudit(
        w.name,
        w.label,
        w.package,
        audit_plan(w.problem, w.plan),
        timetable(w.problem, w.plan, start, unit, w.dates),
        substance(w.problem, w.plan, quantified, verified),
        plain,
    )


PLANNER_SHARE = 0.85
"""Of a whole analysis's time, the most the planner takes (the rest: explanations, audits)."""


def analyze(
    scenario: Scenario,
    package: str | None = None,
    objective: PlanObjective | None = None,
    time_limit: float = 30.0,
    *,
    progress: ProgressCallback | None = None,
    clock: Clock = time.monotonic,
    deadline: Deadline | None = None,
    reproducible: bool = False,
) -> PhasingAnalysis:
    """Plan ``package`` (default: the section's), explain failure, and audit written plans.

    ``time_limit`` seconds (on ``clock``; or ``deadline``) bound all of it: the planner takes
    at most 85 % of the time, the explanation of a failure what is left. ``progress`` is
    passed to :func:`~accord.phasing._planner.plan_exchange`. ``reproducible`` bounds the
    solvers' work as well (:func:`~accord.phasing._planner.budget`).

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario with ``deal:`` and ``phasing:`` sections.
    package : str, optional
        A proposal or bargaining solution to phase (default: the section's ``package``).
    objective : PlanObjective, optional
        Default: the section's ``objective``.
    time_limit : float, default 30.0
        Seconds for all of it.
    progress : callable, optional
        Hears of every step of the planner's search.
    clock : callable, default time.monotonic
        Measures the time budget.
    deadline : Deadline, optional
        A caller's budget, instead of ``time_limit``, ``clock`` and ``reproducible``.
    reproducible : bool, default False
        Bound the solvers' work too.

    Returns
    -------
    PhasingAnalysis
        The planner's result and timetable, the explanation of a failure, the substance of the
        plan and of the agreement as written, and the audits of the written plans.

    Raises
    ------
    InputError
        The scenario has no ``phasing:`` section, an unknown ``package``, or a bargaining
        solution that does not exist.

    Examples
    --------
    >>> from accord.scenario import load
    >>> scenario = load("examples/yongbyon-for-relief.yaml")
    >>> result = analyze(scenario)
    >>> result.result.status, result.result.values
    (<PlanStatus.OPTIMAL: 'optimal'>, {'last_period': 2.0, 'steps': 2.0, 'max_exposure': 10.0})
    >>> for milestone in result.timetable:
    ...     print(milestone.name, milestone.date, milestone.deliveries)
    Step 1 2019-03-01 {'us': {'relief': Fraction(1, 1)}}
    Step 2 2019-04-01 {'dprk': {'yongbyon': Fraction(1, 1)}}
    >>> analyze(scenario, "nope")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: unknown package 'nope' (hint: known packages: hanoi, nash, ...)
    """
    if scenario.phasing is None:
        raise no_section("phasing")
    problem = problem_from_scenario(scenario, package)
    if deadline is None:
        prepare_engine(problem, DEFAULT_ENGINE)
        deadline = budget(time_limit, clock, reproducible)
    chosen = objective or PlanObjective(scenario.phasing.objective)
    report = progress if progress is not None else ignore
    result = plan_exchange(problem, chosen, deadline=deadline.share(PLANNER_SHARE), progress=report)
    return complete(scenario, package, result, progress=progress, deadline=deadline)


def complete(
    scenario: Scenario,
    package: str | None,
    result: PlanResult,
    time_limit: float = 30.0,
    progress: ProgressCallback | None = None,
    *,
    deadline: Deadline | None = None,
) -> PhasingAnalysis:
    """The analysis around a planner ``result`` (also one cut short: the best plan so far).

    When no safe plan was found, the fixes are searched before ``deadline`` (default:
    ``time_limit`` seconds from now); ``progress`` hears that this stage has begun.
    """
    assert scenario.phasing is not None
    phasing = scenario.phasing
    deadline = deadline or Deadline.after(time_limit)
    problem = problem_from_scenario(scenario, package)
    explanation = None
    table: list[Milestone] = []
    score = None
    if result.plan is not None:
        named = name_steps(result.plan, phasing.milestones)
        audit = audit_plan(problem, named, audit_tolerance(problem))
        result = replace(result, plan=named, audit=audit)
        table = timetable(problem, named, phasing.start, phasing.period.value)
        score = substance(problem, named, *_sets(scenario, problem))
    elif result.status in ("infeasible", "unknown"):
        if progress is not None:
            progress(Progress("no safe plan: looking for the smallest fixes", 0, 1, None))
        explanation = explain_infeasible(problem, deadline=deadline, certificate=result.certificate)
    name = (
        package
        if package is not None
        else (phasing.package if isinstance(phasing.package, str) else None)
    )
    audits = audit_scenario(scenario)
    written = next((a.substance for a in audits if _writes(a, package)), None)
    agreement = written or substance(problem, None, *_sets(scenario, problem))
    return PhasingAnalysis(name, result, table, explanation, score, agreement, audits)


def _writes(written: WrittenAudit, package: str | None) -> bool:
    """Whether ``written`` is the written form of the planned package (for its substance)."""
    return written.name == "plan" if package is None else written.package == package
