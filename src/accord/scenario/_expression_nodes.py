"""The nodes of a parsed expression (see :mod:`accord.scenario._expressions`).

A chain of ``and``, ``or`` or ``iff`` is one :class:`Chain` node over all its operands (the
operators are associative), and ``a if b if c`` is ``a if (b and c)``: a tree is no deeper than
its text nests, so evaluating one never recurses further than the expression depth limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # NumPy is imported when an expression is evaluated over arrays, not before
    import numpy as np
    from numpy.typing import NDArray

    BoolArray = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Node:
    """A node of a parsed expression."""

    def value(self, env: Mapping[str, bool]) -> bool:
        raise NotImplementedError

    def values(self, env: Mapping[str, BoolArray], size: int) -> BoolArray:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Constant(Node):
    truth: bool

    def value(self, env: Mapping[str, bool]) -> bool:
        return self.truth

    def values(self, env: Mapping[str, BoolArray], size: int) -> BoolArray:
        import numpy as np

        return np.full(size, self.truth, dtype=bool)


@dataclass(frozen=True, slots=True)
class Name(Node):
    name: str
    column: int

    def value(self, env: Mapping[str, bool]) -> bool:
        return bool(env[self.name])

    def values(self, env: Mapping[str, BoolArray], size: int) -> BoolArray:
        import numpy as np

        return np.asarray(env[self.name], dtype=bool)


@dataclass(frozen=True, slots=True)
class Not(Node):
    operand: Node

    def value(self, env: Mapping[str, bool]) -> bool:
        return not self.operand.value(env)

    def values(self, env: Mapping[str, BoolArray], size: int) -> BoolArray:
        return ~self.operand.values(env, size)


@dataclass(frozen=True, slots=True)
class Chain(Node):
    """Operands joined by one operator: ``and``, ``or`` and ``iff`` take any number (they are
    associative, ``iff`` folding from the left); ``if`` takes two (``a if b``: b implies a)."""

    operator: str  # "and", "or", "if", "iff"
    operands: tuple[Node, ...]

    def value(self, env: Mapping[str, bool]) -> bool:
        truths = [operand.value(env) for operand in self.operands]
        if self.operator == "and":
            return all(truths)
        if self.operator == "or":
            return any(truths)
        if self.operator == "if":
            return truths[0] or not truths[1]
        result = truths[0]
        for truth in truths[1:]:
            result = result == truth
        return result

    def values(self, env: Mapping[str, BoolArray], size: int) -> BoolArray:
        import numpy as np

        arrays = iter(operand.values(env, size) for operand in self.operands)
        result = np.array(next(arrays), dtype=bool)
        if self.operator == "if":
            return result | ~next(arrays)
        for array in arrays:
            if self.operator == "and":
                result &= array
            elif self.operator == "or":
                result |= array
            else:
                result = ~(result ^ array)
        return result
