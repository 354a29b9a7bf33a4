"""YAML events to a node graph, counting what the document expands to before anything is built.

libyaml's parser (PyYAML's C binding) gives the events; this composer turns them into PyYAML
nodes one event at a time, with no recursion, and as each node completes it knows the node's
*expanded* size (values after alias and merge-key expansion) and height, from its children's.
So an alias bomb, a merge-key bomb or a deeply nested document is refused at the place it
passes a limit of :mod:`accord.limits`, before a copy is made. Merge keys (``<<``) are resolved
here, the YAML way (the mapping's own keys first, then each merged mapping's in order, the
first occurrence of a key winning), so a mapping's merged pairs are never copied twice.

Every event costs a few dictionary and list operations (the largest files of the hostile
corpus are a few hundred thousand events): a scalar is a value of size 1 and height 0, which is
recorded only for the root and for an anchored scalar (what an alias can refer to).

>>> graph = compose("a: &x [1, 2]\\nb: *x\\nc: {<<: {k: 1}, j: 2}\\n")
>>> graph.size[id(graph.root)], graph.height[id(graph.root)]
(10, 2)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from accord import limits
from accord.errors import Diagnostic

MERGE_TAG = "tag:yaml.org,2002:merge"
_INT_TAG = "tag:yaml.org,2002:int"
STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})
Pair = tuple[yaml.Node, yaml.Node]


class Refused(Exception):
    """The document cannot be read; carries the located diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        self.diagnostic = diagnostic


@dataclass
class Graph:
    """The composed document: the root node; the expanded size and height of each collection,
    of the root and of each anchored scalar (any other scalar's are 1 and 0: see
    :meth:`size_of`); and each mapping's pairs after merge keys (``merged[id]`` of them come
    first, from ``<<``)."""

    root: yaml.Node | None = None
    size: dict[int, int] = field(default_factory=dict)
    height: dict[int, int] = field(default_factory=dict)
    pairs: dict[int, list[Pair]] = field(default_factory=dict)
    merged: dict[int, int] = field(default_factory=dict)

    def size_of(self, node: yaml.Node) -> int:
        return self.size.get(id(node), 1)

    def height_of(self, node: yaml.Node) -> int:
        return self.height.get(id(node), 0)


class _Open:
    """A collection being read: its children so far, and the expanded size and height of its
    values so far (a mapping's keys are not values)."""

    __slots__ = ("children", "counted", "height", "mapping", "node", "size")

    def __init__(self, node: yaml.Node, mapping: bool, counted: bool) -> None:
        self.node = node
        self.mapping = mapping
        self.counted = counted
        """False for the list of mappings a merge key merges: its items are not values."""
        self.children: list[yaml.Node] = []
        self.size = 1
        self.height = 0


