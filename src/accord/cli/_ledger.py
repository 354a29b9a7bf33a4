"""``accord ledger ...``: keys, registration, submission, status, export and verification.

Every command but ``keygen``, ``verify-receipt`` and ``verify EXPORT`` talks to a running service
(``accord serve``) over HTTP with httpx; none of them needs FastAPI. What a service answers is
checked against the log key the client trusts (``--log-key``, or pinned at first contact).
Exit codes: 0 ok, 1 the log (or a receipt) does not verify, 2 invalid input, a refused
submission or an unreachable service.
"""

from __future__ import annotations

import base64
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from accord.cli._common import (
    EXIT_PROBLEM,
    JSON_OPTION,
    AccordGroup,
    console,
    emit_json,
    err_console,
    fail,
)
from accord.errors import AccordError, InputError, VerificationFailed

if TYPE_CHECKING:
    from accord.frontend._ledger_client import LedgerClient
    from accord.ledger._keys import SigningKey
    from accord.ledger._receipts import Receipt


ledger_app = typer.Typer(
    name="ledger",
    cls=AccordGroup,
    help="Keys, registration, submissions, compliance status and verification of a ledger.",
    no_args_is_help=True,
)

Url = Annotated[str, typer.Argument(help="The service, e.g. http://127.0.0.1:8000.")]
KeyFile = Annotated[Path, typer.Option("--key", help="Your private key file (from keygen).")]
As = Annotated[str, typer.Option("--as", help="Your participant id.")]
LogKey = Annotated[
    str | None,
    typer.Option(
        "--log-key",
        help="The log's verifier key (or a file holding it) to check its signatures with; "
        "default: the key pinned at first contact.",
    ),
]

WitnessKeys = Annotated[
    list[str] | None,
    typer.Option(
        "--witness",
        help="Verifier key of a witness whose cosignature you demand (or a file holding it); "
        "repeatable. The checkpoint is then the log's latest witnessed one.",
    ),
]
Quorum = Annotated[
    int | None,
    typer.Option(
        "--quorum", min=0, help="How many of the --witness keys must cosign (default: all)."
    ),
]


def now_utc() -> str:
    """The current UTC time in the entry timestamp form (``2026-01-01T00:00:00Z``)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_key(path: Path) -> SigningKey:
    """Load a private key written by ``accord ledger keygen``."""
    from accord.ledger._keys import SigningKey

    try:
        return SigningKey.from_pem(path.read_bytes())
    except OSError as error:
        raise InputError(f"cannot read the key file {path}: {error.strerror}") from None


def read_body(text: str) -> dict[str, Any]:
    """An entry body: inline JSON (``{...}``), ``-`` for stdin, or a JSON/YAML file."""
    import yaml

    try:
        if text.lstrip().startswith("{"):
            raw = text
        elif text == "-":
            raw = typer.get_text_stream("stdin").read()
        else:
            raw = Path(text).read_text(encoding="utf-8")
        value = yaml.safe_load(raw)
    except OSError as error:
        raise InputError(f"cannot read the body file {text}: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise InputError(f"the body is not valid JSON or YAML: {error}") from None
    if not isinstance(value, dict):
        raise InputError("the body must be a JSON object", hint='for example \'{"text": "hi"}\'')
    return value


@ledger_app.command("keygen")
def keygen_command(
    name: Annotated[str, typer.Argument(help="Writes NAME.key (private) and NAME.pub.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    as_json: bool = JSON_OPTION,
) -> None:
    """Create an Ed25519 key pair: NAME.key (PEM, owner-only) and NAME.pub (base64).

    Example: [bold]accord ledger keygen alice[/bold]
    """
    from accord.ledger._keys import SigningKey

    private, public = Path(f"{name}.key"), Path(f"{name}.pub")
    if not force and (private.exists() or public.exists()):
        fail(InputError(f"{private} or {public} exists", hint="use --force to overwrite"), as_json)
    key = SigningKey.generate()
    if force:
        private.unlink(missing_ok=True)
    with open(private, "xb", opener=lambda p, f: os.open(p, f, 0o600)) as out:
        out.write(key.to_pem())
    public.write_text(key.public_key_b64 + "\n", encoding="utf-8")
    payload = {
        "private_key_file": str(private),
        "public_key": key.public_key_b64,
        "key_id": key.key_id,
    }
    if as_json:
        emit_json("ledger.key", payload)
    else:
        console.print(f"wrote {private} (keep it private) and {public}", markup=False)
        console.print(f"public key {key.public_key_b64}  ({key.key_id})", markup=False)


ReceiptOut = Annotated[
    Path | None,
    typer.Option("--receipt", help="Save the signed receipt here (a file anyone can verify)."),
]


@ledger_app.command("register")
def register_command(
    url: Url,
    participant: Annotated[str, typer.Argument(help="The new participant's id.")],
    role: Annotated[
        str, typer.Option("--role", help="delegate, inspector, observer or administrator.")
    ],
    key: Annotated[Path, typer.Option("--key", help="The new participant's private key file.")],
    admin_key: Annotated[
        Path, typer.Option("--admin-key", help="The administrator's private key.")
    ],
    admin_id: Annotated[str, typer.Option("--admin-id", help="The administrator's id.")] = "admin",
    party: Annotated[str | None, typer.Option("--party", help="A delegate's party.")] = None,
    means: Annotated[
        list[str] | None, typer.Option("--means", help="An inspector's means.")
    ] = None,
    log_key: LogKey = None,
    receipt_out: ReceiptOut = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Register a participant (signed by an administrator, with the participant's proof of possession).

    Example: [bold]accord ledger register http://127.0.0.1:8000 iran_delegate --role delegate --party iran --key iran.key --admin-key admin.key[/bold]
    """  # noqa: E501
    from accord.frontend._ledger_client import connect

    try:
        new_key, admin = read_key(key), read_key(admin_key)
        with connect(url, log_key) as client:
            challenge = base64.b64encode(os.urandom(16)).decode()
            proof = new_key.prove_possession(client.origin, participant, challenge)
            person: dict[str, Any] = {
                "id": participant,
                "role": role,
                "public_key": new_key.public_key_b64,
            }
            if party is not None:
                person["party"] = party
            if means:
                person["means"] = list(means)
            body = {
                "participant": person,
                "challenge": challenge,
                "proof": base64.b64encode(proof).decode(),
            }
            receipt = _submit(client, admin, admin_id, "registration", body, registration=True)
        _save_receipt(receipt, receipt_out)
    except AccordError as error:
        fail(error, as_json)
    _print_receipt(receipt, f"registered {participant} as {role}", as_json)


