"""Habits that must work: shell completion, and "did you mean" for every kind of unknown name.

Every hint comes from one helper (:func:`accord._suggest.unknown_hint`); these tests pin the text
a user sees for each kind: commands, options, items, proposals and solution names, concepts,
objectives, examples, and (in scenario files) parties, options, items and sources.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli._main import app

ROOT = Path(__file__).resolve().parents[2]
KOREA = str(ROOT / "examples" / "korea-2019.yaml")
ELMIRA = str(ROOT / "examples" / "elmira.yaml")


def _complete(words: str) -> list[str]:
    env = {
        "_ACCORD_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    result = CliRunner().invoke(app, [], env=env, prog_name="accord")
    return result.output.split()


def test_shell_completion_is_on() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert "--install-completion" in result.output
    assert "--show-completion" in result.output


def test_completion_of_commands_and_example_names() -> None:
    assert _complete("accord exa") == ["example"]
    assert _complete("accord example kor") == [
        "korea-2019-action-for-action",
        "korea-2019-arms-control",
        "korea-2019-misperception",
        "korea-2019",
    ]
    assert "sample-size" in _complete("accord verify sa")


CASES = [
    (["conflcit", ELMIRA], "unknown command 'conflcit' (hint: did you mean 'conflict'?)"),
    (["ledger", "stauts"], "unknown command 'stauts' (hint: did you mean 'status'?)"),
    (
        ["verify", "sample-sze"],
        "no file or command 'sample-sze' (hint: did you mean 'sample-size'?)",
    ),
    (
        ["deal", KOREA, "--pakage", "x"],
        "unknown option '--pakage' (hint: did you mean '--package'?)",
    ),
    (
        ["verify", "detection", "--itms", "3"],
        "unknown option '--itms' (hint: did you mean '--items'?)",
    ),
    (["deal", KOREA, "--package", "yongbyn"], "hint: did you mean 'yongbyon'?"),
    (["plan", KOREA, "--package", "nsh"], "hint: did you mean 'nash'?"),
    (["plan", KOREA, "--package", "us_big_dael"], "hint: did you mean 'us_big_deal'?"),
    (["plan", KOREA, "--objective", "step"], "hint: did you mean 'steps'?"),
    (["verify", KOREA, "--objective", "deter-most"], "hint: did you mean 'deter_most'?"),
    (["conflict", ELMIRA, "--concept", "gmrr"], "hint: did you mean 'gmr'?"),
    (["example", "korea"], "hint: did you mean 'korea-2019'?"),
]


@pytest.mark.parametrize(("args", "expected"), CASES, ids=[" ".join(c[0][:2]) for c in CASES])
def test_unknown_names_get_did_you_mean(args: list[str], expected: str) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert expected in " ".join(result.output.replace("│", " ").split())


def test_a_name_far_from_every_known_one_lists_the_known_ones() -> None:
    result = CliRunner().invoke(app, ["plan", KOREA, "--objective", "xyz"])
    assert "hint: known objectives: periods, steps, exposure" in result.output


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "deal:\n  items:\n    - {id: freeze, giver: dprkk, value: {us: 1}}\n",
            "the giver 'dprkk' of item 'freeze' is not a party (hint: did you mean 'dprk'?)",
        ),
        (
            "deal:\n  items:\n    - {id: freeze, giver: dprk, value: {us: 1}}\n"
            "  proposals: {p: {freez: 1}}\n",
            "unknown item 'freez' (hint: did you mean 'freeze'?)",
        ),
        (
            "conflict:\n  options:\n    - {id: strike, dm: us}\n    - {id: talk, dm: dprk}\n"
            "  preferences:\n    us: {statements: [strike]}\n    dprk: {statements: [talk]}\n"
            "  status_quo: {strik: true}\n",
            "unknown option 'strik' (hint: did you mean 'strike'?)",
        ),
        (
            "sources: [{id: sipri2019, cite: SIPRI Yearbook 2019}]\ndeal:\n  items:\n"
            "    - {id: freeze, giver: dprk, value: {us: {value: 1, source: sipri2091}}}\n",
            "unknown source 'sipri2091' (hint: did you mean 'sipri2019'?)",
        ),
    ],
    ids=["party", "item", "option", "source"],
)
def test_unknown_names_in_a_scenario_get_did_you_mean(
    body: str, expected: str, tmp_path: Path
) -> None:
    scenario = tmp_path / "s.yaml"
    scenario.write_text(
        "accord: 1\ntitle: T\nparties: {us: {name: US}, dprk: {name: DPRK}}\n" + body,
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["validate", str(scenario)])
    assert result.exit_code == 2
    assert expected in result.output


def test_example_never_overwrites_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["example", "chicken"]).exit_code == 0
    Path("chicken.yaml").write_text("mine", encoding="utf-8")
    refused = CliRunner().invoke(app, ["example", "chicken"])
    assert refused.exit_code == 2
    assert "chicken.yaml already exists here; nothing was written" in refused.output
    assert Path("chicken.yaml").read_text(encoding="utf-8") == "mine"
    assert CliRunner().invoke(app, ["example", "chicken", "--force"]).exit_code == 0
    assert Path("chicken.yaml").read_text(encoding="utf-8").startswith("# Chicken")


def test_a_folder_example_writes_all_its_files_or_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("holiday-ben.json").write_text("mine", encoding="utf-8")
    assert CliRunner().invoke(app, ["example", "holiday"]).exit_code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["holiday-ben.json"]
    assert CliRunner().invoke(app, ["example", "holiday", "--force"]).exit_code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["holiday-ann.json", "holiday-ben.json", "holiday-domain.json"]


@pytest.mark.parametrize("group", ["", "ledger", "verify"])
def test_each_command_of_a_listing_is_summed_up_without_a_stray_line_break(group: str) -> None:
    """A group's listing shows each command's first help paragraph as one flowing text: the
    docstring's line breaks (``rotate-key``'s "... by an" / "administrator), ...") are not
    kept, so on a wide terminal each summary sits on its command's line, whole."""
    import inspect

    import typer
    from typer._click import Context

    command = typer.main.get_command(app)
    with Context(command) as context:
        for name in group.split():
            command = command.get_command(context, name)  # type: ignore[attr-defined]
        subcommands = {
            name: command.get_command(context, name)  # type: ignore[attr-defined]
            for name in command.list_commands(context)  # type: ignore[attr-defined]
        }
    args = [*group.split(), "--help"]
    lines = CliRunner().invoke(app, args, env={"COLUMNS": "400"}).output.splitlines()
    for name, sub in subcommands.items():
        summary = " ".join(inspect.cleandoc(sub.help or "").split("\n\n")[0].split())
        line = next(line for line in lines if line.startswith(f"│ {name} "))
        assert summary in line, (name, summary, line)
