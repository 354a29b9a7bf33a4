"""The uncertain numbers of a scenario, one draw of them, and the scenario with a draw put in.

Every range ``{low, mode, high}`` with ``low < high`` anywhere in the file is a *parameter*
(the deal's item values, interaction values and reservations; the verification means'
detection probabilities and the stakes' gains and penalties; the phasing section's defection
penalties and snapback ``recover`` shares), except a declaration's
``estimate``: that is a belief about a hidden quantity, which the declaration check uses whole,
not a number to draw. Draw ``i`` of a sweep with seed ``s`` is drawn by its own generator,
``SeedSequence(s, spawn_key=(i,))`` (the ``i``-th child of ``SeedSequence(s).spawn``), so a draw
is the same whichever worker computes it and whatever the order. Values are triangular on each
range (:func:`accord.deal._uncertainty.triangular`, the one way Accord draws). When the file's
``correlations:`` join some ranges (:mod:`accord.scenario._correlations`), a draw is one
standard normal per parameter, the correlated ones mixed by the copula's factor, each turned into
a uniform by the normal distribution function and into a value by its triangular quantile.

Examples
--------
>>> from accord.scenario import loads
>>> s = loads('''
... accord: 1
... title: T
... parties: {a: {name: A}, b: {name: B}}
... deal:
...   items:
...     - {id: x, giver: a, value: {a: {low: -3, mode: -1, high: 1}, b: 2}}
... ''')
>>> [p.label for p in find_parameters(s)]
['a: value of x']
>>> values = draw_values(find_parameters(s), seed=7, index=0)
>>> drawn = substitute(s, find_parameters(s), values)
>>> bool(drawn.deal.items[0].value["a"].mode == values[0]), drawn.deal.items[0].value["b"].mode
(True, 2.0)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel
from scipy.special import ndtr

from accord.deal._space import FloatArray
from accord.deal._uncertainty import triangular, triangular_quantile
from accord.errors import InputError
from accord.scenario._base import Estimate, Path
from accord.scenario._correlations import copula_factor, problems, resolved
from accord.scenario._model import Scenario
from accord.scenario._ranges import by_name, numbers


@dataclass(frozen=True)
class SweepParameter:
    """One uncertain number of the file: where it is, what it is, its range."""

    path: Path
    label: str
    low: float
    mode: float
    high: float
    source: str | None = None

    @property
    def id(self) -> str:
        """The path as one string: ``deal.items.3.value.us``."""
        return ".".join(str(part) for part in self.path)

    def to_dict(self) -> dict[str, object]:
        """The JSON form: id, label, range and source."""
        return {
            "id": self.id,
            "label": self.label,
            "low": self.low,
            "mode": self.mode,
            "high": self.high,
            "source": self.source,
        }


def find_parameters(scenario: Scenario) -> tuple[SweepParameter, ...]:
    """Every range with ``low < high`` in ``scenario``, in the file's order.

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario.

    Returns
    -------
    tuple of SweepParameter
        Each with its path in the scenario, a readable label, ``low``, ``mode``, ``high`` and
        its source; a point value (``low == high``) and a declaration's ``estimate`` are not
        parameters.

    Examples
    --------
    >>> from accord.scenario import load
    >>> parameters = find_parameters(load("examples/korea-2019.yaml"))
    >>> len(parameters)
    56
    >>> first = parameters[0]
    >>> first.path, first.label, (first.low, first.mode, first.high)
    (('deal', 'items', 0, 'value', 'us'), 'us: value of declaration', (5.0, 8.0, 12.0))
    >>> find_parameters(load("examples/jcpoa-2015.yaml"))
    ()
    """
    return tuple(
        SweepParameter(path, label(scenario, path), node.low, node.mode, node.high, node.source)
        for path, node in numbers(scenario)
        if not node.is_point
    )


@dataclass(frozen=True, eq=False)
class Copula:
    """How the correlated parameters are drawn together: their positions among the parameters,
    the factor of their normal correlation matrix, and the file's groups (for the JSON)."""

    indices: tuple[int, ...]
    factor: FloatArray
    groups: tuple[tuple[tuple[str, ...], float], ...]


