"""The uncertain numbers of a scenario, one draw of them, and the scenario with a draw put in.

Every range ``{low, mode, high}`` with ``low < high`` anywhere in the file is a *parameter*
(the deal's item values, interaction values and reservations; the verification means'
detection probabilities and the stakes' gains and penalties; the phasing section's defection
penalties and snapback ``recover`` shares), except a declaration's
``estimate``: that is a belief about a hidden quantity, which the declaration check uses whole,
not a number to draw. Draw ``i`` of a sweep with seed ``s`` is drawn by its own generator,
``SeedSequence(s, spawn_key=(i,))`` (the ``i``-th child of ``SeedSequence(s).spawn``), so a draw
is the same whichever worker computes it and whatever the order. Values are triangular on each
range (:func:`accord.deal.uncertainty.triangular`, the one way Accord draws).

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

from accord.deal.space import FloatArray
from accord.deal.uncertainty import triangular
from accord.scenario.base import Estimate, Path, walk
from accord.scenario.model import Scenario

NOT_DRAWN = (("verification", "declarations"),)
"""Where a range is a belief used whole (a declaration's prior), not a number to draw."""


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
    """Every range with ``low < high`` in ``scenario``, in the file's order."""
    found = []
    for path, node in walk(scenario):
        if not isinstance(node, Estimate) or node.is_point:
            continue
        if any(path[: len(prefix)] == prefix for prefix in NOT_DRAWN):
            continue
        found.append(
            SweepParameter(path, label(scenario, path), node.low, node.mode, node.high, node.source)
        )
    return tuple(found)


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


def draw_values(parameters: Sequence[SweepParameter], seed: int, index: int) -> FloatArray:
    """The values of draw ``index``: one per parameter, from the draw's own generator."""
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index,)))
    row: FloatArray = triangular(parameters, 1, rng)[0]
    return row


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
