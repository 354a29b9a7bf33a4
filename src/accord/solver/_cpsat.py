"""A :class:`~accord.solver._model.Milp` solved by OR-Tools CP-SAT, exactly, within a deadline.

Every column must be integer or on a grid (:meth:`Milp.integral`): a column on grid ``g``
becomes an integer count ``z`` of steps (``value = g * z``), and each row is multiplied by the
least common multiple of its denominators, so CP-SAT solves the exact model. Indicator rows are
enforced natively. The search stops at the deadline (on its own clock, checked every 50 ms by a
watcher thread) or on a stop request, with the best solution so far. A deadline with a work
budget also makes the search deterministic: one worker, stopped by CP-SAT's deterministic time
at the work left (the work done is then spent from the budget). CP-SAT writes nothing unless a
log sink is set.
"""

from __future__ import annotations

import math
import sys
import threading
import types
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from accord.errors import AnalysisError
from accord.solver._control import SOLVER_SEED, Deadline, log_sink
from accord.solver._model import Improved, Milp, Number, Outcome, Row

LARGEST = 2**52
"""The largest scaled coefficient or bound accepted (CP-SAT computes in 64-bit integers)."""


class NotIntegral(Exception):
    """The model cannot be given to CP-SAT exactly (a continuous column, or huge numbers)."""


def solve_cpsat(
    lp: Milp,
    objective: Mapping[int, Number],
    deadline: Deadline,
    gap: float = 0.0,
    start: Mapping[int, float] | None = None,
    on_improved: Improved | None = None,
    workers: int = 1,
) -> Outcome:
    """Minimise ``objective`` over ``lp`` (raises :class:`NotIntegral` if CP-SAT cannot)."""
    cp_model = import_cp_model()
    if not lp.integral():
        raise NotIntegral("a column is continuous")
    if deadline.expired():
        return Outcome("no_solution", [], None, None, None)
    model = cp_model.CpModel()
    cols = [_column(model, lp, k) for k in range(len(lp.lower))]
    for row in lp.rows:
        _add_row(model, lp, cols, row)
    scale, terms = _scaled(
        {k: Fraction(c) * _step(lp, k) for k, c in objective.items() if c != 0}, []
    )
    model.minimize(sum(c * cols[k] for k, c in terms.items()))
    if start:
        for k, value in start.items():
            domain = (_low(lp, k), _high(lp, k))
            model.add_hint(cols[k], min(max(round(value / _step(lp, k)), domain[0]), domain[1]))
    solver = cp_model.CpSolver()
    callback = None if on_improved is None else _reporter(cols, lp, scale, on_improved, cp_model)
    status = run_cpsat(solver, model, deadline, gap, workers, callback)
    return _outcome(solver, status, cols, lp, scale, cp_model)


def import_cp_model() -> Any:
    """OR-Tools' ``cp_model``, imported without pandas when pandas is not loaded yet.

    ``cp_model`` imports pandas only for its pandas-Series helpers, which accord does not use,
    and pandas is most of its import time (measured: 4.0 of 4.2 s at load 16, about half of
    ``accord plan``'s start-up). Its import gets a stand-in holding the two names those helpers'
    annotations read, removed from ``sys.modules`` at once (a later ``import pandas`` loads the
    real one); if the stand-in does not do, the import is retried with the real pandas.
    """
    name = "ortools.sat.python.cp_model"
    if name in sys.modules or "pandas" in sys.modules:
        from ortools.sat.python import cp_model

        return cp_model
    stand_in = types.ModuleType("pandas")
    stand_in.Index = type("Index", (), {})  # type: ignore[attr-defined]
    stand_in.Series = type("Series", (), {})  # type: ignore[attr-defined]
    sys.modules["pandas"] = stand_in
    try:
        from ortools.sat.python import cp_model
    except Exception:  # a newer cp_model reads more of pandas when imported
        sys.modules.pop(name, None)
        sys.modules.pop("pandas", None)
        from ortools.sat.python import cp_model
    finally:
        if sys.modules.get("pandas") is stand_in:
            del sys.modules["pandas"]
    return cp_model


def _step(lp: Milp, k: int) -> Fraction:
    grid = lp.grid[k]
    assert grid is not None
    return grid


def _low(lp: Milp, k: int) -> int:
    return math.ceil(lp.lower[k] / _step(lp, k))


def _high(lp: Milp, k: int) -> int:
    return math.floor(lp.upper[k] / _step(lp, k))


