"""What a conflict analysis adds to stability when asked: coalitions, desired states (inverse
analysis), perceptions (hypergame) and the tables GMCR users read.

The scenario asks by having ``coalitions:``, ``desired:`` or ``perceptions:``; the command line
adds to it (``--coalitions``, ``--desired``, ``--tables``). :func:`plan_extras` decides, checks
the sizes that drive the cost against their limits, and :func:`run_extras` computes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from accord import limits
from accord.conflict._build import desired_states
from accord.conflict._coalition_analysis import CoalitionResult, analyze_coalitions
from accord.conflict._coalition_explain import CoalitionExplanation, explain_coalition
from accord.conflict._coalitions import all_coalitions
from accord.conflict._concepts import DEFAULT_HORIZON
from accord.conflict._hypergame import Hypergame, analyze_hypergame
from accord.conflict._inverse import INVERSE_CONCEPTS, InverseResult, inverse
from accord.conflict._inverse_text import inverse_json
from accord.conflict._model import ConflictModel
from accord.conflict._stability import StabilityResult
from accord.errors import InputError
from accord.scenario._model import Scenario


@dataclass(frozen=True)
class ExtrasPlan:
    """The extras to compute for one model."""

    coalitions: tuple[tuple[int, ...], ...] | None
    """Coalitions whose stability to compute (None: none)."""
    moving: tuple[tuple[int, ...], ...]
    """Coalitions whose moves from the status quo to list."""
    desired: tuple[tuple[int, str, str], ...]
    hypergame: bool
    tables: bool


def _coalitions_asked(
    scenario: Scenario, model: ConflictModel, every: bool
) -> tuple[tuple[int, ...], ...] | None:
    section = scenario.conflict
    listed = None if section is None else section.coalitions
    if every or listed == "all":
        return tuple(all_coalitions(len(model.dms)))
    if not listed:
        return None
    return tuple(tuple(sorted(model.dm_index(name) for name in members)) for members in listed)


def plan_extras(
    scenario: Scenario,
    model: ConflictModel,
    every_coalition: bool = False,
    desired: Sequence[int] = (),
    desired_concept: str = "nash",
    tables: bool = False,
) -> ExtrasPlan:
    """What to compute beyond stability; ``desired`` are 1-based states from the command line
    (added to the file's ``desired:``)."""
    coalitions = _coalitions_asked(scenario, model, every_coalition)
    if coalitions is not None:
        advice = "list the coalitions to analyse under `coalitions:` in the file"
        where = "conflict.coalitions (or --coalitions)"
        limits.check("coalitions", len(coalitions), f"{where}: the analysis", advice)
        what = f"{where}: the coalition analysis"
        limits.check("coalition_states", model.size, what, "analyse coalitions on a smaller model")
    every = all_coalitions(len(model.dms))
    moving = coalitions if coalitions is not None else tuple(every[: limits.current().coalitions])
    if desired_concept not in INVERSE_CONCEPTS:
        raise InputError(
            f"inverse analysis supports {', '.join(INVERSE_CONCEPTS)}, not '{desired_concept}'",
            "SEQ's sanctions depend on how the sanctioners rank other states; use gmr or smr",
        )
    bad = [n for n in desired if not 1 <= n <= model.size]
    if bad:
        raise InputError(f"state {bad[0]} does not exist", f"states are numbered 1..{model.size}")
    chosen = [*desired_states(scenario, model)]
    chosen += [(n - 1, desired_concept, "") for n in desired]
    hypergame = bool(scenario.conflict and scenario.conflict.perceptions)
    return ExtrasPlan(coalitions, moving, tuple(chosen), hypergame, tables)


@dataclass(frozen=True)
class Extras:
    """The results of an :class:`ExtrasPlan`."""

    coalitions: CoalitionResult | None = None
    coalition_explanations: tuple[CoalitionExplanation, ...] = ()
    inverse: tuple[tuple[InverseResult, str], ...] = ()
    """Each inverse analysis with the desired state's label."""
    hypergame: Hypergame | None = None

    def coalitions_json(self) -> dict[str, Any] | None:
        """The documented ``coalitions`` JSON form, or None."""
        if self.coalitions is None:
            return None
        return {
            **self.coalitions.to_dict(),
            "explanations": [e.to_dict() for e in self.coalition_explanations],
        }

    def inverse_json(self) -> list[dict[str, Any]]:
        """The documented ``inverse`` JSON form."""
        return [{"label": label, **inverse_json(found)} for found, label in self.inverse]


def run_extras(
    plan: ExtrasPlan,
    scenario: Scenario,
    result: StabilityResult,
    explained: Sequence[int],
    progress: Callable[[str], None] | None = None,
) -> Extras:
    """Compute what ``plan`` asks for; coalition verdicts are explained at ``explained``;
    ``progress(label)`` is called before each coalition is analysed."""
    model = result.model
    coalitions = None
    explanations: tuple[CoalitionExplanation, ...] = ()
    if plan.coalitions is not None:

        def step(members: tuple[int, ...]) -> None:
            if progress is not None:
                progress("coalition " + "+".join(model.dms[j] for j in members))

        coalitions = analyze_coalitions(model, plan.coalitions, individual=result, progress=step)
        explanations = tuple(
            explain_coalition(coalitions, concept, k, state)
            for state in explained
            for k in range(len(plan.coalitions))
            for concept in coalitions.stable
        )
    found = tuple((inverse(model, state, concept), label) for state, concept, label in plan.desired)
    concepts = list(result.stable)
    game = None
    if plan.hypergame:
        horizon = result.horizon or DEFAULT_HORIZON
        game = analyze_hypergame(scenario, concepts, horizon, model, result)
    return Extras(coalitions, explanations, found, game)
