"""``accord.analyze_deal``: zone of agreement, frontier, bargaining solutions, uncertainty."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from accord.deal._analysis import DEFAULT_DRAWS, DEFAULT_SEED, DealAnalysis, analyze
from accord.deal._evaluate import parse_package
from accord.deal._solver import TIME_LIMIT
from accord.errors import InputError
from accord.questions._common import no_section
from accord.scenario._model import Scenario


def analyze_deal(
    scenario: Scenario,
    package: str | Mapping[str, float] | None = None,
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    progress: Callable[[int], None] | None = None,
    time_limit: float = TIME_LIMIT,
) -> DealAnalysis:
    """What package every party could accept, the best ones, and how sure that is.

    Analyses the scenario's ``deal:`` section: whether a zone of agreement exists, the exact
    Pareto frontier of the bargaining parties, the bargaining solutions (Nash,
    Kalai–Smorodinsky, egalitarian, utilitarian: :class:`~accord.choices.BargainingSolution`),
    each proposal of the file, a package of your own, Adjusted Winner, and a seeded Monte Carlo
    over the ranges.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario with a ``deal:`` section.
    package : str or mapping, optional
        A package to evaluate: ``"item, item=amount, ..."`` (no amount: all of it) or
        ``{item: amount}``.
    draws : int, default 10000
        Monte Carlo draws over the ranges (0: no uncertainty analysis).
    seed : int, default 2019
        The seed of the draws: the same seed gives the same result.
    progress : callable, optional
        Called with the number of frontier points found so far.
    time_limit : float, default 30
        Seconds for the solver's part of the analysis (spaces beyond 2^20 packages): at the
        end, each result is the best found, marked not proven optimal (``Solution.proven``,
        ``bound``, ``gap``; ``Frontier.complete``).

    Returns
    -------
    DealAnalysis
        Frozen; ``to_dict()`` is the JSON of ``accord deal --json``.

    Raises
    ------
    InputError
        No ``deal:`` section; an unknown item in ``package`` (with a "did you mean" hint);
        negative ``draws`` or ``time_limit``; a limit exceeded (the message names it).
    AnalysisError
        The time budget ran out before the solver could tell whether any package is
        acceptable.

    Examples
    --------
    >>> import accord
    >>> result = accord.analyze_deal(accord.load("examples/korea-2019.yaml"), draws=0)
    >>> result.zone.exists, sorted(result.solutions)
    (True, ['egalitarian', 'kalai_smorodinsky', 'nash', 'utilitarian'])
    >>> result.proposals["hanoi_dprk_offer"].refused_by
    ['us', 'japan']
    """
    deal = scenario.deal
    if deal is None:
        raise no_section("deal")
    if draws < 0:
        raise InputError(f"draws must be at least 0, got {draws}")
    if not time_limit > 0:
        raise InputError(f"the time limit must be positive, not {time_limit:g}")
    chosen = parse_package(package, deal) if isinstance(package, str) else package
    return analyze(scenario, chosen, draws, seed, progress=progress, time_limit=time_limit)
