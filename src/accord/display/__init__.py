"""What each result of the public API shows: summary sentences, tables and figures.

:func:`display` is the one entry point; :class:`accord._results.Result` calls it (by name, so
that importing an analysis never imports the renderers). The tables are read from the
result's documented JSON (``to_dict()``) or from the same objects, so a DataFrame and ``--json``
agree; the figures are those of :mod:`accord.figures` (the report draws the same).

Examples
--------
>>> from accord.scenario import load
>>> from accord import analyze_conflict
>>> shown = display(analyze_conflict(load("examples/chicken.yaml")))
>>> list(shown.tables)
['states', 'stability', 'explanations']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from accord._results import Display
from accord.conflict._analysis import ConflictAnalysis
from accord.deal._analysis import DealAnalysis
from accord.display import _conflict as conflict
from accord.display import _deal as deal
from accord.display import _phasing as phasing
from accord.display import _sweep as sweep
from accord.display import _verification as verification
from accord.phasing._analysis import PhasingAnalysis, PlanAudits
from accord.sweep._aggregate import SweepResult
from accord.verification._analysis import VerificationReport
from accord.verification._inspection_game import GameSolution
from accord.verification._sampling import DetectionResult, SamplePlan

__all__ = ["display"]

_DISPLAYS: dict[type, Callable[[Any], Display]] = {
    ConflictAnalysis: conflict.display,
    DealAnalysis: deal.display,
    PhasingAnalysis: phasing.display,
    PlanAudits: phasing.display_audits,
    VerificationReport: verification.display,
    SweepResult: sweep.display,
    SamplePlan: verification.display_sample_plan,
    DetectionResult: verification.display_detection,
    GameSolution: verification.display_game,
}


def display(result: Any) -> Display:
    """The summary, tables and figures of ``result`` (a result of the public API)."""
    shown = _DISPLAYS.get(type(result))
    if shown is None:
        raise TypeError(f"no display for {type(result).__name__}")
    return shown(result)
