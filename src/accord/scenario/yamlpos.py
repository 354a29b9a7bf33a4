"""YAML to plain data, keeping the line and column of every key and value.

PyYAML's composer gives nodes with marks; we build plain Python data from the node tree and a
map from each path (a tuple of keys and indices) to where its value starts (and, for mapping
keys, where the key starts). Duplicate keys are reported, not silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from accord.errors import Diagnostic

Path = tuple[str | int, ...]
Position = tuple[int, int]
MAX_NODES = 1_000_000
"""More values than this (for instance through nested aliases) is refused."""
MAX_DEPTH = 100


class _TooLarge(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


@dataclass
class Located:
    """Plain data read from YAML, with 1-based positions of values and of mapping keys."""

    data: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)

    def position(self, path: Path, at_key: bool = False) -> Position | None:
        """Where ``path`` (or its longest existing prefix) starts in the file."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if at_key and end == len(path) and prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return None


def _pos(node: yaml.Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.out = Located(None)
        self.constructor = yaml.constructor.SafeConstructor()
        self.open: set[int] = set()
        self.built = 0

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.out.values[path] = _pos(node)
        self.built += 1
        if self.built > MAX_NODES or len(path) > MAX_DEPTH:
            raise _TooLarge(node)
        if id(node) in self.open:
            raise yaml.constructor.ConstructorError(
                None, None, "an alias refers to a node that contains it", node.start_mark
            )
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            return self.constructor.construct_object(node, deep=True)
        finally:
            self.open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[Any, Any]:
        self.constructor.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.constructor.construct_object(key_node, deep=True)
            if isinstance(key, list | dict):
                key = str(key)
            child = (*path, key)
            if key in result:
                line, col = _pos(key_node)
                first = self.out.keys[child]
                self.out.problems.append(
                    Diagnostic(
                        self.filename,
                        line,
                        col,
                        _dotted(child),
                        f"duplicate key '{key}' (first defined at line {first[0]})",
                        "each key may appear once in a mapping; merge the two entries",
                    )
                )
                continue
            self.out.keys[child] = _pos(key_node)
            result[key] = self.build(value_node, child)
        return result


def _dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


dotted = _dotted


def read_yaml(text: str, filename: str) -> Located:
    """Parse one YAML document into :class:`Located` data; syntax errors become diagnostics.

    >>> located = read_yaml("a:\\n  - 1\\n", "f.yaml")
    >>> located.data, located.position(("a", 0))
    ({'a': [1]}, (2, 5))
    """
    try:
        node = _compose(text, filename)
        builder = _Builder(filename)
        if node is not None:
            builder.out.data = _build(builder, node)
    except _Refused as refused:
        return Located(None, problems=[refused.diagnostic])
    return builder.out


class _Refused(Exception):
    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


def _refuse(
    filename: str, mark: yaml.Mark | None, message: str, hint: str | None = None
) -> _Refused:
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return _Refused(Diagnostic(filename, line, col, "", message, hint))


def _compose(text: str, filename: str) -> yaml.Node | None:
    tab = _tab_indentation(text)
    if tab is not None:
        raise _Refused(
            Diagnostic(
                filename,
                tab[0],
                tab[1],
                "",
                "a tab character is used for indentation",
                "YAML indents with spaces only: replace the tab with spaces",
            )
        )
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise _refuse(filename, None, "the document is nested too deeply") from None
    except yaml.MarkedYAMLError as error:
        message = (error.problem or error.context or "YAML syntax error").strip()
        raise _refuse(
            filename,
            error.problem_mark or error.context_mark,
            f"YAML syntax error: {message}",
            "check indentation, colons and quotes near this place",
        ) from None
    except (yaml.YAMLError, ValueError) as error:  # ValueError: e.g. an overlong integer
        raise _refuse(filename, None, f"YAML error: {error}") from None


def _build(builder: _Builder, node: yaml.Node) -> Any:
    try:
        return builder.build(node, ())
    except _TooLarge as error:
        raise _refuse(
            builder.filename,
            error.node.start_mark,
            "the document is too large or nested too deeply",
            "a scenario holds at most a million values, nested at most 100 deep",
        ) from None
    except yaml.constructor.ConstructorError as error:
        raise _refuse(
            builder.filename, error.problem_mark, f"YAML error: {error.problem}"
        ) from None


def _tab_indentation(text: str) -> Position | None:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return number, len(line) - len(stripped) + 1
    return None
