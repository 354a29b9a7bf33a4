"""The whole deal analysis of a scenario: zone, frontier, solutions, proposals, uncertainty.

The bargaining parties are the scenario's parties with role ``party``; stakeholders must
accept a package (their reservation values constrain it) but do not bargain. Point analyses use
the mode of every range; the uncertainty analysis samples the ranges with a seed.

Spaces too large to enumerate are solved by CP-SAT within one time budget (``time_limit``
seconds, ``accord deal --time-limit``) for the whole analysis: the zone of agreement may take
half of it, the bargaining solutions 60 % of what is left, the frontier the rest (time a stage
does not use goes to the next). What the budget cut short says so: a solution not proven
optimal carries the solver's bound and gap, a frontier cut short is marked incomplete.

Examples
--------
>>> from accord.scenario import load
>>> result = analyze(load("examples/bob-carol.yaml"))
>>> result.adjusted_winner.split_item
'retirement_account'
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from accord import limits
from accord._defaults import DEAL_DRAWS, DEAL_SEED
from accord._results import Result
from accord.deal._adjusted_winner import AdjustedWinner, adjusted_winner
from accord.deal._evaluate import Evaluation, evaluate_package
from accord.deal._frontier import MAX_ENUMERATION_MANY, STOPPED, Frontier, pareto_frontier
from accord.deal._outcomes import OutcomeSpace, outcome_space
from accord.deal._solutions import Solution, solve_all
from accord.deal._solver import TIME_LIMIT, OutOfTime
from accord.deal._space import MAX_ENUMERATION, PackageSpace, build_space
from accord.deal._uncertainty import UncertainDeal, swings, zone_by_candidates, zone_by_enumeration
from accord.deal._utility import reservation_values, violated_constraints
from accord.deal._zone import Zone, zone_of_agreement
from accord.errors import AnalysisError, InputError
from accord.scenario._base import Path
from accord.scenario._correlations import resolved
from accord.scenario._deal import Deal
from accord.scenario._model import Scenario
from accord.solver._control import Clock, Deadline
from accord.solver._cpsat import import_cp_model

DEFAULT_DRAWS = DEAL_DRAWS
"""Monte Carlo draws by default (:data:`accord._defaults.DEAL_DRAWS`)."""
DEFAULT_SEED = DEAL_SEED
"""The Monte Carlo seed by default (:data:`accord._defaults.DEAL_SEED`)."""
MARGIN_BINS = 30
"""Bins of the histogram of each party's margin over its reservation (the Monte Carlo figure)."""
ZONE_SHARE = 0.5
"""Of the time budget, the most the zone of agreement takes (one quick solve when it exists)."""
SOLUTIONS_SHARE = 0.6
"""Of what is left after the zone, the most the bargaining solutions take (the frontier: the
rest)."""


