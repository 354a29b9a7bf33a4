"""The whole conflict analysis of a scenario: stability, explanations, status quo; its JSON."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from accord._results import Result
from accord.conflict._anticipation import lh_tables
from accord.conflict._explain import StabilityExplanation, explain
from accord.conflict._extras import Extras, ExtrasPlan, run_extras
from accord.conflict._model import ConflictModel
from accord.conflict._reading import TABLES_UP_TO, move_options
from accord.conflict._stability import StabilityResult
from accord.conflict._status_quo import StatusQuoAnalysis, analyze_status_quo
from accord.errors import InputError
from accord.scenario._model import Scenario

EXPLAIN_ALL_UP_TO = 16
"""Models with at most this many states get an explanation for every state by default."""


@dataclass(frozen=True, repr=False)
class ConflictAnalysis(Result):
    """Stability under each concept, the explanations asked for, and the status quo analysis."""

    result: StabilityResult
    explanations: tuple[StabilityExplanation, ...]
    status_quo: StatusQuoAnalysis | None
    interrupted: bool = False
    """Whether Ctrl-C stopped the analysis: some concepts, the status quo analysis or the
    explanations are then missing."""
    extras: Extras = field(default_factory=Extras)
    """Coalitions, inverse analyses and the hypergame, when asked for."""
    tables: bool = False
    """Whether the move options of every state are part of the JSON (always for small models)."""

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

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON form of ``accord conflict --json`` (docs/reference)."""
        return {
            "decision_makers": list(self.model.dms),
            "states": self.states_json(),
            "preferences": self.preferences_json(),
            "stability": self.result.to_dict(),
            "status_quo": None if self.status_quo is None else self.status_quo.to_dict(),
            "explanations": [e.to_dict() for e in self.explanations],
            "coalitions": self.extras.coalitions_json(),
            "inverse": self.extras.inverse_json(),
            "hypergame": None if self.extras.hypergame is None else self.extras.hypergame.to_dict(),
            "move_options": move_options(self.model) if self.shows_tables else None,
            "interrupted": self.interrupted,
        }

    @property
    def shows_tables(self) -> bool:
        """Whether the move options of every state are shown (asked, or a small model)."""
        return self.tables or self.model.size <= TABLES_UP_TO


def default_explained_states(model: ConflictModel) -> list[int]:
    """Every state of a small model; otherwise the status quo (if any)."""
    if model.size <= EXPLAIN_ALL_UP_TO:
        return list(range(model.size))
    return [] if model.status_quo is None else [model.status_quo]


def _explained(model: ConflictModel, explain_states: Sequence[int] | None) -> list[int]:
    if explain_states is None:
        return default_explained_states(model)
    bad = [n for n in explain_states if not 1 <= n <= model.size]
    if bad:
        raise InputError(f"state {bad[0]} does not exist", f"states are numbered 1..{model.size}")
    return [n - 1 for n in explain_states]


def complete_analysis(
    result: StabilityResult,
    explain_states: Sequence[int] | None = None,
    plan: ExtrasPlan | None = None,
    scenario: Scenario | None = None,
    progress: Callable[[str], None] | None = None,
) -> ConflictAnalysis:
    """Add explanations (1-based ``explain_states``), the status quo analysis and what ``plan``
    asks for (coalitions, inverse analyses, hypergame; they need ``scenario``) to ``result``;
    ``progress(label)`` is called before each coalition is analysed.

    Parameters
    ----------
    result : StabilityResult
        From :func:`analyze` or :func:`analyze_reference`.
    explain_states : sequence of int, optional
        1-based states to explain for every decision maker and concept (default: every state
        of a small model, else the status quo).
    plan : ExtrasPlan, optional
        The coalitions, inverse analyses and hypergame asked for.
    scenario : Scenario, optional
        The scenario analysed (the extras need it).
    progress : callable, optional
        ``progress(label)``, called before each coalition is analysed.

    Returns
    -------
    ConflictAnalysis
        ``result`` with its explanations, the status quo analysis and the extras.

    Raises
    ------
    InputError
        A state in ``explain_states`` that does not exist.

    Examples
    --------
    >>> from accord.conflict import OptionSpec, analyze, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> payoffs = [[2, 3, 0, 1], [2, 0, 3, 1]]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], payoffs, status_quo=0)
    >>> analysis = complete_analysis(analyze(pd), explain_states=[4])
    >>> len(analysis.explanations), analysis.explanations[0].text
    (8, 'State 4 is stable for p1 under Nash: p1 has no move to a state it prefers.')
    >>> analysis.status_quo.unilateral.reachable
    (0, 1, 2, 3)
    >>> complete_analysis(analyze(pd), explain_states=[9])
    Traceback (most recent call last):
    ...
    accord.errors.InputError: state 9 does not exist (hint: states are numbered 1..4)
    """
    model = result.model
    chosen = _explained(model, explain_states)
    tables = None
    if "lh" in result.stable and chosen and result.horizon is not None:
        tables = lh_tables(model, result.horizon)
    explanations = tuple(
        explain(result, concept, dm, state, tables if concept == "lh" else None)
        for state in chosen
        for dm in range(len(model.dms))
        for concept in result.stable
    )
    moving = () if plan is None else plan.moving
    quo = None
    if model.status_quo is not None:
        quo = analyze_status_quo(result, model.status_quo, moving)
    extras = Extras()
    if plan is not None and scenario is not None:
        extras = run_extras(plan, scenario, result, chosen, progress)
    shown = plan is not None and plan.tables
    return ConflictAnalysis(result, explanations, quo, extras=extras, tables=shown)
