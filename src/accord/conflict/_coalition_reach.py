"""Where a coalition can take the conflict: R_H(s) for every state, shared where possible.

In option form a decision maker's two moves in a row can always be merged into one move (each
option changes at most once, in its allowed direction) or dropped when they cancel, so "no
member moves twice in a row" does not restrict where a coalition can go: R_H(s) together with s
is the closure of s under the members' moves. Without infeasible states in the way, that closure
is a *box*: the states that agree with s on every option outside the coalition and on every
irreversible option already moved (a forward option taken, a backward one dropped), the other
options of the members being free. The members reach any such state by moving once each, in
turn. Many states share a box, so each box is listed once (:class:`ReachIndex` groups).

A box with an infeasible state in it, and graph form (where a decision maker's moves need not
compose), fall back to a search from each state over (state, last mover) pairs; with a single
member, R_i(s) is one move, which in option form is the feasible part of the box.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord import limits
from accord.conflict._model import ConflictModel
from accord.conflict._pairs import state_of_code
from accord.conflict._paths import coalition_paths

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class ReachIndex:
    """R_H(s) ∪ {s} for every state s, as groups of states shared between states.

    ``members[start[g]:start[g + 1]]`` are the states of group g, sorted; ``group[s]`` is the
    group of state s.
    """

    group: IntArray
    start: IntArray
    members: IntArray

    def reach(self, state: int) -> IntArray:
        """R_H(state) ∪ {state}."""
        g = int(self.group[state])
        return self.members[self.start[g] : self.start[g + 1]]

    @property
    def groups(self) -> int:
        """The number of groups."""
        return len(self.start) - 1


def reach_index(model: ConflictModel, members: tuple[int, ...]) -> ReachIndex:
    """The reach of coalition ``members`` from every state.

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("a", "p", direction="forward"), OptionSpec("b", "q")]
    >>> m = from_options(["p", "q"], opts, [0, 1, 2, 3], [[0, 1, 2, 3], [0, 0, 0, 0]])
    >>> index = reach_index(m, (0, 1))
    >>> index.reach(0).tolist(), index.reach(1).tolist()
    ([0, 1, 2, 3], [1, 3])
    """
    if model.is_option_form:
        return _box_index(model, members)
    return _searched_index(model, members, np.arange(model.size, dtype=np.int64), [], [])


def _free_options(model: ConflictModel, members: tuple[int, ...], codes: IntArray) -> IntArray:
    """For each code: the members' options that can still change (reversible options, forward
    options not yet taken, backward options still taken), as a bit mask."""
    assert model.options is not None
    names = {model.dms[j] for j in members}
    own = [k for k, o in enumerate(model.options) if o.dm in names]
    reversible = sum(1 << k for k in own if model.options[k].direction == "both")
    forward = sum(1 << k for k in own if model.options[k].direction == "forward")
    backward = sum(1 << k for k in own if model.options[k].direction == "backward")
    return reversible | (forward & ~codes) | (backward & codes)


def box_states(model: ConflictModel, members: tuple[int, ...], state: int) -> IntArray:
    """The feasible states of ``state``'s box for the coalition (option form), sorted: every
    state the coalition can reach lies in it, and all of them are reachable when the whole box
    is feasible.

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("a", "p", direction="forward"), OptionSpec("b", "q")]
    >>> m = from_options(["p", "q"], opts, [0, 1, 2, 3], [[0, 1, 2, 3], [0, 0, 0, 0]])
    >>> box_states(m, (0, 1), 1).tolist()
    [1, 3]
    """
    assert model.codes is not None
    code = model.codes[state : state + 1]
    free = int(_free_options(model, members, code)[0])
    found = state_of_code(model, (int(code[0]) & ~free) | _submasks(free))
    return np.sort(found[found >= 0])


def _box_index(model: ConflictModel, members: tuple[int, ...]) -> ReachIndex:
    assert model.options is not None
    assert model.codes is not None
    codes = model.codes
    free = _free_options(model, members, codes)
    keys = (free << len(model.options)) | (codes & ~free)
    unique_keys, group = np.unique(keys, return_inverse=True)
    box_free = unique_keys >> len(model.options)
    box_base = unique_keys & ((1 << len(model.options)) - 1)
    lists: list[IntArray] = [np.zeros(0, np.int64)] * len(unique_keys)
    partial: list[int] = []
    for mask in np.unique(box_free).tolist():
        chosen = np.flatnonzero(box_free == mask)
        subsets = _submasks(mask)
        found = state_of_code(model, box_base[chosen][:, None] | subsets[None, :])
        complete: NDArray[np.bool_] = np.asarray((found >= 0).all(axis=1))
        for row, g in enumerate(chosen.tolist()):
            if complete[row] or len(members) == 1:
                lists[g] = np.sort(found[row][found[row] >= 0])
            else:
                partial.append(g)
    return _assemble(model, members, group, lists, partial)


def _submasks(mask: int) -> IntArray:
    """Every submask of ``mask`` (including 0 and ``mask``)."""
    bits = [1 << k for k in range(mask.bit_length()) if mask >> k & 1]
    result = np.zeros(1, dtype=np.int64)
    for bit in bits:
        result = np.concatenate([result, result | bit])
    return result


def _assemble(
    model: ConflictModel,
    members: tuple[int, ...],
    group: IntArray,
    lists: list[IntArray],
    partial: list[int],
) -> ReachIndex:
    """Groups from complete boxes; states of the other boxes are searched one by one."""
    if not partial:
        return _pack(group.astype(np.int64), lists)
    searched = np.flatnonzero(np.isin(group, partial)).astype(np.int64)
    return _searched_index(model, members, searched, list(lists), group.astype(np.int64).tolist())


def _searched_index(
    model: ConflictModel,
    members: tuple[int, ...],
    states: IntArray,
    lists: list[IntArray],
    group: list[int],
) -> ReachIndex:
    """Add one group per state in ``states``, found by a search over (state, last mover)."""
    if not group:
        group = [0] * model.size
    steps, advice = limits.current().search_steps, "analyse fewer coalitions, or a smaller model"
    for state in states.tolist():
        found = coalition_paths(model, members, state, budget=steps, wanted=lambda _: False)
        if found.truncated:
            what = f"the reach of a coalition from state {state + 1}"
            raise limits.exceeded("search_steps", None, what, advice)
        group[state] = len(lists)
        lists.append(np.array(sorted({state, *found.reached}), dtype=np.int64))
    return _pack(np.array(group, dtype=np.int64), lists)


def _pack(group: IntArray, lists: list[IntArray]) -> ReachIndex:
    sizes = np.array([len(x) for x in lists], dtype=np.int64)
    start = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    members = np.concatenate(lists).astype(np.int64) if lists else np.zeros(0, np.int64)
    return ReachIndex(group, start, members)
