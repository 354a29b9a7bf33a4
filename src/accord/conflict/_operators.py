"""Move operators for the fast engine: one aggregate over a decision maker's moves, vectorised.

Every stability concept reduces to one primitive, ``best_move(pay, w)``: for each state s, the
largest ``w(q)`` over the states q the decision maker reaches from s in one move, optionally only
over the q it strictly prefers (``pay(q) > pay(s)``). Minimums are ``-best_move(pay, -w)``.

- :class:`BlockMoves` uses the structure of option form: a decision maker's moves from a state
  depend only on its own options (and feasibility), so states are laid out as a block
  ``own options × context`` (context = everyone else's options) and a move is a fixed
  ``own → own`` pattern applied to every context at once (Xu, Hipel & Kilgour 2009 use dense
  m × m matrices instead, which limits them to about 10^4 states).
- :class:`SparseMoves` is the general form (graph form, or a decision maker with very many
  options): arcs in compressed rows, reduced with ``numpy.maximum.reduceat``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from accord.conflict._model import ConflictModel, FloatArray

NEG = -np.inf
MAX_OWN_OPTIONS = 12
"""A decision maker with more options than this uses the sparse operator."""
BLOCK_SLACK = 8
"""A block may hold at most this many cells per feasible state (plus 2^20) before the sparse
operator is used instead (heavy infeasibility leaves most cells of the block empty)."""


class MoveOperator(Protocol):
    """The moves of one decision maker, as an aggregate over targets."""

    def best_move(self, pay: FloatArray | None, values: FloatArray) -> FloatArray:
        """For each state, the max of ``values`` over moves (improving ones if ``pay``)."""
        ...


class SparseMoves:
    """Moves as compressed rows: ``targets[indptr[s]:indptr[s+1]]`` are reachable from s.

    Examples
    --------
    >>> op = SparseMoves([[1], [], [0, 1]])
    >>> op.best_move(None, np.array([5.0, 7.0, 1.0])).tolist()
    [7.0, -inf, 7.0]
    """

    def __init__(self, rows: list[list[int]]) -> None:
        sizes = np.array([len(r) for r in rows], dtype=np.int64)
        self.indptr = np.concatenate([[0], np.cumsum(sizes)])
        flat = [q for r in rows for q in r]
        self.targets = np.array(flat, dtype=np.int64)
        self.sources = np.repeat(np.arange(len(rows), dtype=np.int64), sizes)
        self.nonempty = np.flatnonzero(sizes)
        self.size = len(rows)

    def best_move(self, pay: FloatArray | None, values: FloatArray) -> FloatArray:
        """For each state, the max of ``values`` over moves (improving ones if ``pay``)."""
        result = np.full(self.size, NEG)
        if not len(self.targets):
            return result
        gathered = values[self.targets]
        if pay is not None:
            gathered = np.where(pay[self.targets] > pay[self.sources], gathered, NEG)
        reduced = np.maximum.reduceat(gathered, self.indptr[self.nonempty])
        result[self.nonempty] = reduced
        return result


class BlockMoves:
    """Option-form moves of one decision maker on an ``own options × context`` block.

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("a", "p", direction="forward"), OptionSpec("b", "q")]
    >>> m = from_options(["p", "q"], opts, [0, 1, 2, 3], [[0, 1, 2, 3], [0, 0, 0, 0]])
    >>> BlockMoves(m, 0).best_move(None, np.array([10.0, 20.0, 30.0, 40.0])).tolist()
    [20.0, -inf, 40.0, -inf]
    """

    def __init__(self, model: ConflictModel, dm: int) -> None:
        assert model.options is not None
        assert model.codes is not None
        own = [k for k, o in enumerate(model.options) if o.dm == model.dms[dm]]
        codes = model.codes
        own_index = np.zeros(len(codes), dtype=np.int64)
        for t, k in enumerate(own):
            own_index |= ((codes >> k) & 1) << t
        own_mask = sum(1 << k for k in own)
        _, self.context = np.unique(codes & ~own_mask, return_inverse=True)
        self.own = own_index
        self.contexts = int(self.context.max()) + 1 if len(codes) else 0
        self.width = 1 << len(own)
        directions = [model.options[k].direction for k in own]
        self.sources_of = _allowed_sources(directions)
        self.size = len(codes)

    def _block(self, values: FloatArray) -> FloatArray:
        block = np.full((self.width, self.contexts), NEG)
        block[self.own, self.context] = values
        return block

    def best_move(self, pay: FloatArray | None, values: FloatArray) -> FloatArray:
        """For each state, the max of ``values`` over moves (improving ones if ``pay``)."""
        value_block = self._block(values)
        pay_block = None if pay is None else self._block(pay)
        result = np.full((self.width, self.contexts), NEG)
        for target, sources in enumerate(self.sources_of):
            if not len(sources):
                continue
            current = result[sources]
            improved = np.maximum(current, value_block[target])
            if pay_block is not None:
                better = pay_block[target] > pay_block[sources]
                improved = np.where(better, improved, current)
            result[sources] = improved
        return result[self.own, self.context]


def _allowed_sources(directions: Sequence[str]) -> list[NDArray[np.int64]]:
    """For each own-option pattern b, the patterns a from which one move reaches b."""
    width = 1 << len(directions)
    forward = sum(1 << t for t, d in enumerate(directions) if d == "forward")
    backward = sum(1 << t for t, d in enumerate(directions) if d == "backward")
    a = np.arange(width, dtype=np.int64)[:, None]
    b = np.arange(width, dtype=np.int64)[None, :]
    changed = a ^ b
    allowed = (changed != 0) & ((changed & forward & a) == 0) & ((changed & backward & ~a) == 0)
    return [np.flatnonzero(allowed[:, target]) for target in range(width)]


def operators(model: ConflictModel) -> list[MoveOperator]:
    """One move operator per decision maker: block form where option form allows it."""
    result: list[MoveOperator] = []
    for dm, name in enumerate(model.dms):
        owned = sum(1 for o in model.options or () if o.dm == name)
        block = BlockMoves(model, dm) if model.is_option_form and owned <= MAX_OWN_OPTIONS else None
        if block is not None and block.contexts * block.width <= BLOCK_SLACK * model.size + 2**20:
            result.append(block)
        else:  # graph form, or a block mostly made of infeasible cells
            result.append(SparseMoves([model.moves(dm, s) for s in range(model.size)]))
    return result
