"""The ``accord`` command line: one typer app, one module per command group."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

import typer

import accord
from accord.cli._common import LIMITS_EPILOG, err_console
from accord.cli._lazy import Lazy, LazyGroup


class AccordCli(LazyGroup):
    """The ``accord`` command: every command, imported when it is run or asked for its help."""

    lazy: ClassVar[Mapping[str, Lazy]] = {
        "validate": Lazy(
            "scenario_commands",
            "Check scenario files and report every problem as file:line:col: path: message, and\n"
            "every warning (with --strict, warnings make a file invalid too).",
        ),
        "schema": Lazy(
            "scenario_commands",
            "Print the JSON Schema of the scenario format, generated from the model.",
        ),
        "new": Lazy(
            "scenario_commands",
            "Write a commented template scenario to FILE (never overwrites without --force).",
        ),
        "example": Lazy(
            "example",
            "List the bundled examples, or write example NAME's files into the current folder\n"
            "(never overwriting a file without --force).",
        ),
        "analyze": Lazy(
            "analyze", "Run every analysis whose section is present in FILE and print a summary."
        ),
        "report": Lazy(
            "report",
            "Write the agreement report of FILE (HTML and/or PDF), or compare several variants.",
        ),
        "conflict": Lazy(
            "conflict",
            "Which states are stable for whom (Nash, GMR, SMR, SEQ, SIM, L_h, NM), why, what the\n"
            "status quo can reach and which coalitions can move it; coalitions, the preference "
            "changes\nthat would make a state stable, and what each side's misperceptions lead "
            "to.",
        ),
        "deal": Lazy(
            "deal",
            "Analyse the deal space of FILE: whether any package every party accepts exists, the\n"
            "Pareto frontier, the bargaining solutions, the proposals and how sure all that is.",
        ),
        "deal-import": Lazy(
            "deal",
            "Write a scenario with a deal: section from a GeniusWeb domain and linear additive "
            "profiles.",
        ),
        "deal-export": Lazy(
            "deal",
            "Write the deal of FILE as a GeniusWeb domain and one linear additive profile per "
            "party.",
        ),
        "plan": Lazy(
            "plan",
            "Plan the package step by step so that no party gains by defecting (exit 1 if "
            "impossible).",
        ),
        "audit": Lazy(
            "plan", "Audit every plan written under phasing: (exit 1 when one is unsafe)."
        ),
        "serve": Lazy(
            "serve", "Run the ledger service (SQLite by default, PostgreSQL with --database)."
        ),
        "sweep": Lazy(
            "sweep",
            "Draw every range of the file many times: how often is each verdict still true, and\n"
            "which estimate decides it? Ctrl-C shows what the finished draws say (exit 130).",
        ),
        "web": Lazy(
            "web",
            "Explore scenarios in the browser: analyses, figures, variants, the report, a ledger.",
        ),
        "verify": Lazy(
            "verify",
            "How sure can we be that cheating is caught? Sampling, inspection games, and a "
            "scenario's verification: section (accord verify FILE).",
        ),
        "ledger": Lazy(
            "ledger_commands",
            "Keys, registration, submissions, compliance status and verification of a ledger.",
        ),
    }


app = typer.Typer(
    name="accord",
    cls=AccordCli,
    help="Design and track verifiable agreements between parties who do not trust each other.",
    epilog=LIMITS_EPILOG,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"accord {accord.__version__}")  # looked up only when asked
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Accord: why parties are stuck, what deal they could accept, how to carry it out safely,
    how sure we can be that cheating is caught, and whether each side complies.

    The examples in each command's help use the bundled example files: `accord example`
    lists them and `accord example NAME` writes one into the current folder.
    """


def command_group() -> LazyGroup:
    """The ``accord`` command group with every command loaded (for tests that walk them all)."""
    group = typer.main.get_group(app)
    assert isinstance(group, LazyGroup)
    group.load_all()
    return group


def run() -> None:
    """Entry point of the ``accord`` script; Ctrl-C stops with exit code 130, no traceback."""
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("interrupted", markup=False)
        raise SystemExit(130) from None
