"""The stability concepts Accord computes: their ids, names and table marks (one list).

Every other module takes names and marks from here, so a concept is added in one place.

- ``nash``: Nash stability (Nash 1950; Fang, Hipel & Kilgour 1993).
- ``gmr``: general metarationality (Howard 1971).
- ``smr``: symmetric metarationality (Howard 1971).
- ``seq``: sequential stability (Fraser & Hipel 1979).
- ``sim``: simultaneous sanctioning (Fraser & Hipel 1984), option form only.
- ``lh``: limited-move stability with horizon h (Kilgour 1985; Fang, Hipel & Kilgour 1993).
- ``nm``: non-myopic stability, the limit of L_h as h grows (Kilgour 1985; Brams & Wittman 1981).
"""

from __future__ import annotations

from accord._defaults import CONFLICT_CONCEPTS, CONFLICT_HORIZON
from accord.choices import Concept

CONCEPTS: tuple[str, ...] = tuple(concept.value for concept in Concept)
"""Every stability concept, in the order they are reported (:class:`accord.choices.Concept`)."""
DEFAULT_CONCEPTS = CONFLICT_CONCEPTS
"""The concepts computed when none are asked for (:data:`accord._defaults.CONFLICT_CONCEPTS`)."""
COALITION_CONCEPTS = ("nash", "gmr", "smr", "seq")
"""The concepts defined for coalitions (Kilgour, Hipel, Fang & Peng 2001; Inohara & Hipel
2008)."""
NAMES = {
    "nash": "Nash",
    "gmr": "GMR",
    "smr": "SMR",
    "seq": "SEQ",
    "sim": "SIM",
    "lh": "L_h",
    "nm": "NM",
}
MARKS = {"nash": "N", "gmr": "G", "smr": "S", "seq": "Q", "sim": "I", "lh": "L", "nm": "M"}
DEFAULT_HORIZON = CONFLICT_HORIZON
"""The horizon h of L_h when none is given (:data:`accord._defaults.CONFLICT_HORIZON`)."""


def concept_name(concept: str, horizon: int | None = None) -> str:
    """The concept's display name; L_h shows its horizon.

    Examples
    --------
    >>> concept_name("gmr"), concept_name("lh", 4)
    ('GMR', 'L_4')
    """
    if concept == "lh" and horizon is not None:
        return f"L_{horizon}"
    return NAMES[concept]


def unknown_concept_hint() -> str:
    """The hint shown for an unknown concept id."""
    return "choose from " + ", ".join(CONCEPTS)
