"""The ``correlations:`` list: ranges of the file that move together when a sweep draws them.

Each entry names two or more ranges (by their place in the file, see
:mod:`accord.scenario._ranges`) and a ``coefficient`` from -1 to 1: the *rank* (Spearman)
correlation of every pair of them across the draws. 0.6 means that when one is high in its
range, the other tends to be high in its own; -0.6, low; 0, independent; 1, in step (the same
rank in every draw). A rank correlation says nothing about the ranges' shapes, so each range is
still triangular on ``[low, high]`` with its mode.

The draws are joined by a Gaussian copula (as risk tools do, e.g. Iman and Conover 1982): normal
numbers with correlation ``r = 2 sin(pi * coefficient / 6)`` (Pearson's 1907 relation between a
normal pair's correlation and its rank correlation), each turned into a uniform by the normal
distribution function and into a value by its range's triangular quantile. The correlations
together must be possible: their matrix must be positive semidefinite (if ``a`` moves with ``b``
and ``b`` with ``c``, ``a`` cannot move against ``c``).

The sweep (``accord sweep``, the report's robustness section) and the deal's Monte Carlo (for the
deal's own ranges) read ``correlations:``; the analyses of one run read every range at its mode.

Examples
--------
>>> import numpy as np
>>> factor = copula_factor(2, {(0, 1): 1.0})
>>> np.round(factor, 6).tolist()
[[1.0, 0.0], [1.0, 0.0]]
>>> round(normal_correlation(0.5), 4)
0.5176
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import Field

from accord import limits
from accord._suggest import IN_FILE, unknown_hint
from accord.scenario._base import NOTE, Id, Model, Path, Problem
from accord.scenario._ranges import Named, by_name

if TYPE_CHECKING:
    from accord.scenario._model import Scenario

TOLERANCE = 1e-10
"""How far below 0 a pivot of the factorisation may fall from rounding alone."""


class Correlation(Model):
    """Ranges that move together when a sweep draws them, e.g. ``{ranges:
    [verification.means.ntm.detection, verification.means.ntm_covert.detection], coefficient:
    0.6}``: each pair of them has the rank (Spearman) correlation ``coefficient`` across the
    draws. The draws are joined by a Gaussian copula, so each range keeps its triangular shape. A
    range may be in several groups, a pair in one only; the coefficients together must be
    possible (if a moves with b and b with c, a cannot move against c). A single analysis
    reads every range at its mode."""

    ranges: list[str] = Field(
        min_length=2,
        description="The ranges that move together, by their place in the file: e.g. "
        "verification.means.iaea.detection, phasing.penalty.dprk, "
        "phasing.items.relief.reversible.recover, deal.items.relief.value.dprk (a deal item by "
        "its id), deal.reservation.us.",
    )
    coefficient: float = Field(
        ge=-1,
        le=1,
        description="How closely they move together: the rank (Spearman) correlation of each "
        "pair, from -1 (one high when the other is low) through 0 (independent) to 1 (in step).",
    )
    source: Id | None = Field(default=None, description="A source id for the coefficient.")
    note: str | None = NOTE


class Impossible(ValueError):
    """The correlations cannot all hold: their matrix is not positive semidefinite."""


def normal_correlation(coefficient: float) -> float:
    """The correlation of the normal pair whose rank correlation is ``coefficient``."""
    return 2 * math.sin(math.pi * coefficient / 6)


def copula_factor(size: int, pairs: Mapping[tuple[int, int], float]) -> Any:
    """A lower-triangular ``F`` with ``F @ F.T`` the normal correlation matrix of ``size``
    numbers whose rank correlations are ``pairs`` (the others 0); raise :class:`Impossible`.

    A Cholesky factorisation that also accepts a semidefinite matrix (a coefficient of 1 or -1
    makes two numbers one: a zero pivot, whose column stays 0).
    """
    import numpy as np

    matrix = np.eye(size)
    for (i, j), coefficient in pairs.items():
        matrix[i, j] = matrix[j, i] = normal_correlation(coefficient)
    factor = np.zeros((size, size))
    for j in range(size):
        row = factor[j, :j]
        pivot = matrix[j, j] - row @ row
        rest = matrix[j + 1 :, j] - factor[j + 1 :, :j] @ row
        if pivot < -TOLERANCE:
            raise Impossible(f"pivot {pivot:.3g}")
        if pivot <= TOLERANCE:
            if rest.size and np.abs(rest).max() > 1e-8:
                raise Impossible("a zero pivot with a non-zero column")
            continue
        factor[j, j] = math.sqrt(pivot)
        factor[j + 1 :, j] = rest / factor[j, j]
    return factor


def resolved(scenario: Scenario) -> dict[tuple[Path, Path], float]:
    """Each correlated pair of ranges (paths in file order) and its coefficient (a valid file)."""
    if not scenario.correlations:
        return {}
    names = by_name(scenario)
    paths = {named.position: named.path for named in names.values()}
    return {
        (paths[a], paths[b]): coefficient for (a, b), coefficient in _pairs(scenario, names).items()
    }


def _pairs(scenario: Scenario, names: dict[str, Named]) -> dict[tuple[int, int], float]:
    """Each correlated pair of known names, as positions in file order, and its coefficient."""
    pairs: dict[tuple[int, int], float] = {}
    for entry in scenario.correlations:
        positions = sorted({names[n].position for n in entry.ranges if n in names})
        for a, first in enumerate(positions):
            for second in positions[a + 1 :]:
                pairs[first, second] = entry.coefficient
    return pairs


def problems(scenario: Scenario) -> Iterator[Problem]:
    """The size limit (counted first: the checks below grow with its square); unknown names,
    numbers that are not ranges, pairs given twice; whether the correlations can all hold."""
    if not scenario.correlations:
        return
    names = by_name(scenario)
    given = {names[n].path if n in names else n for c in scenario.correlations for n in c.ranges}
    if len(given) > limits.current().correlated_ranges:
        error = limits.exceeded("correlated_ranges", len(given), "the list")
        yield Problem(("correlations",), error.message, error.hint)
        return
    found = list(_name_problems(scenario, names))
    yield from found
    if found:
        return
    pairs = _pairs(scenario, names)
    local = {k: n for n, k in enumerate(sorted({k for pair in pairs for k in pair}))}
    try:
        copula_factor(len(local), {(local[a], local[b]): c for (a, b), c in pairs.items()})
    except Impossible:
        yield Problem(
            ("correlations",),
            "the correlations cannot all hold together: their matrix is not positive semidefinite",
            "if a moves with b and b with c, a cannot move against c: lower the coefficients "
            "or check their signs",
        )


def _name_problems(scenario: Scenario, names: dict[str, Named]) -> Iterator[Problem]:
    ranged = [n for n, named in names.items() if not named.estimate.is_point]
    sources = [source.id for source in scenario.sources]
    first: dict[tuple[int, int], int] = {}
    for i, entry in enumerate(scenario.correlations):
        if entry.source is not None and entry.source not in sources:
            hint = unknown_hint(entry.source, sources, "sources", IN_FILE)
            yield Problem(("correlations", i, "source"), f"unknown source '{entry.source}'", hint)
        seen: dict[int, str] = {}
        for j, given in enumerate(entry.ranges):
            where = ("correlations", i, "ranges", j)
            named = names.get(given)
            if named is None:
                hint = unknown_hint(given, ranged, "ranges")
                yield Problem(where, f"unknown range '{given}'", hint)
            elif named.estimate.is_point:
                hint = "write it as {low, mode, high}, or leave it out of the correlation"
                yield Problem(where, f"'{given}' is a single number, not a range", hint)
            elif named.position in seen:
                yield Problem(where, f"'{given}' is named twice (as '{seen[named.position]}')")
            else:
                for other in seen:
                    pair = (min(named.position, other), max(named.position, other))
                    if pair in first:
                        message = f"'{given}' is already correlated with '{seen[other]}'"
                        yield Problem(where, message, f"at correlations[{first[pair]}]")
                    first.setdefault(pair, i)
                seen[named.position] = given
