"""The scenario file: model (pydantic), YAML loading with line and column, expressions."""

from accord.scenario._base import Estimate, Id, Model, Number, Problem, Sourced, Uncertain
from accord.scenario._correlations import Correlation
from accord.scenario._loader import load, loads
from accord.scenario._model import Party, Role, Scenario, Source

__all__ = [
    "Correlation",
    "Estimate",
    "Id",
    "Model",
    "Number",
    "Party",
    "Problem",
    "Role",
    "Scenario",
    "Source",
    "Sourced",
    "Uncertain",
    "load",
    "loads",
]
