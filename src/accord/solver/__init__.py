"""Mathematical programming for the analyses: one model builder, two solvers, one time budget.

- :class:`~accord.solver._model.Milp` builds a mixed-integer linear model with exact rational
  coefficients and *indicator rows* (a row enforced only when some binaries take given values).
- :func:`~accord.solver._solve.solve` hands it to HiGHS (any model) or CP-SAT (all-integer models),
  within a :class:`~accord.solver._control.Deadline`, optionally from a starting solution.
- :mod:`accord.solver._control` holds what the caller controls from outside: the deadline, a stop
  request (Ctrl-C) and where the solver's own log goes (nowhere unless asked).
"""

from accord.solver._control import Deadline, solver_log, stop_requested, stopping
from accord.solver._model import Milp, Outcome
from accord.solver._solve import solve

__all__ = ["Deadline", "Milp", "Outcome", "solve", "solver_log", "stop_requested", "stopping"]
