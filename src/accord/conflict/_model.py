"""The graph model of a conflict: decision makers, states, moves and preferences.

A :class:`ConflictModel` is built either from option form (options owned by decision makers,
states numbered by Σ 2^k over the options taken, Fang, Hipel & Kilgour 1993, ch. 2) or from
graph form (states and arcs given directly). States are 0-based indices inside the engine and
1-based numbers everywhere a user sees them.

Preferences are payoffs: for each decision maker an array over states, higher is preferred,
equal is a tie (only the order matters; they are dense ranks 0, 1, 2, ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from itertools import combinations
from typing import Literal

import numpy as np
from numpy.typing import NDArray

Direction = Literal["both", "forward", "backward"]
_Flips = tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]
IntArray = NDArray[np.int64]
MOVE_CACHE_SIZE = 2_000_000
"""Option-form moves computed per (decision maker, state) are kept up to this many targets in
all (counted in targets, not entries: a decision maker with 7 options has up to 127 moves per
state, and a cache of 500,000 such lists of Python ints took over 2 GB)."""
FloatArray = NDArray[np.float64]
CODE_TABLE_BITS = 22
"""Option form with at most this many options keeps a code → state table (4 bytes a code)."""


@dataclass(frozen=True)
class OptionSpec:
    """One option of option form: its id, its owner, a label and the allowed direction."""

    id: str
    dm: str
    label: str = ""
    direction: Direction = "both"


@dataclass(frozen=True, eq=False)
class ConflictModel:
    """Decision makers, states, moves and preferences of one conflict.

    Use :func:`from_options` or :func:`from_graph` to build one.
    """

    dms: tuple[str, ...]
    labels: tuple[str, ...]
    payoffs: FloatArray
    """Shape (number of decision makers, number of states); higher is preferred."""
    options: tuple[OptionSpec, ...] | None = None
    codes: IntArray | None = None
    """Option form: the sorted Σ 2^k code of every feasible state."""
    arcs: tuple[tuple[tuple[int, ...], ...], ...] | None = None
    """Graph form: ``arcs[dm][state]`` are the 0-based states that dm can move to."""
    status_quo: int | None = None
    """0-based index of the status quo state, if any."""
    _own_moves: dict[int, _Flips] = field(default_factory=dict, repr=False)
    _move_cache: dict[tuple[int, int], list[int]] = field(default_factory=dict, repr=False)
    _cached_targets: list[int] = field(default_factory=lambda: [0], repr=False)
    _code_index: list[NDArray[np.int32]] = field(default_factory=list, repr=False)

    @property
    def size(self) -> int:
        """The number of states."""
        return len(self.labels)

    @property
    def is_option_form(self) -> bool:
        """Whether the model was built from options (so moves follow from option values)."""
        return self.options is not None

    def dm_index(self, dm: str) -> int:
        """The position of decision maker ``dm`` in :attr:`dms`."""
        return self.dms.index(dm)

    def option_values(self, state: int) -> dict[str, bool]:
        """The options taken (True) and not taken at 0-based ``state`` (option form only)."""
        if self.options is None or self.codes is None:
            return {}
        code = int(self.codes[state])
        return {opt.id: bool(code >> k & 1) for k, opt in enumerate(self.options)}

    def ranking(self, dm: int) -> list[list[int]]:
        """Decision maker ``dm``'s 0-based states, most preferred first, ties grouped.

        Examples
        --------
        >>> m = from_options(["p"], [OptionSpec("a", "p")], [0, 1], [[1, 1]])
        >>> m.ranking(0)
        [[0, 1]]
        """
        pay = self.payoffs[dm]
        order = np.lexsort((np.arange(self.size), -pay))
        boundaries = np.flatnonzero(np.diff(pay[order])) + 1
        return [group.tolist() for group in np.split(order, boundaries)]

    def change(self, source: int, target: int) -> str:
        """What a move changes: ``+declare -lift_sanctions`` in option form, else the label.

        Examples
        --------
        >>> m = from_options(["p"], [OptionSpec("a", "p"), OptionSpec("b", "p")], [0, 1, 2, 3],
        ...                  [[0, 1, 2, 3]])
        >>> m.change(1, 2)
        '+b -a'
        """
        if self.options is None or self.codes is None:
            return self.labels[target]
        before, after = int(self.codes[source]), int(self.codes[target])
        taken = [f"+{o.id}" for k, o in enumerate(self.options) if after >> k & 1 > before >> k & 1]
        dropped = [
            f"-{o.id}" for k, o in enumerate(self.options) if before >> k & 1 > after >> k & 1
        ]
        return " ".join(taken + dropped) or "no change"

    def state_of_code(self, codes: IntArray) -> IntArray:
        """The 0-based state of each option code, or -1 where it is not a feasible state
        (option form). Up to 2^22 possible codes a lookup table is kept (16 MB at most)."""
        assert self.codes is not None
        width = len(self.options or ())
        if width <= CODE_TABLE_BITS:
            if not self._code_index:
                table = np.full(1 << width, -1, dtype=np.int32)
                table[self.codes] = np.arange(len(self.codes), dtype=np.int32)
                self._code_index.append(table)
            return self._code_index[0][codes].astype(np.int64)
        where = np.minimum(np.searchsorted(self.codes, codes), len(self.codes) - 1)
        return np.where(self.codes[where] == codes, where, -1).astype(np.int64)

    def moves(self, dm: int, state: int) -> list[int]:
        """The 0-based states decision maker ``dm`` can reach from ``state`` in one move, sorted.

        In option form a move changes any non-empty subset of the decision maker's own options,
        each change in its allowed direction, and must end in a feasible state.
        """
        if self.arcs is not None:
            return list(self.arcs[dm][state])
        cached = self._move_cache.get((dm, state))
        if cached is not None:
            return cached
        flips = self._own_moves.get(dm)
        if flips is None:
            flips = self._own_moves[dm] = _subset_flips(self, dm)
        if self._cached_targets[0] >= MOVE_CACHE_SIZE:
            self._move_cache.clear()
            self._cached_targets[0] = 0
        targets = self._move_cache[(dm, state)] = _flip_targets(self, flips, state)
        self._cached_targets[0] += len(targets) + 1
        return targets


def _subset_flips(model: ConflictModel, dm: int) -> _Flips:
    """Per non-empty subset of ``dm``'s options: the bits it flips, and the bits that must be
    0 (forward-only options) or 1 (backward-only options) for the flip to be allowed."""
    assert model.options is not None
    own = [k for k, opt in enumerate(model.options) if opt.dm == model.dms[dm]]
    flip, need_off, need_on = [], [], []
    for size in range(1, len(own) + 1):
        for subset in combinations(own, size):
            flip.append(sum(1 << k for k in subset))
            need_off.append(sum(1 << k for k in subset if model.options[k].direction == "forward"))
            need_on.append(sum(1 << k for k in subset if model.options[k].direction == "backward"))
    as_array = partial(np.array, dtype=np.int64)
    return as_array(flip), as_array(need_off), as_array(need_on)


def _flip_targets(model: ConflictModel, flips: _Flips, state: int) -> list[int]:
    """The feasible states reached from ``state`` by the allowed subset flips, sorted."""
    assert model.codes is not None
    flip, need_off, need_on = flips
    code = model.codes[state]
    allowed = ((code & need_off) == 0) & ((code & need_on) == need_on)
    targets = code ^ flip[allowed]
    where = np.searchsorted(model.codes, targets)
    where = np.minimum(where, len(model.codes) - 1)
    feasible = model.codes[where] == targets
    return sorted(int(i) for i in where[feasible])


def dense_ranks(values: NDArray[np.float64] | list[float]) -> FloatArray:
    """Replace values by dense ranks 0, 1, ... keeping the order and the ties.

    Examples
    --------
    >>> dense_ranks([10.0, 3.0, 10.0, 7.0]).tolist()
    [2.0, 0.0, 2.0, 1.0]
    """
    _, inverse = np.unique(np.asarray(values, dtype=np.float64), return_inverse=True)
    return inverse.astype(np.float64)


def payoffs_from_ranking(ranking: list[int | list[int]], size: int) -> FloatArray:
    """Payoffs from a ranking of 1-based state numbers, most preferred first; a list is a tie.

    The ranking must name every state exactly once (checked when the file is loaded).

    Examples
    --------
    >>> payoffs_from_ranking([2, [1, 3]], 3).tolist()
    [0.0, 1.0, 0.0]
    """
    pay = np.zeros(size, dtype=np.float64)
    for position, entry in enumerate(ranking):
        for number in [entry] if isinstance(entry, int) else entry:
            pay[number - 1] = len(ranking) - 1 - position
    return dense_ranks(pay)


def from_options(
    dms: list[str],
    options: list[OptionSpec],
    codes: list[int] | IntArray,
    payoffs: list[FloatArray] | FloatArray,
    status_quo: int | None = None,
) -> ConflictModel:
    """Build an option-form model from the sorted feasible codes and payoffs per state.

    Parameters
    ----------
    dms : list of str
        The decision makers' ids.
    options : list of OptionSpec
        The options, each owned by a decision maker; option ``k`` taken adds ``2**k`` to a
        state's code.
    codes : list of int or array of int
        The sorted codes of the feasible states (state ``i`` is ``codes[i]``).
    payoffs : list of arrays or 2-d array
        For each decision maker, a number per state: higher is preferred, equal is a tie (only
        the order matters).
    status_quo : int, optional
        The 0-based state the conflict starts from.

    Returns
    -------
    ConflictModel
        States labelled by the options taken; moves change the mover's own options only.

    Examples
    --------
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> pd.moves(0, 0), pd.moves(1, 0)
    ([1], [2])
    """
    code_array = np.asarray(codes, dtype=np.int64)
    labels = tuple(_option_label(options, int(c)) for c in code_array)
    pay = np.vstack([dense_ranks(np.asarray(p, dtype=np.float64)) for p in payoffs])
    return ConflictModel(tuple(dms), labels, pay, tuple(options), code_array, None, status_quo)


def _option_label(options: list[OptionSpec], code: int) -> str:
    taken = [opt.id for k, opt in enumerate(options) if code >> k & 1]
    return ", ".join(taken) if taken else "(none)"


def from_graph(
    dms: list[str],
    labels: list[str],
    arcs: dict[str, list[tuple[int, int]]],
    payoffs: list[FloatArray] | FloatArray,
    status_quo: int | None = None,
) -> ConflictModel:
    """Build a graph-form model; ``arcs[dm]`` are ``(from, to)`` pairs of 1-based numbers.

    Parameters
    ----------
    dms : list of str
        The decision makers' ids.
    labels : list of str
        A label per state.
    arcs : dict of str to list of (int, int)
        For each decision maker, the moves it controls, as 1-based ``(from, to)`` state
        numbers (a loop is ignored; a decision maker not in it has no move).
    payoffs : list of arrays or 2-d array
        For each decision maker, a number per state: higher is preferred, equal is a tie.
    status_quo : int, optional
        The 0-based state the conflict starts from.

    Returns
    -------
    ConflictModel
        The model, with moves ``arcs`` made 0-based.

    Examples
    --------
    >>> g = from_graph(["a", "b"], ["x", "y"], {"a": [(1, 2)], "b": [(2, 1)]}, [[0, 1], [1, 0]])
    >>> g.moves(0, 0), g.moves(1, 1)
    ([1], [0])
    """
    table = []
    for dm in dms:
        targets: list[set[int]] = [set() for _ in labels]
        for source, target in arcs.get(dm, []):
            if source != target:
                targets[source - 1].add(target - 1)
        table.append(tuple(tuple(sorted(t)) for t in targets))
    pay = np.vstack([dense_ranks(np.asarray(p, dtype=np.float64)) for p in payoffs])
    return ConflictModel(tuple(dms), tuple(labels), pay, None, None, tuple(table), status_quo)
