"""Coalition stability written out literally (the reference engine).

Kilgour, Hipel, Fang & Peng (2001) and Inohara & Hipel (2008), for a coalition H (a non-empty
set of decision makers) with the joint preference "every member strictly prefers" (a partial
order, ≻_H):

- R_H(s): states reachable by moves of members of H, no member moving twice in a row;
  R_H^{++}(s) = {s1 ∈ R_H(s) : s1 ≻_i s for every i ∈ H}, the coalition improvements.
- Coalition Nash (CNash): R_H^{++}(s) is empty.
- CGMR: every s1 ∈ R_H^{++}(s) is answered by the others, some s2 ∈ R_{N∖H}(s1) that some
  member does not prefer to s (s2 ≾_i s for some i ∈ H: not s2 ≻_H s).
- CSMR: as CGMR, and from that s2 no s3 ∈ R_H(s2) is an improvement of H over s.
- CSEQ: as CGMR, with s2 ∈ R^+_{N∖H}(s1): the answer is made of the others' own improvements.

With one member these are Nash, GMR, SMR and SEQ; for the grand coalition (no one is left to
answer) the last three equal CNash.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from accord.conflict._model import ConflictModel
from accord.conflict._reference import ReferenceEngine


class CoalitionReference:
    """Coalition Nash, GMR, SMR and SEQ by the definitions above.

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> CoalitionReference(pd).stable("nash", (0, 1), 3)  # together they leave DD for CC
    False
    """

    def __init__(self, model: ConflictModel) -> None:
        self.model = model
        self.pay = model.payoffs
        self.engine = ReferenceEngine(model)

    def joint_prefers(self, members: Sequence[int], a: int, b: int) -> bool:
        """a ≻_H b: every member strictly prefers ``a`` to ``b``."""
        return all(self.pay[i, a] > self.pay[i, b] for i in members)

    def improvements(self, members: Sequence[int], state: int) -> list[int]:
        """R_H^{++}(s): the coalition's reachable states every member prefers."""
        reach = self.engine.coalition_reachable(members, state, False)
        return sorted(q for q in reach if self.joint_prefers(members, q, state))

    def _others(self, members: Sequence[int]) -> list[int]:
        return [j for j in range(len(self.model.dms)) if j not in members]

    def _answers(self, members: Sequence[int], state: int, improving: bool) -> frozenset[int]:
        others = self._others(members)
        if not others:
            return frozenset()
        return self.engine.coalition_reachable(others, state, improving)

    def stable(self, concept: str, members: Sequence[int], state: int) -> bool:
        """Whether ``state`` is stable for coalition ``members`` under ``concept``."""
        if concept == "nash":
            return not self.improvements(members, state)
        improving = concept == "seq"
        return all(
            any(
                not self.joint_prefers(members, s2, state)
                and (concept != "smr" or not self._escapes(members, s2, state))
                for s2 in self._answers(members, s1, improving)
            )
            for s1 in self.improvements(members, state)
        )

    def _escapes(self, members: Sequence[int], sanction: int, state: int) -> bool:
        """Whether the coalition can move from ``sanction`` to a state it prefers to ``state``."""
        reach = self.engine.coalition_reachable(members, sanction, False)
        return any(self.joint_prefers(members, q, state) for q in reach)

    def table(self, concept: str, members: Sequence[int]) -> NDArray[np.bool_]:
        """Stability of every state for the coalition."""
        return np.array(
            [self.stable(concept, members, s) for s in range(self.model.size)], dtype=bool
        )
