"""The expression language of scenario files: conditions over boolean identifiers.

Used for infeasible states and preference statements (``conflict:``) and constraints between
items (``deal:``). Grammar, from the loosest binding to the tightest::

    expression := implied ("iff" implied)*
    implied    := disjunct ("if" disjunct)*        # "a if b": b implies a
    disjunct   := conjunct ("or" conjunct)*
    conjunct   := unary ("and" unary)*
    unary      := ("not" | "-") unary | "(" expression ")" | identifier | "true" | "false"

All binary operators group to the left. Identifiers are snake_case ids.

Examples
--------
>>> e = parse("withdraw and not escalate")
>>> e.evaluate({"withdraw": True, "escalate": False})
True
>>> sorted(e.identifiers)
['escalate', 'withdraw']
>>> parse("a if b").evaluate({"a": False, "b": False})
True
>>> import numpy as np
>>> parse("a iff -b").evaluate_many({"a": np.array([True, False]), "b": np.array([True, False])})
array([False, False])
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator

from accord import limits
from accord.errors import ExpressionError
from accord.scenario._expression_nodes import Chain, Constant, Name, Node, Not
from accord.scenario._expression_parser import KEYWORDS, parse_tree

if TYPE_CHECKING:  # NumPy is imported by evaluate_many, not by reading a scenario
    from accord.scenario._expression_nodes import BoolArray

__all__ = [
    "KEYWORDS",
    "Chain",
    "Constant",
    "Expression",
    "ExpressionText",
    "Name",
    "Node",
    "Not",
    "parse",
]


@dataclass(frozen=True)
class Expression:
    """A parsed expression: its text, its tree and the identifiers it uses."""

    text: str
    root: Node

    @property
    def identifiers(self) -> frozenset[str]:
        """The identifiers the expression uses."""
        return frozenset(name for name, _ in self.names())

    def names(self) -> list[tuple[str, int]]:
        """Every identifier occurrence with its 1-based column, left to right."""
        found: list[tuple[str, int]] = []
        stack = [self.root]
        while stack:
            node = stack.pop()
            if isinstance(node, Name):
                found.append((node.name, node.column))
            elif isinstance(node, Not):
                stack.append(node.operand)
            elif isinstance(node, Chain):
                stack.extend(reversed(node.operands))
        return found

    def unknown_identifiers(self, known: Collection[str]) -> list[tuple[str, int]]:
        """Identifier occurrences not in ``known``, with their columns.

        >>> parse("a and bb").unknown_identifiers({"a"})
        [('bb', 7)]
        """
        return [(name, column) for name, column in self.names() if name not in known]

    def evaluate(self, values: Mapping[str, bool]) -> bool:
        """The truth of the expression when each identifier has the value given.

        Raises ``KeyError`` for an identifier missing from ``values``.
        """
        return self.root.value(values)

    def evaluate_many(self, columns: Mapping[str, BoolArray]) -> BoolArray:
        """The truth of the expression for many assignments at once (boolean arrays, same length).

        >>> import numpy as np
        >>> parse("not a").evaluate_many({"a": np.array([True, False, False])})
        array([False,  True,  True])
        """
        import numpy as np

        size = len(next(iter(columns.values()))) if columns else 1
        result = self.root.values(columns, size)
        return np.broadcast_to(result, (size,)).copy() if result.shape != (size,) else result

    def __str__(self) -> str:
        return self.text


def parse(text: str) -> Expression:
    """Parse ``text``; raise :class:`~accord.errors.ExpressionError` with a column on error.

    >>> parse("a and (b or c")
    Traceback (most recent call last):
    ...
    accord.errors.ExpressionError: column 14: missing ')'
    """
    if len(text) > limits.current().expression_chars:
        error = limits.exceeded("expression_chars", len(text), "the expression")
        raise ExpressionError(error.message, text, 1, error.hint)
    if not text.strip():
        raise ExpressionError("empty expression", text, 1, "write a condition such as a and b")
    return _parsed(text, limits.current().expression_depth)


@functools.lru_cache(maxsize=256)
def _parsed(text: str, depth_limit: int) -> Expression:
    """Parsed once: a scenario's checks and analyses parse the same texts again and again."""
    return Expression(text, parse_tree(text))


def _check_parses(text: str) -> str:
    try:
        parse(text)
    except ExpressionError as error:
        hint = f"; {error.hint}" if error.hint else ""
        message = f"invalid expression at column {error.column}: {error.message}{hint}"
        raise ValueError(message) from None
    return text


ExpressionText = Annotated[str, AfterValidator(_check_parses)]
"""A string in a pydantic model that must parse as an expression."""
