"""The ``accord`` command line: one typer app, one module per command group."""

from __future__ import annotations

import typer

from accord import __version__
from accord.cli import (
    analyze,
    conflict,
    deal,
    example,
    ledger_commands,
    plan,
    report,
    scenario_commands,
    serve,
    sweep,
    verify,
    web,
)
from accord.cli.common import LIMITS_EPILOG, AccordGroup, err_console

app = typer.Typer(
    name="accord",
    cls=AccordGroup,
    help="Design and track verifiable agreements between parties who do not trust each other.",
    epilog=LIMITS_EPILOG,
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"accord {__version__}")
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


scenario_commands.register(app)
example.register(app)
analyze.register(app)
report.register(app)
conflict.register(app)
deal.register(app)
plan.register(app)
verify.register(app)
serve.register(app)
sweep.register(app)
ledger_commands.register(app)
web.register(app)


def run() -> None:
    """Entry point of the ``accord`` script; Ctrl-C stops with exit code 130, no traceback."""
    try:
        app()
    except KeyboardInterrupt:
        err_console.print("interrupted", markup=False)
        raise SystemExit(130) from None
