"""Simultaneous sanctioning (SIM; Fraser & Hipel 1984), fast engine.

Decision maker i is SIM stable at s when every unilateral improvement s1 of i is sanctioned by
a unilateral improvement s2 that another decision maker j has *from the same state s*, made at
the same time: the two moves together (each changes its own options, as in s1 and in s2) end in
a feasible state that i does not prefer to s. Simultaneous moves are combined option by option,
so SIM needs option form (the GMCR+ tool uses the same definition).

The moves are enumerated as arrays (:func:`accord.conflict._pairs.improvement_pairs`), joined on
their common source state, and combined with one XOR of option codes; states are processed in
chunks so that memory stays bounded.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from accord.conflict._model import ConflictModel
from accord.conflict._pairs import cross_join, improvement_pairs, state_of_code
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


def sim_table(model: ConflictModel) -> NDArray[np.bool_]:
    """SIM stability of every state for every decision maker (decision makers × states).

    Each pair of decision makers' improvements from the same state is combined once; the
    combined state sanctions either improvement its mover does not prefer it to.

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> chicken = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 1, 0], [2, 1, 3, 0]])
    >>> sim_table(chicken).tolist()
    [[True, True, True, False], [True, True, True, False]]
    """
    require_option_form(model)
    dms = range(len(model.dms))
    stable = np.ones((len(model.dms), model.size), dtype=bool)
    for start in range(0, model.size, CHUNK):
        chunk = np.arange(start, min(start + CHUNK, model.size), dtype=np.int64)
        pairs = [improvement_pairs(model, j, chunk) for j in dms]
        sanctioned = [np.zeros(len(p[0]), dtype=bool) for p in pairs]
        for first in dms:
            for second in dms:
                if first < second:
                    _combine(model, (first, second), pairs, sanctioned)
        for dm in dms:
            stable[dm, pairs[dm][0][~sanctioned[dm]]] = False
    return stable


def sim_stable(model: ConflictModel, dm: int) -> NDArray[np.bool_]:
    """Whether each state is SIM stable for ``dm`` (one row of :func:`sim_table`)."""
    return np.asarray(sim_table(model)[dm])


Pairs = tuple[NDArray[np.int64], NDArray[np.int64]]


def _combine(
    model: ConflictModel,
    movers: tuple[int, int],
    pairs: list[Pairs],
    sanctioned: list[NDArray[np.bool_]],
) -> None:
    """Combine every improvement of one mover with every improvement of the other from the
    same state; mark each improvement the combined state sanctions (its mover does not prefer
    the combined state to the source)."""
    assert model.codes is not None
    codes = model.codes
    i, j = movers
    a, b = cross_join(pairs[i][0], pairs[j][0])
    if not len(a):
        return
    base = pairs[i][0][a]
    together = state_of_code(model, codes[pairs[i][1][a]] ^ codes[pairs[j][1][b]] ^ codes[base])
    valid = together >= 0
    a, b, base, together = a[valid], b[valid], base[valid], together[valid]
    for mover, rows in ((i, a), (j, b)):
        pay = model.payoffs[mover]
        sanctioned[mover][rows[pay[together] <= pay[base]]] = True
