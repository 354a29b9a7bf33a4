"""A :class:`~accord.solver._model.Milp` solved by HiGHS (highspy), silently, within a deadline.

HiGHS writes nothing: its output is switched off unless a log sink is set
(:func:`accord.solver._control.solver_log`), and then its lines go to that sink only. Its
interrupt callbacks end the solve (with the best solution so far) as soon as the deadline passes
on the deadline's own clock or a stop is requested; where HiGHS does not look at them, the
watchdog (:mod:`accord.solver._watchdog`) ends the wait. Indicator rows become big-M rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from accord.solver._control import SOLVER_SEED, Deadline, log_sink
from accord.solver._model import Improved, Milp, Number, Outcome, Row
from accord.solver._watchdog import bounded


@dataclass(frozen=True)
class Arrays:
    """A model as HiGHS takes it: columns, and rows in compressed sparse row form."""

    cost: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    integer: np.ndarray
    """Column indices of the integer columns."""
    row_lower: np.ndarray
    row_upper: np.ndarray
    starts: np.ndarray
    index: np.ndarray
    value: np.ndarray


def solve_highs(
    lp: Milp,
    objective: Mapping[int, Number],
    deadline: Deadline,
    gap: float = 0.0,
    start: Mapping[int, float] | None = None,
    on_improved: Improved | None = None,
) -> Outcome:
    """Minimise ``objective`` over ``lp`` until optimal (within ``gap``) or ``deadline``."""
    return solve_arrays(arrays(lp, objective), deadline, gap, start, on_improved)


def solve_arrays(
    model: Arrays,
    deadline: Deadline,
    gap: float = 0.0,
    start: Mapping[int, float] | None = None,
    on_improved: Improved | None = None,
) -> Outcome:
    """Minimise ``model.cost`` over ``model`` until optimal (within ``gap``) or ``deadline``
    (a hard bound: see :mod:`accord.solver._watchdog`)."""
    if deadline.expired():
        return Outcome("no_solution", [], None, None, None)
    return bounded(lambda report: _run(model, deadline, gap, start, report), deadline, on_improved)


def _run(
    model: Arrays,
    deadline: Deadline,
    gap: float,
    start: Mapping[int, float] | None,
    on_improved: Improved,
) -> Outcome:
    import highspy

    h = highspy.Highs()
    _configure(h)
    _load(h, highspy, model)
    h.setOptionValue("time_limit", max(deadline.left(), 1e-3))
    h.setOptionValue("mip_rel_gap", float(gap))

    def interrupt(event: Any) -> None:
        if deadline.expired():
            event.interrupt()

    h.cbMipInterrupt.subscribe(interrupt)
    h.cbSimplexInterrupt.subscribe(interrupt)
    h.cbIpmInterrupt.subscribe(interrupt)
    h.cbMipImprovingSolution.subscribe(
        lambda e: on_improved(
            [float(v) for v in e.data_out.mip_solution],
            float(e.data_out.objective_function_value),
        )
    )
    if start:
        index = np.fromiter(start, dtype=np.int32, count=len(start))
        values = np.array([float(v) for v in start.values()])
        h.setSolution(len(start), index, values)
    h.run()
    return _outcome(h, highspy)


def _configure(h: Any) -> None:
    sink = log_sink()
    h.setOptionValue("output_flag", sink is not None)
    h.setOptionValue("log_to_console", False)
    h.setOptionValue("random_seed", SOLVER_SEED)
    if sink is not None:
        h.cbLogging.subscribe(lambda e: sink(str(e.message).rstrip("\n")))


def _load(h: Any, highspy: Any, model: Arrays) -> None:
    n = len(model.cost)
    empty_i, empty_f = np.zeros(0, dtype=np.int32), np.zeros(0)
    h.addCols(n, model.cost, model.lower, model.upper, 0, empty_i, empty_i, empty_f)
    if len(model.integer):
        kinds = np.array([highspy.HighsVarType.kInteger] * len(model.integer))
        h.changeColsIntegrality(len(model.integer), model.integer.astype(np.int32), kinds)
    inf = highspy.kHighsInf
    h.addRows(
        len(model.row_lower),
        np.clip(model.row_lower, -inf, inf),
        np.clip(model.row_upper, -inf, inf),
        len(model.index),
        model.starts.astype(np.int32),
        model.index.astype(np.int32),
        model.value.astype(float),
    )


def arrays(lp: Milp, objective: Mapping[int, Number]) -> Arrays:
    """``lp`` as arrays, its indicator rows turned into big-M rows."""
    n = len(lp.lower)
    cost = np.zeros(n)
    for k, v in objective.items():
        cost[k] = float(v)
    lo: list[float] = []
    hi: list[float] = []
    starts: list[int] = []
    index: list[int] = []
    value: list[float] = []
    for row in lp.rows:
        for coefs, row_lo, row_hi in _linear(lp, row):
            starts.append(len(index))
            index.extend(coefs)
            value.extend(float(c) for c in coefs.values())
            lo.append(-np.inf if row_lo is None else float(row_lo))
            hi.append(np.inf if row_hi is None else float(row_hi))
    return Arrays(
        cost,
        np.array([float(v) for v in lp.lower]),
        np.array([float(v) for v in lp.upper]),
        np.array([k for k in range(n) if lp.integer[k]], dtype=np.int64),
        np.array(lo),
        np.array(hi),
        np.array(starts, dtype=np.int64),
        np.array(index, dtype=np.int64),
        np.array(value),
    )


def _linear(lp: Milp, row: Row) -> list[tuple[dict[int, Number], Fraction | None, Fraction | None]]:
    """The row as plain linear rows: an indicator row becomes one big-M row per bounded side."""
    if not row.when:
        return [(row.coefs, row.lo, row.hi)]
    out: list[tuple[dict[int, Number], Fraction | None, Fraction | None]] = []
    on = [v for v, value in row.when if value]
    off = [v for v, value in row.when if not value]
    if row.hi is not None:
        big = lp.largest(row.coefs) - row.hi
        if big > 0:  # otherwise the row always holds
            coefs = dict(row.coefs)
            for v in on:
                coefs[v] = coefs.get(v, 0) + big
            for v in off:
                coefs[v] = coefs.get(v, 0) - big
            out.append((coefs, None, row.hi + big * len(on)))
    if row.lo is not None:
        big = row.lo - lp.smallest(row.coefs)
        if big > 0:
            coefs = dict(row.coefs)
            for v in on:
                coefs[v] = coefs.get(v, 0) - big
            for v in off:
                coefs[v] = coefs.get(v, 0) + big
            out.append((coefs, row.lo - big * len(on), None))
    return out


def _outcome(h: Any, highspy: Any) -> Outcome:
    status = h.getModelStatus()
    info = h.getInfo()
    kinds = highspy.HighsModelStatus
    if status in (kinds.kInfeasible, kinds.kUnboundedOrInfeasible):
        return Outcome("infeasible", [], None, None, None)
    has_solution = info.primal_solution_status == highspy.kSolutionStatusFeasible
    bound = _finite(info.mip_dual_bound)
    if not has_solution:
        return Outcome("no_solution", [], None, bound, None)
    x = [float(v) for v in h.getSolution().col_value]
    proven = status == kinds.kOptimal
    gap = 0.0 if proven else _finite(info.mip_gap)
    objective = float(info.objective_function_value)
    return Outcome("optimal" if proven else "time_limit", x, objective, bound, gap)


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None
