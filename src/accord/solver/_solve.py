"""One entry point for every solver call of the analyses: :func:`solve`.

Examples
--------
>>> from accord.solver._control import Deadline
>>> from accord.solver._model import Milp
>>> lp = Milp()
>>> a, b = lp.var(0, 4, integer=True), lp.var(0, 4, integer=True)
>>> lp.row({a: 1, b: 1}, lo=3)
>>> for backend in ("highs", "cpsat"):
...     outcome = solve(lp, {a: 2, b: 1}, Deadline.after(5), backend=backend)
...     print(outcome.status, [round(v) for v in outcome.x], outcome.objective)
optimal [0, 3] 3.0
optimal [0, 3] 3.0
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from accord.solver._control import Deadline
from accord.solver._cpsat import NotIntegral, import_cp_model, solve_cpsat
from accord.solver._model import Improved, Milp, Number, Outcome
from accord.solver._watchdog import bounded

Backend = Literal["highs", "cpsat"]


def prepare(backend: Backend) -> None:
    """Import ``backend``'s solver now (seconds for CP-SAT), so that the import is start-up,
    not part of a deadline that is about to begin."""
    if backend == "cpsat":
        import_cp_model()
    else:
        import highspy  # noqa: F401


def solve(
    lp: Milp,
    objective: Mapping[int, Number],
    deadline: Deadline,
    *,
    gap: float = 0.0,
    start: Mapping[int, float] | None = None,
    backend: Backend = "highs",
    on_improved: Improved | None = None,
    workers: int = 1,
) -> Outcome:
    """Minimise ``objective`` over ``lp`` before ``deadline``, from ``start`` if given.

    ``backend="cpsat"`` uses CP-SAT with ``workers`` threads when the model is all-integer (or
    on grids) and falls back on HiGHS otherwise. ``on_improved`` hears of each better solution.
    Either way ``deadline`` is a hard bound (:mod:`accord.solver._watchdog`).

    Parameters
    ----------
    lp : Milp
        The model: variables, rows and indicator rows, with exact coefficients.
    objective : mapping of int to number
        Coefficient of each variable in the objective, minimised.
    deadline : Deadline
        When the call must end (and, optionally, a budget of solver work).
    gap : float, default 0.0
        The relative gap at which a solution counts as optimal.
    start : mapping of int to float, optional
        A starting solution (a hint; it need not be feasible).
    backend : {"highs", "cpsat"}, default "highs"
        The solver; CP-SAT falls back on HiGHS for a model that is not all-integer.
    on_improved : callable, optional
        Called with each better solution and its objective as the solver finds it.
    workers : int, default 1
        CP-SAT's search threads.

    Returns
    -------
    Outcome
        Status (``optimal``, ``time_limit``, ``infeasible``, ``no_solution``, ...), values,
        objective, bound and gap.

    Examples
    --------
    >>> from accord.solver._control import Deadline
    >>> from accord.solver._model import Milp
    >>> lp = Milp()
    >>> x = lp.var(0, 10, integer=True)
    >>> lp.row({x: 2}, lo=5)
    >>> outcome = solve(lp, {x: 1}, Deadline.after(5))
    >>> outcome.status, round(outcome.x[0])
    ('optimal', 3)
    """
    if backend == "cpsat":
        try:
            return bounded(
                lambda report: solve_cpsat(lp, objective, deadline, gap, start, report, workers),
                deadline,
                on_improved,
            )
        except NotIntegral:
            pass
    from accord.solver._highs import solve_highs  # numpy: on the first solve, not on import

    return solve_highs(lp, objective, deadline, gap, start, on_improved)
