"""Every ``$ accord ...`` line in the docs and the README runs, with the exit code it states.

Commands live in fenced blocks marked ``console``; a line may end with ``# exit N`` to expect
another exit code. Blocks marked ``console skip`` are not run (for commands that need a server).
Commands run from the repository root, so paths in the docs are relative to it.
"""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
FENCE = re.compile(r"^```console[ \t]*(?P<flags>[^\n]*)\n(?P<body>.*?)^```", re.M | re.S)
EXIT = re.compile(r"\s+#\s*exit\s+(\d+)\s*$")


def documented_commands() -> list[tuple[str, str, int]]:
    found: list[tuple[str, str, int]] = []
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    for page in pages:
        for block in FENCE.finditer(page.read_text(encoding="utf-8")):
            if "skip" in block.group("flags").split():
                continue
            for line in block.group("body").splitlines():
                if not line.startswith("$ accord "):
                    continue
                command = line[2:]
                expected = EXIT.search(command)
                code = int(expected.group(1)) if expected else 0
                command = EXIT.sub("", command)
                found.append((str(page.relative_to(ROOT)), command, code))
    return found


COMMANDS = documented_commands()


def test_the_docs_have_commands() -> None:
    assert len(COMMANDS) >= 3


@pytest.fixture(scope="module")
def page_folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One working folder per page: a page's commands run in order and share their files."""
    return {page: tmp_path_factory.mktemp("docs") for page in {c[0] for c in COMMANDS}}


@pytest.mark.parametrize(("page", "command", "code"), COMMANDS, ids=[c[1] for c in COMMANDS])
def test_documented_command_runs(
    page: str,
    command: str,
    code: int,
    page_folders: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = shlex.split(command)[1:]
    args = [str(ROOT / a) if (ROOT / a).exists() and not os.path.isabs(a) else a for a in args]
    monkeypatch.chdir(page_folders[page])  # files a command writes land in a temporary folder
    result = CliRunner().invoke(app, args)
    assert result.exit_code == code, (
        f"{page}: `{command}` gave {result.exit_code}:\n{result.output}"
    )
