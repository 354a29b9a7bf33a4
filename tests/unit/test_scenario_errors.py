"""Each kind of mistake in a scenario file gives one exact, located, actionable message."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.errors import ScenarioError
from accord.scenario import Number, Scenario, load, loads
from accord.scenario import _checks as checks
from accord.scenario._yamlpos import read_yaml

BROKEN = Path(__file__).parent.parent / "data" / "broken"

EXPECTED = {
    "wrong-type.yaml": [
        "4:14: parties.us.name: Input should be a valid string (got [1, 2])",
    ],
    "missing-field.yaml": [
        "1:1: title: missing required field 'title' (hint: add `title:` here)",
    ],
    "unknown-key.yaml": [
        "4:29: parties.us.rol: unknown key 'rol' (hint: did you mean 'role'?)",
    ],
    "unknown-top-key.yaml": [
        "5:1: titel: unknown key 'titel' (hint: did you mean 'title'?)",
    ],
    "duplicate-id.yaml": [
        "5:10: sources[1].id: duplicate source id 'sipri' (first used at sources[0]) "
        "(hint: give each source its own id)",
    ],
    "duplicate-key.yaml": [
        "5:3: parties.us: duplicate key 'us' (first defined at line 4) "
        "(hint: each key may appear once in a mapping; merge the two entries)",
    ],
    "bad-enum.yaml": [
        "4:35: parties.us.role: Input should be 'party' or 'stakeholder' (got 'observer')",
    ],
    "bad-id.yaml": [
        "4:3: parties.US: 'US' is not a valid id "
        "(hint: ids are short snake_case: a lower-case letter, then letters, digits or _)",
    ],
    "yaml-syntax.yaml": [
        "5:7: YAML syntax error: did not find expected ',' or '}' "
        "(hint: check indentation, colons and quotes near this place)",
    ],
    "tab.yaml": [
        "4:1: a tab character is used for indentation "
        "(hint: YAML indents with spaces only: replace the tab with spaces)",
    ],
    "version.yaml": [
        "1:9: accord: unsupported format version 2; this Accord reads version 1 "
        "(hint: write `accord: 1`)",
    ],
    "not-mapping.yaml": [
        "1:1: a scenario is a YAML mapping, found a list "
        "(hint: start from `accord new FILE`, which writes a commented template)",
    ],
}


def test_every_broken_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_gives_exact_message(name: str) -> None:
    path = BROKEN / name
    with pytest.raises(ScenarioError) as caught:
        load(path)
    assert [d.render() for d in caught.value.diagnostics] == [
        f"{path}:{line}" for line in EXPECTED[name]
    ]


def test_a_section_this_version_does_not_support_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import accord.scenario._loader as loader

    monkeypatch.setattr(loader, "PLANNED_SECTIONS", (*loader.PLANNED_SECTIONS, "treaty"))
    text = "accord: 1\ntitle: T\nparties:\n  us: {name: U}\ntreaty: {}\n"
    with pytest.raises(ScenarioError) as caught:
        loads(text, "f.yaml")
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.render() == (
        "f.yaml:5:1: treaty: the 'treaty:' section is not supported by this version of Accord "
        "(hint: remove the section, or use a version of Accord that supports it; supported "
        "sections: conflict, deal, phasing, verification)"
    )


def test_all_problems_are_reported_at_once() -> None:
    text = "accord: 1\nparties:\n  us: {nam: U, role: boss}\nextra: 1\n"
    with pytest.raises(ScenarioError) as caught:
        loads(text, "f.yaml")
    assert [d.path for d in caught.value.diagnostics] == [
        "title",
        "parties.us.name",
        "parties.us.nam",
        "parties.us.role",
        "extra",
    ]


class _ScenarioWithNumber(Scenario):
    """A scenario with one number that can cite a source."""

    budget: Number | None = None


def test_unknown_source_reference_is_located() -> None:
    located = read_yaml(
        "accord: 1\ntitle: T\nparties: {us: {name: U}}\nbudget: {value: 3, source: nope}\n",
        "f.yaml",
    )
    scenario = _ScenarioWithNumber.model_validate(located.data)
    (problem,) = list(checks.problems(scenario))
    assert problem.path == ("budget", "source")
    assert problem.message == "unknown source 'nope'"
    assert located.position(problem.path) == (4, 28)


def test_missing_file_is_a_scenario_error(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load(tmp_path / "absent.yaml")


def test_empty_file_is_a_scenario_error() -> None:
    with pytest.raises(ScenarioError, match="found an empty file"):
        loads("", "f.yaml")
