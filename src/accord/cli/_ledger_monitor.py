"""``accord ledger monitor``: follow a log and alert on anything an append-only log cannot do.

Each round takes the log's checkpoint (the witnessed one with ``--witness``), checks it against
the state kept in ``--state`` (a JSON file: the last verified checkpoint and its tree's border),
checks the consistency proof, reads the new entries page by page and checks that they hash to
the signed root (:mod:`accord.ledger._monitor`). On an alert it prints ``ALERT: ...`` on stderr
and exits 1, keeping the state as it was, so the next run alerts again.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli._common import EXIT_PROBLEM, JSON_OPTION, console, emit_json, err_console, fail
from accord.cli._ledger import LogKey, Quorum, WitnessKeys
from accord.errors import AccordError, InputError, VerificationFailed

if TYPE_CHECKING:
    from accord.frontend._ledger_client import LedgerClient
    from accord.ledger._monitor import MonitorState


def _load(path: Path, origin: str) -> MonitorState:
    from accord.ledger._checkpoint import Checkpoint
    from accord.ledger._monitor import MonitorState
    from accord.ledger.merkle import EMPTY_ROOT

    if not path.exists():
        return MonitorState.start(origin, Checkpoint(origin, 0, EMPTY_ROOT), "")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InputError(f"cannot read the monitor state {path}: {error}") from None
    state = MonitorState.from_json(data)
    if state.origin != origin:
        raise InputError(f"{path} is the state of the log {state.origin!r}, not {origin!r}")
    return state


def _save(path: Path, state: MonitorState) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(state.to_dict(), indent=1) + "\n", encoding="utf-8")
    os.replace(partial, path)


def monitor_round(client: LedgerClient, path: Path, witnesses: tuple[list[str], int]) -> tuple[
    MonitorState, MonitorState
]:  # fmt: skip
    """One round: (the state before, the state after); raises :class:`Alert` on a problem."""
    from accord.ledger._checkpoint import Checkpoint
    from accord.ledger._monitor import Alert, check_growth, extend

    kept = _load(path, client.origin)
    try:
        note, head = client.checkpoint(*witnesses)
        check_growth(kept, head)
        if 0 < kept.size < head.size:
            client.check_consistency(Checkpoint(kept.origin, kept.size, kept.root), head)
    except VerificationFailed as error:
        raise Alert(str(error)) from None
    new = extend(kept, head, note, client.entries(kept.size, head.size)) if head.size > kept.size \
        else kept  # fmt: skip
    _save(path, new)
    return kept, new


def monitor_command(
    url: Annotated[str, typer.Argument(help="The service, e.g. http://127.0.0.1:8000.")],
    state: Annotated[
        Path, typer.Option("--state", help="The monitor's state file (JSON; created if missing).")
    ] = Path("monitor-state.json"),
    interval: Annotated[
        float, typer.Option("--interval", min=0.1, help="Seconds between two rounds.")
    ] = 10.0,
    once: Annotated[bool, typer.Option("--once", help="Run one round and exit.")] = False,
    log_key: LogKey = None,
    witness: WitnessKeys = None,
    quorum: Quorum = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Follow a log: every checkpoint must extend the last, every new entry hash to its root.

    Exit code 1 with [bold]ALERT[/bold] on stderr at the first inconsistency (the state file
    is left as it was); Ctrl-C stops it (exit 130).

    Example: [bold]accord ledger monitor http://127.0.0.1:8000 --state monitor.json --once[/bold]
    """
    from accord.frontend._ledger_client import connect
    from accord.frontend._trust import read_witness_keys
    from accord.ledger._monitor import Alert

    try:
        witnesses = read_witness_keys(witness, quorum)
        with connect(url, log_key) as client:
            while True:
                before, after = monitor_round(client, state, witnesses)
                _report(before, after, as_json)
                if once:
                    return
                time.sleep(interval)
    except Alert as alert:
        if as_json:
            emit_json("ledger.monitor", {"ok": False, "alert": str(alert)})
        err_console.print(f"ALERT: {url}: {alert}", markup=False)
        raise typer.Exit(EXIT_PROBLEM) from None
    except AccordError as error:
        fail(error, as_json)


def _report(before: MonitorState, after: MonitorState, as_json: bool) -> None:
    new = after.size - before.size
    if as_json:
        payload = {"ok": True, "origin": after.origin, "old_size": before.size,
                   "new_size": after.size, "checked_entries": new}  # fmt: skip
        emit_json("ledger.monitor", payload)
        return
    console.print(
        f"ok: {after.origin}: {after.size} entries, consistent with the {before.size} verified "
        f"before; {new} new entries hash to the signed root",
        markup=False,
    )


def add_commands(group: typer.Typer) -> None:
    """Add ``monitor`` to the ``ledger`` command group."""
    group.command("monitor")(monitor_command)
