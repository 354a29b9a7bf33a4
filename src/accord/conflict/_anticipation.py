"""Limited-move stability L_h and non-myopic stability NM, fast engine.

Kilgour (1985) and Fang, Hipel & Kilgour (1993, sect. 4.2) define, for two decision makers,
the state G_h(i, s) that i anticipates when it may move at s and h moves remain: i considers
each move s → s1, anticipates the other's best play from s1 with h − 1 moves left, and moves
only if the best anticipated state is one it strictly prefers to s. s is L_h stable for i when
i does not move (G_h(i, s) = s); L_1 is Nash stability. NM stability is the limit h → ∞: i does
not move under every long enough horizon.

Accord's tables, for every decision maker j and state s (``accord.conflict._reference`` writes
the same recursion out literally):

- ``V_h[j][s]``: the anticipated final state when j may move at s with h moves left
  (``V_0[j][s] = s``); j picks its most preferred anticipated state, ties to the lowest state
  number, and moves only if that state is strictly better for it than s.
- ``W_k[j][s1]``: the anticipated final state after j has moved to s1 with k moves left. With
  two decision makers it is ``V_k[other][s1]``. With more, any decision maker but j may move
  next: of those who would move (``V_k[l][s1] ≠ s1``), j expects the answer it likes least (ties
  to the lowest state number), a conservative reading in the spirit of GMR; if none would move,
  the conflict stays at s1. With two decision makers this is exactly Kilgour's definition.

Each level is a handful of vectorised passes over all states (one move aggregate per decision
maker, :meth:`accord.conflict._operators.MoveOperator.best_move`). NM iterates the levels until
the whole table repeats (Brent's cycle detection: exact, constant memory); the sequence of tables
is then periodic, and i is NM stable at s iff it stays at s at every level of the cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord import limits
from accord.conflict._model import ConflictModel
from accord.conflict._operators import MoveOperator, operators

IntArray = NDArray[np.int64]
Table = tuple[IntArray, ...]
"""One array of anticipated states per decision maker."""


@dataclass(frozen=True)
class Anticipation:
    """Fixed data of one model: its move operators and sort keys."""

    model: ConflictModel
    ops: Sequence[MoveOperator]

    @property
    def scale(self) -> int:
        """Keys are ``payoff * scale + tie-break``; exact in float64 below 9·10^7 states."""
        return self.model.size + 1

    def first_level(self) -> Table:
        """V_0: everyone anticipates staying where it is."""
        ident = np.arange(self.model.size, dtype=np.int64)
        return tuple(ident for _ in self.model.dms)

    def after_move(self, table: Table, mover: int) -> IntArray:
        """W_k[mover]: the anticipated state after ``mover`` moved, from V_k of the others."""
        m = self.model
        ident = np.arange(m.size, dtype=np.int64)
        pay = m.payoffs[mover]
        best_key = np.full(m.size, np.inf)
        for other, anticipated in enumerate(table):
            if other == mover:
                continue
            key = pay[anticipated] * self.scale + anticipated
            key = np.where(anticipated != ident, key, np.inf)
            np.minimum(best_key, key, out=best_key)
        answered = np.isfinite(best_key)
        result = ident.copy()
        found = best_key[answered].astype(np.int64)
        result[answered] = found % self.scale
        return result

    def next_level(self, table: Table) -> Table:
        """V_{h+1} from V_h, for every decision maker."""
        m = self.model
        ident = np.arange(m.size, dtype=np.int64)
        levels = []
        for mover in range(len(m.dms)):
            after = self.after_move(table, mover)
            pay = m.payoffs[mover]
            key = pay[after] * self.scale + (m.size - after)
            best = self.ops[mover].best_move(None, key.astype(np.float64))
            moves = np.isfinite(best)
            chosen = ident.copy()
            chosen[moves] = m.size - (best[moves].astype(np.int64) % self.scale)
            better = np.zeros(m.size, dtype=bool)
            better[moves] = pay[chosen[moves]] > pay[ident[moves]]
            levels.append(np.where(better, chosen, ident))
        return tuple(levels)


def lh_tables(model: ConflictModel, horizon: int) -> list[Table]:
    """V_0 .. V_horizon for every decision maker (the data behind L_h and its explanations)."""
    engine = Anticipation(model, operators(model))
    tables = [engine.first_level()]
    for _ in range(horizon):
        tables.append(engine.next_level(tables[-1]))
    return tables


def lh_stable(model: ConflictModel, horizon: int) -> NDArray[np.bool_]:
    """L_h stability (decision makers × states).

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> lh_stable(pd, 1).all(axis=0).tolist()  # L_1 is Nash: only mutual defection
    [False, False, False, True]
    """
    top = lh_tables(model, horizon)[-1]
    ident = np.arange(model.size, dtype=np.int64)
    return np.vstack([top[j] == ident for j in range(len(model.dms))])


@dataclass(frozen=True)
class NonMyopic:
    """NM stability and the cycle the anticipation tables settle into."""

    stable: NDArray[np.bool_]
    start: int
    """The first horizon of the cycle (tables repeat from there on)."""
    period: int


def _same(a: Table, b: Table) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def nm_stable(model: ConflictModel) -> NonMyopic:
    """NM stability: stable for every horizon from where the tables repeat (Brent's method).

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> found = nm_stable(pd)
    >>> found.stable.all(axis=0).tolist(), found.start, found.period
    ([True, False, False, True], 2, 1)
    """
    engine = Anticipation(model, operators(model))
    period = _cycle_length(engine, limits.current().nm_levels)
    start, table = _cycle_start(engine, period)
    ident = np.arange(model.size, dtype=np.int64)
    stable = np.vstack([t == ident for t in table])
    for _ in range(period - 1):
        table = engine.next_level(table)
        stable &= np.vstack([t == ident for t in table])
    return NonMyopic(stable, start, period)


def _cycle_length(engine: Anticipation, max_levels: int) -> int:
    power = period = 1
    tortoise = engine.first_level()
    hare = engine.next_level(tortoise)
    steps = 1
    while not _same(tortoise, hare):
        if steps >= max_levels:
            what = "non-myopic stability (the anticipated states settling)"
            advice = "use L_h with a fixed horizon (--concept lh --horizon H) instead"
            raise limits.exceeded("nm_levels", None, what, advice)
        if power == period:
            tortoise, power, period = hare, power * 2, 0
        hare = engine.next_level(hare)
        period += 1
        steps += 1
    return period


def _cycle_start(engine: Anticipation, period: int) -> tuple[int, Table]:
    tortoise = hare = engine.first_level()
    for _ in range(period):
        hare = engine.next_level(hare)
    start = 0
    while not _same(tortoise, hare):
        tortoise, hare = engine.next_level(tortoise), engine.next_level(hare)
        start += 1
    return start, tortoise
