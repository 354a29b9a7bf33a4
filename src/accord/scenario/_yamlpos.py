"""YAML to plain data, keeping the line and column of every key and value.

:mod:`accord.scenario._yamlcompose` gives nodes with marks, counted against the limits; we build
plain Python data from the node graph and a map from each path (a tuple of keys and indices) to
where its value starts (and, for mapping keys, where the key starts). Duplicate keys are
reported, not silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NoReturn

import yaml

from accord.errors import Diagnostic
from accord.scenario._yamlcompose import STR_TAG, Graph, Refused, compose

Path = tuple[str | int, ...]
Position = tuple[int, int]


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
    """Plain data from a composed :class:`Graph` (already counted: nothing here can explode)."""

    def __init__(self, filename: str, graph: Graph) -> None:
        self.filename = filename
        self.graph = graph
        self.out = Located(None)
        self.constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path) -> Any:
        mark = node.start_mark
        self.out.values[path] = mark.line + 1, mark.column + 1
        kind = type(node)
        if kind is yaml.MappingNode:
            return self._mapping(node, path)
        if kind is yaml.SequenceNode:
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: Path) -> Any:
        if node.tag == STR_TAG:
            return node.value  # what the constructor gives, without its bookkeeping
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError) as error:  # a date such as 2019-02-30, ...
            kind = node.tag.rsplit(":", 1)[-1]
            self._refuse(node, path, f"cannot read {node.value[:40]!r} as {kind}: {error}")
        except (LookupError, AttributeError):  # an explicit tag: !!bool maybe, !!int "", ...
            kind = node.tag.rsplit(":", 1)[-1]
            self._refuse(node, path, f"cannot read {node.value[:40]!r} as {kind}")

    def _refuse(self, node: yaml.Node, path: Path, message: str) -> NoReturn:
        line, col = _pos(node)
        raise Refused(Diagnostic(self.filename, line, col, _dotted(path), message))

    def _mapping(self, node: yaml.Node, path: Path) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        keys = self.out.keys
        merged = self.graph.merged.get(id(node), 0)
        for index, (key_node, value_node) in enumerate(self.graph.pairs[id(node)]):
            key = self._scalar(key_node, path)
            child = (*path, key)
            mark = key_node.start_mark
            if key in result and index >= merged:
                first = keys[child]
                self.out.problems.append(
                    Diagnostic(
                        self.filename,
                        mark.line + 1,
                        mark.column + 1,
                        _dotted(child),
                        f"duplicate key '{key}' (first defined at line {first[0]})",
                        "each key may appear once in a mapping; merge the two entries",
                    )
                )
                continue
            keys[child] = mark.line + 1, mark.column + 1
            result[key] = self.build(value_node, child)
        return result


def _dotted(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


dotted = _dotted


def read_yaml(text: str, filename: str) -> Located:
    """Parse one YAML document into :class:`Located` data; syntax errors, and documents past a
    limit of :mod:`accord.limits`, become diagnostics.

    >>> located = read_yaml("a:\\n  - 1\\n", "f.yaml")
    >>> located.data, located.position(("a", 0))
    ({'a': [1]}, (2, 5))
    """
    tab = _tab_indentation(text)
    if tab is not None:
        return Located(
            None,
            problems=[
                Diagnostic(
                    filename,
                    tab[0],
                    tab[1],
                    "",
                    "a tab character is used for indentation",
                    "YAML indents with spaces only: replace the tab with spaces",
                )
            ],
        )
    try:
        graph = compose(text, filename)
        builder = _Builder(filename, graph)
        if graph.root is not None:
            builder.out.data = builder.build(graph.root, ())
    except Refused as refused:
        return Located(None, problems=[refused.diagnostic])
    except yaml.constructor.ConstructorError as error:
        mark = error.problem_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = Diagnostic(filename, line, col, "", f"YAML error: {error.problem}")
        return Located(None, problems=[problem])
    return builder.out


def _tab_indentation(text: str) -> Position | None:
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return number, len(line) - len(stripped) + 1
    return None