def _column(model: Any, lp: Milp, k: int) -> Any:
    lo, hi = _low(lp, k), _high(lp, k)
    if max(abs(lo), abs(hi)) > LARGEST:
        raise NotIntegral("a column's bounds are too large")
    if (lo, hi) == (0, 1):
        return model.new_bool_var("")
    return model.new_int_var(lo, hi, "")


def _scaled(coefs: Mapping[int, Fraction], bounds: list[Fraction]) -> tuple[int, dict[int, int]]:
    """The factor making ``coefs`` and ``bounds`` integers, and the scaled coefficients."""
    scale = 1
    for value in [*coefs.values(), *bounds]:
        scale = math.lcm(scale, value.denominator)
    scaled = {k: int(c * scale) for k, c in coefs.items()}
    if any(abs(c) > LARGEST for c in scaled.values()) or any(
        abs(b * scale) > LARGEST for b in bounds
    ):
        raise NotIntegral("coefficients too large once made integers")
    return scale, scaled


def _add_row(model: Any, lp: Milp, cols: list[Any], row: Row) -> None:
    coefs = {k: c * _step(lp, k) for k, c in row.coefs.items()}
    bounds = [b for b in (row.lo, row.hi) if b is not None]
    scale, terms = _scaled(coefs, bounds)
    expr = sum(c * cols[k] for k, c in terms.items())
    literals = [cols[v] if value else cols[v].Not() for v, value in row.when]
    for bound, is_upper in ((row.hi, True), (row.lo, False)):
        if bound is None:
            continue
        limit = bound * scale
        constraint = model.add(expr <= math.floor(limit) if is_upper else expr >= math.ceil(limit))
        if literals:
            constraint.only_enforce_if(literals)


def run_cpsat(
    solver: Any,
    model: Any,
    deadline: Deadline,
    gap: float = 0.0,
    workers: int = 1,
    callback: Any = None,
) -> Any:
    """Solve ``model`` with ``solver``, silently (unless a log sink is set), until ``deadline``
    or a stop request (a watcher thread calls ``stop_search``); the status CP-SAT returns."""
    parameters = solver.parameters
    parameters.max_time_in_seconds = max(deadline.left(), 1e-3)
    parameters.num_workers = max(1, workers) if deadline.work is None else 1
    if deadline.work is not None:  # deterministic: one worker, within the work left
        parameters.max_deterministic_time = max(deadline.work.left(), 1e-3)
    parameters.relative_gap_limit = float(gap)
    parameters.random_seed = SOLVER_SEED
    parameters.log_to_stdout = False
    # CP-SAT's own Ctrl-C handler, once a solve ends, leaves SIGINT at its default action: the
    # next Ctrl-C would kill the process instead of reaching Python (and the stop request).
    parameters.catch_sigint_signal = False
    sink = log_sink()
    parameters.log_search_progress = sink is not None
    if sink is not None:
        solver.log_callback = sink
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.05):
            if deadline.expired():
                solver.stop_search()
                return

    watcher = threading.Thread(target=watch, name="accord-cpsat-watch", daemon=True)
    watcher.start()
    try:
        return solver.solve(model) if callback is None else solver.solve(model, callback)
    finally:
        done.set()
        watcher.join()
        if deadline.work is not None:
            deadline.work.spend(solver.response_proto.deterministic_time)


def _reporter(cols: list[Any], lp: Milp, scale: int, on_improved: Improved, cp_model: Any) -> Any:
    class Report(cp_model.CpSolverSolutionCallback):  # type: ignore[misc]
        def on_solution_callback(self) -> None:
            values = [float(self.value(c) * _step(lp, k)) for k, c in enumerate(cols)]
            on_improved(values, self.objective_value / scale)

    return Report()


def _outcome(
    solver: Any, status: Any, cols: list[Any], lp: Milp, scale: int, cp_model: Any
) -> Outcome:
    if status == cp_model.MODEL_INVALID:
        raise AnalysisError(f"CP-SAT rejected the model: {model_error(solver)}")
    if status == cp_model.INFEASIBLE:
        return Outcome("infeasible", [], None, None, None)
    bound = float(solver.best_objective_bound) / scale
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Outcome("no_solution", [], None, bound, None)
    x = [float(solver.value(c) * _step(lp, k)) for k, c in enumerate(cols)]
    objective = float(solver.objective_value) / scale
    proven = status == cp_model.OPTIMAL
    gap = 0.0 if proven else abs(objective - bound) / max(abs(objective), 1e-9)
    return Outcome("optimal" if proven else "time_limit", x, objective, bound, gap)


def model_error(solver: Any) -> str:
    """CP-SAT's reason for rejecting a model, when it gives one."""
    return str(getattr(solver, "solution_info", lambda: "")())
