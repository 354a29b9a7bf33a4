"""First-level hypergames: each decision maker acts on its own view of the conflict.

Wang, Hipel & Fraser (1988) and Aljefri, Hipel & Fang (2017): a decision maker may be unaware
of some of the others' options, or misread their preferences; it then analyses the game *it*
sees, G_i, and behaves as that game says. Accord's reading:

- G_i is the true game with i's view of the others' preferences (``perceptions.i.preferences``;
  its own preferences are its own) and without the options i is unaware of: in i's view they are
  never taken, so G_i's states are the true states where those options are not taken (true state
  numbers are kept in every result).
- A true state s is stable for i when its projection (s with the unknown options not taken) is
  stable for i in G_i; a projection that is not a state of G_i (infeasible) is not stable.
- Hypergame equilibria: true states stable for every decision maker in its own game.
- Each G_i also predicts equilibria (states stable for everyone *in i's view*). A hypergame
  equilibrium i did not predict is *unexpected* by i; an equilibrium i predicted that is not a
  hypergame equilibrium is a *false expectation* of i.

When every perception equals the true game, the hypergame equilibria are the plain equilibria and
nothing is unexpected (a property test checks it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.conflict._build import build_model, payoffs_for
from accord.conflict._concepts import DEFAULT_CONCEPTS, DEFAULT_HORIZON, concept_name
from accord.conflict._explain import StabilityExplanation, explain
from accord.conflict._model import ConflictModel, dense_ranks, from_graph, from_options
from accord.conflict._pairs import state_of_code
from accord.conflict._stability import StabilityResult, analyze
from accord.scenario._model import Scenario

BoolArray = NDArray[np.bool_]
SHOWN = 2
"""Moves named per explanation in the hypergame's sentences (the JSON has them all)."""
FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class View:
    """One decision maker's game and how true states map into it."""

    dm: int
    model: ConflictModel
    true_state: IntArray
    """For each state of this view, the true state it is (0-based)."""
    projection: IntArray
    """For each true state, the state of this view it looks like (-1: none)."""
    unaware_of: tuple[str, ...]
    misread: tuple[str, ...]
    """Decision makers whose preferences this decision maker sees differently."""
    result: StabilityResult


@dataclass(frozen=True)
class Perception:
    """One decision maker's view: options it is unaware of, and the payoffs (over the true
    game's states) it believes some others have."""

    dm: int
    unaware_of: tuple[str, ...] = ()
    believed: tuple[tuple[int, FloatArray], ...] = ()


def _view(
    model: ConflictModel, perception: Perception, concepts: Sequence[str], horizon: int
) -> View:
    dm = perception.dm
    if model.codes is not None and model.options is not None:
        mask = sum(1 << k for k, o in enumerate(model.options) if o.id in perception.unaware_of)
        keep = np.flatnonzero((model.codes & mask) == 0).astype(np.int64)
        projection = state_of_code(model, model.codes & ~mask)
        projection = np.where(projection >= 0, np.searchsorted(keep, projection), -1)
    else:
        keep = np.arange(model.size, dtype=np.int64)
        projection = keep.copy()
    believed = dict(perception.believed)
    pays = [dense_ranks(believed.get(j, model.payoffs[j])[keep]) for j in range(len(model.dms))]
    quo = None if model.status_quo is None else int(projection[model.status_quo])
    quo = None if quo is None or quo < 0 else quo
    if model.codes is not None and model.options is not None:
        seen = from_options(list(model.dms), list(model.options), model.codes[keep], pays, quo)
    else:
        arcs = {
            other: [(s + 1, t + 1) for s in range(model.size) for t in model.moves(j, s)]
            for j, other in enumerate(model.dms)
        }
        seen = from_graph(list(model.dms), list(model.labels), arcs, pays, quo)
    result = analyze(seen, concepts, horizon=horizon)
    misread = tuple(model.dms[j] for j in believed)
    return View(dm, seen, keep, projection, perception.unaware_of, misread, result)


