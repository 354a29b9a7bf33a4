"""Small helpers that turn numbers and lists into the report's plain text.

Examples
--------
>>> num(16.0), num(0.1666666), num(-2.5), num(None)
('16', '0.1667', '-2.5', '—')
>>> pct(0.16666), pct(1.0)
('16.7%', '100%')
>>> words(["a", "b", "c"]), words(["a"]), words([])
('a, b and c', 'a', 'none')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from accord.errors import FigureUnavailable
from accord.figures._spec import Spec
from accord.report.document._model import Figure

DASH = "—"
TITLES = {
    "conflict": "1. Why are the parties stuck? (conflict analysis)",
    "deal": "2. What deal could every party accept? (deal space)",
    "phasing": "3. How can it be carried out step by step? (phasing)",
    "verification": "4. How sure can we be that cheating is caught? (verification)",
    "ledger": "5. Is each side complying? (ledger)",
    "sweep": "6. How sure is the advice when the numbers are estimates? (robustness sweep)",
}
"""The title of each analysis section: the question it answers."""


def delivered(item: str, amount: float) -> str:
    """A delivery as the tables list it: ``declaration`` (the whole of a one-off item) or
    ``centrifuges × 1,000``.

    >>> delivered("declaration", 1), delivered("centrifuges", 1000)
    ('declaration', 'centrifuges × 1,000')
    """
    return item if amount == 1 else f"{item} × {num(amount)}"


def num(value: float | Fraction | None) -> str:
    """A number as a person reads it: thousands separated, no needless decimals."""
    if value is None:
        return DASH
    number = float(value)
    if number == int(number) and abs(number) < 1e15:
        return f"{int(number):,}"
    return f"{number:,.4g}"


def pct(value: float | Fraction | None) -> str:
    """A probability as a percentage with one decimal (none when whole)."""
    if value is None:
        return DASH
    text = f"{float(value):.1%}"
    return text.replace(".0%", "%")


def words(items: Sequence[str], empty: str = "none") -> str:
    """``a, b and c``."""
    if not items:
        return empty
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, singular: str, many: str | None = None) -> str:
    """``1 state``, ``2 states``, ``1,024 packages``.

    >>> plural(1, "state"), plural(1024, "package"), plural(2, "party", "parties")
    ('1 state', '1,024 packages', '2 parties')
    """
    return f"{count:,} {singular if count == 1 else (many or singular + 's')}"


def figure(key: str, caption: str, build: Callable[[], Spec]) -> Figure:
    """A figure, or, when it cannot be drawn, the reason in its place."""
    try:
        return Figure(key, caption, build())
    except FigureUnavailable as why:
        return Figure(key, caption, None, f"Not drawn: {why.message}.")
