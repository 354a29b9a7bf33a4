"""L_h and NM witnesses: the play a decision maker anticipates after each of its moves.

Rebuilt from the fast engine's tables (:func:`accord.conflict._anticipation.lh_tables`): after
``dm`` moves to s1 with k moves left, the decision maker who answers is the one whose
anticipated play ``dm`` likes least among those who would move (ties to the lowest state
number), and so on down the levels; each step costs one look at the moves of one state.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.conflict._anticipation import Table
from accord.conflict._model import ConflictModel
from accord.conflict._paths import Move
from accord.conflict._witness import Sanction


@dataclass(frozen=True)
class Foresight:
    """Every move of a decision maker from a state, each with the play it anticipates."""

    horizon: int
    moves: tuple[Sanction, ...]
    """One per move: the move, the anticipated answers, and the anticipated end."""
    chosen: Sanction | None
    """The move the decision maker makes (``None``: it stays)."""


Memo = dict[tuple[int, int, int], list[tuple[int, list[Move], int]]]
"""Each (decision maker, state, moves left) already played out: the game tree shares subtrees,
so without it a long horizon costs exponential time."""


def _answer(
    model: ConflictModel, tables: list[Table], mover: int, state: int, left: int, memo: Memo
) -> tuple[list[Move], int]:
    """After ``mover`` moved into ``state`` with ``left`` moves left: the anticipated answers."""
    if left == 0:
        return [], state
    table = tables[left]
    pay = model.payoffs[mover]
    replies = [
        (pay[int(table[j][state])], int(table[j][state]), j)
        for j in range(len(model.dms))
        if j != mover and int(table[j][state]) != state
    ]
    if not replies:
        return [], state
    _, _, replier = min(replies)
    return _play(model, tables, replier, state, left, memo)


def _play(
    model: ConflictModel, tables: list[Table], dm: int, state: int, left: int, memo: Memo
) -> tuple[list[Move], int]:
    """The anticipated moves when ``dm`` may move at ``state`` with ``left`` moves left."""
    end = int(tables[left][dm][state])
    if end == state:
        return [], state
    for target, steps, outcome in _options(model, tables, dm, state, left, memo):
        if outcome == end:
            return [Move(dm, state, target), *steps], outcome
    raise AssertionError("the anticipated state is reached by no move")  # pragma: no cover


def _options(
    model: ConflictModel, tables: list[Table], dm: int, state: int, left: int, memo: Memo
) -> list[tuple[int, list[Move], int]]:
    """Each move of ``dm`` from ``state`` with the answers and end it anticipates, in the order
    ``dm`` ranks them (best first, ties to the lowest anticipated state)."""
    key = (dm, state, left)
    if key in memo:
        return memo[key]
    found = []
    for target in model.moves(dm, state):
        steps, outcome = _answer(model, tables, dm, target, left - 1, memo)
        found.append((target, steps, outcome))
    pay = model.payoffs[dm]
    found.sort(key=lambda item: (-pay[item[2]], item[2]))
    memo[key] = found
    return found


def foresight(
    model: ConflictModel, tables: list[Table], dm: int, state: int, horizon: int
) -> Foresight:
    """What ``dm`` anticipates after each of its moves from ``state``, ``horizon`` moves ahead.

    Examples
    --------
    >>> from accord.conflict._anticipation import lh_tables
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> seen = foresight(pd, lh_tables(pd, 2), 0, 0, 2)
    >>> seen.chosen is None, [(s.improvement.target, s.outcome) for s in seen.moves]
    (True, [(1, 3)])
    """
    options = _options(model, tables, dm, state, horizon, {})
    moves = tuple(
        Sanction(Move(dm, state, target), tuple(steps), outcome)
        for target, steps, outcome in options
    )
    end = int(tables[horizon][dm][state])
    chosen = None
    if end != state:
        chosen = next(s for s in moves if s.outcome == end)
    return Foresight(horizon, moves, chosen)
