"""``accord ledger backup``: a consistent copy of a live SQLite ledger (added to ``ledger``).

The copy is made by SQLite's online backup API while the service runs (see
:mod:`accord.ledger.store._backup`); a PostgreSQL ledger is backed up with ``pg_dump``, which the
command says. Needs the web extra (SQLAlchemy) only to read the database URL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from accord.cli._common import JSON_OPTION, console, emit_json, err_console, fail
from accord.errors import AccordError


@contextmanager
def _pages_bar(quiet: bool) -> Iterator[Callable[[int, int], None]]:
    if quiet:
        yield lambda _done, _total: None
        return
    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("copying pages", total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield tick


def backup_command(
    database: Annotated[str, typer.Argument(help="The ledger: a SQLite file (or sqlite:///...).")],
    out: Annotated[Path, typer.Argument(help="The copy to write (a new SQLite file).")],
    force: Annotated[bool, typer.Option("--force", help="Replace OUT if it exists.")] = False,
    as_json: bool = JSON_OPTION,
) -> None:
    """Copy a ledger database consistently, even while the service writes to it.

    Uses SQLite's online backup API: the copy holds every acknowledged entry, including those
    still in the ``-wal`` file, and is checked (SQLite integrity check) before it is given its
    name. For PostgreSQL, use ``pg_dump`` (the command says how).

    Example: [bold]accord ledger backup ledger.db ledger-2026-11-23.db[/bold]
    """
    from accord.ledger.store._backup import backup_database

    try:
        with _pages_bar(as_json) as tick:
            result = backup_database(database, out, force=force, progress=tick)
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json("ledger.backup", result.to_dict())
        return
    covered = (
        "no checkpoint yet"
        if result.checkpoint_size is None
        else f"latest signed checkpoint: {result.checkpoint_size} entries"
    )
    console.print(
        f"wrote {out}: {result.entries} entries ({covered}), {result.bytes:,} bytes, "
        "integrity check ok",
        markup=False,
    )


def add_commands(group: typer.Typer) -> None:
    """Add ``backup`` to the ``ledger`` command group."""
    group.command("backup")(backup_command)
