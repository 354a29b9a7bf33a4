"""The ``accord ledger`` command group, put together: the commands of :mod:`accord.cli.ledger`
(keys, registration, submission, status) and those of the ``ledger_*`` modules, which build on
its client helpers. Kept apart from them so that the modules import one another one way only.
"""

from __future__ import annotations

import typer

from accord.cli import (
    ledger_consent,
    ledger_keys,
    ledger_monitor,
    ledger_ops,
    ledger_reads,
    ledger_verify,
    ledger_witness,
)
from accord.cli.ledger import ledger_app


def register(app: typer.Typer) -> None:
    """Add the ``ledger`` command group to the app."""
    ledger_verify.add_commands(ledger_app)
    ledger_consent.add_commands(ledger_app)
    ledger_keys.add_commands(ledger_app)
    ledger_ops.add_commands(ledger_app)
    ledger_witness.add_commands(ledger_app)
    ledger_monitor.add_commands(ledger_app)
    ledger_reads.add_commands(ledger_app)
    app.add_typer(ledger_app, name="ledger")