def perceptions_of(scenario: Scenario, model: ConflictModel) -> list[Perception]:
    """Each decision maker's perception as the file's ``perceptions:`` gives it."""
    section = scenario.conflict
    assert section is not None
    found = []
    for j, name in enumerate(model.dms):
        given = section.perceptions.get(name)
        if given is None:
            found.append(Perception(j))
            continue
        believed = tuple(
            (model.dm_index(other), payoffs_for(section, preference, model.codes))
            for other, preference in given.preferences.items()
        )
        found.append(Perception(j, tuple(given.unaware_of), believed))
    return found


@dataclass(frozen=True)
class Hypergame:
    """Every decision maker's view, and what follows when each acts on its own."""

    model: ConflictModel
    truth: StabilityResult
    views: tuple[View, ...]
    concepts: tuple[str, ...]

    def stable(self, concept: str) -> BoolArray:
        """(decision makers × true states): stable for each in its own view."""
        rows = []
        for view in self.views:
            projected = view.projection
            row = np.zeros(self.model.size, dtype=bool)
            known = projected >= 0
            row[known] = view.result.stable[concept][view.dm, projected[known]]
            rows.append(row)
        return np.vstack(rows)

    def equilibria(self, concept: str) -> list[int]:
        """True states stable for every decision maker in its own view (0-based)."""
        return [int(s) for s in np.flatnonzero(self.stable(concept).all(axis=0))]

    def expected(self, view: View, concept: str) -> list[int]:
        """The equilibria ``view``'s decision maker predicts (true state numbers, 0-based)."""
        return sorted(int(view.true_state[s]) for s in view.result.equilibria(concept))

    def surprises(self, concept: str) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
        """``(unexpected, false)``: for each hypergame equilibrium the decision makers that did
        not predict it; for each predicted non-equilibrium the decision makers that did."""
        actual = set(self.equilibria(concept))
        unexpected: dict[int, list[int]] = {}
        false: dict[int, list[int]] = {}
        for view in self.views:
            predicted = set(self.expected(view, concept))
            for s in sorted(actual - predicted):
                unexpected.setdefault(s, []).append(view.dm)
            for s in sorted(predicted - actual):
                false.setdefault(s, []).append(view.dm)
        return dict(sorted(unexpected.items())), dict(sorted(false.items()))

    def reasons(
        self, concept: str, state: int, viewer: int
    ) -> list[tuple[int, StabilityExplanation, StabilityExplanation]]:
        """Why ``viewer`` was wrong about ``state``: for each decision maker k whose verdict in
        ``viewer``'s view differs from its verdict in its own view, ``(k, the explanation in
        viewer's view, the explanation in k's own view)``."""
        view = self.views[viewer]
        seen = int(view.projection[state])
        found = []
        for k, own in enumerate(self.views):
            mine = int(own.projection[state])
            if k == viewer or seen < 0 or mine < 0:
                continue
            if view.result.stable[concept][k, seen] != own.result.stable[concept][k, mine]:
                expected = explain(view.result, concept, k, seen)
                actual = explain(own.result, concept, k, mine)
                found.append((k, expected, actual))
        return found

    def _entries(self, concept: str, found: dict[int, list[int]]) -> list[dict[str, Any]]:
        dms = self.model.dms
        return [
            {
                "state": s + 1,
                "by": [dms[j] for j in who],
                "why": [
                    {
                        "dm": dms[k],
                        "in_view_of": dms[v],
                        "expected": expected.text,
                        "actual": actual.text,
                    }
                    for v in who
                    for k, expected, actual in self.reasons(concept, s, v)
                ],
            }
            for s, who in found.items()
        ]

    def to_dict(self) -> dict[str, Any]:
        """The documented ``hypergame`` JSON form (1-based true state numbers)."""
        dms = self.model.dms
        per_concept = {}
        for concept in self.concepts:
            unexpected, false = self.surprises(concept)
            per_concept[concept] = {
                "equilibria": [s + 1 for s in self.equilibria(concept)],
                "unexpected": self._entries(concept, unexpected),
                "false_expectations": self._entries(concept, false),
            }
        return {
            "views": [
                {
                    "dm": dms[v.dm],
                    "unaware_of": list(v.unaware_of),
                    "misread": list(v.misread),
                    "expected_equilibria": {
                        c: [s + 1 for s in self.expected(v, c)] for c in self.concepts
                    },
                    "stable_for_self": {
                        c: [int(v.true_state[s]) + 1 for s in v.result.stable_states(c, v.dm)]
                        for c in self.concepts
                    },
                }
                for v in self.views
            ],
            "stability": per_concept,
            "text": self.sentences(),
        }

    def sentences(self) -> list[str]:
        """The unexpected equilibria and false expectations, called out per concept."""
        dms, lines = self.model.dms, []
        for concept in self.concepts:
            name = concept_name(concept, self.truth.horizon)
            unexpected, false = self.surprises(concept)
            found = ", ".join(str(s + 1) for s in self.equilibria(concept)) or "none"
            lines.append(
                f"Under {name}, when each acts on its own view the equilibria are: {found}."
            )
            for who, states in _by_who(unexpected).items():
                names = ", ".join(dms[j] for j in who)
                lines.append(f"{name}: {_states(states)} that {names} did not expect.")
                lines += self._why(concept, states[0], who[0])
            for who, states in _by_who(false).items():
                names = ", ".join(dms[j] for j in who)
                lines.append(
                    f"{name}: {names} expected {_states(states, 'to be')}; once each acts on its "
                    f"own view, {'it is' if len(states) == 1 else 'they are'} not."
                )
                lines += self._why(concept, states[0], who[0])
        return lines

    def _why(self, concept: str, state: int, viewer: int) -> list[str]:
        """One reason, in the viewer's view and in the mover's own (the first of them)."""
        dms = self.model.dms
        for k, expected, actual in self.reasons(concept, state, viewer)[:1]:
            return [
                f"  In {dms[viewer]}'s view: {expected.describe(SHOWN)}",
                f"  In {dms[k]}'s own view: {actual.describe(SHOWN)}",
            ]
        return []


