"""The reference engine: the textbook stability definitions, written out literally.

Definitions for n decision makers with simple preferences (ties allowed) from Fang, Hipel &
Kilgour, *Interactive Decision Making* (1993), and Xu, Hipel, Kilgour & Fang, *Conflict
Resolution Using the Graph Model* (2018), ch. 4: a coalition reachable list lets members move
again later, but never twice in a row. Slow but plain; the fast engine is checked against it.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from accord.conflict._concepts import CONCEPTS, DEFAULT_CONCEPTS
from accord.conflict._model import ConflictModel

__all__ = ["CONCEPTS", "DEFAULT_CONCEPTS", "ReferenceEngine"]


class ReferenceEngine:
    """Sets and loops, one definition per method; coalition lists are memoised per state.

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> ReferenceEngine(pd).equilibria("gmr")
    [0, 3]
    """

    def __init__(self, model: ConflictModel) -> None:
        self.model = model
        self.pay = model.payoffs
        self._coalition: dict[tuple[frozenset[int], int, bool], frozenset[int]] = {}

    def prefers(self, dm: int, a: int, b: int) -> bool:
        """Whether ``dm`` strictly prefers state ``a`` to state ``b``."""
        return bool(self.pay[dm, a] > self.pay[dm, b])

    def reachable(self, dm: int, state: int) -> list[int]:
        """R_i(s): the states ``dm`` reaches from ``state`` in one move."""
        return self.model.moves(dm, state)

    def improvements(self, dm: int, state: int) -> list[int]:
        """R_i^+(s): the reachable states ``dm`` strictly prefers."""
        return [q for q in self.reachable(dm, state) if self.prefers(dm, q, state)]

    def coalition_reachable(
        self, members: Iterable[int], state: int, improving: bool
    ) -> frozenset[int]:
        """R_H(s) (or R_H^+(s) if ``improving``): sequences of moves by members of H, no member
        moving twice in a row, every move an improvement for its mover if ``improving``."""
        group = frozenset(members)
        key = (group, state, improving)
        if key not in self._coalition:
            seen: set[tuple[int, int]] = set()
            frontier: list[tuple[int, int]] = [(state, -1)]
            while frontier:
                current, last = frontier.pop()
                for mover in group - {last}:
                    step = self.improvements if improving else self.reachable
                    for target in step(mover, current):
                        if (target, mover) not in seen:
                            seen.add((target, mover))
                            frontier.append((target, mover))
            self._coalition[key] = frozenset(target for target, _ in seen)
        return self._coalition[key]

    def others(self, dm: int) -> list[int]:
        """N − i: every decision maker but ``dm``."""
        return [j for j in range(len(self.model.dms)) if j != dm]

    def nash(self, dm: int, state: int) -> bool:
        """Nash: ``dm`` has no unilateral improvement from ``state``."""
        return not self.improvements(dm, state)

    def gmr(self, dm: int, state: int) -> bool:
        """GMR: every improvement can be answered by the others with a state not better for dm."""
        return all(
            any(not self.prefers(dm, s2, state) for s2 in self._answers(dm, s1, False))
            for s1 in self.improvements(dm, state)
        )

    def smr(self, dm: int, state: int) -> bool:
        """SMR: as GMR, and from the sanction dm cannot escape to a state better than ``state``."""
        return all(
            any(
                not self.prefers(dm, s2, state)
                and not any(self.prefers(dm, s3, state) for s3 in self.reachable(dm, s2))
                for s2 in self._answers(dm, s1, False)
            )
            for s1 in self.improvements(dm, state)
        )

    def seq(self, dm: int, state: int) -> bool:
        """SEQ: as GMR, with sanctions made of the others' own improvements."""
        return all(
            any(not self.prefers(dm, s2, state) for s2 in self._answers(dm, s1, True))
            for s1 in self.improvements(dm, state)
        )

    def sim(self, dm: int, state: int) -> bool:
        """SIM: every improvement meets an improvement of another decision maker from the same
        state that, made at the same time, ends in a state dm does not prefer (option form)."""
        return all(
            any(
                (both := self.together(state, s1, s2)) is not None
                and not self.prefers(dm, both, state)
                for other in self.others(dm)
                for s2 in self.improvements(other, state)
            )
            for s1 in self.improvements(dm, state)
        )

    def together(self, state: int, first: int, second: int) -> int | None:
        """The state reached when the moves ``state → first`` and ``state → second`` (by two
        decision makers) are made at once: each option as the move that changed it left it."""
        codes = self.model.codes
        assert codes is not None, "simultaneous moves need option form"
        code = int(codes[first]) ^ int(codes[second]) ^ int(codes[state])
        found = [k for k, c in enumerate(codes.tolist()) if c == code]
        return found[0] if found else None

    def _answers(self, dm: int, state: int, improving: bool) -> frozenset[int]:
        return self.coalition_reachable(self.others(dm), state, improving)

    def stable(self, concept: str, dm: int, state: int) -> bool:
        """Whether ``state`` is stable for ``dm`` under ``concept`` (nash, gmr, smr, seq, sim)."""
        check = {
            "nash": self.nash,
            "gmr": self.gmr,
            "smr": self.smr,
            "seq": self.seq,
            "sim": self.sim,
        }[concept]
        return check(dm, state)

    def table(self, concept: str) -> np.ndarray:
        """Boolean array (decision makers × states): stable or not."""
        model = self.model
        return np.array(
            [
                [self.stable(concept, i, s) for s in range(model.size)]
                for i in range(len(model.dms))
            ],
            dtype=bool,
        ).reshape(len(model.dms), model.size)

    def equilibria(self, concept: str) -> list[int]:
        """0-based states stable for every decision maker under ``concept``."""
        return [int(s) for s in np.flatnonzero(self.table(concept).all(axis=0))]
