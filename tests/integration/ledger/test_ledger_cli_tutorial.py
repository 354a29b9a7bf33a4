"""The ledger tutorial, run as written: every ``$ accord`` line of docs/tutorial/ledger.md.

The docs harness skips the blocks that need a server (``console skip``); this test runs all of
them in order in one folder, starting ``accord serve`` on a free port where the page does and
pointing the later commands at it.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accord.cli.main import app

pytestmark = pytest.mark.timeout(300)  # servers and clients are bounded in time

ROOT = Path(__file__).resolve().parents[3]
PAGE = ROOT / "docs" / "tutorial" / "ledger.md"
FENCE = re.compile(r"^```console[ \t]*(?P<flags>[^\n]*)\n(?P<body>.*?)^```", re.M | re.S)
EXIT = re.compile(r"\s+#\s*exit\s+(\d+)\s*$")
DOC_URL = "http://127.0.0.1:8000"


def tutorial_commands() -> list[tuple[list[str], int]]:
    commands = []
    for block in FENCE.finditer(PAGE.read_text(encoding="utf-8")):
        for line in block.group("body").splitlines():
            if line.startswith("$ accord "):
                expected = EXIT.search(line)
                args = shlex.split(EXIT.sub("", line[2:]))[1:]
                commands.append((args, int(expected.group(1)) if expected else 0))
    return commands


@pytest.mark.slow
def test_ledger_cli_tutorial_runs_as_written(
    tmp_path: Path, serve: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    commands = tutorial_commands()
    assert len(commands) >= 15
    url = None
    outputs = []
    for args, code in commands:
        args = [str(ROOT / a) if (ROOT / a).exists() and not os.path.isabs(a) else a for a in args]
        if args[0] == "serve":
            port = args.index("--port")
            url = serve(*args[1:port], *args[port + 2 :], cwd=tmp_path).url
            continue
        if url is not None:
            args = [a.replace(DOC_URL, url) for a in args]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == code, f"`accord {shlex.join(args)}`:\n{result.output}"
        outputs.append(result.output)
    text = "\n".join(outputs)
    assert "registered iaea_inspector as inspector: entry 2" in text
    assert "agreement appended: entry 3" in text
    assert "not of iran" in text
    assert "only inspectors file inspection reports" in text
    assert text.count("ok: ") == 2
    assert "6 commitments: 1 claimed_late, 1 verified, 4 overdue" in text
    assert "the agreement: in force since" in text
