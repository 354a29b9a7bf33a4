"""``accord ledger verify`` and ``accord ledger status`` (added to the ``ledger`` group).

``verify`` trusts nothing it reads: it takes an export from a service (URL), an export file, or a
ledger database file (SQLite path or PostgreSQL URL, read without the service), and runs the
offline audit of :mod:`accord.ledger.audit`: every signature, role, sequence and reference, the
rebuilt tree against every kept checkpoint, and against a checkpoint saved earlier.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from accord.cli.common import EXIT_PROBLEM, JSON_OPTION, console, fail, write_json
from accord.cli.ledger_client import LedgerClient
from accord.errors import AccordError, InputError
from accord.ledger.audit import AuditReport, audit_export


def print_compliance(status: dict[str, Any]) -> None:
    """Print the commitments of an agreement and their statuses as a table."""
    from rich.table import Table

    title = f"{status['title']} (entry {status['agreement']}), as of {status['as_of']}"
    table = Table(title=title)
    for column in ("commitment", "due", "deadline", "status", "claimed", "verified", "last change"):
        table.add_column(column)
    for c in status["commitments"]:
        last = c["history"][-1] if c["history"] else None
        change = "" if last is None else f"{last['on']}: {last['reason']}"
        table.add_row(
            c["id"],
            c["due"],
            c["deadline"],
            c["status"],
            f"{c['claimed']:g}",
            f"{c['verified']:g}",
            change,
        )
    console.print(table)
    counts = ", ".join(f"{n} {s}" for s, n in status["counts"].items() if n)
    console.print(f"{len(status['commitments'])} commitments: {counts}", markup=False)


WEB_HINT = (
    "reading a ledger database needs SQLAlchemy, in Accord's web extra: pip install '.[web]' in a "
    "clone of Accord (make run installs it too)"
)


def load_export(source: str) -> dict[str, Any]:
    """The export named by ``source``: a service URL, an export file, or a ledger database."""
    if source.startswith(("http://", "https://")):
        with LedgerClient(source) as client:
            return client.export()
    path = Path(source)
    if path.is_file() and path.read_bytes()[:1] in (b"{", b" ", b"\n"):
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as error:
            raise InputError(f"{source} is not a JSON export: {error}") from None
        if not isinstance(value, dict):
            raise InputError(f"{source} is not an export (not a JSON object)")
        return value
    try:
        from accord.ledger.store.export import export_database_file
    except ImportError:
        raise InputError(f"cannot read {source} as a database", hint=WEB_HINT) from None
    return export_database_file(source)


def _read_text(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None


def _print_report(report: AuditReport, source: str) -> None:
    if report.ok:
        console.print(
            f"ok: {source} verifies: {report.size} entries, root {report.root.hex()}, "
            f"{report.checkpoints_checked} signed checkpoint(s) consistent with the tree",
            markup=False,
        )
        return
    console.print(f"FAILED: {source} does not verify ({len(report.findings)} finding(s)):")
    for finding in report.findings:
        console.print(f"  {finding}", markup=False)


def verify_command(
    source: Annotated[str, typer.Argument(help="A service URL, an export file or a database.")],
    checkpoint: Annotated[
        Path | None, typer.Option("--checkpoint", help="A checkpoint saved earlier (signed note).")
    ] = None,
    previous: Annotated[
        Path | None, typer.Option("--previous", help="An earlier export to compare entry by entry.")
    ] = None,
    save_checkpoint: Annotated[
        Path | None,
        typer.Option("--save-checkpoint", help="If the log verifies, save its latest checkpoint."),
    ] = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Verify a ledger from outside the service: signatures, roles, tree, saved checkpoint.

    Exit code 1 when the log does not verify; each finding names the entry it locates.

    Example: [bold]accord ledger verify http://127.0.0.1:8000 --checkpoint saved.checkpoint[/bold]
    """
    try:
        export = load_export(source)
        saved = _read_text(checkpoint)
        earlier = load_export(str(previous)) if previous is not None else None
        report = audit_export(export, saved=saved, previous=earlier)
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        write_json(report)
    else:
        _print_report(report, source)
    if not report.ok:
        raise typer.Exit(EXIT_PROBLEM)
    if save_checkpoint is not None and export.get("checkpoint"):
        save_checkpoint.write_text(str(export["checkpoint"]), encoding="utf-8")


def _print_log(info: dict[str, Any], people: list[dict[str, Any]]) -> None:
    console.print(
        f"{info['origin']}: {info['tree_size']} entries, root {info['root_hash']}", markup=False
    )
    for p in people:
        scope = f" ({p['scope']})" if p.get("scope") else ""
        console.print(
            f"  {p['participant']}: {p['role']}{scope}, {p['last_sequence']} entries", markup=False
        )


def status_command(
    url: Annotated[str, typer.Argument(help="The service, e.g. http://127.0.0.1:8000.")],
    agreement: Annotated[
        int | None, typer.Argument(help="Index of an agreement entry: show its commitments.")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date YYYY-MM-DD (default: today, UTC).")
    ] = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Show the log (size, root, participants) or the compliance status of an agreement.

    Example: [bold]accord ledger status http://127.0.0.1:8000 3 --as-of 2016-03-01[/bold]
    """
    try:
        with LedgerClient(url) as client:
            if agreement is None:
                info, people = client.info(), client.participants()
            else:
                status = client.compliance(agreement, as_of)
    except AccordError as error:
        fail(error, as_json)
    if agreement is None:
        if as_json:
            write_json({"log": info, "participants": people})
        else:
            _print_log(info, people)
        return
    if as_json:
        write_json(status)
    else:
        print_compliance(status)


def add_commands(group: typer.Typer) -> None:
    """Add ``verify`` and ``status`` to the ``ledger`` command group."""
    group.command("verify")(verify_command)
    group.command("status")(status_command)
