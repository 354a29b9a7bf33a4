"""The form of a lower bound on the periods of a safe plan (see :mod:`accord.phasing._bounds`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any


@dataclass(frozen=True)
class RatchetRow:
    """One period of the ratchet: each party's largest possible delivery (at cost) by then,
    and the multiplier that proves each limit (see :func:`knapsack_dual`)."""

    period: int
    limits: dict[str, Fraction]
    multipliers: dict[str, Fraction]


@dataclass(frozen=True)
class Certificate:
    """A proof that every safe plan needs at least ``periods`` periods (``None``: no plan at
    any horizon), with the reason in words and the numbers an independent check re-derives."""

    kind: str
    """``loses``, ``item_time``, ``first_step``, ``last_step`` or ``ratchet``."""
    periods: int | None
    text: str
    parties: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    rows: tuple[RatchetRow, ...] = field(default=())

    def rules_out(self, horizon: int) -> bool:
        """Whether this proves that no safe plan fits in ``horizon`` periods."""
        return self.periods is None or self.periods > horizon

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/phasing-json.md)."""
        return {
            "kind": self.kind,
            "periods": self.periods,
            "text": self.text,
            "parties": list(self.parties),
            "items": list(self.items),
            "rows": [
                {"period": r.period, "limits": {p: float(v) for p, v in r.limits.items()}}
                for r in self.rows
            ],
        }


def number(value: Fraction) -> str:
    """A number as a person reads it (up to 6 significant digits)."""
    return f"{float(value):,.6g}"
