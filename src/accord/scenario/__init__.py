"""The scenario file: model (pydantic), YAML loading with line and column, expressions."""

from accord.scenario._base import Estimate, Id, Model, Number, Problem, Sourced, Uncertain
from accord.scenario._checks import problems
from accord.scenario._correlations import Correlation
from accord.scenario._deal import Deal
from accord.scenario._deal_items import Item
from accord.scenario._loader import load, loads
from accord.scenario._model import Party, Role, Scenario, Source
from accord.scenario._phasing import Phasing, StepSpec

__all__ = [
    "Correlation",
    "Deal",
    "Estimate",
    "Id",
    "Item",
    "Model",
    "Number",
    "Party",
    "Phasing",
    "Problem",
    "Role",
    "Scenario",
    "Source",
    "Sourced",
    "StepSpec",
    "Uncertain",
    "load",
    "loads",
    "problems",
]
