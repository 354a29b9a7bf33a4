"""A mixed-integer linear model with exact coefficients and indicator rows, for HiGHS or CP-SAT.

Coefficients and bounds are kept as :class:`fractions.Fraction` (the analyses are exact); HiGHS
receives floats, CP-SAT integers (each row scaled by the least common multiple of its
denominators). A variable that is not integer may declare a ``grid``: its values of interest
are multiples of ``grid`` (a largest exposure whose every candidate value is a multiple of
1/100, say), which lets CP-SAT represent it as an integer count of grid steps.

An *indicator row* is enforced only when every literal of its ``when`` holds (a literal is a
binary variable and the value it must take). CP-SAT enforces it natively; for HiGHS it becomes
a big-M row, with M the tightest the variables' bounds allow.

Examples
--------
>>> from fractions import Fraction as F
>>> lp = Milp()
>>> a, b, on = lp.var(0, 4, integer=True), lp.var(0, 4), lp.binary()
>>> lp.row({a: 1, b: 1}, lo=3)
>>> lp.row({b: 1}, hi=F(1, 2), when=((on, True),))
>>> lp.largest({a: 1, b: -2})
Fraction(4, 1)
>>> lp.integral()
False
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

Number = Fraction | int
Improved = Callable[[list[float], float], None]
"""Called with each better solution found during a solve, and its objective value."""
Literal = tuple[int, bool]
"""A binary variable and the value (``True`` = 1) it must take."""


@dataclass(frozen=True)
class Row:
    """``lo <= sum(coefs[v] * v) <= hi`` (``None``: no bound), enforced when ``when`` holds."""

    coefs: dict[int, Number]
    lo: Fraction | None
    hi: Fraction | None
    when: tuple[Literal, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What a solver found: status, variable values, objective, best bound and relative gap."""

    status: str
    """``optimal``, ``time_limit`` (a solution, not proven optimal), ``infeasible`` or
    ``no_solution`` (stopped before finding one)."""
    x: list[float]
    objective: float | None
    bound: float | None
    gap: float | None


class Milp:
    """Bounded columns (integer, or continuous on an optional grid) and exact rows."""

    def __init__(self) -> None:
        self.lower: list[Fraction] = []
        self.upper: list[Fraction] = []
        self.integer: list[bool] = []
        self.grid: list[Fraction | None] = []
        self.rows: list[Row] = []

    def var(self, lo: Number, hi: Number, integer: bool = False, grid: Number | None = None) -> int:
        """Add a column with bounds ``[lo, hi]`` and return its index."""
        self.lower.append(lo if type(lo) is Fraction else Fraction(lo))
        self.upper.append(hi if type(hi) is Fraction else Fraction(hi))
        self.integer.append(integer)
        self.grid.append(Fraction(1) if integer else None if grid is None else Fraction(grid))
        return len(self.lower) - 1

    def binary(self, fixed: bool | None = None) -> int:
        """Add a 0/1 column (fixed to 0 or 1 when ``fixed`` says so)."""
        if fixed is None:
            return self.var(0, 1, integer=True)
        return self.var(int(fixed), int(fixed), integer=True)

    def row(
        self,
        coefs: Mapping[int, Number],
        lo: Number | None = None,
        hi: Number | None = None,
        when: Sequence[Literal] = (),
    ) -> None:
        """Add ``lo <= sum(coef * var) <= hi`` (zero coefficients dropped), when ``when`` holds."""
        kept = {k: v for k, v in coefs.items() if v}
        self.rows.append(
            Row(
                kept,
                None if lo is None else Fraction(lo),
                None if hi is None else Fraction(hi),
                tuple(when),
            )
        )

    def largest(self, coefs: Mapping[int, Number]) -> Fraction:
        """The largest value ``sum(coef * var)`` takes within the columns' bounds."""
        return sum(
            (Fraction(c) * (self.upper[k] if c > 0 else self.lower[k]) for k, c in coefs.items()),
            Fraction(0),
        )

    def smallest(self, coefs: Mapping[int, Number]) -> Fraction:
        """The smallest value ``sum(coef * var)`` takes within the columns' bounds."""
        return -self.largest({k: -Fraction(c) for k, c in coefs.items()})

    def integral(self) -> bool:
        """Whether every column is integer or on a grid (so CP-SAT can take the model)."""
        return all(g is not None for g in self.grid)

    def size(self) -> tuple[int, int, int]:
        """Columns, rows and nonzero coefficients."""
        return len(self.lower), len(self.rows), sum(len(r.coefs) for r in self.rows)
