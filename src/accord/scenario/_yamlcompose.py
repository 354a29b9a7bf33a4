"""YAML events to a node graph, counting what the document expands to before anything is built.

libyaml's parser (PyYAML's C binding) gives the events; this composer turns them into PyYAML
nodes one event at a time, with no recursion, and as each node completes it knows the node's
*expanded* size (values after alias and merge-key expansion) and height, from its children's.
So an alias bomb, a merge-key bomb or a deeply nested document is refused at the place it
passes a limit of :mod:`accord.limits`, before a copy is made. Merge keys (``<<``) are resolved
here, the YAML way (the mapping's own keys first, then each merged mapping's in order, the
first occurrence of a key winning), so a mapping's merged pairs are never copied twice.

>>> graph = compose("a: &x [1, 2]\\nb: *x\\nc: {<<: {k: 1}, j: 2}\\n")
>>> graph.size[id(graph.root)], graph.height[id(graph.root)]
(10, 2)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from accord import limits
from accord.errors import Diagnostic

MERGE_TAG = "tag:yaml.org,2002:merge"
_INT_TAG = "tag:yaml.org,2002:int"
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
Pair = tuple[yaml.Node, yaml.Node]


class Refused(Exception):
    """The document cannot be read; carries the located diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


@dataclass
class Graph:
    """The composed document: the root node, each node's expanded size and height, and each
    mapping's pairs after merge keys (``merged[id]`` of them come first, from ``<<``)."""

    root: yaml.Node | None = None
    size: dict[int, int] = field(default_factory=dict)
    height: dict[int, int] = field(default_factory=dict)
    pairs: dict[int, list[Pair]] = field(default_factory=dict)
    merged: dict[int, int] = field(default_factory=dict)


@dataclass
class _Open:
    node: yaml.Node
    counted: bool = True
    """False for the list of mappings a merge key merges: its items are not values."""
    children: list[yaml.Node] = field(default_factory=list)