def _submit(
    client: LedgerClient,
    key: SigningKey,
    who: str,
    kind: str,
    body: dict[str, Any],
    registration: bool = False,
) -> Receipt:
    from accord.ledger._entries import make_entry

    sequence = int(client.participant(who)["last_sequence"]) + 1
    signed = make_entry(
        key,
        ledger=client.origin,
        submitter=who,
        kind=kind,
        body=body,
        sequence=sequence,
        timestamp=now_utc(),
    )
    return client.submit(signed, registration=registration)


def _save_receipt(receipt: Receipt, path: Path | None) -> None:
    if path is None:
        return
    try:
        path.write_text(json.dumps(receipt.to_dict(), indent=1) + "\n", encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write the receipt {path}: {error.strerror}") from None


def _print_receipt(receipt: Receipt, what: str, as_json: bool) -> None:
    from accord.ledger._receipts import RECEIPT_KIND

    if as_json:
        emit_json(RECEIPT_KIND, receipt.payload())
        return
    console.print(
        f"{what}: entry {receipt.index}, logged at {receipt.entry.log_time}, durable; signed "
        f"receipt checked (checkpoint of {receipt.tree_size} entries signed by the log key, "
        "inclusion proof verified)",
        markup=False,
    )


@ledger_app.command("submit")
def submit_command(
    url: Url,
    kind: Annotated[
        str,
        typer.Argument(
            help="declaration, proposal, agreement, delivery_claim, "
            "inspection_report, dispute, snapback or note."
        ),
    ],
    body: Annotated[str, typer.Argument(help="The body: inline JSON, a JSON/YAML file, or -.")],
    key: KeyFile,
    who: As,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            help="With an agreement whose BODY is the output of accord plan --json: its title "
            "(its parties are those that deliver something in the plan).",
        ),
    ] = None,
    log_key: LogKey = None,
    receipt_out: ReceiptOut = None,
    as_json: bool = JSON_OPTION,
) -> None:
    """Sign an entry and append it; prints the receipt once the entry is durable.

    An agreement's BODY may be the output of [bold]accord plan FILE --json[/bold] as it is
    printed, given a --title.

    Example: [bold]accord ledger submit http://127.0.0.1:8000 note '{"text": "hello"}' --key alice.key --as alice[/bold]
    """  # noqa: E501
    from accord.frontend._ledger_client import connect

    try:
        signing_key, content = read_key(key), _planned(kind, read_body(body), title)
        with connect(url, log_key) as client:
            receipt = _submit(client, signing_key, who, kind, content)
        _save_receipt(receipt, receipt_out)
    except AccordError as error:
        fail(error, as_json)
    _print_receipt(receipt, f"{kind} appended", as_json)
    if kind in ("agreement", "amendment") and not as_json:
        console.print(
            f"it binds nobody until a delegate of each party co-signs it: accord ledger cosign "
            f"{url} {receipt.index} --key KEY --as ID",
            markup=False,
        )


