"""``accord ledger get``, ``prove`` and ``search``: one entry, proven against a signed tree.

Nothing the service answers is taken on trust: the checkpoint must be signed by the log key
(and cosigned by the ``--witness`` keys, if named), and the entry must be proven to be entry
INDEX of that checkpoint's tree by its inclusion proof, its leaf hash recomputed here.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.cli._common import EXIT_PROBLEM, JSON_OPTION, console, emit_json, err_console, fail
from accord.cli._ledger import LogKey, Quorum, ReceiptOut, Url, WitnessKeys, _save_receipt
from accord.errors import AccordError, VerificationFailed

if TYPE_CHECKING:
    from accord.frontend._ledger_client import LedgerClient
    from accord.ledger._receipts import Receipt


Index = Annotated[int, typer.Argument(min=0, help="The entry's index in the log (from 0).")]


def proven_entry(client: LedgerClient, index: int, witnesses: tuple[list[str], int]) -> Receipt:
    """Entry ``index`` as a receipt against the log's checkpoint (witnessed if asked), verified
    (see :meth:`LedgerClient.proven <accord.frontend._ledger_client.LedgerClient.proven>`)."""
    return client.proven(index, *witnesses)[0]


def _summary(receipt: Receipt) -> dict[str, Any]:
    from accord.ledger._receipts import b64

    env = receipt.entry.envelope
    return {"index": receipt.index, "entry_kind": env.kind, "submitter": env.submitter,
            "sequence": env.sequence, "log_time": receipt.entry.log_time,
            "leaf_hash": b64(receipt.entry.leaf_hash()), "tree_size": receipt.tree_size,
            "entry": receipt.entry.to_dict()}  # fmt: skip


def _failed(error: VerificationFailed, kind: str, as_json: bool) -> None:
    if as_json:
        emit_json(kind, {"ok": False, "problem": str(error)})
    else:
        err_console.print(f"FAILED: {error}", markup=False)
    raise typer.Exit(EXIT_PROBLEM)


def get_command(url: Url, index: Index, log_key: LogKey = None, witness: WitnessKeys = None,
                quorum: Quorum = None, as_json: bool = JSON_OPTION) -> None:  # fmt: skip
    """Show entry INDEX, proven to be in the tree of the log's signed checkpoint.

    Exit code 1 when the proof fails.

    Example: [bold]accord ledger get http://127.0.0.1:8000 3[/bold]
    """
    from accord.frontend._ledger_client import connect
    from accord.frontend._trust import read_witness_keys

    try:
        witnesses = read_witness_keys(witness, quorum)
        with connect(url, log_key) as client:
            receipt = proven_entry(client, index, witnesses)
    except VerificationFailed as error:
        _failed(error, "ledger.entry", as_json)
    except AccordError as error:
        fail(error, as_json)
    summary = _summary(receipt)
    if as_json:
        emit_json("ledger.entry", {"ok": True, **summary})
        return
    console.print(
        f"entry {index}: a {summary['entry_kind']} by {summary['submitter']} (sequence "
        f"{summary['sequence']}), logged at {summary['log_time']}; in the signed tree of "
        f"{receipt.tree_size} entries (inclusion proof checked)",
        markup=False,
    )
    body = receipt.entry.to_dict()["entry"]
    console.print(json.dumps(body, indent=1, ensure_ascii=False), markup=False)


def prove_command(url: Url, index: Index, receipt_out: ReceiptOut = None, log_key: LogKey = None,
                  witness: WitnessKeys = None, quorum: Quorum = None,
                  as_json: bool = JSON_OPTION) -> None:  # fmt: skip
    """Make a receipt for entry INDEX against the log's current (or witnessed) checkpoint.

    The receipt is the file anyone checks offline with [bold]verify-receipt[/bold]; with
    [bold]--witness[/bold] its checkpoint carries the witnesses' cosignatures.

    Example: [bold]accord ledger prove http://127.0.0.1:8000 3 --receipt entry-3.json[/bold]
    """
    from accord.frontend._ledger_client import connect
    from accord.frontend._trust import read_witness_keys
    from accord.ledger._receipts import RECEIPT_KIND

    try:
        witnesses = read_witness_keys(witness, quorum)
        with connect(url, log_key) as client:
            receipt = proven_entry(client, index, witnesses)
        _save_receipt(receipt, receipt_out)
    except VerificationFailed as error:
        _failed(error, "ledger.receipt", as_json)
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json(RECEIPT_KIND, receipt.payload())
        return
    where = "" if receipt_out is None else f", saved in {receipt_out}"
    console.print(
        f"entry {index} is in the log's signed tree of {receipt.tree_size} entries (inclusion "
        f"proof checked){where}",
        markup=False,
    )


def search_command(
    url: Url,
    leaf_hash: Annotated[str, typer.Argument(help="The entry's leaf hash (base64).")],
    log_key: LogKey = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Find the entry with this leaf hash, and prove it is in the log's signed tree.

    Example: [bold]accord ledger search http://127.0.0.1:8000 'q3N8...='[/bold]
    """
    from accord.frontend._ledger_client import connect
    from accord.ledger._receipts import b64

    try:
        with connect(url, log_key) as client:
            index = client.search(leaf_hash)
            receipt = proven_entry(client, index, ([], 0))
        if b64(receipt.entry.leaf_hash()) != leaf_hash:
            raise VerificationFailed(f"the service's entry {index} has another leaf hash")
    except VerificationFailed as error:
        _failed(error, "ledger.entry", as_json)
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json("ledger.entry", {"ok": True, **_summary(receipt)})
        return
    console.print(
        f"entry {index} has the leaf hash {leaf_hash} (in the signed tree of "
        f"{receipt.tree_size} entries, inclusion proof checked)",
        markup=False,
    )


def add_commands(group: typer.Typer) -> None:
    """Add ``get``, ``prove`` and ``search`` to the ``ledger`` command group."""
    group.command("get")(get_command)
    group.command("prove")(prove_command)
    group.command("search")(search_command)


__all__ = ["add_commands", "proven_entry"]
