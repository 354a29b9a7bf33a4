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

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Annotated

import numpy as np
from numpy.typing import NDArray
from pydantic import AfterValidator

from accord.errors import ExpressionError

BoolArray = NDArray[np.bool_]
KEYWORDS = frozenset({"not", "and", "or", "if", "iff", "true", "false"})
_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>[()\-]))")


@dataclass(frozen=True)
class _Token:
    kind: str  # "name", "keyword", "op", "end"
    text: str
    column: int  # 1-based


@dataclass(frozen=True)
class Node:
    """A node of a parsed expression."""

    def value(self, env: Mapping[str, bool]) -> bool:
        raise NotImplementedError

    def values(self, env: Mapping[str, BoolArray], size: int) -> BoolArray:
        raise NotImplementedError


@dataclass(frozen=True)
class Constant(Node):
    truth: bool

    def value(self, env: Mapping[str, bool]) -> bool:
        return self.truth

    def values(self, env: Mapping[str, BoolArray], size: int) -> BoolArray:
        return np.full(size, self.truth, dtype=bool)


@dataclass(frozen=True)
class Name(Node):
    name: str
    column: int

    def value(self, env: Mapping[str, bool]) -> bool:
        return bool(env[self.name])

    def values(self, env: Mapping[str, BoolArray], size: int) -> BoolArray:
        return np.asarray(env[self.name], dtype=bool)


@dataclass(frozen=True)
class Not(Node):
    operand: Node

    def value(self, env: Mapping[str, bool]) -> bool:
        return not self.operand.value(env)

    def values(self, env: Mapping[str, BoolArray], size: int) -> BoolArray:
        return ~self.operand.values(env, size)


@dataclass(frozen=True)
class Binary(Node):
    operator: str  # "and", "or", "if", "iff"
    left: Node
    right: Node

    def value(self, env: Mapping[str, bool]) -> bool:
        a, b = self.left.value(env), self.right.value(env)
        if self.operator == "and":
            return a and b
        if self.operator == "or":
            return a or b
        if self.operator == "if":  # "a if b": b implies a
            return a or not b
        return a == b

    def values(self, env: Mapping[str, BoolArray], size: int) -> BoolArray:
        a, b = self.left.values(env, size), self.right.values(env, size)
        if self.operator == "and":
            return a & b
        if self.operator == "or":
            return a | b
        if self.operator == "if":
            return a | ~b
        return ~(a ^ b)


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
            elif isinstance(node, Binary):
                stack.extend((node.right, node.left))
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

        >>> parse("not a").evaluate_many({"a": np.array([True, False, False])})
        array([False,  True,  True])
        """
        size = len(next(iter(columns.values()))) if columns else 1
        result = self.root.values(columns, size)
        return np.broadcast_to(result, (size,)).copy() if result.shape != (size,) else result

    def __str__(self) -> str:
        return self.text


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None:
            column = position + len(text[position:]) - len(text[position:].lstrip()) + 1
            raise ExpressionError(
                f"unexpected character {text[column - 1]!r}",
                text,
                column,
                "use identifiers, not, -, and, or, if, iff and parentheses",
            )
        kind = "op" if match.group("op") else "name"
        word = match.group(kind)
        column = match.start(kind) + 1
        if kind == "name" and word in KEYWORDS:
            kind = "keyword"
        tokens.append(_Token(kind, word, column))
        position = match.end()
    tokens.append(_Token("end", "", len(text.rstrip()) + 1))
    return tokens


class _Parser:
    LEVELS = ("iff", "if", "or", "and")

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.index = 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def parse(self) -> Node:
        node = self.binary(0)
        token = self.peek()
        if token.kind != "end":
            raise ExpressionError(
                f"unexpected {token.text!r}",
                self.text,
                token.column,
                "join conditions with and, or, if or iff",
            )
        return node

    def binary(self, level: int) -> Node:
        if level == len(self.LEVELS):
            return self.unary()
        operator = self.LEVELS[level]
        node = self.binary(level + 1)
        while self.peek().kind == "keyword" and self.peek().text == operator:
            self.take()
            node = Binary(operator, node, self.binary(level + 1))
        return node

    def unary(self) -> Node:
        token = self.take()
        if token.text in ("not", "-") and token.kind in ("keyword", "op"):
            return Not(self.unary())
        if token.kind == "op" and token.text == "(":
            node = self.binary(0)
            closing = self.take()
            if closing.text != ")":
                raise ExpressionError(
                    "missing ')'",
                    self.text,
                    closing.column,
                    f"close the parenthesis opened at column {token.column}",
                )
            return node
        if token.kind == "name":
            return Name(token.text, token.column)
        if token.kind == "keyword" and token.text in ("true", "false"):
            return Constant(token.text == "true")
        found = "end of expression" if token.kind == "end" else repr(token.text)
        raise ExpressionError(
            f"expected an identifier, 'not' or '(', found {found}",
            self.text,
            token.column,
            None,
        )


def parse(text: str) -> Expression:
    """Parse ``text``; raise :class:`~accord.errors.ExpressionError` with a column on error.

    >>> parse("a and (b or c")
    Traceback (most recent call last):
    ...
    accord.errors.ExpressionError: column 14: missing ')'
    """
    if not text.strip():
        raise ExpressionError("empty expression", text, 1, "write a condition such as a and b")
    return Expression(text, _Parser(text).parse())


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
