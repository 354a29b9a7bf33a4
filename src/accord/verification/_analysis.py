"""The ``verification:`` section of a scenario, analysed: means, deterrence, budget, declarations.

Stakes per commitment come from the ``deal:`` section unless ``verification.stakes`` gives them:

- the *gain* from cheating on an item is what delivering it costs its giver: minus the giver's
  value of the amount verified (at the mode of a range), or 0 if the giver values it; the
  amount is the item's in the package (``verification.package``, else the ``phasing:``
  section's), or its full quantity when the package does not include it;
- the *penalty* if caught is what the others snap back plus the defection penalty: the giver's
  value of every item the others give in the package (positive values only, at the mode), all
  of it withdrawn — or, when a ``phasing:`` section is present, only the recoverable part
  (``recover``) of the items it marks ``reversible`` — plus the giver's ``penalty`` and
  ``escrow`` from the ``phasing:`` section.

A detection probability, a ``recover`` share, a defection penalty or a stake's gain or penalty
written as a range ``{low, mode, high}`` is read at its mode, as every value range is (a sweep
draws it instead: :mod:`accord.sweep`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from accord._results import Result
from accord.choices import VerificationObjective
from accord.errors import no_section
from accord.scenario import Scenario
from accord.scenario._deal import Curve, Item
from accord.scenario._verification import Means, Verification
from accord.verification._allocation import Allocation, CommitmentPlan, allocate, uses_text
from accord.verification._declarations import DeclarationCheck, check_declaration
from accord.verification._deterrence import Commitment, MeansSpec, inspections_needed
from accord.verification._numbers import as_json_number, exact
from accord.verification._sampling import detection_probability, exact_sample_size
from accord.verification._scenario_plans import NamedVerifiedPlan, verify_scenario_plans


def means_spec(means_id: str, means: Means) -> MeansSpec:
    """The analysis view of a means; attribute sampling uses its exact minimum sample.

    >>> means_spec("s", Means(items=60, falsified=1, nondetection=0.1)).sample
    54
    """
    if means.detection is not None:
        detection, sample = exact(means.detection.mode, "detection"), None
    else:
        assert means.items is not None
        assert means.falsified is not None
        assert means.nondetection is not None
        sample = exact_sample_size(means.items, means.falsified, means.nondetection)
        detection = detection_probability(means.items, means.falsified, sample)
    return MeansSpec(
        means_id,
        detection,
        cost=exact(means.cost, "cost"),
        false_alarm=exact(means.false_alarm, "false_alarm"),
        lag=means.lag,
        per_item=means.per_item,
        capacity=means.capacity,
        label=means.label or means_id,
        sample=sample,
    )


def _value(item: Item, party: str, amount: Fraction) -> Fraction:
    value = item.value.get(party)
    if value is None:
        return Fraction(0)
    if isinstance(value, Curve):
        return exact(value.at(float(amount)), "value")
    return exact(value.mode, "value") * amount


def package(scenario: Scenario) -> dict[str, Fraction]:
    """The amounts verified: ``verification.package``, else the ``phasing:`` package, else
    every deal item at its full quantity."""
    deal, section = scenario.deal, scenario.verification
    if deal is None:
        return {}
    chosen: str | dict[str, float] | None = None if section is None else section.package
    if chosen is None and scenario.phasing is not None:
        chosen = scenario.phasing.package
    if isinstance(chosen, dict):
        raw = chosen
    elif chosen is not None and chosen in deal.proposals:
        raw = deal.proposals[chosen].package
    else:
        raw = {item.id: item.quantity for item in deal.items}
    return {k: exact(v, "amount") for k, v in raw.items() if v > 0}


def _deal_stakes(scenario: Scenario, item_id: str) -> tuple[str, Fraction, Fraction]:
    deal = scenario.deal
    assert deal is not None
    item, amounts = deal.item(item_id), package(scenario)
    amount = amounts.get(item_id, exact(item.quantity, "quantity"))
    gain = max(Fraction(0), -_value(item, item.giver, amount))
    return (
        item.giver,
        gain,
        _snapback(scenario, item.giver, amounts) + _forfeit(scenario, item.giver),
    )


def _snapback(scenario: Scenario, giver: str, amounts: dict[str, Fraction]) -> Fraction:
    """The giver's value of what the others take back: everything they give in the package,
    or, when the ``phasing:`` section is present, the recoverable part of its reversible items."""
    assert scenario.deal is not None
    phasing = scenario.phasing
    total = Fraction(0)
    for other in scenario.deal.items:
        if other.giver == giver or other.id not in amounts:
            continue
        share = Fraction(1)
        if phasing is not None:
            spec = phasing.items.get(other.id)
            reversible = None if spec is None else spec.reversible
            share = Fraction(0) if reversible is None else exact(reversible.recover.mode, "recover")
        total += share * max(Fraction(0), _value(other, giver, amounts[other.id]))
    return total


def _forfeit(scenario: Scenario, giver: str) -> Fraction:
    """The defection penalty and escrow the ``phasing:`` section sets for the giver."""
    phasing = scenario.phasing
    if phasing is None:
        return Fraction(0)
    total = Fraction(0)
    if giver in phasing.penalty:
        total += exact(phasing.penalty[giver].mode, "penalty")
    if giver in phasing.escrow:
        total += exact(phasing.escrow[giver].value, "escrow")
    return total


def commitments(scenario: Scenario) -> list[Commitment]:
    """One commitment per item under ``verification.verifies``, with its stakes."""
    section = scenario.verification
    assert section is not None
    result = []
    for item_id, means_ids in section.verifies.items():
        giver, gain, penalty = "", Fraction(0), Fraction(0)
        if scenario.deal is not None and item_id in scenario.deal.item_ids:
            giver, gain, penalty = _deal_stakes(scenario, item_id)
        stake = section.stakes.get(item_id)
        if stake is not None:
            giver = stake.giver or giver
            gain = gain if stake.gain is None else exact(stake.gain.mode, "gain")
            penalty = penalty if stake.penalty is None else exact(stake.penalty.mode, "penalty")
        result.append(Commitment(item_id, giver, gain, penalty, tuple(dict.fromkeys(means_ids))))
    return result


@dataclass(frozen=True, repr=False)
class VerificationReport(Result):
    """Everything the ``verification:`` section yields."""

    means: dict[str, MeansSpec]
    allocation: Allocation
    declarations: tuple[DeclarationCheck, ...]
    plans: tuple[NamedVerifiedPlan, ...] = ()
    """Phased plans checked against faked deliveries (when the scenario has ``phasing:``)."""

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form (see docs/reference/verification-json.md)."""
        a = self.allocation
        return {
            "means": {m: _means_json(s) for m, s in self.means.items()},
            "objective": a.objective,
            "optimal": a.optimal,
            "gap": a.gap,
            "budget": None if a.budget is None else as_json_number(a.budget),
            "spent": as_json_number(a.spent),
            "deterred": a.deterred,
            "commitments": len(a.plans),
            "largest_cheating_gain": as_json_number(a.largest_cheating_gain),
            "plans": [_plan_json(p, self.means) for p in a.plans],
            "declarations": [d.to_dict() for d in self.declarations],
            "phased_plans": [p.to_dict() for p in self.plans],
        }