def _planned(kind: str, body: dict[str, Any], title: str | None) -> dict[str, Any]:
    """``body``, or the agreement body for the output of ``accord plan --json`` and a title."""
    from accord.ledger._agreements import agreement_from_plan

    from_planner = body.get("kind") == "plan" and "plan" in body
    if kind == "agreement" and from_planner:
        if title is None:
            raise InputError(
                "the body is the output of accord plan --json: the agreement needs a title",
                hint='add --title "..."',
            )
        return agreement_from_plan(body, title)
    if title is not None:
        raise InputError(
            "--title is for an agreement whose body is the output of accord plan --json",
            hint="otherwise the title is part of the body",
        )
    return body


@ledger_app.command("export")
def export_command(
    url: Url,
    out: Annotated[Path | None, typer.Option("--out", help="Write here (default: stdout).")] = None,
) -> None:
    """Download the whole log (entries, founders, log key, checkpoint) as JSON.

    The export is streamed to the file as it arrives (constant memory, whatever the log's size).

    Example: [bold]accord ledger export http://127.0.0.1:8000 --out ledger-export.json[/bold]
    """
    import sys

    from accord.frontend._ledger_client import LedgerClient

    try:
        with LedgerClient(url) as client:
            if out is None:
                client.export_to(sys.stdout.buffer)
                sys.stdout.buffer.write(b"\n")
                return
            partial = out.with_name(f".{out.name}.partial")
            try:
                with partial.open("wb") as file:
                    written = client.export_to(file)
                os.replace(partial, out)
            finally:
                partial.unlink(missing_ok=True)
    except OSError as error:
        fail(InputError(f"cannot write {out}: {error.strerror}"), False)
    except AccordError as error:
        fail(error, False)
    console.print(f"wrote {out}: {written:,} bytes", markup=False)


def _saved_checkpoint(path: Path, origin: str) -> Any:
    """The checkpoint saved in ``path`` earlier (None if there is none), for a consistency check."""
    from accord.ledger._checkpoint import parse_checkpoint_text, split_note

    if not path.exists():
        return None
    try:
        text, _signatures = split_note(path.read_text(encoding="utf-8"))
        saved = parse_checkpoint_text(text)
    except (OSError, UnicodeDecodeError, VerificationFailed) as error:
        raise InputError(
            f"{path} exists and is not a checkpoint ({error}); not overwriting it",
            hint="choose another --out",
        ) from None
    return saved if saved.origin == origin else None


@ledger_app.command("checkpoint")
def checkpoint_command(
    url: Url,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Save it here (default: stdout); a checkpoint already there must be "
            "consistent with the new one.",
        ),
    ] = None,
    log_key: LogKey = None,
    witness: WitnessKeys = None,
    quorum: Quorum = None,
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            min=0,
            help="With --witness: seconds to wait for a witnessed checkpoint covering the log.",
        ),
    ] = 0.0,
) -> None:
    """Fetch the current signed checkpoint, check its signature, and save it.

    The signature must be the log key's (``--log-key``, or pinned at first contact). When
    ``--out`` holds an earlier checkpoint of the same log, the new one is saved only if the
    log's consistency proof shows it extends the earlier one (exit 1 otherwise). With
    ``--witness KEY ... [--quorum K]``, it is the log's latest witnessed checkpoint and must
    carry cosignatures of K of those witnesses (exit 1 otherwise).

    Example: [bold]accord ledger checkpoint http://127.0.0.1:8000 --out saved.checkpoint[/bold]
    """
    from accord.frontend._ledger_client import connect
    from accord.frontend._trust import read_witness_keys

    try:
        witnesses, wanted = read_witness_keys(witness, quorum)
        with connect(url, log_key) as client:
            note, head = client.checkpoint(witnesses, wanted, wait)
            saved = None if out is None else _saved_checkpoint(out, head.origin)
            if saved is not None:
                client.check_consistency(saved, head)
    except VerificationFailed as error:
        err_console.print(f"FAILED: {error}", markup=False)
        raise typer.Exit(EXIT_PROBLEM) from None
    except AccordError as error:
        fail(error, False)
    if out is None:
        typer.echo(note, nl=False)
        return
    out.write_text(note, encoding="utf-8")
    grew = "" if saved is None else f", consistent with the {saved.size} saved before"
    console.print(f"wrote {out}: {head.origin}, {head.size} entries, signed{grew}", markup=False)
