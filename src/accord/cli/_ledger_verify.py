"""``accord ledger verify`` and ``accord ledger status`` (added to the ``ledger`` group).

``verify`` trusts nothing it reads: it takes an export from a service (URL), an export file, or a
ledger database file (SQLite path or PostgreSQL URL, read without the service), and runs the
offline audit of :mod:`accord.ledger._audit`: every signature, role, sequence and reference, the
rebuilt tree against every kept checkpoint, and against a checkpoint saved earlier.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.cli._common import EXIT_PROBLEM, JSON_OPTION, console, emit_json, err_console, fail
from accord.cli._ledger import Quorum, WitnessKeys
from accord.errors import AccordError, InputError, VerificationFailed

if TYPE_CHECKING:
    from accord.ledger._audit import AuditReport


COMPLIANCE_ID_WIDTH = 24
"""Commitment ids up to this long are never split across lines in the compliance table at 80
columns (wider terminals give them more); longer ones fold onto the next line, whole."""


def _compliance_widths(commitments: list[dict[str, Any]], width: int) -> list[int]:
    """Column widths that fit ``width``: id, dates, status, amounts, then the last change.

    The last change takes what is left, at least 12; on a narrow terminal the id folds sooner
    (down to 8 characters a line), then the status (down to 7).

    >>> _compliance_widths([{"id": "s1.iran.a", "status": "overdue"}], 80)
    [10, 10, 7, 8, 33]
    >>> _compliance_widths([{"id": "s1.iran.a_long_commitment_id", "status": "claimed late"}], 60)
    [8, 10, 10, 8, 12]
    """
    longest = max((len(c["id"]) for c in commitments), default=10)
    status = max([6, *(len(c["status"]) for c in commitments)])
    gaps = 3 * 4  # a space, a separator and a space between each two of the five columns
    room = max(COMPLIANCE_ID_WIDTH, width - gaps - 26 - status - 36)  # wide terminals: more
    ident = max(10, min(longest, room))
    over = gaps + ident + 10 + status + 8 + 12 - width
    if over > 0:  # a narrow terminal: fold the id sooner, then the status
        cut = min(over, ident - 8)
        ident, over = ident - cut, over - cut
        status -= min(max(over, 0), status - 7)
    last = max(12, width - gaps - ident - 10 - status - 8)
    return [ident, 10, status, 8, last]


def compliance_table(status: dict[str, Any], width: int = 80) -> Any:
    """The commitments of an agreement and their statuses as a rich table ``width`` wide.

    Nothing is cut with an ellipsis: an id keeps its width (up to :data:`COMPLIANCE_ID_WIDTH`
    characters, then folds onto the next line), the due date sits over the deadline and the
    amount claimed over the amount verified, and the last change wraps, so that the table fits
    80 columns with every id whole.
    """
    from rich import box
    from rich.table import Table

    title = f"{status['title']} (entry {status['agreement']}), as of {status['as_of']}"
    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    widths = _compliance_widths(status["commitments"], width)
    headers = ("commitment", "due\ndeadline", "status", "claimed\nverified", "last change")
    for header, size in zip(headers, widths, strict=True):
        right = header.startswith("claimed")
        table.add_column(header, width=size, overflow="fold", justify="right" if right else "left")
    for c in status["commitments"]:
        last = c["history"][-1] if c["history"] else None
        change = "" if last is None else f"{last['on']}: {last['reason']}"
        table.add_row(
            c["id"],
            f"{c['due']}\n{c['deadline']}",
            c["status"],
            f"{c['claimed']:g}\n{c['verified']:g}",
            change,
        )
    return table


def print_compliance(status: dict[str, Any]) -> None:
    """Print the commitments of an agreement and their statuses (see :func:`compliance_table`)."""
    console.print(compliance_table(status, console.width), soft_wrap=False)
    counts = ", ".join(f"{n} {s}" for s, n in status["counts"].items() if n)
    console.print(f"{len(status['commitments'])} commitments: {counts}", markup=False)
    for line in consent_lines(status.get("consent") or {}):
        console.print(line, markup=False)


def consent_lines(consent: dict[str, Any]) -> list[str]:
    """Who has signed what, in words (the ``consent`` of a compliance report)."""
    lines = []
    for text in consent.get("texts", []):
        what = "the agreement" if text["kind"] == "agreement" else f"amendment {text['index']}"
        signed = ", ".join(text["signed"]) or "nobody"
        if text["status"] == "in_force":
            lines.append(f"{what}: in force since {text['in_force_on']} (co-signed by {signed})")
        elif text["status"] == "withdrawn":
            lines.append(f"{what}: withdrawn before it came into force")
        else:
            awaiting = ", ".join(text["awaiting"])
            lines.append(f"{what}: proposed, binding on nobody until {awaiting} co-sign(s) it")
    for left in consent.get("withdrawn", []):
        lines.append(
            f"{left['party']} withdrew from the agreement on {left['on']} (entry {left['index']})"
        )
    return lines


WEB_HINT = (
    "reading a ledger database needs SQLAlchemy, in Accord's web extra: pip install '.[web]' in a "
    "clone of Accord (make run installs it too)"
)


def load_export(source: str) -> dict[str, Any]:
    """The export named by ``source``: a service URL, an export file, or a ledger database."""
    from accord.frontend._ledger_client import LedgerClient

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
        from accord.ledger.store._export import export_database_file
    except ImportError:
        raise InputError(f"cannot read {source} as a database", hint=WEB_HINT) from None
    return export_database_file(source)


def trusted_export(source: str, log_key: str | None) -> tuple[dict[str, Any], list[str] | None]:
    """The export of ``source`` and the log keys its checkpoints must be signed by.

    The key given with ``--log-key``, else the one pinned for the log (a service met for the
    first time is pinned now, as every command does), else, for a file from a log never met,
    the key the export lists (``None``): then only a saved ``--checkpoint`` ties it to a key.
    """
    from accord.frontend._ledger_client import connect
    from accord.frontend._trust import pinned_key, read_verifier_key

    if source.startswith(("http://", "https://")):
        with connect(source, log_key) as client:
            key = client.log_key()
            return client.export(), [key]
    export = load_export(source)
    if log_key is not None:
        return export, [read_verifier_key(log_key)]
    try:
        return export, [pinned_key(str(export.get("origin", "")))]
    except InputError:
        return export, None


def _read_text(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}") from None


def _print_report(report: AuditReport, source: str) -> None:
    from accord.ledger._receipts import b64

    if report.ok:
        console.print(
            f"ok: {source} verifies: {report.size} entries, root {b64(report.root)}, "
            f"{report.checkpoints_checked} signed checkpoint(s) consistent with the tree",
            markup=False,
        )
        return
    console.print(f"FAILED: {source} does not verify ({len(report.findings)} finding(s)):")
    for finding in report.findings:
        console.print(f"  {finding}", markup=False)


def _consistency_only(
    source: str, saved_note: str, log_key: str | None, witnesses: tuple[list[str], int],
    as_json: bool,
) -> None:  # fmt: skip
    """``verify URL --checkpoint SAVED``: the log's current checkpoint extends the saved one."""
    from accord.frontend._ledger_client import connect
    from accord.ledger._receipts import b64

    try:
        with connect(source, log_key) as client:
            saved = client.open(saved_note)
            note, head = client.checkpoint_extending(saved, *witnesses)
    except VerificationFailed as error:
        if as_json:
            emit_json("ledger.consistency", {"ok": False, "problem": str(error)})
        else:
            err_console.print(f"FAILED: {error}", markup=False)
        raise typer.Exit(EXIT_PROBLEM) from None
    except AccordError as error:
        fail(error, as_json)
    payload = {
        "ok": True,
        "origin": head.origin,
        "old_size": saved.size,
        "new_size": head.size,
        "old_root": b64(saved.root),
        "new_root": b64(head.root),
        "checkpoint": note,
    }
    if as_json:
        emit_json("ledger.consistency", payload)
    else:
        console.print(
            f"ok: {head.origin} now has {head.size} entries (root {b64(head.root)}), and its "
            f"consistency proof shows it extends the saved checkpoint of {saved.size} entries",
            markup=False,
        )


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
    full: Annotated[
        bool,
        typer.Option(
            "--full", help="With a URL and --checkpoint: also download and audit every entry."
        ),
    ] = False,
    log_key: Annotated[
        str | None,
        typer.Option(
            "--log-key", help="The log's verifier key (default: pinned at first contact)."
        ),
    ] = None,
    witness: WitnessKeys = None,
    quorum: Quorum = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Verify a ledger from outside the service: signatures, roles, tree, saved checkpoint.

    With a service URL and ``--checkpoint``, only the log's consistency proof from the saved
    checkpoint to its current one is fetched and checked (add ``--full`` to audit every entry
    too). Exit code 1 when the log does not verify; each finding names the entry it locates.

    Example: [bold]accord ledger verify http://127.0.0.1:8000 --checkpoint saved.checkpoint[/bold]
    """
    from accord.frontend._trust import read_witness_keys
    from accord.ledger._audit import audit_export

    saved = None
    try:
        saved = _read_text(checkpoint)
        witnesses = read_witness_keys(witness, quorum)
    except AccordError as error:
        fail(error, as_json)
    is_url = source.startswith(("http://", "https://"))
    if is_url and saved is not None and not full and previous is None:
        _consistency_only(source, saved, log_key, witnesses, as_json)
        return
    try:
        export, keys = trusted_export(source, log_key)
        earlier = load_export(str(previous)) if previous is not None else None
        report = audit_export(export, saved=saved, previous=earlier, checkpoint_keys=keys)
    except VerificationFailed as error:
        if as_json:
            emit_json("ledger.verify", {"ok": False, "problem": str(error)})
        else:
            err_console.print(f"FAILED: {error}", markup=False)
        raise typer.Exit(EXIT_PROBLEM) from None
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json("ledger.verify", report.to_dict())
    else:
        _print_report(report, source)
    if not report.ok:
        raise typer.Exit(EXIT_PROBLEM)
    if save_checkpoint is not None and export.get("checkpoint"):
        save_checkpoint.write_text(str(export["checkpoint"]), encoding="utf-8")


def verify_receipt_command(
    receipt_file: Annotated[Path, typer.Argument(help="A receipt saved with --receipt.")],
    log_key: Annotated[
        str | None,
        typer.Option(
            "--log-key",
            help="The log's verifier key, or a file holding it (default: the key pinned for "
            "the receipt's log at first contact).",
        ),
    ] = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Check a receipt offline: the log key signed a checkpoint whose tree holds the entry.

    Exit code 1 when it does not verify.

    Example: [bold]accord ledger verify-receipt receipt.json --log-key log.vkey[/bold]
    """
    from accord.frontend._trust import pinned_key, read_verifier_key
    from accord.ledger._receipts import b64, parse_receipt, verify_receipt

    try:
        receipt = parse_receipt(_read_json(receipt_file))
        key = read_verifier_key(log_key) if log_key is not None else pinned_key(receipt.origin)
    except AccordError as error:
        fail(error, as_json)
    try:
        head = verify_receipt(receipt, [key])
    except VerificationFailed as error:
        if as_json:
            emit_json("ledger.receipt_check", {"ok": False, "problem": str(error)})
        else:
            err_console.print(f"FAILED: {receipt_file}: {error}", markup=False)
        raise typer.Exit(EXIT_PROBLEM) from None
    env = receipt.entry.envelope
    payload = {"ok": True, "origin": receipt.origin, "index": receipt.index,
               "log_time": receipt.entry.log_time, "submitter": env.submitter,
               "tree_size": head.size, "root_hash": b64(head.root)}  # fmt: skip
    if as_json:
        emit_json("ledger.receipt_check", {**payload, "entry_kind": env.kind})
        return
    article = "an" if env.kind[0] in "aeiou" else "a"
    console.print(
        f"ok: {receipt_file}: entry {receipt.index} of {receipt.origin}, {article} {env.kind} by "
        f"{env.submitter}, logged at {receipt.entry.log_time}, is in the tree of {head.size} "
        f"entries (root {b64(head.root)}) signed by the log key {key}",
        markup=False,
    )


def _read_json(path: Path) -> Any:
    text = _read_text(path)
    try:
        return json.loads(text or "")
    except ValueError as error:
        raise InputError(f"{path} is not JSON: {error}") from None


def _print_log(info: dict[str, Any], people: list[dict[str, Any]]) -> None:
    console.print(
        f"{info['origin']}: {info['tree_size']} entries, root {info['root_hash']}", markup=False
    )
    for p in people:
        scope = f" ({p['scope']})" if p.get("scope") else ""
        key = f", key revoked at entry {p['revoked_at']}" if p.get("revoked_at") is not None else ""
        console.print(
            f"  {p['participant']}: {p['role']}{scope}, {p['last_sequence']} entries{key}",
            markup=False,
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
    from accord.frontend._ledger_client import LedgerClient

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
            emit_json("ledger.log", {"log": info, "participants": people})
        else:
            _print_log(info, people)
        return
    if as_json:
        emit_json("ledger.compliance", status)
    else:
        print_compliance(status)


def add_commands(group: typer.Typer) -> None:
    """Add ``verify``, ``verify-receipt`` and ``status`` to the ``ledger`` command group."""
    group.command("verify")(verify_command)
    group.command("verify-receipt")(verify_receipt_command)
    group.command("status")(status_command)
