"""Inverse GMCR: the preference changes that would make a desired state an equilibrium.

Kinsara, Kilgour & Hipel (2015) ask which preferences make a given state stable. Under Nash,
GMR and SMR, whether a state d is stable for decision maker i depends only on which states i
prefers to d (the set A_i), and shrinking A_i never hurts: fewer improvements, more sanctions.
A *change* is therefore "i must prefer d to q" for a state q in A_i, and:

- Nash: every q in R_i(d) ∩ A_i must go below d;
- GMR: each improvement s1 must go below d, or be answered: some s2 in R_{N−i}(s1) below d;
- SMR: as GMR, and from that s2 nothing i can reach may stay above d, so the answer costs
  {s2} ∪ (R_i(s2) ∩ A_i).

The smallest set for each decision maker is a minimum hitting set (each improvement needs one
of its alternatives), solved exactly with CP-SAT; a decision maker's stability does not depend
on the others' preferences under these concepts, so the smallest set over all decision makers is
the union of the smallest sets of each. SEQ is not offered: its sanctions must be the sanctioners'
own improvements, which depend on how they rank states other than d.

Applying the changes moves each changed q just below d in i's ranking (keeping the order of the
changed states); the result is checked with the fast engine.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from accord import limits
from accord.conflict._model import ConflictModel, dense_ranks
from accord.conflict._paths import coalition_paths
from accord.conflict._stability import analyze
from accord.errors import AnalysisError, InputError
from accord.solver._control import Deadline
from accord.solver._model import Milp
from accord.solver._solve import prepare, solve

INVERSE_CONCEPTS = ("nash", "gmr", "smr")
"""The concepts inverse analysis supports."""
TIME_LIMIT = 10.0
"""Seconds CP-SAT may spend on one decision maker's smallest set."""


@dataclass(frozen=True)
class Requirement:
    """One improvement of the decision maker from the desired state and the ways to stop it:
    each alternative is a set of states that must all go below the desired state."""

    improvement: int
    alternatives: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class Changes:
    """What one decision maker's preferences must change for the desired state to be stable."""

    dm: int
    requirements: tuple[Requirement, ...]
    smallest: tuple[int, ...]
    """A smallest set of states the decision maker must come to rank below the desired one."""
    optimal: bool
    """Whether :attr:`smallest` is proven smallest (False only if the solver's time ran out)."""


def _check(model: ConflictModel, desired: int, concept: str) -> None:
    if concept not in INVERSE_CONCEPTS:
        raise InputError(
            f"inverse analysis supports {', '.join(INVERSE_CONCEPTS)}, not '{concept}'",
            "SEQ's sanctions depend on how the sanctioners rank other states; use gmr or smr",
        )
    if not 0 <= desired < model.size:
        raise InputError(
            f"state {desired + 1} does not exist", f"states are numbered 1..{model.size}"
        )


def requirements(model: ConflictModel, dm: int, desired: int, concept: str) -> list[Requirement]:
    """Every improvement of ``dm`` from ``desired`` that is not yet stopped, with the ways to
    stop it (each a set of states ``dm`` must come to rank below ``desired``)."""
    _check(model, desired, concept)
    pay = model.payoffs[dm]
    above = pay > pay[desired]
    others = [j for j in range(len(model.dms)) if j != dm]
    found = []
    for s1 in model.moves(dm, desired):
        if not above[s1]:
            continue
        ways: list[tuple[int, ...]] = [(s1,)]
        if concept != "nash" and others:
            answers = _answers(model, others, s1)
            costs = [_cost(model, dm, above, s2, concept) for s2 in answers]
            if any(not cost for cost in costs):
                continue  # already sanctioned
            ways += sorted(set(costs) - {(s1,)}, key=lambda c: (len(c), c))
        found.append(Requirement(s1, tuple(ways)))
    return found


def _answers(model: ConflictModel, others: list[int], start: int) -> list[int]:
    steps = limits.current().search_steps
    outcome = coalition_paths(model, others, start, budget=steps, wanted=lambda _: False)
    if outcome.truncated:
        what = f"the inverse analysis (the others' answers from state {start + 1})"
        raise limits.exceeded("search_steps", None, what, "analyse a smaller model")
    return sorted(outcome.reached)


