"""Conflict analysis with the Graph Model for Conflict Resolution (GMCR).

Build a model (:func:`build_model` from a scenario, or :func:`from_options` /
:func:`from_graph`), then :func:`analyze` it (fast engine; :func:`analyze_reference` applies the
textbook definitions literally), :func:`explain` a verdict, and :func:`analyze_status_quo`.
:func:`accord.analyze_conflict` does all of it for a scenario.
"""

from accord.conflict._analysis import ConflictAnalysis, complete_analysis
from accord.conflict._build import build_model
from accord.conflict._explain import StabilityExplanation, explain
from accord.conflict._model import ConflictModel, OptionSpec, from_graph, from_options
from accord.conflict._reference import CONCEPTS, ReferenceEngine
from accord.conflict._stability import StabilityResult, analyze, analyze_reference
from accord.conflict._status_quo import StatusQuoAnalysis, analyze_status_quo

__all__ = [
    "CONCEPTS",
    "ConflictAnalysis",
    "ConflictModel",
    "OptionSpec",
    "ReferenceEngine",
    "StabilityExplanation",
    "StabilityResult",
    "StatusQuoAnalysis",
    "analyze",
    "analyze_reference",
    "analyze_status_quo",
    "build_model",
    "complete_analysis",
    "explain",
    "from_graph",
    "from_options",
]
