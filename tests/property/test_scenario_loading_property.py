"""Loading arbitrary text or YAML returns a scenario or raises ScenarioError, nothing else."""

from __future__ import annotations

import yaml
from hypothesis import given
from hypothesis import strategies as st

from accord.errors import ScenarioError
from accord.scenario import Scenario, loads

KEYS = ["accord", "title", "parties", "sources", "name", "role", "id", "cite", "us", "value"]

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=8)
    | st.sampled_from(["party", "stakeholder", "1", "us"])
)
documents = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), children, max_size=5)
    ),
    max_leaves=20,
)


def check(text: str) -> None:
    try:
        result = loads(text, "prop.yaml")
    except ScenarioError as error:
        assert error.diagnostics
        for diagnostic in error.diagnostics:
            assert diagnostic.render().startswith("prop.yaml")
    else:
        assert isinstance(result, Scenario)


@given(st.text(max_size=200))
def test_arbitrary_text(text: str) -> None:
    check(text)


@given(documents)
def test_arbitrary_yaml_documents(document: object) -> None:
    check(yaml.safe_dump(document, allow_unicode=True))


@given(st.dictionaries(st.sampled_from(KEYS), documents, max_size=5))
def test_scenario_shaped_documents(document: dict[str, object]) -> None:
    base: dict[str, object] = {"accord": 1, "title": "T", "parties": {"us": {"name": "U"}}}
    base.update(document)
    check(yaml.safe_dump(base, allow_unicode=True))
