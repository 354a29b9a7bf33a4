"""Accord: design and track verifiable agreements between parties who do not trust each other.

Load a scenario, then ask one of five questions; each returns a frozen result whose
``to_dict()`` is what the matching ``accord ... --json`` command prints, ``to_frame()`` gives its
tables as pandas DataFrames (``pip install 'accord[frames]'``), and Jupyter shows its summary,
tables and figures.

==============================  ==========================================  ==================
function                        question                                    result
==============================  ==========================================  ==================
:func:`load`                    (a scenario from a file or YAML text)       ``Scenario``
:func:`analyze_conflict`        why are the parties stuck?                  ``ConflictAnalysis``
:func:`analyze_deal`            what deal could they all accept?            ``DealAnalysis``
:func:`plan`                    how to carry it out safely, step by step?   ``PhasingAnalysis``
:func:`audit`                   is each written plan safe?                  ``PlanAudits``
:func:`analyze_verification`    how sure can we be cheating is caught?      ``VerificationReport``
==============================  ==========================================  ==================

The engines stay importable under their packages (:mod:`accord.conflict`, :mod:`accord.deal`,
:mod:`accord.phasing`, :mod:`accord.verification` — with the calculators such as
:func:`accord.verification.sample_size` —, :mod:`accord.ledger`, :mod:`accord.figures`). Closed
sets of names are the ``StrEnum`` classes below (:mod:`accord.choices`). Everything is imported
on first use, so ``import accord`` stays fast.

Examples
--------
>>> import accord
>>> scenario = accord.load("examples/korea-2019.yaml")
>>> accord.analyze_deal(scenario, draws=0).zone.exists
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from accord.errors import (
    AccordError,
    AnalysisError,
    Diagnostic,
    ExpressionError,
    FigureUnavailable,
    InputError,
    MissingExtra,
    ScenarioError,
)

if TYPE_CHECKING:
    from accord.choices import (
        BargainingSolution,
        Concept,
        EntryType,
        PlanObjective,
        PlanStatus,
        VerificationObjective,
    )
    from accord.conflict._analysis import ConflictAnalysis
    from accord.deal._analysis import DealAnalysis
    from accord.phasing._analysis import PhasingAnalysis, PlanAudits
    from accord.questions._conflict import analyze_conflict
    from accord.questions._deal import analyze_deal
    from accord.questions._loading import load
    from accord.questions._phasing import audit, plan
    from accord.questions._sweep import analyze_robustness
    from accord.questions._verification import analyze_verification
    from accord.scenario._model import Scenario
    from accord.sweep._aggregate import SweepResult
    from accord.verification._analysis import VerificationReport

__all__ = [
    "AccordError",
    "AnalysisError",
    "BargainingSolution",
    "Concept",
    "ConflictAnalysis",
    "DealAnalysis",
    "Diagnostic",
    "EntryType",
    "ExpressionError",
    "FigureUnavailable",
    "InputError",
    "MissingExtra",
    "PhasingAnalysis",
    "PlanAudits",
    "PlanObjective",
    "PlanStatus",
    "Scenario",
    "ScenarioError",
    "SweepResult",
    "VerificationObjective",
    "VerificationReport",
    "__version__",
    "analyze_conflict",
    "analyze_deal",
    "analyze_robustness",
    "analyze_verification",
    "audit",
    "load",
    "plan",
]

_LAZY = {
    "BargainingSolution": "accord.choices",
    "Concept": "accord.choices",
    "EntryType": "accord.choices",
    "PlanObjective": "accord.choices",
    "PlanStatus": "accord.choices",
    "VerificationObjective": "accord.choices",
    "ConflictAnalysis": "accord.conflict._analysis",
    "DealAnalysis": "accord.deal._analysis",
    "PhasingAnalysis": "accord.phasing._analysis",
    "PlanAudits": "accord.phasing._analysis",
    "Scenario": "accord.scenario._model",
    "SweepResult": "accord.sweep._aggregate",
    "VerificationReport": "accord.verification._analysis",
    "analyze_conflict": "accord.questions._conflict",
    "analyze_deal": "accord.questions._deal",
    "analyze_robustness": "accord.questions._sweep",
    "analyze_verification": "accord.questions._verification",
    "audit": "accord.questions._phasing",
    "load": "accord.questions._loading",
    "plan": "accord.questions._phasing",
}
"""Where each public name lives; it is imported on first use (PEP 562)."""
SUBPACKAGES = (
    "choices",
    "conflict",
    "deal",
    "errors",
    "figures",
    "ledger",
    "phasing",
    "scenario",
    "solver",
    "verification",
)
"""Packages ``accord.<name>`` reaches without an import of its own (imported on first use)."""


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return _version()
    if name in SUBPACKAGES:
        return importlib.import_module(f"accord.{name}")
    where = _LAZY.get(name)
    if where is None:
        raise AttributeError(f"module 'accord' has no attribute {name!r}")
    value = getattr(importlib.import_module(where), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *SUBPACKAGES})


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("accord")
    except PackageNotFoundError:  # pragma: no cover - a source tree without install
        found = "0.0.0"
    globals()["__version__"] = found
    return found