@dataclass(frozen=True, repr=False)
class DealAnalysis(Result):
    """Every result of the deal analysis; ``to_dict()`` is the ``accord deal --json`` form."""

    parties: tuple[str, ...]
    stakeholders: tuple[str, ...]
    reservations: dict[str, float]
    """Each party's reservation value (the mode of its range)."""
    zone: Zone | None
    frontier: Frontier | None
    solutions: dict[str, Solution]
    proposals: dict[str, Evaluation]
    labels: dict[str, str]
    package: Evaluation | None
    adjusted_winner: AdjustedWinner | None
    uncertainty: dict[str, Any] | None
    outcomes: OutcomeSpace | None = None
    """The utilities of every package, or of a seeded sample (what the outcome figure draws)."""
    missing: dict[str, str] = field(default_factory=dict)
    """Why each bargaining solution left out was not computed."""
    time_budget: dict[str, Any] | None = None
    """``{"seconds", "ran_out"}`` when some stage was solved (not enumerated): the budget of
    the whole analysis, and whether it cut some stage short."""

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/deal-json.md)."""
        frontier = self.frontier
        return {
            "parties": list(self.parties),
            "stakeholders": list(self.stakeholders),
            "reservations": self.reservations,
            "zone_of_agreement": None if self.zone is None else self.zone.exists,
            "zone": None if self.zone is None else self.zone.to_dict(),
            "frontier": [] if frontier is None else [p.to_dict() for p in frontier.points],
            "frontier_method": None
            if frontier is None
            else {k: v for k, v in frontier.to_dict().items() if k != "points"},
            "solutions": {name: s.to_dict() for name, s in self.solutions.items()},
            "solutions_missing": self.missing,
            "time_budget": self.time_budget,
            "proposals": {
                name: {"label": self.labels.get(name, ""), **e.to_dict()}
                for name, e in self.proposals.items()
            },
            "package": None if self.package is None else self.package.to_dict(),
            "adjusted_winner": None
            if self.adjusted_winner is None
            else self.adjusted_winner.to_dict(),
            "uncertainty": self.uncertainty,
            "outcomes": None if self.outcomes is None else self.outcomes.to_dict(),
        }


def analyze(
    scenario: Scenario,
    package: Mapping[str, float] | None = None,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    progress: Callable[[int], None] | None = None,
    time_limit: float = TIME_LIMIT,
    clock: Clock = time.monotonic,
) -> DealAnalysis:
    """Analyse the ``deal:`` section of ``scenario`` (raises ``InputError`` if it has none);
    the solver's stages end within ``time_limit`` seconds on ``clock``.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario with a ``deal:`` section.
    package : mapping of str to float, optional
        A package to evaluate besides the file's proposals (see :func:`parse_package`).
    draws : int, default 10000
        Monte Carlo draws over the ranges (0: none).
    seed : int, default 2019
        The draws' seed: same seed, same result.
    progress : callable, optional
        Called with the number of frontier points found so far (solver path).
    time_limit : float, default 30.0
        Seconds the solver's stages may take (large deals only).
    clock : callable, default time.monotonic
        Measures the time limit.

    Returns
    -------
    DealAnalysis
        The zone of agreement, the Pareto frontier, the bargaining solutions, the evaluated
        proposals (and ``package``), the Adjusted Winner division and the uncertainty.

    Raises
    ------
    InputError
        No ``deal:`` section, or a deal over the size limits.
    AnalysisError
        The time ran out before the solver could tell whether any package is acceptable.

    Examples
    --------
    >>> from accord.scenario import load
    >>> scenario = load("examples/yongbyon-for-relief.yaml")
    >>> result = analyze(scenario, draws=0)
    >>> result.zone.exists, result.solutions["nash"].package
    (True, {'yongbyon': 1.0, 'relief': 1.0})
    >>> result.proposals["hanoi"].acceptable, result.proposals["hanoi"].gains
    (True, {'us': 10.0, 'dprk': 10.0})
    """
    deal = scenario.deal
    if deal is None:
        raise InputError("the scenario has no deal: section", "add one: see `accord schema`")
    everyone = scenario.party_ids
    bargainers = tuple(scenario.negotiating_parties)
    others = tuple(p for p in everyone if p not in bargainers)
    aw = deal.adjusted_winner
    division = None if aw is None else adjusted_winner(aw.points, aw.parties)
    reservations = reservation_values(deal, everyone)
    if not deal.items:
        return DealAnalysis(
            bargainers, others, reservations, None, None, {}, {}, {}, None, division, None
        )
    space = build_space(deal, everyone)
    solving = space.size > (MAX_ENUMERATION if len(bargainers) <= 2 else MAX_ENUMERATION_MANY)
    if solving:
        import_cp_model()  # seconds on a busy machine: start-up, not the budget's
    deadline = Deadline.after(time_limit, clock)
    zone, frontier, solutions, missing = _solved(space, bargainers, deadline, progress)
    budget = None
    if solving:
        cut = any(not s.proven for s in solutions.values()) or bool(missing)
        cut = cut or STOPPED in frontier.note
        budget = {"seconds": time_limit, "ran_out": cut or deadline.expired()}
    proposals = {
        name: evaluate_package(deal, space, frontier, proposal.package)
        for name, proposal in deal.proposals.items()
    }
    labels = {name: proposal.label for name, proposal in deal.proposals.items()}
    extra = None if package is None else evaluate_package(deal, space, frontier, dict(package))
    pairs = resolved(scenario)
    uncertainty = _uncertainty(deal, space, frontier, solutions, draws, seed, extra, pairs)
    return DealAnalysis(
        bargainers,
        others,
        reservations,
        zone,
        frontier,
        solutions,
        proposals,
        labels,
        extra,
        division,
        uncertainty,
        outcome_space(space, seed),
        missing,
        budget,
    )


def _solved(
    space: PackageSpace,
    bargainers: tuple[str, ...],
    deadline: Deadline,
    progress: Callable[[int], None] | None,
) -> tuple[Zone, Frontier, dict[str, Solution], dict[str, str]]:
    """The zone, the frontier and the solutions, each stage within its share of ``deadline``."""
    try:
        zone = zone_of_agreement(space, deadline=deadline.share(ZONE_SHARE))
    except OutOfTime:
        raise AnalysisError(
            "the time budget ran out before the solver could tell whether any package is "
            "acceptable to every party: raise it with --time-limit"
        ) from None
    solutions, missing = solve_all(space, bargainers, deadline=deadline.share(SOLUTIONS_SHARE))
    frontier = pareto_frontier(space, bargainers, progress=progress, deadline=deadline)
    return zone, frontier, solutions, missing


def _uncertainty(
    deal: Deal,
    space: PackageSpace,
    frontier: Frontier,
    solutions: dict[str, Solution],
    draws: int,
    seed: int,
    extra: Evaluation | None,
    pairs: dict[tuple[Path, Path], float],
) -> dict[str, Any] | None:
    model = UncertainDeal.build(deal, list(space.parties))
    if not model.parameters or draws <= 0:
        return None
    enumerate_zone = space.size * draws * len(space.parties) <= limits.current().zone_work
    listed = len(frontier.points) + len(solutions) + len(deal.proposals)
    compared = space.size if enumerate_zone else listed
    what = f"the uncertainty analysis ({draws:,} draws x {compared:,} packages)"
    limits.check("packages_sampled", draws * compared, what)
    sample = model.sample(draws, np.random.default_rng(seed), pairs)
    drawn = {model.path(k) for k in range(len(model.parameters))}
    joined = any(a in drawn and b in drawn for a, b in pairs)
    if enumerate_zone:
        zone, method = zone_by_enumeration(model, space, sample), "enumeration"
    else:
        candidates = [p.package for p in frontier.points]
        candidates += [s.package for s in solutions.values()]
        candidates += [p.package for p in deal.proposals.values()]
        zone, method = zone_by_candidates(model, candidates, sample), "candidates (lower bound)"
    outcome, outcome_name, focus = zone, "a zone of agreement exists", None
    if zone.min() == zone.max() and "nash" in solutions:
        focus = solutions["nash"].package
        accepted = np.all(model.margins(sample, focus) >= 0, axis=1)
        outcome, outcome_name = accepted.astype(float), "every party accepts the Nash package"
    result: dict[str, Any] = {
        "draws": draws,
        "seed": seed,
        "distribution": "triangular(low, mode, high)"
        + (", correlated ranges joined by a Gaussian copula" if joined else ""),
        "parameters": len(model.parameters),
        "zone_probability": float(zone.mean()),
        "zone_method": method,
        "proposals": {n: _acceptance(model, sample, p.package) for n, p in deal.proposals.items()},
        "solutions": {n: model.acceptance(sample, s.package) for n, s in solutions.items()},
        "sensitivity_outcome": outcome_name,
        "sensitivity": swings(model, sample, outcome, focus),
        "margins": None if "nash" not in solutions else _histograms(model, sample, solutions),
    }
    if extra is not None:
        result["package"] = _acceptance(model, sample, extra.package)
    return result


def _histograms(
    model: UncertainDeal, sample: np.ndarray[Any, Any], solutions: dict[str, Solution]
) -> dict[str, Any]:
    """Each party's margin over its reservation for the Nash package, per draw, binned."""
    margins = model.margins(sample, solutions["nash"].package)
    parties: dict[str, Any] = {}
    for j, party in enumerate(model.parties):
        counts, edges = np.histogram(margins[:, j], bins=MARGIN_BINS)
        parties[party] = {"edges": edges.tolist(), "counts": counts.tolist()}
    return {"package": "nash", "parties": parties}


def _acceptance(
    model: UncertainDeal, sample: np.ndarray[Any, Any], package: Mapping[str, float]
) -> dict[str, float]:
    """Each party's probability of accepting ``package``; ``"all"`` is 0 when it breaks a
    constraint (no draw makes such a package acceptable)."""
    result = model.acceptance(sample, package)
    if violated_constraints(model.deal, package):
        result["all"] = 0.0
    return result
