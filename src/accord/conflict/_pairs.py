"""Every move of a decision maker as (source, target) arrays, built with NumPy.

The fast engine's concepts that compare two moves made at the same time (SIM) or that list
move options need the moves themselves, not only an aggregate over them. In option form they
are found for many states at once: one vectorised step per subset of the decision maker's
options (Fang, Hipel & Kilgour 1993, ch. 2: a move changes any non-empty subset of one's own
options, each in its allowed direction, and ends in a feasible state).
"""

from __future__ import annotations

import numpy as np

from accord.conflict._model import ConflictModel, IntArray, _subset_flips


def state_of_code(model: ConflictModel, codes: IntArray) -> IntArray:
    """The 0-based state of each option code, or -1 where the code is not a feasible state."""
    return model.state_of_code(codes)


def move_pairs(
    model: ConflictModel, dm: int, states: IntArray | None = None
) -> tuple[IntArray, IntArray]:
    """``(sources, targets)``: every move of ``dm`` from ``states`` (default: all), sorted by
    source then target.

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("a", "p", direction="forward"), OptionSpec("b", "q")]
    >>> m = from_options(["p", "q"], opts, [0, 1, 2, 3], [[0, 1, 2, 3], [0, 0, 0, 0]])
    >>> [x.tolist() for x in move_pairs(m, 0)]
    [[0, 2], [1, 3]]
    """
    chosen = np.arange(model.size, dtype=np.int64) if states is None else states
    if model.arcs is not None:
        rows = [model.arcs[dm][s] for s in chosen.tolist()]
        sources = np.repeat(chosen, [len(r) for r in rows])
        targets = np.array([t for r in rows for t in r], dtype=np.int64)
        return sources, targets
    assert model.codes is not None
    flip, need_off, need_on = _subset_flips(model, dm)
    codes = model.codes[chosen]
    found_sources, found_targets = [], []
    for f, off, on in zip(flip.tolist(), need_off.tolist(), need_on.tolist(), strict=True):
        allowed = ((codes & off) == 0) & ((codes & on) == on)
        targets = state_of_code(model, codes[allowed] ^ f)
        feasible = targets >= 0
        found_sources.append(chosen[allowed][feasible])
        found_targets.append(targets[feasible])
    sources = np.concatenate(found_sources) if found_sources else np.zeros(0, np.int64)
    targets = np.concatenate(found_targets) if found_targets else np.zeros(0, np.int64)
    order = np.lexsort((targets, sources))
    return sources[order], targets[order]


def improvement_pairs(
    model: ConflictModel, dm: int, states: IntArray | None = None
) -> tuple[IntArray, IntArray]:
    """``(sources, targets)``: the moves of ``dm`` to states it strictly prefers (R_i^+)."""
    sources, targets = move_pairs(model, dm, states)
    pay = model.payoffs[dm]
    better = pay[targets] > pay[sources]
    return sources[better], targets[better]


def cross_join(left: IntArray, right: IntArray) -> tuple[IntArray, IntArray]:
    """Index pairs ``(a, b)`` with ``left[a] == right[b]``; both arrays sorted.

    Examples
    --------
    >>> [x.tolist() for x in cross_join(np.array([0, 0, 2]), np.array([0, 2, 2]))]
    [[0, 1, 2, 2], [0, 0, 1, 2]]
    """
    start = np.searchsorted(right, left, side="left")
    stop = np.searchsorted(right, left, side="right")
    counts = stop - start
    a = np.repeat(np.arange(len(left), dtype=np.int64), counts)
    offsets = np.arange(len(a), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    b = np.repeat(start, counts) + offsets
    return a, b.astype(np.int64)
