"""The whole conflict analysis of a scenario: stability, explanations, status quo; its JSON."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from accord.conflict.anticipation import lh_tables
from accord.conflict.build import build_model
from accord.conflict.concepts import DEFAULT_CONCEPTS, DEFAULT_HORIZON
from accord.conflict.explain import Explanation, explain
from accord.conflict.model import ConflictModel
from accord.conflict.stability import Progress, StabilityResult, analyse
from accord.conflict.status_quo import StatusQuoAnalysis, analyse_status_quo
from accord.errors import InputError
from accord.scenario.model import Scenario

EXPLAIN_ALL_UP_TO = 16
"""Models with at most this many states get an explanation for every state by default."""


@dataclass(frozen=True)
class ConflictAnalysis:
    """Stability under each concept, the explanations asked for, and the status quo analysis."""

    result: StabilityResult
    explanations: tuple[Explanation, ...]
    status_quo: StatusQuoAnalysis | None
    interrupted: bool = False
    """Whether Ctrl-C stopped the analysis: some concepts, the status quo analysis or the
    explanations are then missing."""

    @property
    def model(self) -> ConflictModel:
        """The graph model analysed."""
        return self.result.model

    def states_json(self) -> list[dict[str, Any]]:
        """``[{"number", "label", "options"}]`` for every state."""
        model = self.model
        return [
            {"number": s + 1, "label": model.labels[s], "options": model.option_values(s)}
            for s in range(model.size)
        ]

    def preferences_json(self) -> dict[str, list[list[int]]]:
        """``{dm: [[numbers], ...]}``: each ranking, most preferred first, ties grouped."""
        model = self.model
        return {
            dm: [[s + 1 for s in tie] for tie in model.ranking(i)] for i, dm in enumerate(model.dms)
        }

    def to_json(self) -> dict[str, Any]:
        """The documented JSON form of ``accord conflict --json`` (docs/reference)."""
        return {
            "decision_makers": list(self.model.dms),
            "states": self.states_json(),
            "preferences": self.preferences_json(),
            "stability": self.result.to_json(),
            "status_quo": None if self.status_quo is None else self.status_quo.to_json(),
            "explanations": [e.to_json() for e in self.explanations],
            "interrupted": self.interrupted,
        }


def default_explained_states(model: ConflictModel) -> list[int]:
    """Every state of a small model; otherwise the status quo (if any)."""
    if model.size <= EXPLAIN_ALL_UP_TO:
        return list(range(model.size))
    return [] if model.status_quo is None else [model.status_quo]


def analyse_conflict(
    scenario: Scenario,
    concepts: Sequence[str] = DEFAULT_CONCEPTS,
    explain_states: Sequence[int] | None = None,
    progress: Progress | None = None,
    horizon: int = DEFAULT_HORIZON,
) -> ConflictAnalysis:
    """Analyse ``scenario.conflict``; ``explain_states`` are 1-based numbers (default: see
    :func:`default_explained_states`).

    Examples
    --------
    >>> from accord.scenario import load
    >>> analysis = analyse_conflict(load("examples/elmira.yaml"))
    >>> analysis.to_json()["stability"]["seq"]["equilibria"]
    [5, 8, 9]
    >>> [p["to"] for p in analysis.to_json()["status_quo"]["coalition"]["paths"]]
    [1, 5, 8]
    """
    model = build_model(scenario)
    return complete_analysis(analyse(model, concepts, progress, horizon), explain_states)


def complete_analysis(
    result: StabilityResult, explain_states: Sequence[int] | None = None
) -> ConflictAnalysis:
    """Add explanations (1-based ``explain_states``) and the status quo analysis to ``result``."""
    model = result.model
    if explain_states is None:
        chosen = default_explained_states(model)
    else:
        bad = [n for n in explain_states if not 1 <= n <= model.size]
        if bad:
            raise InputError(
                f"state {bad[0]} does not exist", f"states are numbered 1..{model.size}"
            )
        chosen = [n - 1 for n in explain_states]
    tables = None
    if "lh" in result.stable and chosen and result.horizon is not None:
        tables = lh_tables(model, result.horizon)
    explanations = tuple(
        explain(result, concept, dm, state, tables if concept == "lh" else None)
        for state in chosen
        for dm in range(len(model.dms))
        for concept in result.stable
    )
    quo = None if model.status_quo is None else analyse_status_quo(result, model.status_quo)
    return ConflictAnalysis(result, explanations, quo)
