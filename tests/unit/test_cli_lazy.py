"""The ``accord`` command imports a command's module only when it runs: ``accord --help`` lists
every command without the engines, the solvers, the ledger client or the web server behind them,
and ``accord COMMAND --help`` (and each subcommand's) imports the command's module without them
(the benchmark benchmarks/bench_import.py measures the time; these tests check what is imported)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from accord.cli._main import AccordCli

HEAVY = (
    "cryptography",
    "fastapi",
    "ortools",
    "highspy",
    "httpx",
    "sqlalchemy",
    "numpy",
    "pydantic",
    "pandas",
    "scipy",
    "uvicorn",
    "jinja2",
    "vl_convert",
    "yaml",
)
COMMAND_HEAVY = tuple(name for name in HEAVY if name != "pydantic")
"""What a command's help must not load: typer (>= 0.26) itself imports pydantic to build any
command's parameters, so only ``accord --help`` does without it."""
ENGINES = (
    "accord.conflict",
    "accord.deal",
    "accord.figures",
    "accord.ledger",
    "accord.phasing",
    "accord.questions",
    "accord.report",
    "accord.scenario",
    "accord.service",
    "accord.sweep",
    "accord.verification",
    "accord.web",
)
"""The packages behind the commands: a command's help imports none of them."""


def _imported_after(code: str) -> set[str]:
    """The top-level packages a fresh interpreter holds after running ``code``."""
    probe = f"{code}\nimport sys\nprint(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=300
    ).stdout
    return set(out.splitlines()[-1].split())


def test_importing_the_command_line_imports_no_heavy_library() -> None:
    assert _imported_after("import accord.cli._main") & set(HEAVY) == set()


VALIDATE_PROBE = """
import runpy, sys
sys.argv = ["accord", "validate", {file!r}]
try:
    runpy.run_module("accord", run_name="__main__")
except SystemExit as stop:
    assert stop.code in (0, None), stop.code
print(" ".join(sorted({{m.split(".")[0] for m in sys.modules}})))
"""


@pytest.mark.parametrize(
    ("file", "needs_numpy"),
    [
        ("examples/bob-carol.yaml", False),  # a deal
        ("examples/jcpoa-2015.yaml", False),  # deal, phasing and verification
        ("examples/korea-2019.yaml", True),  # a conflict in option form: its states are counted
    ],
)
def test_validate_imports_numpy_only_for_a_conflict(file: str, needs_numpy: bool) -> None:
    """``accord validate`` of a file without a ``conflict:`` section runs without NumPy (its
    import was a fifth of the command's start-up, issue 17); the states of a conflict in option
    form are counted with it."""
    out = subprocess.run(
        [sys.executable, "-c", VALIDATE_PROBE.format(file=file)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == f"{file}: ok"
    assert ("numpy" in lines[-1].split()) is needs_numpy


def test_the_help_lists_every_command_without_importing_them() -> None:
    code = (
        "from typer.testing import CliRunner\nfrom accord.cli._main import app\n"
        "assert CliRunner().invoke(app, ['--help']).exit_code == 0"
    )
    assert _imported_after(code) & set(HEAVY) == set()


HELP_PROBE = """
import sys
from typer._click import Context
from typer.main import get_group
from typer.testing import CliRunner
from accord.cli._main import app

runner, todo, shown = CliRunner(), [[{command!r}]], 0
while todo:
    path = todo.pop()
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, (path, result.output)
    shown += 1
    command = get_group(app)
    for name in path:
        command = command.get_command(Context(command), name)
    todo += [[*path, sub] for sub in getattr(command, "commands", {{}})]
print(shown)
print(" ".join(sorted(sys.modules)))
"""


@pytest.mark.parametrize("command", list(AccordCli.lazy))
def test_a_commands_help_imports_no_engine(command: str) -> None:
    """``accord COMMAND --help``, and the help of each of its subcommands (``accord ledger
    keygen --help``, ...), in a fresh interpreter: no heavy library, no engine package."""
    out = subprocess.run(
        [sys.executable, "-c", HELP_PROBE.format(command=command)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    shown, modules = out.stdout.splitlines()[-2:]
    assert int(shown) >= 1
    loaded = set(modules.split())
    assert {name.split(".")[0] for name in loaded} & set(COMMAND_HEAVY) == set()
    assert {name for name in loaded if name.startswith(ENGINES)} == set()


def test_the_listed_summaries_are_the_commands_own() -> None:
    """The table of summaries shows what the loaded commands would (no stale summary)."""
    from accord.cli._main import app, command_group

    runner = CliRunner()
    lazy = runner.invoke(app, ["--help"], terminal_width=100)
    command_group()  # every command imported: the listing now comes from the commands
    loaded = runner.invoke(app, ["--help"], terminal_width=100)
    assert (lazy.exit_code, loaded.exit_code) == (0, 0)
    assert lazy.output == loaded.output


def test_analyze_summarises_every_section_in_a_fresh_process() -> None:
    """``accord analyze`` finds each section's summary though no other command was loaded."""
    out = subprocess.run(
        [sys.executable, "-m", "accord", "analyze", "examples/korea-2019.yaml", "--json"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    sections = {"conflict", "deal", "phasing", "verification"}
    assert set(json.loads(out.stdout)["analyses"]) == sections