def _cost(
    model: ConflictModel, dm: int, above: np.ndarray, sanction: int, concept: str
) -> tuple[int, ...]:
    """The states that must go below the desired state for ``sanction`` to sanction."""
    needed = {sanction} if above[sanction] else set()
    if concept == "smr":
        needed |= {q for q in model.moves(dm, sanction) if above[q]}
    return tuple(sorted(needed))


def smallest_set(
    found: list[Requirement], time_limit: float = TIME_LIMIT
) -> tuple[tuple[int, ...], bool]:
    """A minimum set of states meeting every requirement (one alternative each), exactly:
    CP-SAT through the shared solver entry point (:func:`accord.solver._solve.solve`)."""
    if all(len(r.alternatives) == 1 for r in found):
        return tuple(sorted({q for r in found for q in r.alternatives[0]})), True
    states = sorted({q for r in found for way in r.alternatives for q in way})
    lp = Milp()
    below = {q: lp.binary() for q in states}
    for r in found:
        chosen = []
        for way in r.alternatives:
            if len(way) == 1:
                chosen.append(below[way[0]])
                continue
            together = lp.binary()
            for q in way:
                lp.row({together: 1, below[q]: -1}, hi=0)
            chosen.append(together)
        lp.row(dict.fromkeys(chosen, 1), lo=1)
    prepare("cpsat")  # the import takes seconds (more on a busy machine): not the deadline's
    outcome = solve(
        lp, dict.fromkeys(below.values(), 1), Deadline.after(time_limit), backend="cpsat"
    )
    if outcome.status not in ("optimal", "time_limit"):
        raise AnalysisError(f"the solver found no set of changes ({outcome.status})")
    chosen_states = tuple(q for q in states if outcome.x[below[q]] > 0.5)
    return chosen_states, outcome.status == "optimal"


def changes_for(model: ConflictModel, dm: int, desired: int, concept: str) -> Changes:
    """The changes ``dm``'s preferences need for ``desired`` to be stable for it."""
    found = requirements(model, dm, desired, concept)
    smallest, optimal = smallest_set(found)
    return Changes(dm, tuple(found), smallest, optimal)


def apply_changes(model: ConflictModel, desired: int, changes: list[Changes]) -> ConflictModel:
    """The model with each changed state moved just below ``desired`` in its decision maker's
    ranking (the changed states keep their order; nothing else moves).

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> new = apply_changes(pd, 0, [Changes(0, (), (1,), True)])
    >>> new.payoffs[0].tolist()
    [3.0, 2.0, 0.0, 1.0]
    """
    pay = model.payoffs.copy() * 2.0
    for change in changes:
        chosen = sorted(change.smallest, key=lambda q: model.payoffs[change.dm, q])
        base = 2.0 * model.payoffs[change.dm, desired] - 1.0
        for k, q in enumerate(chosen, start=1):
            pay[change.dm, q] = base + k / (len(chosen) + 1)
    ranked = np.vstack([dense_ranks(row) for row in pay])
    return replace(model, payoffs=ranked, _move_cache={}, _cached_targets=[0])


@dataclass(frozen=True)
class InverseResult:
    """The changes that make ``desired`` an equilibrium under ``concept``, per decision maker."""

    model: ConflictModel
    desired: int
    concept: str
    changes: tuple[Changes, ...]
    verified: bool
    """Whether the fast engine finds ``desired`` an equilibrium once every change is made."""

    @property
    def size(self) -> int:
        """How many changes in all (the smallest number over all decision makers)."""
        return sum(len(c.smallest) for c in self.changes)

    @property
    def optimal(self) -> bool:
        """Whether every decision maker's set is proven smallest."""
        return all(c.optimal for c in self.changes)


def inverse(model: ConflictModel, desired: int, concept: str = "nash") -> InverseResult:
    """The smallest preference changes that make 0-based ``desired`` an equilibrium.

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> found = inverse(pd, 0, "nash")  # mutual cooperation: each must prefer it to defecting
    >>> [(c.dm, c.smallest) for c in found.changes], found.verified
    ([(0, (1,)), (1, (2,))], True)
    """
    _check(model, desired, concept)
    changes = tuple(changes_for(model, dm, desired, concept) for dm in range(len(model.dms)))
    changed = apply_changes(model, desired, list(changes))
    verified = bool(analyze(changed, [concept]).stable[concept][:, desired].all())
    return InverseResult(model, desired, concept, changes, verified)
