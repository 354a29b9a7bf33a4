"""``accord ledger status`` and ``accord ledger verify`` (added to the ``ledger`` group)."""

from __future__ import annotations

import typer


def add_commands(group: typer.Typer) -> None:
    """Add ``status`` and ``verify`` to the ``ledger`` command group."""
