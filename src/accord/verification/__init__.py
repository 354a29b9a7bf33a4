"""Verification: how sure can we be that cheating is caught?

- :mod:`~accord.verification._sampling`: IAEA and exact (hypergeometric) attribute sampling;
- :mod:`~accord.verification._inspection_game`: the inspection game, equilibrium and leadership;
- :mod:`~accord.verification._deterrence`: the detection that deters cheating on a commitment;
- :mod:`~accord.verification._allocation`: spending an inspection budget across commitments;
- :mod:`~accord.verification._declarations`: declared quantities against estimate ranges;
- :mod:`~accord.verification._plans`: phased plans checked against faked deliveries;
- :mod:`~accord.verification._planning`: plans found safe against faked deliveries;
- :mod:`~accord.verification._scenario_plans`: the scenario's written and planned plans, checked;
- :mod:`~accord.verification._analysis`: the ``verification:`` section of a scenario.
"""

from accord.verification._allocation import Allocation, allocate
from accord.verification._analysis import VerificationReport, analyze
from accord.verification._declarations import check_declaration
from accord.verification._deterrence import Commitment, MeansSpec, required_detection
from accord.verification._inspection_game import (
    GameParameters,
    GameSolution,
    game_parameters,
    solve_game,
)
from accord.verification._plans import verify_plan
from accord.verification._sampling import (
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
