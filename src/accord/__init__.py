"""Accord: design and track verifiable agreements between parties who do not trust each other.

>>> from accord import loads
>>> loads("accord: 1\\ntitle: T\\nparties: {us: {name: United States}}\\n").title
'T'
"""

from importlib.metadata import PackageNotFoundError, version

from accord.errors import AccordError, Diagnostic, ExpressionError, InputError, ScenarioError
from accord.scenario import Scenario, load, loads

try:
    __version__ = version("accord")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = [
    "AccordError",
    "Diagnostic",
    "ExpressionError",
    "InputError",
    "Scenario",
    "ScenarioError",
    "__version__",
    "load",
    "loads",
]
