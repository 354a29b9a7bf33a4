"""Simultaneous sanctioning (SIM; Fraser & Hipel 1984), fast engine.

Decision maker i is SIM stable at s when every unilateral improvement s1 of i is sanctioned by
a unilateral improvement s2 that another decision maker j has *from the same state s*, made at
the same time: the two moves together (each changes its own options, as in s1 and in s2) end in
a feasible state that i does not prefer to s. Simultaneous moves are combined option by option,
so SIM needs option form (the GMCR+ tool uses the same definition).

The moves are enumerated as arrays (:func:`accord.conflict.pairs.improvement_pairs`), joined on
their common source state, and combined with one XOR of option codes; states are processed in
chunks so that memory stays bounded.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from accord.conflict.model import ConflictModel
from accord.conflict.pairs import cross_join, improvement_pairs, state_of_code
from accord.errors import InputError

CHUNK = 1 << 16
"""States processed at once."""


def require_option_form(model: ConflictModel) -> None:
    """SIM combines moves option by option: refuse graph form with a clear error."""
    if not model.is_option_form:
        raise InputError(
            "SIM (simultaneous sanctioning) needs option form: simultaneous moves are combined "
            "option by option, which a graph-form model cannot do",
            "write the conflict with `options:`, or leave out `--concept sim`",
        )


def sim_stable(model: ConflictModel, dm: int) -> NDArray[np.bool_]:
    """Whether each state is SIM stable for ``dm`` (boolean array over states).

    Examples
    --------
    >>> from accord.conflict.model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> chicken = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 1, 0], [2, 1, 3, 0]])
    >>> sim_stable(chicken, 0).tolist()
    [True, True, True, False]
    """
    require_option_form(model)
    stable = np.ones(model.size, dtype=bool)
    for start in range(0, model.size, CHUNK):
        chunk = np.arange(start, min(start + CHUNK, model.size), dtype=np.int64)
        sources, targets = improvement_pairs(model, dm, chunk)
        sanctioned = _sanctioned(model, dm, chunk, sources, targets)
        stable[sources[~sanctioned]] = False
    return stable


def _sanctioned(
    model: ConflictModel,
    dm: int,
    chunk: NDArray[np.int64],
    sources: NDArray[np.int64],
    targets: NDArray[np.int64],
) -> NDArray[np.bool_]:
    """For each improvement ``sources[k] → targets[k]`` of ``dm``: whether some other decision
    maker's improvement from the same source, made at the same time, sanctions it."""
    assert model.codes is not None
    codes, pay = model.codes, model.payoffs[dm]
    sanctioned = np.zeros(len(sources), dtype=bool)
    for other in range(len(model.dms)):
        if other == dm or not len(sources):
            continue
        other_sources, other_targets = improvement_pairs(model, other, chunk)
        a, b = cross_join(sources, other_sources)
        base = codes[sources[a]]
        together = state_of_code(model, codes[targets[a]] ^ codes[other_targets[b]] ^ base)
        valid = together >= 0
        hurts = np.zeros(len(a), dtype=bool)
        hurts[valid] = pay[together[valid]] <= pay[sources[a][valid]]
        sanctioned[a[hurts]] = True
    return sanctioned
