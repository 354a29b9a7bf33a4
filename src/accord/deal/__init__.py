"""The deal space: what every party could accept.

Zone of agreement, exact Pareto frontier, bargaining solutions (Nash, Kalai–Smorodinsky,
egalitarian, utilitarian), Adjusted Winner, package evaluation, Monte Carlo over ranges, and
GeniusWeb interoperability. Every function is pure; ``analyze`` runs them all.

>>> from accord.scenario import load
>>> result = analyze(load("examples/korea-2019.yaml"), draws=0)
>>> result.zone.exists, sorted(result.solutions)
(True, ['egalitarian', 'kalai_smorodinsky', 'nash', 'utilitarian'])
"""

from accord.deal._adjusted_winner import AdjustedWinner, adjusted_winner
from accord.deal._analysis import DealAnalysis, analyze
from accord.deal._evaluate import Evaluation, evaluate_package, parse_package
from accord.deal._frontier import Frontier, FrontierPoint, pareto_frontier
from accord.deal._geniusweb import geniusweb_from_deal, scenario_from_geniusweb
from accord.deal._solutions import Solution, bargaining_solutions
from accord.deal._space import PackageSpace, build_space, enumerate_space
from accord.deal._uncertainty import UncertainDeal
from accord.deal._utility import gains, is_acceptable, party_utility, utilities
from accord.deal._zone import Zone, zone_of_agreement

__all__ = [
    "AdjustedWinner",
    "DealAnalysis",
    "Evaluation",
    "Frontier",
    "FrontierPoint",
    "PackageSpace",
    "Solution",
    "UncertainDeal",
    "Zone",
    "adjusted_winner",
    "analyze",
    "bargaining_solutions",
    "build_space",
    "enumerate_space",
    "evaluate_package",
    "gains",
    "geniusweb_from_deal",
    "is_acceptable",
    "pareto_frontier",
    "parse_package",
    "party_utility",
    "scenario_from_geniusweb",
    "utilities",
    "zone_of_agreement",
]
