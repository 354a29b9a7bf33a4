"""The fast engine: Nash, GMR, SMR and SEQ for every decision maker and state at once.

Each concept is a comparison of two whole-state arrays (Xu, Hipel & Kilgour 2009 give the same
logic as products of m × m matrices; here the matrices are never formed):

- ``sanction(s1)``: the lowest payoff to i that the others can force from s1, the minimum over
  the coalition reachable list R_{N−i}(s1) (no member moving twice in a row), found as the least
  fixed point of ``g_j(q) = min over q' in R_j(q) of min(v(q'), g_l(q') for l ≠ j)``;
- i is stable at s iff every improvement s1 of i has ``sanction(s1) <= pay_i(s)``, i.e. the
  largest sanction over improvements (:meth:`MoveOperator.best_move`) is at most ``pay_i(s)``.

GMR takes ``v = pay_i``; SMR ``v = max(pay_i, best reply of i)`` (the sanction must leave i no
escape above s); SEQ restricts the others' moves to their own improvements. SIM, L_h and NM have
modules of their own (:mod:`accord.conflict._simultaneous`, :mod:`accord.conflict._anticipation`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord import limits
from accord._suggest import unknown_hint
from accord.conflict._anticipation import lh_stable, nm_stable
from accord.conflict._concepts import CONCEPTS, DEFAULT_CONCEPTS, DEFAULT_HORIZON
from accord.conflict._model import ConflictModel, FloatArray
from accord.conflict._operators import MoveOperator, operators
from accord.conflict._reference import ReferenceEngine
from accord.conflict._reference_anticipation import AnticipationReference
from accord.conflict._simultaneous import require_option_form, sim_stable, sim_table
from accord.errors import InputError

BoolArray = NDArray[np.bool_]
Progress = Callable[[str, int], None]


@dataclass(frozen=True, eq=False)
class StabilityResult:
    """Stability of every state for every decision maker, per concept.

    ``stable[concept]`` is a boolean array of shape (decision makers, states); ``details``
    holds what a concept needs to be read: ``{"lh": {"horizon": h}, "nm": {"from_horizon": H,
    "period": p}}``.
    """

    model: ConflictModel
    stable: dict[str, BoolArray]
    details: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def horizon(self) -> int | None:
        """The horizon of L_h, if L_h was computed."""
        return self.details.get("lh", {}).get("horizon")

    def equilibria(self, concept: str) -> list[int]:
        """0-based states stable for every decision maker under ``concept``."""
        return [int(s) for s in np.flatnonzero(self.stable[concept].all(axis=0))]

    def stable_states(self, concept: str, dm: int) -> list[int]:
        """0-based states stable for decision maker ``dm`` under ``concept``."""
        return [int(s) for s in np.flatnonzero(self.stable[concept][dm])]

    def to_dict(self) -> dict[str, Any]:
        """``{concept: {"per_dm": {dm: [numbers]}, "equilibria": [numbers], ...details}}``
        (1-based)."""
        return {
            concept: {
                "per_dm": {
                    dm: [s + 1 for s in self.stable_states(concept, i)]
                    for i, dm in enumerate(self.model.dms)
                },
                "equilibria": [s + 1 for s in self.equilibria(concept)],
                **self.details.get(concept, {}),
            }
            for concept in self.stable
        }


def coalition_minimum(
    ops: Sequence[MoveOperator],
    members: Sequence[int],
    values: FloatArray,
    improving_pay: FloatArray | None = None,
) -> FloatArray:
    """For each state, the minimum of ``values`` over its coalition reachable list.

    ``improving_pay`` (shape decision makers × states) restricts every move to an improvement
    for its mover (R_H^+). States with an empty list get +inf.

    Examples
    --------
    >>> from accord.conflict._operators import SparseMoves
    >>> ops = [SparseMoves([[1], [], []]), SparseMoves([[], [2], []])]
    >>> coalition_minimum(ops, [0, 1], np.array([9.0, 5.0, 1.0])).tolist()
    [1.0, 1.0, inf]
    """
    reach = {j: np.full(len(values), np.inf) for j in members}
    changed = True
    while changed:
        changed = False
        for j in members:
            after = values.copy()
            for other in members:
                if other != j:
                    np.minimum(after, reach[other], out=after)
            pay = None if improving_pay is None else improving_pay[j]
            new = np.minimum(reach[j], -ops[j].best_move(pay, -after))
            if (new < reach[j]).any():
                reach[j] = new
                changed = True
    result = np.full(len(values), np.inf)
    for j in members:
        np.minimum(result, reach[j], out=result)
    return result


def _stable_against(op: MoveOperator, pay: FloatArray, sanction: FloatArray) -> BoolArray:
    worst = op.best_move(pay, sanction)
    return np.asarray(worst <= pay)


def check_concepts(model: ConflictModel, concepts: Sequence[str], horizon: int) -> None:
    """Refuse unknown concepts, SIM on graph form and a horizon below 1 (clear errors)."""
    unknown = [c for c in concepts if c not in CONCEPTS]
    if unknown:
        raise InputError(
            f"unknown stability concept '{unknown[0]}'",
            unknown_hint(unknown[0], CONCEPTS, "concepts"),
        )
    if "sim" in concepts:
        require_option_form(model)
    if "lh" in concepts and horizon < 1:
        raise InputError(f"the horizon of L_h must be at least 1, got {horizon}")
    if "lh" in concepts:
        advice = "NM (--concept nm) looks arbitrarily far ahead at the cost of a few horizons"
        limits.check("horizon", horizon, "--horizon: L_h", advice)


def analyze(
    model: ConflictModel,
    concepts: Sequence[str] = DEFAULT_CONCEPTS,
    progress: Progress | None = None,
    horizon: int = DEFAULT_HORIZON,
) -> StabilityResult:
    """Stability under each of ``concepts`` for every decision maker and state (fast engine).

    ``progress(concept, dm)`` is called before each decision maker is analysed (SIM, L_h and
    NM analyse every decision maker at once: one call with ``dm = 0``). ``horizon`` is L_h's h.

    Parameters
    ----------
    model : ConflictModel
        From :func:`build_model`, :func:`from_options` or :func:`from_graph`.
    concepts : sequence of str, default ("nash", "gmr", "smr", "seq")
        Among :data:`CONCEPTS`: ``nash``, ``gmr``, ``smr``, ``seq``, ``sim``, ``lh``, ``nm``.
    progress : callable, optional
        ``progress(concept, dm)``, called before each decision maker is analysed.
    horizon : int, default 2
        L_h's horizon h, at least 1.

    Returns
    -------
    StabilityResult
        For each concept, whether each state is stable for each decision maker (an
        equilibrium when it is for all), and details (L_h's horizon, where NM settles).

    Raises
    ------
    InputError
        An unknown concept, SIM on a graph-form model, or an L_h horizon below 1 or above the
        ``horizon`` limit.

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> chicken = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 1, 0], [2, 1, 3, 0]])
    >>> result = analyze(chicken, ["nash", "gmr", "sim", "nm"])
    >>> result.equilibria("nash"), result.equilibria("gmr"), result.equilibria("sim")
    ([1, 2], [0, 1, 2], [0, 1, 2])
    >>> result.equilibria("nm"), result.details["nm"]
    ([0], {'from_horizon': 3, 'period': 1})
    """
    check_concepts(model, concepts, horizon)
    ops = operators(model)
    stable: dict[str, BoolArray] = {}
    details: dict[str, dict[str, int]] = {}
    for concept in concepts:
        if concept in ("lh", "nm", "sim"):
            if progress is not None:
                progress(concept, 0)
            if concept == "sim":
                stable[concept] = sim_table(model)
            elif concept == "lh":
                stable[concept] = lh_stable(model, horizon)
                details[concept] = {"horizon": horizon}
            else:
                found = nm_stable(model)
                stable[concept] = found.stable
                details[concept] = {"from_horizon": found.start, "period": found.period}
            continue
        rows = []
        for i in range(len(model.dms)):
            if progress is not None:
                progress(concept, i)
            rows.append(stable_for(concept, model, ops, i))
        stable[concept] = np.vstack(rows) if rows else np.zeros((0, model.size), dtype=bool)
    return StabilityResult(model, stable, details)


def stable_for(
    concept: str, model: ConflictModel, ops: Sequence[MoveOperator], i: int
) -> BoolArray:
    """Stability of every state for decision maker ``i`` under one of nash, gmr, smr, seq, sim."""
    others = [j for j in range(len(ops)) if j != i]
    pay = model.payoffs
    mine = pay[i]
    if concept == "sim":
        return sim_stable(model, i)
    if concept == "nash":
        return _stable_against(ops[i], mine, np.full(len(mine), np.inf))
    if concept == "gmr":
        sanction = coalition_minimum(ops, others, mine)
    elif concept == "smr":
        escape = np.maximum(mine, ops[i].best_move(None, mine))
        sanction = coalition_minimum(ops, others, escape)
    else:  # seq
        sanction = coalition_minimum(ops, others, mine, improving_pay=pay)
    return _stable_against(ops[i], mine, sanction)


def analyze_reference(
    model: ConflictModel, concepts: Sequence[str] = DEFAULT_CONCEPTS, horizon: int = DEFAULT_HORIZON
) -> StabilityResult:
    """Stability by the literal definitions (slow; for checking and small models).

    Parameters
    ----------
    model : ConflictModel
        From :func:`build_model`, :func:`from_options` or :func:`from_graph`.
    concepts : sequence of str, default ("nash", "gmr", "smr", "seq")
        Among :data:`CONCEPTS`.
    horizon : int, default 2
        L_h's horizon h, at least 1.

    Returns
    -------
    StabilityResult
        The same tables as :func:`analyze` gives (which the tests check).

    Raises
    ------
    InputError
        An unknown concept, SIM on a graph-form model, or an L_h horizon below 1 or above the
        ``horizon`` limit.

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> analyze_reference(pd).equilibria("nash")
    [3]
    >>> analyze_reference(pd, ["bogus"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: unknown stability concept 'bogus' (hint: known concepts: nash, ...)
    """
    check_concepts(model, concepts, horizon)
    engine = ReferenceEngine(model)
    anticipation = AnticipationReference(model)
    stable: dict[str, BoolArray] = {}
    for concept in concepts:
        if concept == "lh":
            stable[concept] = anticipation.lh_table(horizon)
        elif concept == "nm":
            stable[concept] = anticipation.nm_table()
        else:
            stable[concept] = engine.table(concept)
    details = {"lh": {"horizon": horizon}} if "lh" in concepts else {}
    return StabilityResult(model, stable, details)
