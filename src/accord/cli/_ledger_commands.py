"""The ``accord ledger`` command group, put together: the commands of :mod:`accord.cli._ledger`
(keys, registration, submission, status) and those of the ``ledger_*`` modules, which build on
its client helpers. Kept apart from them so that the modules import one another one way only.
"""

from __future__ import annotations

import typer

from accord.cli import _ledger_consent as ledger_consent
from accord.cli import _ledger_keys as ledger_keys
from accord.cli import _ledger_monitor as ledger_monitor
from accord.cli import _ledger_ops as ledger_ops
from accord.cli import _ledger_reads as ledger_reads
from accord.cli import _ledger_verify as ledger_verify
from accord.cli import _ledger_witness as ledger_witness
from accord.cli._ledger import ledger_app


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
