"""One draw of a sweep: the scenario with drawn values, and every verdict the analyses give on it.

A *verdict* is a yes/no answer with a stable id (see :func:`describe`); a draw also records the
lowest safety margin of each plan for each party, and the package each bargaining solution
picks. The plan the planner finds at the mode of every range is made once
(:func:`prepare`), then audited in every draw; each draw also plans afresh (one MIP solve),
to say whether *some* safe plan exists for the drawn values.

Examples
--------
>>> from accord.scenario import loads
>>> setup = prepare(loads('''
... accord: 1
... title: T
... parties: {a: {name: A}, b: {name: B}}
... deal:
...   items: [{id: x, giver: a, value: {a: {low: -3, mode: -1, high: 1}, b: 2}}]
...   proposals: {just_x: {x: 1}}
... '''), seed=1)
>>> draw = evaluate(setup, 0)
>>> sorted(draw.verdicts)
['deal.proposal.just_x.a', 'deal.proposal.just_x.all', 'deal.proposal.just_x.b', 'deal.zone']
>>> describe("deal.proposal.just_x.all")
'every party accepts proposal just_x'
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from fractions import Fraction

from accord.choices import PlanObjective, VerificationObjective
from accord.deal._solutions import bargaining_solutions
from accord.deal._space import DECIMALS, FloatArray, build_space
from accord.deal._utility import given_items, utilities, violated_constraints
from accord.deal._zone import zone_of_agreement
from accord.phasing._adapter import problem_from_scenario, written_plans
from accord.phasing._audit import Audit, audit_plan
from accord.phasing._model import Plan
from accord.phasing._planner import plan_exchange
from accord.phasing._result import audit_tolerance
from accord.scenario._model import Scenario
from accord.solver._control import Deadline
from accord.sweep._parameters import (
    Copula,
    SweepParameter,
    draw_values,
    find_copula,
    find_parameters,
    substitute,
)
from accord.verification._allocation import allocate
from accord.verification._analysis import commitments, means_spec
from accord.verification._numbers import exact

TIME_LIMIT = 30.0
"""Seconds one solver call of one draw may take (a draw whose planner runs out is *unknown*)."""


@dataclass(frozen=True)
class SweepSetup:
    """Everything a worker needs to compute any draw: sent once to each worker."""

    scenario: Scenario
    parameters: tuple[SweepParameter, ...]
    seed: int
    questions: tuple[str, ...]
    planned: Plan | None = None
    """The planner's plan at the mode of every range (``None``: none found, or not asked)."""
    time_limit: float = TIME_LIMIT
    copula: Copula | None = None
    """How the file's ``correlations:`` join the draws (``None``: each range on its own)."""


@dataclass(frozen=True)
class Draw:
    """The answers for one draw (``None``: the analysis could not say in its time limit)."""

    index: int
    values: tuple[float, ...]
    verdicts: dict[str, bool | None] = field(default_factory=dict)
    margins: dict[str, float | None] = field(default_factory=dict)
    """``plan.NAME.PARTY``: the party's lowest margin over the plan (``None``: no exposure)."""
    packages: dict[str, str] = field(default_factory=dict)
    """Each bargaining solution's package, as text (:func:`package_text`)."""


def available(scenario: Scenario) -> tuple[str, ...]:
    """The questions the file's sections allow (plans need ``deal:`` and ``phasing:``).

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario.

    Returns
    -------
    tuple of str
        Among ``"deal"`` (deal items), ``"plan"`` (deal items and ``phasing:``) and
        ``"verification"`` (``verification:`` with ``verifies``), in that order.

    Examples
    --------
    >>> from accord.scenario import load
    >>> available(load("examples/korea-2019.yaml"))
    ('deal', 'plan', 'verification')
    >>> available(load("examples/bob-carol.yaml"))
    ()
    """
    found = []
    if scenario.deal is not None and scenario.deal.items:
        found.append("deal")
        if scenario.phasing is not None:
            found.append("plan")
    if scenario.verification is not None and scenario.verification.verifies:
        found.append("verification")
    return tuple(found)


def prepare(
    scenario: Scenario,
    seed: int,
    questions: Collection[str] | None = None,
    time_limit: float = TIME_LIMIT,
) -> SweepSetup:
    """The setup of a sweep: its parameters, and the plan at the mode when plans are asked.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario.
    seed : int
        The sweep's seed (draw ``i`` uses its ``i``-th child).
    questions : collection of str, optional
        Ask only these of :func:`available` (default: all of them).
    time_limit : float, default 30.0
        Seconds each solver call may take (the plan at the mode, each draw's planner).

    Returns
    -------
    SweepSetup
        The scenario, its parameters (:func:`find_parameters`), the seed, the questions asked,
        the plan at the mode (``None`` when plans are not asked or none was found), the time
        limit and the copula of the file's ``correlations:``.

    Raises
    ------
    InputError
        The file's ``correlations:`` do not hold (for a scenario built in code).

    Examples
    --------
    >>> from accord.scenario import loads
    >>> setup = prepare(loads('''
    ... accord: 1
    ... title: T
    ... parties: {a: {name: A}, b: {name: B}}
    ... deal:
    ...   items: [{id: x, giver: a, value: {a: {low: -3, mode: -1, high: 1}, b: 2}}]
    ... '''), seed=1)
    >>> setup.questions, setup.planned, [p.label for p in setup.parameters]
    (('deal',), None, ['a: value of x'])
    """
    asked = tuple(q for q in available(scenario) if questions is None or q in questions)
    planned = None
    if "plan" in asked:
        problem = problem_from_scenario(scenario)
        objective = PlanObjective(scenario.phasing.objective if scenario.phasing else "periods")
        planned = plan_exchange(problem, objective, time_limit).plan
    parameters = find_parameters(scenario)
    copula = find_copula(scenario, parameters)
    return SweepSetup(scenario, parameters, seed, asked, planned, time_limit, copula)