class _Composer:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.limits = limits.current()
        self.graph = Graph()
        self.stack: list[_Open] = []
        self.anchors: dict[str, yaml.Node] = {}
        self.read = 0
        self.merge_work = 0
        self.resolver: Any = yaml.resolver.Resolver()

    def refuse(self, mark: Any, message: str, hint: str | None = None) -> Refused:
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return Refused(Diagnostic(self.filename, line, col, "", message, hint))

    def too_many(self, name: str, figure: int, what: str, mark: Any) -> Refused:
        error = limits.exceeded(name, figure, what)
        return self.refuse(mark, error.message, error.hint)

    def event(self, event: Any) -> None:
        if isinstance(event, yaml.ScalarEvent):
            self.scalar(event)
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            self.start(event)
        elif isinstance(event, yaml.CollectionEndEvent):
            self.end()
        elif isinstance(event, yaml.AliasEvent):
            self.alias(event)
        elif isinstance(event, yaml.DocumentStartEvent) and self.graph.root is not None:
            raise self.refuse(
                event.start_mark,
                "YAML syntax error: but found another document",
                "a scenario file holds one YAML document: remove the `---` line",
            )

    def count(self, mark: Any) -> None:
        """Count one value read (not a key, not a merge key's source): refused early, before
        the rest of a huge file is read."""
        self.read += 1
        if self.read > self.limits.yaml_values:
            raise self.too_many("yaml_values", self.read, "the document, read so far,", mark)

    def deep(self, mark: Any) -> None:
        if len(self.stack) > self.limits.yaml_depth:
            raise self.refuse(
                mark,
                f"the document is nested too deeply (more than {self.limits.yaml_depth} levels)",
                "a scenario nests a few levels deep; this limit is fixed",
            )

    def scalar(self, event: Any) -> None:
        self.deep(event.start_mark)
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == _INT_TAG and len(event.value) > self.limits.integer_digits:
            digits = len(event.value)
            raise self.too_many("integer_digits", digits, "this integer", event.start_mark)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        self.anchor(event.anchor, node)
        self.finished(node, 1, 0)

    def start(self, event: Any) -> None:
        self.deep(event.start_mark)
        sequence = isinstance(event, yaml.SequenceStartEvent)
        kind = yaml.SequenceNode if sequence else yaml.MappingNode
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolver.resolve(kind, None, event.implicit)
        if tag not in _PLAIN_TAGS:
            raise self.refuse(
                event.start_mark,
                f"unsupported YAML tag '{tag.replace('tag:yaml.org,2002:', '!!')}'",
                "a scenario holds plain mappings, lists, text, numbers and dates",
            )
        node = kind(tag, [], event.start_mark, None, event.flow_style)
        self.anchor(event.anchor, node)
        self.stack.append(_Open(node, not self.merging()))

    def merging(self) -> bool:
        """Whether the next value is what a merge key (``<<``) merges."""
        if not self.stack or not isinstance(self.stack[-1].node, yaml.MappingNode):
            return False
        siblings = self.stack[-1].children
        return len(siblings) % 2 == 1 and siblings[-1].tag == MERGE_TAG

    def anchor(self, name: str | None, node: yaml.Node) -> None:
        if name is not None:
            self.anchors[name] = node

    def alias(self, event: Any) -> None:
        node = self.anchors.get(event.anchor)
        if node is None:
            raise self.refuse(
                event.start_mark, f"YAML syntax error: found undefined alias '{event.anchor}'"
            )
        if id(node) not in self.graph.size:
            raise self.refuse(
                event.start_mark, "YAML error: an alias refers to a node that contains it"
            )
        self.add(node, event.start_mark)

    def end(self) -> None:
        frame = self.stack.pop()
        node = frame.node
        if isinstance(node, yaml.SequenceNode):
            node.value = frame.children
            size = 1 + sum(self.graph.size[id(c)] for c in frame.children)
            children = frame.children
        else:
            assert isinstance(node, yaml.MappingNode)
            pairs = list(zip(frame.children[::2], frame.children[1::2], strict=True))
            node.value = pairs
            pairs = self.merge(node, pairs)
            self.graph.pairs[id(node)] = pairs
            size = 1 + sum(self.graph.size[id(v)] for _, v in pairs)
            children = [v for _, v in pairs]
        height = 1 + max((self.graph.height[id(c)] for c in children), default=-1)
        self.finished(node, size, height)

    def finished(self, node: yaml.Node, size: int, height: int) -> None:
        self.graph.size[id(node)] = size
        self.graph.height[id(node)] = height
        self.add(node, node.start_mark)

    def add(self, node: yaml.Node, mark: Any) -> None:
        if self.graph.size[id(node)] > self.limits.yaml_values:
            what = "this value, with aliases and merge keys expanded,"
            raise self.too_many("yaml_values", self.graph.size[id(node)], what, mark)
        if len(self.stack) + self.graph.height[id(node)] > self.limits.yaml_depth:
            raise self.refuse(
                mark,
                "the document is nested too deeply (more than "
                f"{self.limits.yaml_depth} levels, aliases expanded)",
                "a scenario nests a few levels deep; this limit is fixed",
            )
        if not self.stack:
            self.graph.root = node
            return
        parent = self.stack[-1]
        key = isinstance(parent.node, yaml.MappingNode) and len(parent.children) % 2 == 0
        if key and not isinstance(node, yaml.ScalarNode):
            raise self.refuse(mark, "a mapping key must be a plain value (text or a number)")
        if not key and parent.counted and not self.merging():
            self.count(mark)
        parent.children.append(node)

    def merge(self, node: yaml.MappingNode, pairs: list[Pair]) -> list[Pair]:
        """The pairs of ``node`` with its ``<<`` merge keys resolved (merged pairs first)."""
        sources = [v for k, v in pairs if k.tag == MERGE_TAG]
        if not sources:
            return pairs
        own = [(k, v) for k, v in pairs if k.tag != MERGE_TAG]
        seen = {_identity(k) for k, _ in own}
        merged: list[Pair] = []
        for source in sources:
            for mapping in self.merged_mappings(source):
                for key, value in self.graph.pairs[id(mapping)]:
                    self.merge_work += 1
                    if self.merge_work > self.limits.yaml_values:
                        what = "the merge keys of the document"
                        raise self.too_many("yaml_values", self.merge_work, what, node.start_mark)
                    if _identity(key) not in seen:
                        seen.add(_identity(key))
                        merged.append((key, value))
        self.graph.merged[id(node)] = len(merged)
        return merged + own

    def merged_mappings(self, source: yaml.Node) -> list[yaml.MappingNode]:
        if isinstance(source, yaml.MappingNode):
            return [source]
        if isinstance(source, yaml.SequenceNode) and all(
            isinstance(item, yaml.MappingNode) for item in source.value
        ):
            return list(source.value)
        raise self.refuse(
            source.start_mark, "YAML error: expected a mapping or list of mappings for merging"
        )


def _identity(key: yaml.Node) -> tuple[str, str]:
    return (key.tag, key.value)


def compose(text: str, filename: str = "<string>") -> Graph:
    """Compose ``text`` (one YAML document); raise :class:`Refused` with a located diagnostic."""
    composer = _Composer(filename)
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            composer.event(event)
    except yaml.MarkedYAMLError as error:
        message = (error.problem or error.context or "YAML syntax error").strip()
        mark = error.problem_mark or error.context_mark
        if mark is not None and error.context_mark is not None and mark.line > text.count("\n"):
            mark = error.context_mark  # libyaml's mark is past the end (no final newline)
        raise composer.refuse(
            mark,
            f"YAML syntax error: {message}",
            "check indentation, colons and quotes near this place",
        ) from None
    except yaml.YAMLError as error:
        raise composer.refuse(None, f"YAML error: {error}") from None
    return composer.graph
