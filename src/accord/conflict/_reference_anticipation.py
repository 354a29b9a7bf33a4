"""Limited-move and non-myopic stability written out literally (the reference engine).

The recursion of Kilgour (1985) and Fang, Hipel & Kilgour (1993, sect. 4.2), with Accord's
reading for more than two decision makers (see :mod:`accord.conflict._anticipation`):

- ``anticipate(j, s, h)``: j may move at s with h moves left. It looks at every move s → s1,
  takes the state it anticipates after that move, and moves to the best of them (ties to the
  lowest state number) only if it strictly prefers it to s; otherwise it stays at s.
- ``after(j, s1, k)``: j has just moved to s1 and k moves are left. Every other decision maker l
  anticipates ``anticipate(l, s1, k)``; those who would move are possible answers, and j expects
  the one it likes least (ties to the lowest state number). No answer: the conflict stays at s1.

Slow (memoised recursion, then tables horizon by horizon for NM) but plain.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import NDArray

from accord.conflict._model import ConflictModel


class AnticipationReference:
    """L_h and NM by the recursion above.

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> AnticipationReference(pd).anticipate(0, 0, 2)  # defecting is answered: p1 stays at CC
    0
    """

    def __init__(self, model: ConflictModel) -> None:
        self.model = model
        self.pay = model.payoffs
        self.anticipate = cache(self._anticipate)
        self.after = cache(self._after)

    def _anticipate(self, dm: int, state: int, moves_left: int) -> int:
        if moves_left == 0:
            return state
        best: int | None = None
        for target in self.model.moves(dm, state):
            outcome = self.after(dm, target, moves_left - 1)
            if best is None or self._better(dm, outcome, best):
                best = outcome
        if best is not None and self.pay[dm, best] > self.pay[dm, state]:
            return best
        return state

    def _better(self, dm: int, a: int, b: int) -> bool:
        """Whether ``dm`` picks ``a`` over ``b``: prefers it, or likes both equally and ``a``
        has the lower number."""
        return bool(
            self.pay[dm, a] > self.pay[dm, b] or (self.pay[dm, a] == self.pay[dm, b] and a < b)
        )

    def _after(self, mover: int, state: int, moves_left: int) -> int:
        if moves_left == 0:
            return state
        answers = [
            outcome
            for other in range(len(self.model.dms))
            if other != mover and (outcome := self.anticipate(other, state, moves_left)) != state
        ]
        if not answers:
            return state
        return min(answers, key=lambda outcome: (self.pay[mover, outcome], outcome))

    def lh(self, dm: int, state: int, horizon: int) -> bool:
        """L_h: ``dm`` does not move from ``state`` when it looks ``horizon`` moves ahead."""
        return self.anticipate(dm, state, horizon) == state

    def lh_table(self, horizon: int) -> NDArray[np.bool_]:
        """L_h stability (decision makers × states)."""
        m = self.model
        return np.array(
            [[self.lh(j, s, horizon) for s in range(m.size)] for j in range(len(m.dms))],
            dtype=bool,
        ).reshape(len(m.dms), m.size)

    def nm_table(self) -> NDArray[np.bool_]:
        """NM: stable under every horizon from the one where the tables start to repeat."""
        m = self.model
        seen: dict[tuple[tuple[int, ...], ...], int] = {}
        tables: list[tuple[tuple[int, ...], ...]] = []
        horizon = 0
        while True:
            table = tuple(
                tuple(self.anticipate(j, s, horizon) for s in range(m.size))
                for j in range(len(m.dms))
            )
            if table in seen:
                cycle = tables[seen[table] :]
                break
            seen[table] = horizon
            tables.append(table)
            horizon += 1
        return np.array(
            [[all(t[j][s] == s for t in cycle) for s in range(m.size)] for j in range(len(m.dms))],
            dtype=bool,
        ).reshape(len(m.dms), m.size)