def find_copula(scenario: Scenario, parameters: Sequence[SweepParameter]) -> Copula | None:
    """The copula of the file's ``correlations:`` (``None``: every range drawn on its own).

    A scenario built in code is checked here as a file is when loaded.
    """
    if not scenario.correlations:
        return None
    for problem in problems(scenario):
        where = ".".join(str(part) for part in problem.path)
        raise InputError(f"{where}: {problem.message}", problem.hint)
    position = {p.path: k for k, p in enumerate(parameters)}
    pairs = resolved(scenario)
    indices = sorted({position[path] for pair in pairs for path in pair})
    local = {k: n for n, k in enumerate(indices)}
    factor = copula_factor(
        len(indices), {(local[position[a]], local[position[b]]): c for (a, b), c in pairs.items()}
    )
    known = by_name(scenario)
    groups = tuple(
        (
            tuple(p.id for p in parameters if p.path in {known[n].path for n in entry.ranges}),
            entry.coefficient,
        )
        for entry in scenario.correlations
    )
    return Copula(tuple(indices), factor, groups)


def label(scenario: Scenario, path: Path) -> str:
    """A reader's name for the number at ``path`` (as the deal's Monte Carlo names them)."""
    deal = scenario.deal
    match path:
        case ("deal", "items", int(i), "value", str(party)) if deal is not None:
            return f"{party}: value of {deal.items[i].id}"
        case ("deal", "together", int(t), "value", str(party)) if deal is not None:
            return f"{party}: value of {' + '.join(deal.together[t].items)} together"
        case ("deal", "reservation", str(party)):
            return f"{party}: reservation"
        case ("verification", "means", str(means), "detection"):
            return f"{means}: detection probability"
        case ("verification", "stakes", str(item), "gain"):
            return f"{item}: gain from cheating"
        case ("verification", "stakes", str(item), "penalty"):
            return f"{item}: penalty if caught"
        case ("phasing", "penalty", str(party)):
            return f"{party}: defection penalty"
        case ("phasing", "items", str(item), "reversible", "recover"):
            return f"{item}: share recovered by snapback"
    return ".".join(str(part) for part in path)


def draw_values(
    parameters: Sequence[SweepParameter], seed: int, index: int, copula: Copula | None = None
) -> FloatArray:
    """The values of draw ``index``: one per parameter, from the draw's own generator."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))
    if copula is None:
        row: FloatArray = triangular(parameters, 1, rng)[0]
        return row
    normals = rng.standard_normal(len(parameters))
    joint = list(copula.indices)
    normals[joint] = copula.factor @ normals[joint]
    return triangular_quantile(parameters, ndtr(normals))


def substitute(
    scenario: Scenario, parameters: Sequence[SweepParameter], values: FloatArray
) -> Scenario:
    """``scenario`` with each parameter's range replaced by the point ``values[k]``.

    The result is a new frozen scenario (the original is untouched); nothing else changes, so
    every analysis reads the drawn value where it read the mode.
    """
    result: object = scenario
    for parameter, value in zip(parameters, values, strict=True):
        point = Estimate(low=value, mode=value, high=value, source=parameter.source)
        result = _replace(result, parameter.path, point)
    assert isinstance(result, Scenario)
    return result


def _replace(node: object, path: Path, value: object) -> object:
    """``node`` with the value at ``path`` replaced (models copied, containers rebuilt)."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, BaseModel):
        assert isinstance(head, str)
        return node.model_copy(update={head: _replace(getattr(node, head), rest, value)})
    if isinstance(node, dict):
        return {**node, head: _replace(node[head], rest, value)}
    if isinstance(node, list | tuple):
        assert isinstance(head, int)
        items = list(node)
        items[head] = _replace(items[head], rest, value)
        return type(node)(items)
    raise TypeError(f"cannot descend into {type(node).__name__} at {head!r}")
