"""Why a state is stable or unstable for a decision maker: the move, or the sanctions.

- Unstable: the improving move that breaks the state (for GMR, SMR and SEQ, one the others
  cannot sanction).
- Stable with no improving move: nothing to explain beyond that.
- Stable by sanction: for every improving move, the shortest sequence by the others (no one
  moving twice in a row; for SEQ, each move an improvement for its mover) that ends in a state
  the decision maker does not prefer to the original (for SMR, one it cannot escape from).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from accord.conflict.model import ConflictModel
from accord.conflict.paths import Move, coalition_paths
from accord.conflict.stability import StabilityResult

NAMES = {"nash": "Nash", "gmr": "GMR", "smr": "SMR", "seq": "SEQ"}


@dataclass(frozen=True)
class Sanction:
    """An improving move and the others' answer to it (``None`` if the search was cut short)."""

    improvement: Move
    sequence: tuple[Move, ...] | None


@dataclass(frozen=True)
class Explanation:
    """The verdict for one (state, decision maker, concept), with its witness and a sentence."""

    model: ConflictModel
    state: int
    dm: int
    concept: str
    stable: bool
    kind: str
    """``no_improvement``, ``sanctioned`` or ``unsanctioned_improvement``."""
    improvement: Move | None
    sanctions: tuple[Sanction, ...]

    @property
    def text(self) -> str:
        """The explanation in one or two sentences."""
        return self.describe()

    def describe(self, sanctions_shown: int | None = None) -> str:
        """:attr:`text`, naming at most ``sanctions_shown`` sanctions (and counting the rest)."""
        m, dm = self.model, self.model.dms[self.dm]
        head = (
            f"State {self.state + 1} is {'stable' if self.stable else 'unstable'} for {dm} "
            f"under {NAMES[self.concept]}"
        )
        if self.kind == "no_improvement":
            return f"{head}: {dm} has no move to a state it prefers."
        if self.kind == "unsanctioned_improvement" and self.improvement is not None:
            move = self.improvement
            why = {
                "nash": "",
                "seq": ", and the others have no sanction made of moves they prefer",
            }.get(self.concept, ", and the others cannot sanction it")
            return (
                f"{head}: {dm} can move to state {move.target + 1} "
                f"({m.change(move.source, move.target)}), "
                f"which it prefers{why}."
            )
        shown = self.sanctions[:sanctions_shown]
        parts = [_sanction_text(m, self.dm, self.state, self.concept, s) for s in shown]
        if len(shown) < len(self.sanctions):
            rest = len(self.sanctions) - len(shown)
            parts.append(f"and {rest} more move{'s' if rest > 1 else ''}, each sanctioned")
        return f"{head}: every move it prefers is sanctioned: " + "; ".join(parts) + "."

    def to_json(self) -> dict[str, Any]:
        """The documented JSON form (1-based state numbers)."""
        m = self.model
        return {
            "state": self.state + 1,
            "dm": m.dms[self.dm],
            "concept": self.concept,
            "stable": self.stable,
            "kind": self.kind,
            "improvement": None if self.improvement is None else self.improvement.to_json(m),
            "sanctions": [
                {
                    "improvement": s.improvement.to_json(m),
                    "sequence": None
                    if s.sequence is None
                    else [step.to_json(m) for step in s.sequence],
                }
                for s in self.sanctions
            ],
            "text": self.text,
        }


def _sanction_text(
    model: ConflictModel, dm: int, state: int, concept: str, sanction: Sanction
) -> str:
    target = sanction.improvement.target + 1
    if sanction.sequence is None:
        return f"its move to {target} is sanctioned (sequence not searched: model too large)"
    steps = ", then ".join(step.describe(model) for step in sanction.sequence)
    end = sanction.sequence[-1].target + 1
    name = model.dms[dm]
    escape = (
        f", and from {end} {name} cannot reach a state it prefers to {state + 1}"
        if concept == "smr"
        else ""
    )
    return (
        f"its move to {target} is answered by {steps} ({name} does not prefer {end} to "
        f"{state + 1}{escape})"
    )


def explain(result: StabilityResult, concept: str, dm: int, state: int) -> Explanation:
    """Explain the verdict of ``result`` for decision maker ``dm`` at 0-based ``state``.

    Examples
    --------
    >>> from accord.conflict.model import OptionSpec, from_options
    >>> from accord.conflict.stability import analyse
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> why = explain(analyse(pd), "gmr", 0, 0)
    >>> why.kind, why.text.split(": ", 1)[0]
    ('sanctioned', 'State 1 is stable for p1 under GMR')
    >>> why.text.split(": ", 2)[2]
    'its move to 2 is answered by p2: 2 → 4 (+d2) (p1 does not prefer 4 to 1).'
    """
    model = result.model
    pay = model.payoffs
    stable = bool(result.stable[concept][dm, state])
    improvements = [q for q in model.moves(dm, state) if pay[dm, q] > pay[dm, state]]
    improvements.sort(key=lambda q: (-pay[dm, q], q))
    if not improvements:
        return Explanation(model, state, dm, concept, stable, "no_improvement", None, ())
    if concept == "nash":
        move = Move(dm, state, improvements[0])
        return Explanation(model, state, dm, concept, False, "unsanctioned_improvement", move, ())
    sanctions = []
    for target in improvements:
        sequence, cut = _sanction(model, concept, dm, state, target)
        if sequence is None and not cut:
            move = Move(dm, state, target)
            kind = "unsanctioned_improvement"
            return Explanation(model, state, dm, concept, stable, kind, move, ())
        sanctions.append(Sanction(Move(dm, state, target), sequence))
    return Explanation(model, state, dm, concept, stable, "sanctioned", None, tuple(sanctions))


def _sanction(
    model: ConflictModel, concept: str, dm: int, state: int, target: int
) -> tuple[tuple[Move, ...] | None, bool]:
    pay = model.payoffs[dm]
    limit = pay[state]
    goal: Callable[[int], bool]
    if concept == "smr":

        def goal(q: int) -> bool:
            return bool(pay[q] <= limit) and all(pay[r] <= limit for r in model.moves(dm, q))

    else:

        def goal(q: int) -> bool:
            return bool(pay[q] <= limit)

    others = [j for j in range(len(model.dms)) if j != dm]
    outcome = coalition_paths(model, others, target, improving=concept == "seq", goal=goal)
    if outcome.paths:
        return tuple(next(iter(outcome.paths.values()))), False
    return None, outcome.truncated
