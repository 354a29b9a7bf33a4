"""``accord ledger rotate-key`` and ``accord ledger revoke``: participants' keys over the years.

A participant rotates its own key: the entry is signed by its current key and carries the new
key's proof of possession. A key is revoked by its participant or an administrator; after that
only an administrator sets a new key (see :mod:`accord.ledger._keyring`).
"""

from __future__ import annotations

import base64
import os
from pathlib import Path
from typing import Annotated

import typer

from accord.cli._common import JSON_OPTION, fail
from accord.cli._ledger import (
    KeyFile,
    LogKey,
    ReceiptOut,
    Url,
    _print_receipt,
    _save_receipt,
    _submit,
    read_key,
)
from accord.errors import AccordError

Participant = Annotated[str, typer.Argument(help="Whose key: the participant's id.")]
Signer = Annotated[
    str | None,
    typer.Option("--as", help="Who signs: the participant itself (default) or an administrator."),
]


def rotate_key_command(
    url: Url,
    participant: Participant,
    new_key: Annotated[Path, typer.Option("--new-key", help="The new private key (keygen).")],
    key: KeyFile,
    who: Signer = None,
    log_key: LogKey = None,
    receipt_out: ReceiptOut = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Replace a participant's key: signed by its current key (or, after a revocation, by an
    administrator), with the new key's proof of possession.

    Entries signed before the rotation stay valid; from the rotation on, only the new key is.

    Example: [bold]accord ledger rotate-key http://127.0.0.1:8000 iran_delegate --new-key iran-2027.key --key iran.key[/bold]
    """  # noqa: E501
    from accord.frontend._ledger_client import connect

    signer = who or participant
    try:
        fresh, signing_key = read_key(new_key), read_key(key)
        with connect(url, log_key) as client:
            challenge = base64.b64encode(os.urandom(16)).decode()
            proof = fresh.prove_possession(client.origin, participant, challenge)
            body = {
                "participant": participant,
                "public_key": fresh.public_key_b64,
                "challenge": challenge,
                "proof": base64.b64encode(proof).decode(),
            }
            receipt = _submit(client, signing_key, signer, "key_rotation", body)
        _save_receipt(receipt, receipt_out)
    except AccordError as error:
        fail(error, as_json)
    _print_receipt(receipt, f"{participant}'s key is now {fresh.key_id}", as_json)


def revoke_command(
    url: Url,
    participant: Participant,
    reason: Annotated[str, typer.Option("--reason", help="Why (lost, stolen, left office).")],
    key: KeyFile,
    who: Signer = None,
    log_key: LogKey = None,
    receipt_out: ReceiptOut = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Revoke a participant's key: nothing it signs is admitted afterwards, until an
    administrator sets a new key with rotate-key. Entries before the revocation stay valid.

    Example: [bold]accord ledger revoke http://127.0.0.1:8000 us_delegate --reason "laptop stolen" --key admin.key --as admin[/bold]
    """  # noqa: E501
    from accord.frontend._ledger_client import connect

    signer = who or participant
    try:
        signing_key = read_key(key)
        with connect(url, log_key) as client:
            body = {"participant": participant, "reason": reason}
            receipt = _submit(client, signing_key, signer, "key_revocation", body)
        _save_receipt(receipt, receipt_out)
    except AccordError as error:
        fail(error, as_json)
    _print_receipt(receipt, f"{participant}'s key is revoked", as_json)


def add_commands(group: typer.Typer) -> None:
    """Add ``rotate-key`` and ``revoke`` to the ``ledger`` command group."""
    group.command("rotate-key")(rotate_key_command)
    group.command("revoke")(revoke_command)
