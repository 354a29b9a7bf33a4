"""One hint for every unknown name: "did you mean ...?", else the names that are known.

Used for unknown keys and values in scenario files (items, parties, options, proposals, sources,
means), for unknown values on the command line (``--package``, ``--concept``, ``--objective``,
example names, subcommands) and for misspelt options. This module imports nothing from
``accord``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

IN_FILE = "there are no {what} in the file"
"""The ``empty`` hint for names a scenario file defines."""

SHOWN = 12
"""At most this many known names are listed in a hint; the rest are counted."""


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known name closest to ``value`` (ignoring case), or None when none is close.

    >>> closest("servics", ["sanctions", "services"])
    'services'
    >>> closest("NASH", ["nash", "egalitarian"])
    'nash'
    >>> closest("xyz", ["nash"]) is None
    True
    """
    names = list(dict.fromkeys(known))
    by_lower = {name.lower(): name for name in reversed(names)}
    if value.lower() in by_lower:
        return by_lower[value.lower()]
    close = difflib.get_close_matches(value.lower(), list(by_lower), n=1, cutoff=0.6)
    return by_lower[close[0]] if close else None


def unknown_hint(value: str, known: Iterable[str], what: str, empty: str | None = None) -> str:
    """The hint for an unknown ``value``: the closest known name, else the known ``what``
    (``empty``, a template with ``{what}``, is the hint when nothing is known).

    >>> unknown_hint("servics", ["sanctions", "services"], "items")
    "did you mean 'services'?"
    >>> unknown_hint("xyz", ["us", "dprk"], "parties")
    'known parties: us, dprk'
    >>> unknown_hint("xyz", [], "proposals")
    'there are no proposals'
    >>> unknown_hint("xyz", [], "sources", IN_FILE)
    'there are no sources in the file'
    >>> unknown_hint("x", [f"i{n}" for n in range(20)], "items")
    'known items: i0, i1, i2, i3, i4, i5, i6, i7, i8, i9, i10, i11, ... (20 in all)'
    """
    names = list(dict.fromkeys(known))
    match = closest(value, names)
    if match is not None:
        return f"did you mean '{match}'?"
    if not names:
        return (empty or "there are no {what}").format(what=what)
    shown = ", ".join(names[:SHOWN])
    more = f", ... ({len(names)} in all)" if len(names) > SHOWN else ""
    return f"known {what}: {shown}{more}"
