"""``accord.analyze_robustness``: how sure is the advice when the numbers are only estimates."""

from __future__ import annotations

from collections.abc import Collection

from accord.scenario._model import Scenario
from accord.sweep import DEFAULT_DRAWS, DEFAULT_SEED, sweep
from accord.sweep._aggregate import SweepResult
from accord.sweep._local import Progress, no_progress


def analyze_robustness(
    scenario: Scenario,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    *,
    questions: Collection[str] | None = None,
    workers: int | None = None,
    cluster: str | None = None,
    progress: Progress = no_progress,
) -> SweepResult:
    """How often each verdict still holds when every range of the file is drawn.

    Draws every range ``{low, mode, high}`` of the file ``draws`` times (triangular; draw ``i``
    from the ``i``-th child of ``seed``) and asks each draw whether a zone of agreement exists,
    which package each bargaining solution picks, whether each party accepts each proposal,
    whether each plan stays safe (and each party's lowest margin over it), whether a safe plan
    exists, and which commitments are deterred. The draws run on local worker processes or on
    a Dask cluster; the result is the same for the same seed either way.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario with ranges (a file without any is swept too: every draw is alike).
    draws : int, default 200
        How many draws, from 1 to the ``sweep_draws`` limit (:mod:`accord.limits`).
    seed : int, default 2019
        The seed: same seed, same result.
    questions : collection of str, optional
        Ask only these: ``deal``, ``plan``, ``verification`` (default: every one the file's
        sections allow).
    workers : int, optional
        Local worker processes (default: one per core).
    cluster : str, optional
        The address of a running Dask scheduler (``tcp://host:8786``), instead of local workers.
    progress : callable, optional
        Called with (draws done, draws in all) as chunks of draws finish.

    Returns
    -------
    SweepResult
        Frozen; ``to_dict()`` is the JSON of ``accord sweep --json``; ``partial`` is true when
        Ctrl-C stopped the sweep (the aggregates cover the finished draws).

    Raises
    ------
    InputError
        A draw count out of bounds, fewer than one worker, an unknown question, nothing to
        ask, or a cluster that cannot be reached or has no worker.

    Examples
    --------
    >>> import accord
    >>> result = accord.analyze_robustness(accord.load('''
    ... accord: 1
    ... title: T
    ... parties: {a: {name: A}, b: {name: B}}
    ... deal:
    ...   items: [{id: x, giver: a, value: {a: {low: -3, mode: -1, high: 1}, b: 2}}]
    ...   proposals: {just_x: {x: 1}}
    ... '''), draws=40, seed=1, workers=1)
    >>> result.to_dict()["verdicts"][0]["probability"]
    1.0
    >>> result.to_rows()[3]["verdict"]
    'every party accepts proposal just_x'
    """
    return sweep(scenario, draws, seed, questions, workers, cluster, progress)
