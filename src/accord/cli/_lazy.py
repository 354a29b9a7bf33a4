"""Commands loaded on first use: ``accord --help`` lists every command from a table of names
and one-line summaries without importing a command's module (and the engines, the ledger
client, the solvers behind it); running a command, or asking for its own help, imports its
module then.

A test keeps the table true: the help listed from the table equals the help listed with every
module loaded.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import ClassVar, NamedTuple

import typer
from typer._click import Command, Context, HelpFormatter
from typer.core import TyperCommand

from accord.cli._common import AccordGroup, summed_up


class Lazy(NamedTuple):
    """Where a command is defined (a module of :mod:`accord.cli` whose ``register(app)`` adds
    it, maybe with others) and the summary ``accord --help`` shows for it (the first paragraph
    of its help)."""

    module: str
    summary: str


class LazyGroup(AccordGroup):
    """The root command group: its commands are imported when one of them is looked up."""

    lazy: ClassVar[Mapping[str, Lazy]] = {}
    """The commands not defined on the group itself, in the order ``accord --help`` lists them."""

    _listing = False

    def list_commands(self, ctx: Context) -> list[str]:
        return [*self.lazy, *(name for name in self.commands if name not in self.lazy)]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            if self._listing:
                return summed_up(TyperCommand(cmd_name, help=self.lazy[cmd_name].summary))
            self._load(self.lazy[cmd_name].module)
        return summed_up(self.commands.get(cmd_name))

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        with self._summaries():
            super().format_help(ctx, formatter)

    @contextmanager
    def _summaries(self) -> Iterator[None]:
        self._listing = True
        try:
            yield
        finally:
            self._listing = False

    def load_all(self) -> None:
        """Import every command (for the tests that walk all of them)."""
        for name in self.lazy:
            self.get_command(Context(self), name)

    def _load(self, module: str) -> None:
        holder = typer.Typer(rich_markup_mode="rich", pretty_exceptions_enable=False)
        holder.callback()(_no_options)  # with a callback, a single command stays a group member
        importlib.import_module(f"accord.cli._{module}").register(holder)
        loaded = typer.main.get_group(holder)
        for name, command in loaded.commands.items():
            self.add_command(command, name)


def _no_options() -> None:
    """Nothing: the callback that makes the holder of a module's commands a group."""
