"""The core CLI: validate, schema, new, analyze, --version and --help, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.core import TyperGroup
from typer.testing import CliRunner

from accord import __version__
from accord.cli._main import app, command_group
from accord.scenario import load
from accord.scenario._reference import reference_markdown

ROOT = Path(__file__).resolve().parents[2]
KOREA = str(ROOT / "examples" / "korea-2019.yaml")
BROKEN = ROOT / "tests" / "data" / "broken"
runner = CliRunner()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.output) == (0, f"accord {__version__}\n")


def test_every_command_has_help_with_an_example() -> None:
    commands = command_group().commands
    names = [name for name, command in commands.items() if not isinstance(command, TyperGroup)]
    assert {"validate", "schema", "new", "analyze"} <= set(names)
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, name


def test_validate_ok_and_broken() -> None:
    ok = runner.invoke(app, ["validate", KOREA])
    assert ok.exit_code == 0
    assert ok.output.endswith("korea-2019.yaml: ok\n")
    broken = runner.invoke(app, ["validate", KOREA, str(BROKEN / "unknown-key.yaml")])
    assert broken.exit_code == 2
    assert "parties.us.rol: unknown key 'rol' (hint: did you mean 'role'?)" in broken.output
    assert "Traceback" not in broken.output


def test_validate_json_gives_the_same_diagnostics() -> None:
    result = runner.invoke(app, ["validate", "--json", str(BROKEN / "unknown-key.yaml")])
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert payload["ok"] is False
    (diagnostic,) = payload["files"][0]["diagnostics"]
    assert diagnostic == {
        "file": str(BROKEN / "unknown-key.yaml"),
        "line": 4,
        "column": 29,
        "path": "parties.us.rol",
        "message": "unknown key 'rol'",
        "hint": "did you mean 'role'?",
    }


def test_analyze_invalid_file_exits_2_with_located_message() -> None:
    result = runner.invoke(app, ["analyze", str(BROKEN / "tab.yaml")])
    assert result.exit_code == 2
    assert "tab.yaml:4:1: a tab character is used for indentation" in result.output
    as_json = runner.invoke(app, ["analyze", "--json", str(BROKEN / "tab.yaml")])
    assert json.loads(as_json.stdout)["diagnostics"][0]["line"] == 4


def test_analyze_korea_json() -> None:
    result = runner.invoke(app, ["analyze", "--json", KOREA])
    assert result.exit_code == 0
    payload = json.loads(result.stdout)
    assert payload["accord"] == 1
    assert payload["title"].startswith("US–DPRK talks")
    assert set(payload["analyses"]) == {name for name, _ in load(KOREA).sections()}


def test_analyze_korea_terminal_names_parties() -> None:
    result = runner.invoke(app, ["analyze", KOREA])
    assert result.exit_code == 0
    assert "North Korea (DPRK)" in result.output
    assert "stakeholder" in result.output


def test_new_writes_a_valid_template_and_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "talks.yaml"
    assert runner.invoke(app, ["new", str(target)]).exit_code == 0
    load(target)
    target.write_text("my own work\n")
    again = runner.invoke(app, ["new", str(target)])
    assert again.exit_code == 2
    assert "already exists; nothing was written" in again.output
    assert target.read_text() == "my own work\n"
    assert runner.invoke(app, ["new", "--force", str(target)]).exit_code == 0
    load(target)


def test_new_into_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "no" / "such" / "x.yaml")])
    assert result.exit_code == 2
    assert "cannot write" in result.output


def test_schema_is_json_schema_of_the_model() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["$schema"].endswith("2020-12/schema")
    assert schema["required"] == ["accord", "title", "parties"]


def test_reference_page_matches_the_model() -> None:
    page = ROOT / "docs" / "reference" / "scenario-format.md"
    assert page.read_text(encoding="utf-8") == reference_markdown(), (
        "docs/reference/scenario-format.md is stale: run `accord schema --markdown > "
        "docs/reference/scenario-format.md`"
    )


@pytest.mark.parametrize("example", sorted((ROOT / "examples").glob("*.yaml")))
def test_every_example_validates(example: Path) -> None:
    load(example)


def test_unknown_command_is_usage_error() -> None:
    result = runner.invoke(app, ["frobnicate"])
    assert result.exit_code == 2


def test_analyze_html_report_is_written_and_never_overwritten(tmp_path: Path) -> None:
    report = tmp_path / "korea.html"
    result = runner.invoke(app, ["analyze", KOREA, "--html", str(report)])
    assert result.exit_code == 0
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "North Korea (DPRK)" in page
    report.write_text("mine")
    again = runner.invoke(app, ["analyze", KOREA, "--html", str(report)])
    assert again.exit_code == 2
    assert report.read_text() == "mine"


def test_json_errors_give_the_hint_once(capsys: pytest.CaptureFixture[str]) -> None:
    import typer

    from accord.cli._common import fail
    from accord.errors import InputError

    with pytest.raises(typer.Exit):
        fail(InputError("bad sample", "use a smaller one"), as_json=True)
    assert json.loads(capsys.readouterr().out) == {
        "accord": 1,
        "kind": "error",
        "ok": False,
        "error": "bad sample",
        "hint": "use a smaller one",
        "diagnostics": [],
    }