def _by_who(found: dict[int, list[int]]) -> dict[tuple[int, ...], list[int]]:
    grouped: dict[tuple[int, ...], list[int]] = {}
    for state, who in found.items():
        grouped.setdefault(tuple(who), []).append(state)
    return grouped


def _states(states: list[int], verb: str = "is") -> str:
    """``state 34 is an equilibrium`` or ``states 34, 36 are equilibria`` (``verb`` "to be":
    ``state 34 to be an equilibrium``)."""
    numbers = ", ".join(str(s + 1) for s in states)
    if len(states) == 1:
        return f"state {numbers} {verb} an equilibrium"
    return f"states {numbers} {'are' if verb == 'is' else verb} equilibria"


def analyze_hypergame(
    scenario: Scenario,
    concepts: Sequence[str] = DEFAULT_CONCEPTS,
    horizon: int = DEFAULT_HORIZON,
    model: ConflictModel | None = None,
    truth: StabilityResult | None = None,
) -> Hypergame:
    """The first-level hypergame of ``scenario.conflict`` (``perceptions:``).

    Examples
    --------
    >>> from accord.scenario import load
    >>> game = analyze_hypergame(load("examples/korea-2019-misperception.yaml"), ["nash"])
    >>> [s + 1 for s in game.equilibria("nash")][:4]
    [1, 3, 13, 15]
    """
    model = build_model(scenario) if model is None else model
    return hypergame(model, perceptions_of(scenario, model), concepts, horizon, truth)


def hypergame(
    model: ConflictModel,
    perceptions: Sequence[Perception],
    concepts: Sequence[str] = DEFAULT_CONCEPTS,
    horizon: int = DEFAULT_HORIZON,
    truth: StabilityResult | None = None,
) -> Hypergame:
    """The first-level hypergame of ``model`` with one perception per decision maker."""
    truth = analyze(model, concepts, horizon=horizon) if truth is None else truth
    views = tuple(_view(model, p, concepts, horizon) for p in perceptions)
    return Hypergame(model, truth, views, tuple(concepts))
