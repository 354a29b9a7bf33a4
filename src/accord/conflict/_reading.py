"""What GMCR users read besides stability: rankings, the option-form table, move options.

- Each decision maker's ranking, most preferred first, ties grouped (from option
  prioritisation or as given): :meth:`accord.conflict._model.ConflictModel.ranking`.
- The option-form table: for each option, Y or N in every state (``states[].options`` in JSON).
- The analysis of every state's move options: for each state and decision maker, the states it
  can move to and which of them it prefers (its unilateral improvements).
"""

from __future__ import annotations

from typing import Any

from accord.conflict._model import ConflictModel

TABLES_UP_TO = 64
"""Models with at most this many states get the move options in ``--json`` by default."""


def option_row(model: ConflictModel, state: int) -> str:
    """``YNNY...``: the options taken (Y) and not (N) in ``state``, in file order."""
    values = model.option_values(state)
    return "".join("Y" if values[o.id] else "N" for o in model.options or ())


def move_options(model: ConflictModel) -> list[dict[str, Any]]:
    """For every state: each decision maker's moves and, among them, its improvements.

    Examples
    --------
    >>> from accord.conflict._model import OptionSpec, from_options
    >>> opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    >>> pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    >>> move_options(pd)[0]
    {'state': 1, 'moves': {'p1': {'to': [2], 'improvements': [2]}, 'p2': {'to': [3], \
'improvements': [3]}}}
    """
    pay = model.payoffs
    found = []
    for s in range(model.size):
        per_dm = {}
        for j, dm in enumerate(model.dms):
            targets = model.moves(j, s)
            better = [q + 1 for q in targets if pay[j, q] > pay[j, s]]
            per_dm[dm] = {"to": [q + 1 for q in targets], "improvements": better}
        found.append({"state": s + 1, "moves": per_dm})
    return found


def ranking_text(model: ConflictModel, dm: int, shown: int = TABLES_UP_TO) -> str:
    """``7 > 3 > [4 8] > ...``: the ranking, ties in brackets, at most ``shown`` states."""
    parts, count = [], 0
    for tie in model.ranking(dm):
        numbers = [str(s + 1) for s in tie]
        parts.append(numbers[0] if len(numbers) == 1 else "[" + " ".join(numbers) + "]")
        count += len(numbers)
        if count >= shown:
            break
    more = " > ..." if count < model.size else ""
    return " > ".join(parts) + more