class _Composer:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        current = limits.current()
        self.max_values = current.yaml_values
        self.max_depth = current.yaml_depth
        self.max_digits = current.integer_digits
        self.graph = Graph()
        self.stack: list[_Open] = []
        self.anchors: dict[str, yaml.Node] = {}
        self.read = 0
        self.merge_work = 0
        resolver = yaml.resolver.Resolver()
        self.resolve: Callable[..., str] = resolver.resolve
        self.untyped = _untyped(resolver)

    def handlers(self) -> dict[type, Callable[[Any], None]]:
        """The method that takes each kind of event (the others change nothing)."""
        return {
            yaml.ScalarEvent: self.scalar,
            yaml.SequenceStartEvent: self.start,
            yaml.MappingStartEvent: self.start,
            yaml.SequenceEndEvent: self.end,
            yaml.MappingEndEvent: self.end,
            yaml.AliasEvent: self.alias,
            yaml.DocumentStartEvent: self.document,
        }

    def refuse(self, mark: Any, message: str, hint: str | None = None) -> Refused:
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        return Refused(Diagnostic(self.filename, line, col, "", message, hint))

    def too_many(self, name: str, figure: int, what: str, mark: Any) -> Refused:
        error = limits.exceeded(name, figure, what)
        return self.refuse(mark, error.message, error.hint)

    def too_deep(self, mark: Any, expanded: str = "") -> Refused:
        return self.refuse(
            mark,
            f"the document is nested too deeply (more than {self.max_depth} levels{expanded})",
            "a scenario nests a few levels deep; this limit is fixed",
        )

    def document(self, event: Any) -> None:
        if self.graph.root is not None:
            raise self.refuse(
                event.start_mark,
                "YAML syntax error: but found another document",
                "a scenario file holds one YAML document: remove the `---` line",
            )

    def scalar(self, event: Any) -> None:
        if len(self.stack) > self.max_depth:
            raise self.too_deep(event.start_mark)
        tag, value = event.tag, event.value
        if tag is None or tag == "!":
            if self.untyped is not None and (not event.implicit[0] or value[:1] in self.untyped):
                tag = STR_TAG  # what the resolver would say, without trying its patterns
            else:
                tag = self.resolve(yaml.ScalarNode, value, event.implicit)
        if tag == _INT_TAG and len(value) > self.max_digits:
            raise self.too_many("integer_digits", len(value), "this integer", event.start_mark)
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        if event.anchor is not None:
            self.anchors[event.anchor] = node
            self.graph.size[id(node)], self.graph.height[id(node)] = 1, 0
        self.add(node, 1, 0, event.start_mark)

    def start(self, event: Any) -> None:
        if len(self.stack) > self.max_depth:
            raise self.too_deep(event.start_mark)
        mapping = type(event) is yaml.MappingStartEvent
        kind = yaml.MappingNode if mapping else yaml.SequenceNode
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.resolve(kind, None, event.implicit)
        if tag not in _PLAIN_TAGS:
            raise self.refuse(
                event.start_mark,
                f"unsupported YAML tag '{tag.replace('tag:yaml.org,2002:', '!!')}'",
                "a scenario holds plain mappings, lists, text, numbers and dates",
            )
        node = kind(tag, [], event.start_mark, None, event.flow_style)
        if event.anchor is not None:
            self.anchors[event.anchor] = node
        self.stack.append(_Open(node, mapping, not self.merging()))

    def merging(self) -> bool:
        """Whether the next value is what a merge key (``<<``) merges."""
        if not self.stack or not self.stack[-1].mapping:
            return False
        siblings = self.stack[-1].children
        return len(siblings) % 2 == 1 and siblings[-1].tag == MERGE_TAG

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
        self.add(node, self.graph.size[id(node)], self.graph.height[id(node)], event.start_mark)

    def end(self, event: Any) -> None:
        frame = self.stack.pop()
        node, children = frame.node, frame.children
        size, height = frame.size, frame.height
        if frame.mapping:
            pairs = list(zip(children[::2], children[1::2], strict=True))
            node.value = pairs
            merged = self.merge(node, pairs)
            self.graph.pairs[id(node)] = merged
            if merged is not pairs:
                values = [v for _, v in merged]
                size = 1 + sum(self.graph.size_of(v) for v in values)
                height = 1 + max((self.graph.height_of(v) for v in values), default=-1)
        else:
            node.value = children
        self.graph.size[id(node)], self.graph.height[id(node)] = size, height
        self.add(node, size, height, node.start_mark)

    def add(self, node: yaml.Node, size: int, height: int, mark: Any) -> None:
        """Add a complete node (of that expanded size and height) to the collection open."""
        if size > self.max_values:
            what = "this value, with aliases and merge keys expanded,"
            raise self.too_many("yaml_values", size, what, mark)
        if len(self.stack) + height > self.max_depth:
            raise self.too_deep(mark, ", aliases expanded")
        if not self.stack:
            self.graph.root = node
            self.graph.size[id(node)], self.graph.height[id(node)] = size, height
            return
        parent = self.stack[-1]
        siblings = parent.children
        if parent.mapping and len(siblings) % 2 == 0:  # a key
            if type(node) is not yaml.ScalarNode:
                raise self.refuse(mark, "a mapping key must be a plain value (text or a number)")
        else:
            if parent.counted and not (parent.mapping and siblings[-1].tag == MERGE_TAG):
                self.read += 1
                if self.read > self.max_values:
                    what = "the document, read so far,"
                    raise self.too_many("yaml_values", self.read, what, mark)
            parent.size += size
            if height >= parent.height:
                parent.height = height + 1
        siblings.append(node)

    def merge(self, node: yaml.Node, pairs: list[Pair]) -> list[Pair]:
        """The pairs of ``node`` with its ``<<`` merge keys resolved (merged pairs first); the
        same list when it has none."""
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
                    if self.merge_work > self.max_values:
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


def _untyped(resolver: yaml.resolver.Resolver) -> frozenset[str] | None:
    """The first characters of a plain scalar that the resolver reads as text whatever follows
    (``p1``, ``name``: most of a file), so its patterns need not be tried (a quoted scalar is
    text too); None when it has patterns for any character or resolves by path."""
    patterns: dict[str | None, Any] = resolver.yaml_implicit_resolvers
    if None in patterns or resolver.yaml_path_resolvers:
        return None
    return frozenset(chr(code) for code in range(32, 128)) - set(patterns)


def _identity(key: yaml.Node) -> tuple[str, str]:
    return (key.tag, key.value)


def compose(text: str, filename: str = "<string>") -> Graph:
    """Compose ``text`` (one YAML document); raise :class:`Refused` with a located diagnostic."""
    composer = _Composer(filename)
    handlers = composer.handlers()
    parser = yaml.CSafeLoader(text)
    try:
        while (event := parser.get_event()) is not None:
            handler = handlers.get(type(event))
            if handler is not None:
                handler(event)
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
    finally:
        parser.dispose()
    return composer.graph
