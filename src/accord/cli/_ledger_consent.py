"""``accord ledger cosign``: a party's delegate consents to an agreement or an amendment.

The command fetches the entry from the service and trusts nothing it is told about it: the
checkpoint must be signed by the trusted log key and the entry proven to be in its tree
(:meth:`~accord.frontend._ledger_client.LedgerClient.logged_entry`). It then shows what is being
signed and files a ``cosignature`` naming the entry's index and the leaf hash computed here, so
the co-signature binds the party to exactly that text (see :mod:`accord.ledger._consent`).
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.cli._common import JSON_OPTION, console, err_console, fail
from accord.cli._ledger import (
    As,
    KeyFile,
    LogKey,
    ReceiptOut,
    Url,
    _print_receipt,
    _save_receipt,
    _submit,
    read_key,
)
from accord.errors import AccordError, InputError

if TYPE_CHECKING:
    from accord.frontend._ledger_client import LedgerClient
    from accord.ledger._entries import LoggedEntry


def _party(client: LedgerClient, who: str) -> str:
    person = client.participant(who)
    if person.get("role") != "delegate" or not isinstance(person.get("scope"), str):
        raise InputError(
            f"{who} is not a delegate: only a party's delegate co-signs for it",
            hint="pass --as with the id of your party's delegate",
        )
    return str(person["scope"])


def cosignature_body(index: int, logged: LoggedEntry, party: str) -> tuple[dict[str, Any], str]:
    """The body of a co-signature of entry ``index`` for ``party``, and a line saying what it
    signs; :class:`InputError` unless the entry is an agreement or an amendment."""
    from accord.ledger._agreements import commitments_from_plan
    from accord.ledger._entry_bodies import Agreement, Amendment

    body = logged.envelope.body
    leaf = base64.b64encode(logged.leaf_hash()).decode("ascii")
    if isinstance(body, Agreement):
        count = len(commitments_from_plan(body.plan))
        what = (
            f"agreement {index} '{body.title}' between {', '.join(body.parties)}: "
            f"{count} commitment(s), filed by {logged.envelope.submitter} at {logged.log_time}"
        )
        return {"agreement": index, "leaf_hash": leaf, "party": party}, what
    if isinstance(body, Amendment):
        count = len(commitments_from_plan(body.plan))
        what = (
            f"amendment {index} of agreement {body.agreement}, proposed by {body.party}: "
            f"{count} commitment(s) ({body.reason})"
        )
        cosign = {"agreement": body.agreement, "amendment": index, "leaf_hash": leaf}
        return {**cosign, "party": party}, what
    raise InputError(
        f"entry {index} is a {logged.envelope.kind}, not an agreement or an amendment",
        hint="`accord ledger status URL` lists the log; co-sign an agreement's index",
    )


def cosign_command(
    url: Url,
    entry: Annotated[int, typer.Argument(help="The index of the agreement or amendment.")],
    key: KeyFile,
    who: As,
    log_key: LogKey = None,
    receipt_out: ReceiptOut = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Co-sign an agreement (or an amendment) for your party: its consent to be bound.

    The entry is fetched and proven to be in the log's signed checkpoint; the co-signature names
    its leaf hash, so it binds your party to exactly that text. An agreement binds nobody until
    a delegate of every one of its parties has co-signed it.

    Example: [bold]accord ledger cosign http://127.0.0.1:8000 3 --key iran.key --as iran_delegate[/bold]
    """  # noqa: E501
    from accord.frontend._ledger_client import connect

    try:
        signing_key = read_key(key)
        with connect(url, log_key) as client:
            party = _party(client, who)
            logged, _head = client.logged_entry(entry)
            body, what = cosignature_body(entry, logged, party)
            if not as_json:
                err_console.print(f"{party} co-signs {what}", markup=False)
            receipt = _submit(client, signing_key, who, "cosignature", body)
        _save_receipt(receipt, receipt_out)
    except AccordError as error:
        fail(error, as_json)
    _print_receipt(receipt, f"{party} co-signed entry {entry}", as_json)
    if not as_json:
        console.print(
            f"`accord ledger status {url} {body['agreement']}` shows who has signed", markup=False
        )


def add_commands(group: typer.Typer) -> None:
    """Add ``cosign`` to the ``ledger`` command group."""
    group.command("cosign")(cosign_command)
