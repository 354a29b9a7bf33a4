"""The YAML composer counts what a document expands to, exactly, before building it (issue 17):
the count equals the size of what PyYAML's own loader builds, aliases and merge keys expanded.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings

from accord import limits
from accord.errors import ScenarioError
from accord.scenario import loads
from accord.scenario._yamlcompose import compose
from accord.scenario._yamlpos import read_yaml
from tests.property.strategies import yaml_with_anchors


def expanded_size(value: Any) -> int:
    """Values in plain data, every shared object counted each time it appears (keys not)."""
    if isinstance(value, dict):
        return 1 + sum(expanded_size(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(expanded_size(v) for v in value)
    return 1


@settings(max_examples=300, deadline=None)
@given(yaml_with_anchors())
def test_counted_size_is_the_expanded_size(text: str) -> None:
    graph = compose(text)
    assert graph.root is not None
    reference = yaml.safe_load(text)
    assert graph.size[id(graph.root)] == expanded_size(reference)
    assert read_yaml(text, "f").data == reference  # merge keys resolved the YAML way


@settings(max_examples=100, deadline=None)
@given(yaml_with_anchors())
def test_a_document_one_value_over_the_limit_is_refused(text: str) -> None:
    size = compose(text).size
    total = max(size.values())
    with limits.raised({"yaml_values": total}):
        assert not read_yaml(text, "f").problems
    with limits.raised({"yaml_values": total - 1}):
        problems = read_yaml(text, "f").problems
    assert problems
    assert "more than the limit of" in problems[0].message


def test_loads_reports_the_limit_with_its_flag() -> None:
    text = "accord: 1\nx-a: &a [1, 1, 1]\nx-b: [*a, *a]\ntitle: T\n"
    with limits.raised({"yaml_values": 8}), __import__("pytest").raises(ScenarioError) as caught:
        loads(text, "f")
    assert "raise it with --max-yaml-values" in str(caught.value)
