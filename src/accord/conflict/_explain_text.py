"""The sentences of an explanation (:class:`accord.conflict._explain.StabilityExplanation`).

Each concept says why in its own terms: GMR "the others cannot sanction it"; SMR, when the
others can answer but the mover escapes, names the answer and the escape; SEQ "no sanction made
of moves they prefer"; SIM the simultaneous move and where both moves end; L_h and NM the play
the decision maker anticipates.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.conflict._model import ConflictModel
from accord.conflict._witness import Sanction

if TYPE_CHECKING:
    from accord.conflict._explain import StabilityExplanation


def describe_explanation(why: StabilityExplanation, sanctions_shown: int | None = None) -> str:
    """The explanation's sentence, naming at most ``sanctions_shown`` sanctions."""
    m, dm = why.model, why.model.dms[why.dm]
    head = (
        f"State {why.state + 1} is {'stable' if why.stable else 'unstable'} for {dm} "
        f"under {why.name}"
    )
    if why.concept in ("lh", "nm"):
        return _anticipation_text(why, head, sanctions_shown)
    if why.kind == "no_improvement":
        return f"{head}: {dm} has no move to a state it prefers."
    if why.kind == "unsanctioned_improvement" and why.improvement is not None:
        move = why.improvement
        return (
            f"{head}: {dm} can move to state {move.target + 1} "
            f"({m.change(move.source, move.target)}), which it prefers{_unanswered(why)}."
        )
    shown = why.sanctions[:sanctions_shown]
    parts = [_sanction_text(m, why.dm, why.state, why.concept, s) for s in shown]
    if len(shown) < len(why.sanctions):
        rest = len(why.sanctions) - len(shown)
        parts.append(f"and {rest} more move{'s' if rest > 1 else ''}, each sanctioned")
    return f"{head}: every move it prefers is sanctioned: " + "; ".join(parts) + "."


def _unanswered(why: StabilityExplanation) -> str:
    """Why the breaking move is not sanctioned, in the concept's terms."""
    m, dm, state = why.model, why.model.dms[why.dm], why.state + 1
    if why.concept == "nash":
        return ""
    if why.concept == "seq":
        return ", and the others have no sanction made of moves they prefer"
    if why.concept == "sim":
        return (
            ", and no improvement another decision maker has from the same state, made at the "
            f"same time, leaves {dm} at a state it does not prefer to {state}"
        )
    if why.concept == "smr" and why.escape is not None:
        answer = ", then ".join(step.describe(m) for step in why.escape.answer)
        end = why.escape.answer[-1].target + 1
        return (
            f"; the others can answer it, for example {answer} ({dm} does not prefer {end} to "
            f"{state}), but every such answer leaves {dm} an escape to a state it prefers to "
            f"{state}: from {end}, {why.escape.move.describe(m)}"
        )
    return ", and the others cannot sanction it"


def _sanction_text(
    model: ConflictModel, dm: int, state: int, concept: str, sanction: Sanction
) -> str:
    target = sanction.improvement.target + 1
    name = model.dms[dm]
    if sanction.sequence is None:
        return f"its move to {target} is sanctioned (sequence not searched: model too large)"
    if concept == "sim" and sanction.outcome is not None:
        (other,) = sanction.sequence
        both = sanction.outcome + 1
        return (
            f"its move to {target} would meet {other.describe(model)} made at the same time, "
            f"together ending at {both} ({name} does not prefer {both} to {state + 1})"
        )
    steps = ", then ".join(step.describe(model) for step in sanction.sequence)
    end = sanction.sequence[-1].target + 1
    escape = (
        f", and from {end} {name} cannot reach a state it prefers to {state + 1}"
        if concept == "smr"
        else ""
    )
    return (
        f"its move to {target} is answered by {steps} ({name} does not prefer {end} to "
        f"{state + 1}{escape})"
    )


def _anticipation_text(why: StabilityExplanation, head: str, sanctions_shown: int | None) -> str:
    m, dm = why.model, why.model.dms[why.dm]
    ahead = f"looking {why.horizon} move{'s' if why.horizon != 1 else ''} ahead"
    if why.concept == "nm":
        settled = "stay the same" if why.period == 1 else f"repeat every {why.period} horizons"
        ahead = f"from horizon {why.horizon} on the anticipated states {settled}; {ahead}"
    if why.kind == "no_move":
        return f"{head}: {dm} has no move from {why.state + 1}."
    if why.kind == "anticipated_gain":
        (chosen,) = why.sanctions
        return (
            f"{head}: {ahead}, {dm} expects its move to {chosen.improvement.target + 1} "
            f"({m.change(chosen.improvement.source, chosen.improvement.target)}) "
            f"to {_play_text(m, chosen)}, which it prefers to {why.state + 1}."
        )
    shown = why.sanctions[:sanctions_shown]
    parts = [f"its move to {s.improvement.target + 1} would {_play_text(m, s)}" for s in shown]
    if len(shown) < len(why.sanctions):
        rest = len(why.sanctions) - len(shown)
        parts.append(f"and {rest} more move{'s' if rest > 1 else ''}, none better")
    return (
        f"{head}: {ahead}, {dm} expects none of its moves to end at a state it prefers to "
        f"{why.state + 1}: " + "; ".join(parts) + "."
    )


def _play_text(model: ConflictModel, move: Sanction) -> str:
    end = move.improvement.target if move.outcome is None else move.outcome
    if not move.sequence:
        return f"stay at {end + 1} (no one answers)"
    steps = ", then ".join(step.describe(model) for step in move.sequence)
    return f"end at {end + 1} ({steps})"
