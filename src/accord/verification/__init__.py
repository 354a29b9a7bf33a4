"""Verification: how sure can we be that cheating is caught?

- :mod:`~accord.verification.sampling`: IAEA and exact (hypergeometric) attribute sampling;
- :mod:`~accord.verification.inspection_game`: the inspection game, equilibrium and leadership;
- :mod:`~accord.verification.deterrence`: the detection that deters cheating on a commitment;
- :mod:`~accord.verification.allocation`: spending an inspection budget across commitments;
- :mod:`~accord.verification.declarations`: declared quantities against estimate ranges;
- :mod:`~accord.verification.plans`: phased plans checked against faked deliveries;
- :mod:`~accord.verification.planning`: plans found safe against faked deliveries;
- :mod:`~accord.verification.scenario_plans`: the scenario's written and planned plans, checked;
- :mod:`~accord.verification.analysis`: the ``verification:`` section of a scenario.
"""

from accord.verification.allocation import Allocation, allocate
from accord.verification.analysis import VerificationReport, analyze
from accord.verification.declarations import check_declaration
from accord.verification.deterrence import Commitment, MeansSpec, required_detection
from accord.verification.inspection_game import (
    GameParameters,
    GameSolution,
    game_parameters,
    solve_game,
)
from accord.verification.plans import verify_plan
from accord.verification.sampling import (
    DetectionResult,
    SamplePlan,
    detection,
    detection_probability,
    exact_sample_size,
    iaea_sample_size,
    sample_size,
)

__all__ = [
    "Allocation",
    "Commitment",
    "DetectionResult",
    "GameParameters",
    "GameSolution",
    "MeansSpec",
    "SamplePlan",
    "VerificationReport",
    "allocate",
    "analyze",
    "check_declaration",
    "detection",
    "detection_probability",
    "exact_sample_size",
    "game_parameters",
    "iaea_sample_size",
    "required_detection",
    "sample_size",
    "solve_game",
    "verify_plan",
]
