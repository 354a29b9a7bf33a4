"""``accord.plan`` and ``accord.audit``: phased plans that are safe for every party."""

from __future__ import annotations

from accord.choices import PlanObjective, choose
from accord.errors import InputError
from accord.phasing._analysis import PhasingAnalysis, PlanAudits, analyze, audit_scenario
from accord.phasing._result import ProgressCallback
from accord.questions._common import no_section
from accord.scenario._model import Scenario
from accord.solver._control import Deadline


def plan(
    scenario: Scenario,
    package: str | None = None,
    *,
    objective: PlanObjective | str | None = None,
    time_limit: float = 30.0,
    progress: ProgressCallback | None = None,
    deadline: Deadline | None = None,
    reproducible: bool = False,
) -> PhasingAnalysis:
    """A phased plan for the package in which no party ever gains by defecting.

    Plans the package step by step with a solver (HiGHS), proves the plan optimal or reports
    the gap, audits it independently, and when no safe plan exists says who defects where and
    what would fix it; the plans written in the ``phasing:`` section are audited too.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario with a ``phasing:`` section.
    package : str, optional
        A proposal name from ``deal:`` (default: the ``phasing:`` section's package).
    objective : PlanObjective or str, optional
        What to minimise first: ``periods``, ``steps`` or ``exposure``
        (:class:`~accord.choices.PlanObjective`; default: the file's).
    time_limit : float, default 30.0
        Seconds for all of it (planner, fixes, audits).
    progress : callable, optional
        Called with a :class:`~accord.phasing._result.Progress` as the planner advances.
    deadline : Deadline, optional
        A deadline to use instead of ``time_limit``.
    reproducible : bool, default False
        Bound the solvers' work as well as the time, so that the same input and time limit
        give the same plan (CP-SAT runs one worker, deterministically; see
        :func:`~accord.phasing._planner.budget`).

    Returns
    -------
    PhasingAnalysis
        Frozen; ``to_dict()`` is the JSON of ``accord plan --json``. ``result.result.plan`` is
        ``None`` when no safe plan was found (``explanation`` then says why).

    Raises
    ------
    InputError
        No ``phasing:`` section; an unknown package or objective (with a "did you mean" hint);
        a time limit that is not positive.

    Examples
    --------
    >>> import accord
    >>> result = accord.plan(accord.load("examples/korea-2019.yaml"))
    >>> result.result.status, result.result.values["last_period"]
    (<PlanStatus.OPTIMAL: 'optimal'>, 7.0)
    """
    if scenario.phasing is None:
        raise no_section("phasing")
    chosen: PlanObjective | None = None
    if objective is not None:
        chosen = choose(PlanObjective, objective, "objective")
    if not time_limit > 0:
        raise InputError(f"the time limit must be positive, not {time_limit:g}")
    return analyze(
        scenario,
        package,
        chosen,
        time_limit,
        progress=progress,
        deadline=deadline,
        reproducible=reproducible,
    )


def audit(scenario: Scenario) -> PlanAudits:
    """Audit every plan written in the scenario's ``phasing:`` section.

    A plan is safe when, at every step where a party delivers, carrying the plan out is worth
    at least as much to it as defecting there. Each audit gives every step's exposure and
    margins and the first step where some party gains by defecting.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario with a ``phasing:`` section.

    Returns
    -------
    PlanAudits
        Frozen; ``safe`` is whether every written plan is safe; ``to_dict()`` is the JSON of
        ``accord audit --json``.

    Raises
    ------
    InputError
        No ``phasing:`` section.

    Examples
    --------
    >>> import accord
    >>> audits = accord.audit(accord.load("examples/jcpoa-2015.yaml"))
    >>> audits.safe, [a.name for a in audits.audits]
    (True, ['plan'])
    """
    if scenario.phasing is None:
        raise no_section("phasing")
    return PlanAudits(tuple(audit_scenario(scenario)))