def evaluate(setup: SweepSetup, index: int) -> Draw:
    """Draw ``index``: draw the values, put them in the scenario, ask every question.

    Parameters
    ----------
    setup : SweepSetup
        From :func:`prepare`.
    index : int
        The draw's index: its values come from the ``index``-th child of the setup's seed, so
        the same index gives the same draw on any worker, in any order.

    Returns
    -------
    Draw
        The drawn values (in the order of ``setup.parameters``), the verdicts (``None``: not
        decided in the time limit), each plan's lowest margin per party and each bargaining
        solution's package.

    Examples
    --------
    >>> from accord.scenario import loads
    >>> setup = prepare(loads('''
    ... accord: 1
    ... title: T
    ... parties: {a: {name: A}, b: {name: B}}
    ... deal:
    ...   items: [{id: x, giver: a, value: {a: {low: -3, mode: -1, high: 1}, b: 2}}]
    ...   proposals: {just_x: {x: 1}}
    ... '''), seed=1)
    >>> draw = evaluate(setup, 0)
    >>> round(draw.values[0], 4)
    -0.5517
    >>> for verdict, holds in draw.verdicts.items():
    ...     print(verdict, holds)
    deal.zone True
    deal.proposal.just_x.a False
    deal.proposal.just_x.b True
    deal.proposal.just_x.all False
    >>> draw.packages["nash"]
    'no deal'
    """
    values: FloatArray = draw_values(setup.parameters, setup.seed, index, setup.copula)
    drawn = substitute(setup.scenario, setup.parameters, values)
    draw = Draw(index, tuple(float(v) for v in values))
    if "deal" in setup.questions:
        _deal(drawn, draw)
    if "plan" in setup.questions:
        _plans(setup, drawn, draw)
    if "verification" in setup.questions:
        _deterrence(setup, drawn, draw)
    return draw


def _deal(scenario: Scenario, draw: Draw) -> None:
    deal = scenario.deal
    assert deal is not None
    parties = scenario.party_ids
    space = build_space(deal, parties)
    draw.verdicts["deal.zone"] = zone_of_agreement(space).exists
    for name, solution in bargaining_solutions(space, scenario.negotiating_parties).items():
        draw.packages[name] = package_text(solution.package)
    for name, proposal in deal.proposals.items():
        values = utilities(deal, proposal.package, parties)
        broken = bool(violated_constraints(deal, proposal.package))
        accepts = {p: round(values[p], DECIMALS) >= deal.reservation_value(p).mode for p in parties}
        for party, yes in accepts.items():
            draw.verdicts[f"deal.proposal.{name}.{party}"] = yes
        draw.verdicts[f"deal.proposal.{name}.all"] = all(accepts.values()) and not broken


def package_text(package: dict[str, float]) -> str:
    """A package as one line: the items given, with their amounts when not 1.

    >>> package_text({"x": 1.0, "y": 0.0, "z": 2.5}), package_text({})
    ('x + z×2.5', 'no deal')
    """
    given = given_items(package)
    return " + ".join(k if v == 1 else f"{k}×{v:g}" for k, v in given.items()) or "no deal"


def _plans(setup: SweepSetup, scenario: Scenario, draw: Draw) -> None:
    for written in written_plans(scenario):
        _audited(draw, written.name, audit_plan(written.problem, written.plan))
    problem = problem_from_scenario(scenario)
    if setup.planned is not None:
        _audited(draw, "planned", audit_plan(problem, setup.planned, audit_tolerance(problem)))
    assert scenario.phasing is not None
    deadline = Deadline.after(setup.time_limit)
    result = plan_exchange(problem, PlanObjective(scenario.phasing.objective), deadline=deadline)
    exists = True if result.plan is not None else (False if result.status == "infeasible" else None)
    draw.verdicts["plan.exists"] = exists


def _audited(draw: Draw, name: str, audit: Audit) -> None:
    draw.verdicts[f"plan.{name}.safe"] = audit.safe
    for party, margin in audit.min_margin.items():
        draw.margins[f"plan.{name}.{party}"] = None if margin is None else float(margin)


def _deterrence(setup: SweepSetup, scenario: Scenario, draw: Draw) -> None:
    section = scenario.verification
    assert section is not None
    means = {m: means_spec(m, spec) for m, spec in section.means.items()}
    budget: Fraction | None = None
    if section.budget is not None:
        budget = exact(section.budget.per_period, "budget")
    allocation = allocate(
        commitments(scenario),
        means,
        budget,
        VerificationObjective(section.objective),
        setup.time_limit,
    )
    for plan in allocation.plans:
        draw.verdicts[f"verification.{plan.commitment.item}.deterred"] = plan.deterred


def describe(verdict: str) -> str:
    """What a verdict id says, in words."""
    parts = verdict.split(".")
    match parts:
        case ["deal", "zone"]:
            return "a zone of agreement exists"
        case ["deal", "proposal", name, "all"]:
            return f"every party accepts proposal {name}"
        case ["deal", "proposal", name, party]:
            return f"{party} accepts proposal {name}"
        case ["plan", "exists"]:
            return "a safe plan exists (planned afresh for the drawn values)"
        case ["plan", "planned", "safe"]:
            return "the plan made at the mode stays safe"
        case ["plan", "plan", "safe"]:
            return "the written plan stays safe"
        case ["plan", name, "safe"]:
            return f"written plan {name} stays safe"
        case ["verification", item, "deterred"]:
            return f"cheating on {item} is deterred"
    return verdict