def _means_json(spec: MeansSpec) -> dict[str, object]:
    return {
        "label": spec.label,
        "detection": as_json_number(spec.detection),
        "false_alarm": as_json_number(spec.false_alarm),
        "cost": as_json_number(spec.cost),
        "lag": spec.lag,
        "per_item": spec.per_item,
        "capacity": spec.capacity,
        "sample": spec.sample,
    }


def _plan_json(plan: CommitmentPlan, means: dict[str, MeansSpec]) -> dict[str, object]:
    c, chosen = plan.commitment, plan.chosen
    used = {m: k for m, k in zip(c.means, chosen.uses, strict=True) if k}
    return {
        "item": c.item,
        "giver": c.giver,
        "gain": as_json_number(c.gain),
        "penalty": as_json_number(c.penalty),
        "required_detection": as_json_number(plan.required),
        "uses": used,
        "verification": uses_text(c, chosen.uses),
        "detection": as_json_number(chosen.detection),
        "expected_cheating_gain": as_json_number(chosen.cheating_gain),
        "deterred": plan.deterred,
        "cost": as_json_number(chosen.cost),
        "lag": max((means[m].lag for m in used), default=0),
        "expected_false_alarms": as_json_number(
            sum((means[m].false_alarm * k for m, k in used.items()), Fraction(0))
        ),
        "inspections_needed": {
            m: inspections_needed(plan.required, means[m].detection) for m in c.means
        },
        "cheapest_deterring_cost": None
        if plan.cheapest is None
        else as_json_number(plan.cheapest.cost),
        "best_detection": as_json_number(plan.best_detection),
        "reason": plan.reason,
    }


