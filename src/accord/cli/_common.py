"""Helpers every CLI command shares: loading a scenario, exit codes, JSON and terminal output."""

from __future__ import annotations

import inspect
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console

# typer >= 0.26 vendors click as typer._click and re-exports none of its usage errors.
from typer._click import Command, Context
from typer._click.exceptions import NoSuchOption, UsageError
from typer.core import TyperGroup

from accord import limits
from accord._suggest import unknown_hint
from accord.errors import AccordError, InputError, ScenarioError
from accord.frontend._envelope import envelope, error_json

if TYPE_CHECKING:
    from accord.scenario import Scenario

EXIT_OK = 0
EXIT_PROBLEM = 1
"""The analysis found the problem the user asked about (an unsafe plan, ...)."""
EXIT_INVALID = 2
"""Invalid input or usage."""

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

JSON_OPTION = typer.Option(False, "--json", help="Print machine-readable JSON instead of tables.")


def emit_json(kind: str, payload: Mapping[str, Any]) -> None:
    """Print ``payload`` in the shared envelope (see :func:`envelope`) as one JSON object."""
    write_json(envelope(kind, payload))


def write_json(value: Any) -> None:
    """Print ``value`` as JSON as it is, without the envelope: only for documents that have a
    format of their own (the JSON Schema), never for a command's ``--json`` output.

    Keys keep their order: it is part of each documented form.
    """
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, default=_default) + "\n")


def _default(value: object) -> object:
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def fail(error: AccordError, as_json: bool) -> NoReturn:
    """Report ``error`` (no traceback) and exit with code 2."""
    if as_json:
        emit_json("error", error_json(error))
    elif isinstance(error, ScenarioError):
        for diagnostic in error.diagnostics:
            err_console.print(diagnostic.render(), markup=False)
    else:
        message = error.message if isinstance(error, InputError) else str(error)
        err_console.print(f"error: {message}", markup=False)
        hint = getattr(error, "hint", None)
        if hint:
            err_console.print(f"hint: {hint}", markup=False)
    raise typer.Exit(EXIT_INVALID)


def require_choice(value: str, choices: Sequence[str], what: str, as_json: bool) -> None:
    """Exit with code 2 and a "did you mean" hint unless ``value`` is one of ``choices``."""
    if value not in choices:
        fail(
            InputError(f"unknown {what} '{value}'", unknown_hint(value, choices, f"{what}s")),
            as_json,
        )


STRICT_OPTION = typer.Option(
    False, "--strict", help="Treat warnings (a written date inside a period, ...) as errors."
)


def load_or_exit(path: Path, as_json: bool, strict: bool = False) -> Scenario:
    """Load and validate a scenario, or report every problem and exit with code 2.

    Warnings go to stderr (with ``--json`` too: stdout stays one JSON object); with ``strict``
    they are errors, reported like the others.
    """
    from accord.scenario._loader import load_with_warnings  # on first use: keeps --help fast

    try:
        scenario, warnings = load_with_warnings(path)
    except ScenarioError as error:
        fail(error, as_json)
    if warnings and strict:
        fail(ScenarioError(warnings), as_json)
    for warning in warnings:
        err_console.print(f"warning: {warning.render()}", markup=False)
    return scenario


def summed_up(command: Command | None) -> Command | None:
    """``command``, whose summary in its group's listing is the first paragraph of its help on
    one line (rich would keep the docstring's line breaks: "... by an" / "administrator")."""
    if command is not None and command.short_help is None and command.help:
        first = inspect.cleandoc(command.help).split("\n\n")[0]
        command.short_help = " ".join(first.split())
    return command


class AccordGroup(TyperGroup):
    """A command group whose usage errors hint like the rest of Accord: an unknown command or a
    misspelt option gets "did you mean ...?" (or the known ones) from :mod:`accord._suggest`."""

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        name = args[0] if args else ""
        unknown = bool(name) and not name.startswith("-") and self.get_command(ctx, name) is None
        if unknown and not ctx.resilient_parsing:
            hint = unknown_hint(name, self.list_commands(ctx), "commands")
            raise UsageError(f"unknown command '{name}' (hint: {hint})", ctx)
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        return summed_up(super().get_command(ctx, cmd_name))

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        if ctx.parent is None:  # the root: --max-... limit flags are accepted anywhere
            args, values = take_limit_flags(args)
            limits.set_limits(values)
            ctx.meta["accord.json"] = "--json" in args
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except NoSuchOption as error:
            raise _unknown_option(error) from None
        except AccordError as error:  # the last resort: a limit passed deep in an analysis, ...
            fail(error, bool(ctx.meta.get("accord.json")))


LIMITS_EPILOG = (
    "Limits: every command accepts "
    + ", ".join(f"{flag} N" for flag in limits.FLAGS)
    + " to raise a limit on the size of its input (the limits are listed in the documentation's "
    + "reference)."
)


def take_limit_flags(args: list[str]) -> tuple[list[str], dict[str, int]]:
    """Split ``--max-...`` limit flags (:data:`accord.limits.FLAGS`) from the other arguments.

    >>> take_limit_flags(["conflict", "f.yaml", "--max-states", "100000", "--max-yaml-values=9"])
    (['conflict', 'f.yaml'], {'states': 100000, 'yaml_values': 9})
    """
    rest: list[str] = []
    values: dict[str, int] = {}
    items = iter(args)
    for arg in items:
        flag, equals, text = arg.partition("=")
        if flag not in limits.FLAGS:
            rest.append(arg)
            continue
        value = text if equals else next(items, "")
        if not value.isdigit() or int(value) < 1:
            raise UsageError(f"{flag} needs a whole number of at least 1, got {value!r}")
        values[limits.FLAGS[flag]] = int(value)
    return rest, values


def _unknown_option(error: NoSuchOption) -> UsageError:
    command = error.ctx.command if error.ctx is not None else None
    known = [
        name
        for param in (command.params if command is not None else [])
        for name in (*param.opts, *param.secondary_opts)
        if name.startswith("--")
    ]
    hint = unknown_hint(error.option_name, [*known, "--help"], "options")
    return UsageError(f"unknown option '{error.option_name}' (hint: {hint})", error.ctx)
