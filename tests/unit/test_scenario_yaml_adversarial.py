"""Hostile or odd YAML is refused with a scenario error, never a crash or a hang."""

from __future__ import annotations

import pytest

from accord.errors import ScenarioError
from accord.scenario import loads

LAUGHS = "a: &a [1,1,1,1,1,1,1,1,1,1]\n" + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]\n"
    for prev, name in zip("abcdef", "bcdefg", strict=True)
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x [*x]", "f:1:8: YAML error: an alias refers to a node that contains it"),
        ("[" * 5000, "f:1:102: the document is nested too deeply (more than 100 levels)"),
        (
            LAUGHS,
            "f:5:4: this value, with aliases and merge keys expanded, has 111,111 values, "
            "more than the limit of 50,000 (hint: raise it with --max-yaml-values 111111",
        ),
        ("a: {b: *c}", "f:1:8: YAML syntax error: found undefined alias 'c'"),
        ("a: 1\n---\nb: 2", "f:2:1: YAML syntax error: but found another document"),
        ("<<: 5", "f:1:5: YAML error: expected a mapping or list of mappings for merging"),
        ("a: 1\nde", "f:2:1: YAML syntax error: could not find expected ':'"),
        ("a: 1\nde\n", "f:3:1: YAML syntax error: could not find expected ':'"),
    ],
)
def test_hostile_yaml(text: str, message: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        loads(text, "f")
    assert caught.value.diagnostics[0].render().startswith(message)


def test_python_tags_are_refused_and_run_nothing() -> None:
    with pytest.raises(ScenarioError) as caught:
        loads("!!python/object/apply:os.system [echo hi]", "f")
    assert "f:1:1: unsupported YAML tag '!!python/object/apply:os.system'" in str(caught.value)


def test_anchors_and_merge_keys_work() -> None:
    text = (
        "accord: 1\ntitle: T\n"
        "x: &base {role: stakeholder}\n"
        "parties:\n  rok: {<<: *base, name: South Korea}\n"
    )
    with pytest.raises(ScenarioError, match="unknown key 'x'"):
        loads(text, "f")
    scenario = loads(text.replace("x: &base", "x-defaults: &base"), "f")
    assert scenario.parties["rok"].role.value == "stakeholder"


@pytest.mark.parametrize("valid", [True, False])
def test_loading_pauses_the_garbage_collector_and_restores_it(valid: bool) -> None:
    """Reading pauses the cyclic collector (its passes were 35-40 % of validating the largest
    corpus files: they find nothing, reading makes no cycles) and leaves it as it found it,
    after an error too."""
    import gc

    notes = "".join(f"  - n{k}\n" for k in range(5_000))  # thousands of objects: collections
    text = "accord: 1\ntitle: T\nparties: {a: {name: A}}\nx-notes:\n" + notes
    text += "" if valid else "a: &x [*x]\n"
    passes: list[str] = []
    gc.callbacks.append(lambda phase, _: passes.append(phase))
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            try:
                loads(text, "f")
            except ScenarioError:
                assert not valid
            assert gc.isenabled() is enabled
    finally:
        gc.callbacks.pop()
        gc.enable()
    assert passes == []
