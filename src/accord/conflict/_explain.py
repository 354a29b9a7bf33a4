"""Why a state is stable or unstable for a decision maker: the move, or the sanctions.

- Unstable: the improving move that breaks the state (for GMR, SMR and SEQ, one the others
  cannot sanction; for SMR, when the others can answer it but every answer leaves the mover an
  escape, one such answer and the escape; for SIM, one no simultaneous improvement of another
  decision maker sanctions).
- Stable with no improving move: nothing to explain beyond that.
- Stable by sanction: for every improving move, its witness (:mod:`accord.conflict._witness`).
- L_h and NM: for every move, the play the decision maker anticipates and where it ends
  (:mod:`accord.conflict._explain_anticipation`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.conflict._anticipation import Table
from accord.conflict._concepts import concept_name
from accord.conflict._explain_anticipation import foresight
from accord.conflict._explain_text import describe_explanation
from accord.conflict._model import ConflictModel
from accord.conflict._paths import Move
from accord.conflict._stability import StabilityResult
from accord.conflict._witness import (
    Escape,
    Sanction,
    sequence_sanction,
    simultaneous_sanction,
    smr_escape,
)
from accord.errors import InputError

__all__ = ["Escape", "Sanction", "StabilityExplanation", "explain"]


@dataclass(frozen=True)
class StabilityExplanation:
    """The verdict for one (state, decision maker, concept), with its witness and a sentence."""

    model: ConflictModel
    state: int
    dm: int
    concept: str
    stable: bool
    kind: str
    """``no_improvement``, ``sanctioned`` or ``unsanctioned_improvement``; for L_h and NM
    ``no_move``, ``no_anticipated_gain`` or ``anticipated_gain``."""
    improvement: Move | None
    sanctions: tuple[Sanction, ...]
    escape: Escape | None = None
    """SMR: an answer to :attr:`improvement` and the mover's escape from it."""
    horizon: int | None = None
    """L_h and NM: how many moves ahead the decision maker looks in this explanation."""
    period: int | None = None
    """NM: every how many horizons the anticipated states repeat."""

    @property
    def name(self) -> str:
        """The concept's name (``L_4`` for L_h with h = 4)."""
        return concept_name(self.concept, self.horizon if self.concept == "lh" else None)

    @property
    def text(self) -> str:
        """The explanation in one or two sentences."""
        return self.describe()

    def describe(self, sanctions_shown: int | None = None) -> str:
        """:attr:`text`, naming at most ``sanctions_shown`` sanctions (and counting the rest)."""
        return describe_explanation(self, sanctions_shown)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON form (1-based state numbers)."""
        m = self.model
        return {
            "state": self.state + 1,
            "dm": m.dms[self.dm],
            "concept": self.concept,
            "stable": self.stable,
            "kind": self.kind,
            "improvement": None if self.improvement is None else self.improvement.to_dict(m),
            "sanctions": [_sanction_json(m, s) for s in self.sanctions],
            "escape": None
            if self.escape is None
            else {
                "answer": [step.to_dict(m) for step in self.escape.answer],
                "move": self.escape.move.to_dict(m),
            },
            "horizon": self.horizon,
            "text": self.text,
        }


def _sanction_json(model: ConflictModel, sanction: Sanction) -> dict[str, Any]:
    return {
        "improvement": sanction.improvement.to_dict(model),
        "sequence": None
        if sanction.sequence is None
        else [step.to_dict(model) for step in sanction.sequence],
        "outcome": None if sanction.outcome is None else sanction.outcome + 1,
    }


def explain(
    result: StabilityResult,
    concept: str,
    dm: int,
    state: int,
    tables: list[Table] | None = None,
) -> StabilityExplanation:
    """Explain the verdict of ``result`` for decision maker ``dm`` at 0-based ``state``.

    For L_h and NM, ``tables`` are the anticipation tables up to the horizon explained
    (:func:`accord.conflict._anticipation.lh_tables`); they are computed when not given.

    Parameters
    ----------
    result : StabilityResult
        From :func:`analyze` or :func:`analyze_reference`.
    concept : str
        One of the concepts ``result`` was analysed under.
    dm : int
        The 0-based decision maker.
    state : int
        The 0-based state.
    tables : list of Table, optional
        For L_h and NM, the anticipation tables (computed when not given).

    Returns
    -------
    StabilityExplanation
        Whether the state is stable, the kind of verdict (``no_improvement``, ``sanctioned``,
        ``unsanctioned_improvement``; for L_h and NM ``no_move``, ``no_anticipated_gain``,
        ``anticipated_gain``), the improvement and the sanctions that decide it, and a sentence.

    Raises
    ------
    InputError
        ``concept`` is not one ``result`` was analysed under (the message names those).

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> from accord.conflict._stability import analyze
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> why = explain(analyze(pd), "gmr", 0, 0)
    >>> why.kind, why.text.split(": ", 1)[0]
    ('sanctioned', 'State 1 is stable for p1 under GMR')
    >>> why.text.split(": ", 2)[2]
    'its move to 2 is answered by p2: 2 → 4 (+d2) (p1 does not prefer 4 to 1).'
    """
    if concept not in result.stable:
        known = ", ".join(result.stable)
        raise InputError(
            f"the result was not analysed under the concept '{concept}'",
            f"it was analysed under: {known}; analyse it under '{concept}' to explain that",
        )
    if concept in ("lh", "nm"):
        return _explain_anticipation(result, concept, dm, state, tables)
    model = result.model
    pay = model.payoffs
    stable = bool(result.stable[concept][dm, state])
    improvements = [q for q in model.moves(dm, state) if pay[dm, q] > pay[dm, state]]
    improvements.sort(key=lambda q: (-pay[dm, q], q))
    if not improvements:
        return StabilityExplanation(model, state, dm, concept, stable, "no_improvement", None, ())
    if concept == "nash":
        move = Move(dm, state, improvements[0])
        return StabilityExplanation(
            model, state, dm, concept, False, "unsanctioned_improvement", move, ()
        )
    sanctions = []
    for target in improvements:
        found = _witness(model, concept, dm, state, target)
        if found is None:
            move = Move(dm, state, target)
            escape = smr_escape(model, dm, state, target) if concept == "smr" else None
            kind = "unsanctioned_improvement"
            return StabilityExplanation(model, state, dm, concept, stable, kind, move, (), escape)
        sanctions.append(found)
    return StabilityExplanation(
        model, state, dm, concept, stable, "sanctioned", None, tuple(sanctions)
    )


def _witness(
    model: ConflictModel, concept: str, dm: int, state: int, target: int
) -> Sanction | None:
    """The sanction of ``state → target``; ``None`` when there is none (a sanction whose
    search was cut short has ``sequence = None``)."""
    if concept == "sim":
        return simultaneous_sanction(model, dm, state, target)
    sequence, cut = sequence_sanction(model, concept, dm, state, target)
    if sequence is None and not cut:
        return None
    return Sanction(Move(dm, state, target), sequence)


def _explain_anticipation(
    result: StabilityResult, concept: str, dm: int, state: int, tables: list[Table] | None
) -> StabilityExplanation:
    from accord.conflict._anticipation import lh_tables

    model = result.model
    stable = bool(result.stable[concept][dm, state])
    detail = result.details.get(concept, {})
    if concept == "lh":
        horizon = detail.get("horizon", 2)
    else:
        horizon = _nm_horizon(result, dm, state, stable)
    if tables is None or len(tables) <= horizon:
        tables = lh_tables(model, horizon)
    seen = foresight(model, tables, dm, state, horizon)
    period = detail.get("period") if concept == "nm" else None
    if not seen.moves:
        kind = "no_move"
    else:
        kind = "no_anticipated_gain" if seen.chosen is None else "anticipated_gain"
    improvement = None if seen.chosen is None else seen.chosen.improvement
    chosen = () if seen.chosen is None else (seen.chosen,)
    shown = seen.moves if seen.chosen is None else chosen
    return StabilityExplanation(
        model, state, dm, concept, stable, kind, improvement, shown, None, horizon, period
    )


def _nm_horizon(result: StabilityResult, dm: int, state: int, stable: bool) -> int:
    """The horizon an NM explanation looks at: where the cycle starts if stable, else the first
    horizon of the cycle at which ``dm`` moves."""
    from accord.conflict._anticipation import lh_tables

    detail = result.details.get("nm", {})
    start, period = detail.get("from_horizon", 0), detail.get("period", 1)
    if stable:
        return start
    tables = lh_tables(result.model, start + period)
    for horizon in range(start, start + period):
        if int(tables[horizon][dm][state]) != state:
            return horizon
    return start  # pragma: no cover - the verdict says dm moves somewhere in the cycle
