"""The witnesses behind verdicts: sanctioning sequences, simultaneous sanctions, SMR escapes.

The engines give the verdicts; these searches find, independently, the moves a person can check:

- GMR, SMR, SEQ: the shortest sequence by the others (no one moving twice in a row; for SEQ
  each move an improvement for its mover) ending in a state the decision maker does not prefer
  to the original (for SMR, one from which it has no move to a state it prefers to the original);
- SMR, when a move is not sanctioned although the others can answer it: an answer and the
  decision maker's escape from its end;
- SIM: another decision maker's improvement from the same state that, made at the same time,
  ends in a state the decision maker does not prefer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from accord.conflict._model import ConflictModel
from accord.conflict._pairs import state_of_code
from accord.conflict._paths import Move, coalition_paths


@dataclass(frozen=True)
class Sanction:
    """A move and what answers it (``sequence`` is ``None`` if the search was cut short).

    ``outcome`` is where the move ends up when that is not the sequence's last state: for SIM
    the state both moves reach together, for L_h and NM the state the decision maker anticipates.
    """

    improvement: Move
    sequence: tuple[Move, ...] | None
    outcome: int | None = None


@dataclass(frozen=True)
class Escape:
    """SMR: an answer of the others to a move, and the mover's move from its end to a state it
    prefers to the original."""

    answer: tuple[Move, ...]
    move: Move


def _others(model: ConflictModel, dm: int) -> list[int]:
    return [j for j in range(len(model.dms)) if j != dm]


def sequence_sanction(
    model: ConflictModel, concept: str, dm: int, state: int, target: int
) -> tuple[tuple[Move, ...] | None, bool]:
    """The shortest GMR/SMR/SEQ sanction of ``dm``'s move ``state → target``, and whether the
    search was cut short."""
    pay = model.payoffs[dm]
    limit = pay[state]
    goal: Callable[[int], bool]
    if concept == "smr":

        def goal(q: int) -> bool:
            return bool(pay[q] <= limit) and all(pay[r] <= limit for r in model.moves(dm, q))

    else:

        def goal(q: int) -> bool:
            return bool(pay[q] <= limit)

    outcome = coalition_paths(
        model, _others(model, dm), target, improving=concept == "seq", goal=goal
    )
    if outcome.paths:
        return tuple(next(iter(outcome.paths.values()))), False
    return None, outcome.truncated


def smr_escape(model: ConflictModel, dm: int, state: int, target: int) -> Escape | None:
    """An answer to ``state → target`` that ``dm`` does not prefer, and its escape from there
    (``None`` if the others have no such answer at all)."""
    answer, _ = sequence_sanction(model, "gmr", dm, state, target)
    if answer is None:
        return None
    end = answer[-1].target
    pay = model.payoffs[dm]
    better = [q for q in model.moves(dm, end) if pay[q] > pay[state]]
    if not better:  # the engine and the search disagree only if the search was cut short
        return None
    best = max(better, key=lambda q: (pay[q], -q))
    return Escape(answer, Move(dm, end, best))


def simultaneous_sanction(
    model: ConflictModel, dm: int, state: int, target: int
) -> Sanction | None:
    """Another decision maker's improvement from ``state`` that, made together with ``dm``'s
    move to ``target``, ends in a state ``dm`` does not prefer to ``state`` (option form)."""
    assert model.codes is not None
    pay = model.payoffs
    codes = model.codes
    for other in _others(model, dm):
        for answer in model.moves(other, state):
            if not pay[other, answer] > pay[other, state]:
                continue
            code = int(codes[target]) ^ int(codes[answer]) ^ int(codes[state])
            both = int(state_of_code(model, np.array([code], dtype=np.int64))[0])
            if both >= 0 and pay[dm, both] <= pay[dm, state]:
                move = Move(dm, state, target)
                return Sanction(move, (Move(other, state, answer),), both)
    return None
