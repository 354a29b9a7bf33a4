"""A small sparse builder for mixed-integer linear programs solved by HiGHS (scipy.optimize.milp).

Examples
--------
>>> lp = Milp()
>>> a, b = lp.var(0, 4, integer=True), lp.var(0, 4)
>>> lp.row({a: 1, b: 1}, lo=3)
>>> outcome = lp.solve({a: 2, b: 1}, time_limit=5)
>>> outcome.status, [round(v, 6) for v in outcome.x]
('optimal', [0.0, 3.0])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Outcome:
    """What HiGHS found: status, variable values, objective, best bound and relative gap."""

    status: str
    """``optimal``, ``time_limit`` (a solution with a gap), ``infeasible`` or ``no_solution``."""
    x: list[float]
    objective: float | None
    bound: float | None
    gap: float | None


class Milp:
    """Columns with bounds and integrality, rows ``lo <= sum coef * col <= hi``."""

    def __init__(self) -> None:
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[int] = []
        self.rows: list[tuple[dict[int, float], float, float]] = []

    def var(self, lo: float, hi: float, integer: bool = False) -> int:
        """Add a column and return its index."""
        self.lower.append(lo)
        self.upper.append(hi)
        self.integer.append(1 if integer else 0)
        return len(self.lower) - 1

    def row(self, coefs: Mapping[int, float], lo: float = -np.inf, hi: float = np.inf) -> None:
        """Add the constraint ``lo <= sum(coef * var) <= hi`` (zero coefficients dropped)."""
        self.rows.append(({k: v for k, v in coefs.items() if v != 0}, lo, hi))

    def solve(self, objective: Mapping[int, float], time_limit: float, gap: float = 0.0) -> Outcome:
        """Minimise ``objective`` within ``time_limit`` seconds (HiGHS branch and cut)."""
        n = len(self.lower)
        cost = np.zeros(n)
        for k, v in objective.items():
            cost[k] = v
        from scipy.optimize import Bounds, LinearConstraint, milp  # slow import: load on use
        from scipy.sparse import csr_array

        constraints = []
        if self.rows:
            data: list[float] = []
            cols: list[int] = []
            ptr = [0]
            for coefs, _, _ in self.rows:
                cols.extend(coefs)
                data.extend(coefs.values())
                ptr.append(len(cols))
            matrix = csr_array((data, cols, ptr), shape=(len(self.rows), n))
            lo = np.array([r[1] for r in self.rows])
            hi = np.array([r[2] for r in self.rows])
            constraints.append(LinearConstraint(matrix, lo, hi))
        result = milp(
            cost,
            constraints=constraints,
            integrality=np.array(self.integer),
            bounds=Bounds(np.array(self.lower), np.array(self.upper)),
            options={"time_limit": float(time_limit), "mip_rel_gap": gap, "disp": False},
        )
        return _outcome(result)


def _outcome(result: object) -> Outcome:
    status_code = getattr(result, "status", 4)
    x = getattr(result, "x", None)
    fun = getattr(result, "fun", None)
    bound = getattr(result, "mip_dual_bound", None)
    gap = getattr(result, "mip_gap", None)
    if status_code == 2:
        return Outcome("infeasible", [], None, None, None)
    if x is None:
        return Outcome("no_solution", [], None, bound, None)
    status = "optimal" if status_code == 0 else "time_limit"
    return Outcome(
        status,
        [float(v) for v in x],
        float(fun) if fun is not None else None,
        None if bound is None else float(bound),
        None if gap is None else float(gap),
    )
