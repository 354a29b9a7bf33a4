"""Why a state is stable or unstable for a coalition: the joint move, or the others' answers.

The verdict comes from the engine; the witnesses are breadth-first searches: the coalition's
improvements (moves by its members, none twice in a row, to a state every member prefers),
and for each the others' shortest answer that leaves some member no better off than at the
start (for coalition SEQ made of the others' own improvements; for coalition SMR one from which
the coalition cannot move on to a state all its members prefer to the start).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.conflict._coalition_analysis import (
    CoalitionMove,
    CoalitionResult,
    coalition_moves,
    joint_gain,
)
from accord.conflict._concepts import NAMES
from accord.conflict._model import ConflictModel
from accord.conflict._paths import Move, coalition_paths


@dataclass(frozen=True)
class CoalitionExplanation:
    """The verdict for one (state, coalition, concept) with its witness and a sentence."""

    model: ConflictModel
    members: tuple[int, ...]
    concept: str
    state: int
    stable: bool
    breaking: CoalitionMove | None
    """When unstable: an improvement the others do not answer."""
    answers: tuple[tuple[CoalitionMove, tuple[Move, ...]], ...]
    """When stable by answers: each improvement with the others' answer."""
    truncated: bool = False

    @property
    def text(self) -> str:
        """The explanation in one or two sentences."""
        m = self.model
        alone = len(self.members) == 1
        who = "+".join(m.dms[j] for j in self.members)
        head = (
            f"State {self.state + 1} is {'stable' if self.stable else 'unstable'} for "
            f"{who} under coalition {NAMES[self.concept]}"
        )
        if self.breaking is not None:
            subject = f"{who} can move" if alone else "together they can move"
            liked = "which it prefers" if alone else "which every member prefers"
            return f"{head}: {subject} {self.breaking.describe(m)}, {liked}{self._unanswered()}."
        if not self.answers:
            if alone:
                return f"{head}: {who} has no move to a state it prefers."
            return f"{head}: no state they can reach together is preferred by every member."
        parts = [self._answer_text(move, answer) for move, answer in self.answers[:5]]
        if len(self.answers) > 5 or self.truncated:
            parts.append("and further moves, each answered")
        liked = "it prefers" if alone else "all members prefer"
        return f"{head}: every move to a state {liked} is answered: " + "; ".join(parts) + "."

    def _answer_text(self, move: CoalitionMove, answer: tuple[Move, ...]) -> str:
        m, start = self.model, self.state + 1
        end = answer[-1].target
        loser = next(j for j in self.members if m.payoffs[j, end] <= m.payoffs[j, self.state])
        steps = ", then ".join(step.describe(m) for step in answer)
        why = f"{m.dms[loser]} does not prefer {end + 1} to {start}"
        if self.concept == "smr":
            who = "it" if len(self.members) == 1 else "the coalition"
            why += f", and from {end + 1} {who} cannot move on to a state "
            why += f"{'it prefers' if len(self.members) == 1 else 'all members prefer'} to {start}"
        return f"its move to {move.target + 1} is answered by {steps} ({why})"

    def _unanswered(self) -> str:
        if self.concept == "nash":
            return ""
        if len(self.members) == len(self.model.dms):
            return ", and no one is left to answer"
        alone = len(self.members) == 1
        tail = {
            "gmr": "",
            "seq": " made of moves they prefer",
            "smr": " from which "
            + ("it" if alone else "the coalition")
            + " cannot move on to a state "
            + ("it prefers" if alone else "all members prefer"),
        }[self.concept]
        who = self.model.dms[self.members[0]] if alone else "a member"
        return (
            f", and the others have no answer{tail} that leaves {who} no better off than at "
            f"{self.state + 1}"
        )

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON form (1-based states)."""
        m = self.model
        return {
            "state": self.state + 1,
            "members": [m.dms[j] for j in self.members],
            "concept": self.concept,
            "stable": self.stable,
            "improvement": None if self.breaking is None else self.breaking.to_dict(m),
            "answers": [
                {"improvement": move.to_dict(m), "answer": [s.to_dict(m) for s in answer]}
                for move, answer in self.answers
            ],
            "text": self.text,
        }


def explain_coalition(
    result: CoalitionResult, concept: str, k: int, state: int
) -> CoalitionExplanation:
    """Explain the verdict of ``result`` for coalition number ``k`` at 0-based ``state``."""
    model, members = result.model, result.coalitions[k]
    stable = bool(result.stable[concept][k, state])
    (found,) = coalition_moves(model, state, [members])
    others = [j for j in range(len(model.dms)) if j not in members]
    answers = []
    for move in found.improvements:
        answer = None if concept == "nash" else _answer(model, members, others, concept, move)
        if answer is None:
            return CoalitionExplanation(model, members, concept, state, stable, move, ())
        answers.append((move, answer))
    return CoalitionExplanation(
        model, members, concept, state, stable, None, tuple(answers), found.truncated
    )


def _answer(
    model: ConflictModel,
    members: tuple[int, ...],
    others: list[int],
    concept: str,
    move: CoalitionMove,
) -> tuple[Move, ...] | None:
    if not others:
        return None
    gains = joint_gain(model, members, move.source)

    def goal(q: int) -> bool:
        if gains(q):
            return False
        if concept != "smr":
            return True
        return not coalition_paths(model, members, q, goal=gains).paths

    found = coalition_paths(model, others, move.target, improving=concept == "seq", goal=goal)
    return tuple(next(iter(found.paths.values()))) if found.paths else None