def analyze(
    scenario: Scenario,
    objective: VerificationObjective | None = None,
    budget: Fraction | None = None,
    time_limit: float = 10.0,
    planner: bool = False,
) -> VerificationReport:
    """Analyse the scenario's ``verification:`` section (objective and budget may be overridden).

    With a ``phasing:`` section, every written plan is also checked against faked deliveries
    (and the planner's plan when ``planner`` is true). The stakes of each commitment come from
    the ``deal:`` section unless ``verification.stakes`` gives them (see the module's notes);
    :func:`accord.analyze_verification` is the checked entry point of the Python API.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario with a ``verification:`` section.
    objective : VerificationObjective, optional
        ``deter_most`` or ``minimax_gain`` (default: the file's ``objective``).
    budget : Fraction, optional
        The budget per period (default: the file's ``budget.per_period``, else no limit).
    time_limit : float, default 10.0
        Seconds for each solver run (allocation, planning).
    planner : bool, default False
        Also plan the ``phasing:`` package and check that plan against faked deliveries.

    Returns
    -------
    VerificationReport
        Frozen: the means as analysed, the :class:`Allocation` of the budget, every
        declaration checked against its estimate, and the phased plans checked;
        ``to_dict()`` is the JSON of ``accord verify FILE --json`` (without ``file``).

    Raises
    ------
    InputError
        The scenario has no ``verification:`` section.
    LimitExceeded
        A commitment with more use vectors than the ``verification_combinations`` limit.
    AnalysisError
        A solver found no solution within ``time_limit``.

    Examples
    --------
    >>> from accord.scenario import loads
    >>> s = loads('''
    ... accord: 1
    ... title: T
    ... parties: {us: {name: US}, dprk: {name: DPRK}}
    ... verification:
    ...   means: {iaea: {detection: 0.9, cost: 2, per_item: 2}}
    ...   verifies: {yongbyon: [iaea]}
    ...   stakes: {yongbyon: {giver: dprk, gain: 15, penalty: 5}}
    ... ''')
    >>> report = analyze(s)
    >>> report
    <VerificationReport: 1 of 1 commitments deterred, spending 2 of no budget limit (deter_most).>
    >>> plan = report.allocation.plans[0]
    >>> plan.required, plan.chosen.uses, plan.chosen.detection
    (Fraction(3, 4), (1,), Fraction(9, 10))
    >>> print(plan.reason)  # doctest: +NORMALIZE_WHITESPACE
    deterred: iaea ×1 detect with probability 90.0%, at least the 75.0% needed (gain 15 against
    penalty 5)
    >>> analyze(s, budget=Fraction(1)).allocation.deterred  # one use costs 2
    0
    """
    section: Verification | None = scenario.verification
    if section is None:
        raise no_section("verification")
    means = {m: means_spec(m, spec) for m, spec in section.means.items()}
    if budget is None and section.budget is not None:
        budget = exact(section.budget.per_period, "budget")
    allocation = allocate(
        commitments(scenario),
        means,
        budget,
        objective or VerificationObjective(section.objective),
        time_limit,
    )
    checks = declaration_checks(section, means)
    plans = verify_scenario_plans(scenario, means, budget, planner, time_limit)
    return VerificationReport(means, allocation, checks, tuple(plans))


def declaration_checks(
    section: Verification, means: dict[str, MeansSpec]
) -> tuple[DeclarationCheck, ...]:
    """Each declaration against its estimate, confirmed by its own means (or the item's)."""
    checks = []
    for name, d in section.declarations.items():
        ids = d.means if d.means is not None else section.verifies.get(name, [])
        estimate = d.estimate
        checks.append(
            check_declaration(
                name,
                d.declared,
                estimate.low,
                estimate.mode,
                estimate.high,
                d.confidence,
                {m: means[m] for m in ids},
            )
        )
    return tuple(checks)
