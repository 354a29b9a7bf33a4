"""The expression parser: iterative, linear in the text's length, with a depth limit.

No recursion: an explicit stack of open parentheses, and each group is reduced by precedence in
four linear passes (``and``, then ``or``, ``if``, ``iff``). A chain is one node (see
:mod:`accord.scenario._expression_nodes`), and a tree deeper than the ``expression_depth`` limit
of :mod:`accord.limits` is refused at the column where it passes the limit.

>>> parse_tree("a and (b or not c) and d")
Chain(operator='and', operands=(Name(name='a', column=1), Chain(operator='or', \
operands=(Name(name='b', column=8), Not(operand=Name(name='c', column=17)))), \
Name(name='d', column=24)))
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from accord import limits
from accord.errors import ExpressionError
from accord.scenario._expression_nodes import Chain, Constant, Name, Node, Not

KEYWORDS = frozenset({"not", "and", "or", "if", "iff", "true", "false"})
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|\S")
_BAD = re.compile(r"[^\sA-Za-z0-9_()\-]|(?<![A-Za-z0-9_])[0-9]")
_BINARY = ("and", "or", "if", "iff")
"""Binary operators, from the tightest binding to the loosest."""
_OPERAND_START = frozenset({"not", "-", "("})
_NOT_A_NAME = KEYWORDS | _OPERAND_START | {")", ""}
"""The tokens that are not an identifier (where an operand is expected, what :meth:`_Parser.
_operand` would not read as a name)."""

_Token = tuple[str, int]
"""A token's text and its 1-based column; the end of the text is ``("", column)``."""
_Part = tuple[Node, int]
"""A subtree and its depth."""


@dataclass
class _Group:
    """An open parenthesis (or the whole text): its operands and operators so far."""

    opened: _Token | None
    prefix: list[_Token]
    operands: list[_Part] = field(default_factory=list)
    operators: list[_Token] = field(default_factory=list)


def tokenize(text: str) -> list[_Token]:
    """The tokens of ``text`` and a closing end token; an unknown character is an error.

    >>> tokenize("a and -(b1)")
    [('a', 1), ('and', 3), ('-', 7), ('(', 8), ('b1', 9), (')', 11), ('', 12)]
    """
    bad = _BAD.search(text)
    if bad is not None:
        raise ExpressionError(
            f"unexpected character {bad.group()!r}",
            text,
            bad.start() + 1,
            "use identifiers, not, -, and, or, if, iff and parentheses",
        )
    tokens = [(match[0], match.start() + 1) for match in _WORD.finditer(text)]
    tokens.append(("", len(text.rstrip()) + 1))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.depth_limit = limits.current().expression_depth

    def parse(self) -> Node:
        stack = [_Group(None, [])]
        nots: list[_Token] = []
        expect_operand = True
        for token in tokenize(self.text):
            word = token[0]
            group = stack[-1]
            if expect_operand:
                if word not in _NOT_A_NAME:  # an identifier: most tokens of a long expression
                    operand: _Part = (Name(word, token[1]), 1)
                    group.operands.append(self._negate(operand, nots) if nots else operand)
                    nots, expect_operand = [], False
                elif word not in _OPERAND_START:
                    operand = self._operand(token)
                    group.operands.append(self._negate(operand, nots) if nots else operand)
                    nots, expect_operand = [], False
                elif word == "(":
                    stack.append(_Group(token, nots))
                    nots = []
                else:
                    nots.append(token)
            elif word in _BINARY:
                group.operators.append(token)
                expect_operand = True
            elif word == ")" and group.opened is not None:
                stack.pop()
                stack[-1].operands.append(self._negate(self._reduce(group), group.prefix))
            else:
                self._misplaced(token, group)
        return self._reduce(stack[0])[0]

    def _operand(self, token: _Token) -> _Part:
        word, column = token
        if word in ("true", "false"):
            return Constant(word == "true"), 1
        if word and word not in KEYWORDS and word != ")":
            return Name(word, column), 1
        found = repr(word) if word else "end of expression"
        raise ExpressionError(
            f"expected an identifier, 'not' or '(', found {found}", self.text, column
        )

    def _misplaced(self, token: _Token, group: _Group) -> None:
        if group.opened is not None:
            raise ExpressionError(
                "missing ')'",
                self.text,
                token[1],
                f"close the parenthesis opened at column {group.opened[1]}",
            )
        if token[0]:
            raise ExpressionError(
                f"unexpected {token[0]!r}",
                self.text,
                token[1],
                "join conditions with and, or, if or iff",
            )

    def _negate(self, part: _Part, nots: list[_Token]) -> _Part:
        for _, column in reversed(nots):
            part = self._checked(Not(part[0]), part[1] + 1, column)
        return part

    def _checked(self, node: Node, depth: int, column: int) -> _Part:
        if depth > self.depth_limit:
            error = limits.exceeded("expression_depth", depth, "the expression")
            raise ExpressionError(error.message, self.text, column, error.hint)
        return node, depth

    def _reduce(self, group: _Group) -> _Part:
        """The group's tree: the tightest operator's chains first, then the looser ones (an
        operator the group does not use leaves it as it is)."""
        operands, operators = group.operands, group.operators
        used = {word for word, _ in operators}
        for operator in _BINARY:
            if operator not in used:
                continue
            merged: list[_Part | _Chain] = [operands[0]]
            kept: list[_Token] = []
            for token, operand in zip(operators, operands[1:], strict=True):
                if token[0] != operator:
                    merged.append(operand)
                    kept.append(token)
                    continue
                last = merged[-1]
                if isinstance(last, _Chain):  # only this pass's chains are open
                    last.parts.append(operand)
                else:
                    merged[-1] = _Chain(operator, [last, operand], token[1])
            operands, operators = [self._finish(p) for p in merged], kept
        return operands[0]

    def _finish(self, part: _Part | _Chain) -> _Part:
        if not isinstance(part, _Chain):
            return part
        parts = part.parts
        if part.operator == "if" and len(parts) > 2:  # (a if b) if c == a if (b and c)
            parts = [parts[0], self._joined("and", parts[1:], part.column)]
        return self._joined(part.operator, parts, part.column)

    def _joined(self, operator: str, parts: list[_Part], column: int) -> _Part:
        depth = 1 + max(depth for _, depth in parts)
        return self._checked(Chain(operator, tuple(node for node, _ in parts)), depth, column)


@dataclass
class _Chain:
    """Operands joined by one operator, gathered before its node is built."""

    operator: str
    parts: list[_Part]
    column: int


def parse_tree(text: str) -> Node:
    """The tree of ``text``; raise :class:`~accord.errors.ExpressionError` with a column."""
    return _Parser(text).parse()
