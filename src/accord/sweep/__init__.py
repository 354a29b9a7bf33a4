"""Robustness sweeps: how sure is the advice when the numbers are only estimates?

:func:`sweep` draws every range of a scenario many times (seeded by draw index), asks each
draw the questions the file's sections allow (the zone of agreement, the bargaining solutions'
packages, each proposal's verdict per party, whether each plan stays safe and its lowest margin
per party, which commitments are deterred), and aggregates the answers. The draws run on a
local process pool or on a Dask cluster; the result is the same for the same seed either way.

Examples
--------
>>> from accord.scenario import loads
>>> scenario = loads('''
... accord: 1
... title: T
... parties: {a: {name: A}, b: {name: B}}
... deal:
...   items: [{id: x, giver: a, value: {a: {low: -3, mode: -1, high: 1}, b: 2}}]
... ''')
>>> result = sweep(scenario, draws=4, seed=1, workers=1)
>>> result.to_dict()["draws"], result.partial
(4, False)
"""

from __future__ import annotations

import os
from collections.abc import Collection

from accord import limits
from accord._defaults import SWEEP_DRAWS as DEFAULT_DRAWS
from accord._defaults import SWEEP_QUESTIONS as QUESTIONS
from accord._defaults import SWEEP_SEED as DEFAULT_SEED
from accord.errors import InputError
from accord.scenario._model import Scenario
from accord.sweep._aggregate import SweepResult, aggregate, wilson
from accord.sweep._draw import Draw, SweepSetup, available, evaluate, prepare
from accord.sweep._local import Progress, no_progress, run_local
from accord.sweep._parameters import SweepParameter, find_parameters

__all__ = [
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "QUESTIONS",
    "Draw",
    "SweepParameter",
    "SweepResult",
    "SweepSetup",
    "available",
    "check_draws",
    "evaluate",
    "find_parameters",
    "prepare",
    "sweep",
    "wilson",
]


def check_draws(draws: int) -> None:
    """Reject a draw count below 1 or above the ``sweep_draws`` limit (before any work; each
    kept draw holds its answers).

    Parameters
    ----------
    draws : int
        The draws asked for.

    Returns
    -------
    None
        When ``draws`` is within bounds.

    Raises
    ------
    InputError
        Below 1, or above the ``sweep_draws`` limit (:mod:`accord.limits`; ``--max-sweep-draws``
        raises it), with a hint.

    Examples
    --------
    >>> check_draws(200)
    >>> check_draws(0)
    Traceback (most recent call last):
    ...
    accord.errors.InputError: --draws must be at least 1, got 0
    """
    if draws < 1:
        raise InputError(f"--draws must be at least 1, got {draws:,}")
    advice = "split a larger sweep into several seeds"
    limits.check("sweep_draws", draws, "--draws: the sweep", advice)


def sweep(
    scenario: Scenario,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    questions: Collection[str] | None = None,
    workers: int | None = None,
    cluster: str | None = None,
    progress: Progress = no_progress,
) -> SweepResult:
    """Sweep ``scenario``: ``draws`` draws with ``seed``, on ``workers`` local processes
    (default: one per core) or on the Dask cluster at ``cluster``.

    Ctrl-C returns the draws finished so far, marked ``partial``. :func:`accord.analyze_robustness`
    does the same, with keyword options.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario; its ranges ``{low, mode, high}`` are drawn (triangular).
    draws : int, default 200
        How many draws, from 1 to the ``sweep_draws`` limit.
    seed : int, default 2019
        Draw ``i`` uses the ``i``-th child of ``seed``: same seed, same result.
    questions : collection of str, optional
        Ask only these of :data:`QUESTIONS` (default: every one the file's sections allow).
    workers : int, optional
        Local worker processes (default: one per core).
    cluster : str, optional
        A running Dask scheduler's address, instead of local processes.
    progress : callable, optional
        Called with (draws done, draws in all) as draws finish.

    Returns
    -------
    SweepResult
        How often each verdict holds, with its Wilson interval, what moves it, plan margins.

    Raises
    ------
    InputError
        A draw or worker count out of bounds, an unknown question, or nothing to ask.
    AnalysisError
        Workers that keep dying, or a failed cluster task.

    Examples
    --------
    >>> from accord.scenario import loads
    >>> scenario = loads('''
    ... accord: 1
    ... title: T
    ... parties: {a: {name: A}, b: {name: B}}
    ... deal:
    ...   items: [{id: x, giver: a, value: {a: {low: -3, mode: -1, high: 1}, b: 2}}]
    ... ''')
    >>> sweep(scenario, draws=4, seed=1, workers=1, questions=["plan"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: nothing to sweep: the file has no deal items, phasing or ...
    >>> sweep(scenario, draws=4, seed=1, workers=1).to_dict()["draws"]
    4
    """
    check_draws(draws)
    if workers is not None and workers < 1:
        raise InputError(f"--workers must be at least 1, got {workers}")
    unknown = set(questions or ()) - set(QUESTIONS)
    if unknown:
        raise InputError(f"unknown question(s) {sorted(unknown)}", f"ask {', '.join(QUESTIONS)}")
    setup = prepare(scenario, seed, questions)
    if not setup.questions:
        raise InputError(
            "nothing to sweep: the file has no deal items, phasing or verification to ask about"
        )
    indices = list(range(draws))
    if cluster is not None:
        from accord.sweep.cluster import run_cluster

        done, stopped = run_cluster(setup, indices, cluster, progress)
    else:
        done, stopped = run_local(setup, indices, workers or os.cpu_count() or 1, progress)
    return aggregate(scenario.title, setup, done, draws, partial=stopped)
