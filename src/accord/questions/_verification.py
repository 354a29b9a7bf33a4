"""``accord.analyze_verification``: the ``verification:`` section, analysed."""

from __future__ import annotations

from fractions import Fraction

from accord.choices import VerificationObjective, choose
from accord.errors import InputError
from accord.questions._common import no_section
from accord.scenario._model import Scenario
from accord.verification._analysis import VerificationReport, analyze
from accord.verification._numbers import exact


def analyze_verification(
    scenario: Scenario,
    *,
    objective: VerificationObjective | str | None = None,
    budget: str | float | Fraction | None = None,
    plans: bool = False,
    time_limit: float = 10.0,
) -> VerificationReport:
    """How sure we can be that cheating on each commitment is caught, and what deters it.

    For every commitment under ``verification.verifies``: the detection that deters cheating
    (gain against penalty), the means chosen within the budget, whether it is deterred and why;
    every declaration against its estimate; and, with a ``phasing:`` section, every written plan
    checked against faked deliveries.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario with a ``verification:`` section.
    objective : VerificationObjective or str, optional
        ``deter_most`` or ``minimax_gain`` (:class:`~accord.choices.VerificationObjective`;
        default: the file's).
    budget : str, float or Fraction, optional
        The budget per period instead of the file's (``"5/2"`` is exact).
    plans : bool, default False
        Also plan the ``phasing:`` package and check that plan against fakes.
    time_limit : float, default 10.0
        Seconds for the solver.

    Returns
    -------
    VerificationReport
        Frozen; ``to_dict()`` is the JSON of ``accord verify FILE --json`` (which adds the
        ``file`` it read).

    Raises
    ------
    InputError
        No ``verification:`` section; an unknown objective (with a "did you mean" hint); a
        negative or unreadable budget.

    Examples
    --------
    >>> import accord
    >>> report = accord.analyze_verification(accord.load("examples/korea-2019.yaml"))
    >>> report.allocation.deterred, len(report.allocation.plans)
    (5, 6)
    """
    if scenario.verification is None:
        raise no_section("verification")
    chosen: VerificationObjective | None = None
    if objective is not None:
        chosen = choose(VerificationObjective, objective, "objective")
    limit = None if budget is None else exact(budget, "budget")
    if limit is not None and limit < 0:
        raise InputError(f"the budget cannot be negative (got {budget})")
    return analyze(scenario, chosen, limit, time_limit, planner=plans)
