"""Building blocks shared by every section of the scenario model.

- :class:`Model`, the base of every scenario model: frozen, unknown keys forbidden.
- :data:`Number`, a number that may carry its ``source`` and a ``note``: ``5`` or
  ``{value: 5, source: sipri2019, note: ...}``; after validation always a :class:`Sourced`.
- :data:`Uncertain`, a number or a range ``{low, mode, high}``; after validation always an
  :class:`Estimate` (a point value has ``low == mode == high``). :data:`UncertainProbability`,
  :data:`UncertainShare` and :data:`UncertainAmount` are the same with bounds on the whole range
  (a probability, a share in (0, 1], a number at least 0).
- :class:`Problem`, a cross-reference problem found after structural validation; sections
  report them from ``problems(scenario)`` and the loader turns them into located diagnostics.
- :data:`Id`, a short snake_case identifier.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64),
]
"""A short snake_case identifier: a lower-case letter, then letters, digits or underscores."""

Path = tuple[str | int, ...]


class Model(BaseModel):
    """Base of every scenario model: immutable, unknown keys are errors, and so are NaN and
    infinities (in every number of the scenario, whatever its field)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


@dataclass(frozen=True)
class Problem:
    """A problem found after structural validation, at ``path`` from the scenario root."""

    path: Path
    message: str
    hint: str | None = None


class Sourced(Model):
    """A number with an optional source id (from ``sources:``) and a free-text note.

    >>> Sourced(value=3).value
    3.0
    """

    value: float
    source: Id | None = None
    note: str | None = None


def _number_to_mapping(raw: Any) -> Any:
    if isinstance(raw, bool):
        return raw  # let validation reject booleans as numbers
    if isinstance(raw, int | float):
        return {"value": raw}
    return raw


Number = Annotated[
    Sourced,
    BeforeValidator(_number_to_mapping, json_schema_input_type=float | Sourced),
]
"""A number, optionally written as ``{value, source, note}``."""


class Estimate(Model):
    """A value known as a range ``low <= mode <= high``; analyses needing a point use the mode.

    >>> Estimate(low=1, mode=2, high=4).is_point
    False
    """

    low: float
    mode: float
    high: float
    source: Id | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Estimate:
        if not self.low <= self.mode <= self.high:
            raise ValueError(
                f"a range needs low <= mode <= high, got low={self.low:g}, "
                f"mode={self.mode:g}, high={self.high:g}"
            )
        return self

    @property
    def is_point(self) -> bool:
        """Whether the estimate is a single known value."""
        return self.low == self.high


def _uncertain_to_mapping(raw: Any) -> Any:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        return {"low": raw, "mode": raw, "high": raw}
    if isinstance(raw, dict) and "value" in raw and not {"low", "mode", "high"} & raw.keys():
        rest = {k: v for k, v in raw.items() if k != "value"}
        return {"low": raw["value"], "mode": raw["value"], "high": raw["value"], **rest}
    return raw


class _RangeInput(Model):
    low: float
    mode: float
    high: float
    source: Id | None = None
    note: str | None = None


Uncertain = Annotated[
    Estimate,
    BeforeValidator(_uncertain_to_mapping, json_schema_input_type=float | Sourced | _RangeInput),
]
"""A number, ``{value, source, note}``, or a range ``{low, mode, high, source, note}``."""


def _bounded(message: str, low: float, high: float, low_open: bool = False) -> AfterValidator:
    """Check that the whole range lies within ``[low, high]`` (``(low, high]`` if ``low_open``);
    a point value keeps the plain ``message``, a range says which end is out."""

    def check(estimate: Estimate) -> Estimate:
        ends = [("low", estimate.low), ("high", estimate.high)]
        outside = [(name, v) for name, v in ends if v > high or v < low or (low_open and v == low)]
        if outside and estimate.is_point:
            raise ValueError(message)
        if outside:
            name, value = outside[0]
            raise ValueError(f"{message}: the range's {name} is {value:g}")
        return estimate

    return AfterValidator(check)


def _bounded_input(
    ge: float | None = None, gt: float | None = None, le: float | None = None
) -> Any:
    """The JSON Schema input of a bounded range: the plain number carries the bounds."""
    return Annotated[float, Field(ge=ge, gt=gt, le=le)] | Sourced | _RangeInput


UncertainProbability = Annotated[
    Estimate,
    BeforeValidator(_uncertain_to_mapping, json_schema_input_type=_bounded_input(ge=0, le=1)),
    _bounded("a probability must be in [0, 1]", 0, 1),
]
"""An :data:`Uncertain` probability: every value of the range in [0, 1]."""

UncertainShare = Annotated[
    Estimate,
    BeforeValidator(_uncertain_to_mapping, json_schema_input_type=_bounded_input(gt=0, le=1)),
    _bounded("a share must be greater than 0 and at most 1", 0, 1, low_open=True),
]
"""An :data:`Uncertain` share in (0, 1], such as the part of a value a snapback recovers."""

UncertainAmount = Annotated[
    Estimate,
    BeforeValidator(_uncertain_to_mapping, json_schema_input_type=_bounded_input(ge=0)),
    _bounded("the value must be at least 0", 0, math.inf),
]
"""An :data:`Uncertain` number at least 0, such as a gain or a penalty."""


def walk(value: object, path: Path = ()) -> Iterator[tuple[Path, object]]:
    """Yield ``(path, node)`` for every model, list item and mapping value under ``value``,
    depth first, each node before what it holds (iterative: a large scenario's checks walk it
    in time linear in its size, issue 17).

    >>> [p for p, _ in walk({"a": [Sourced(value=1)]})]
    [(), ('a',), ('a', 0), ('a', 0, 'value'), ('a', 0, 'source'), ('a', 0, 'note')]
    """
    stack: list[tuple[Path, object]] = [(path, value)]
    while stack:
        here, node = stack.pop()
        yield here, node
        if type(node) in _LEAVES:
            continue
        if isinstance(node, BaseModel):
            items: Iterable[tuple[str | int, object]] = (
                (name, getattr(node, name)) for name in type(node).model_fields
            )
        elif isinstance(node, dict):
            items = node.items()
        elif isinstance(node, list | tuple):
            items = enumerate(node)
        else:
            continue
        stack.extend(reversed([((*here, key), item) for key, item in items]))


_LEAVES = frozenset({str, int, float, bool, type(None)})
"""What :func:`walk` yields and never looks into."""


NOTE = Field(default=None, description="Free-text note: where a value comes from, caveats.")
