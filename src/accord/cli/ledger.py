"""``accord ledger ...``: keys, registration, submission, status, export and verification.

Every command but ``keygen`` and ``verify EXPORT`` talks to a running service (``accord serve``)
over HTTP with httpx; none of them needs FastAPI. Exit codes: 0 ok, 1 the log does not verify,
2 invalid input, a refused submission or an unreachable service.
"""

from __future__ import annotations

import base64
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from accord.cli.common import JSON_OPTION, AccordGroup, console, fail, write_json
from accord.cli.ledger_client import LedgerClient
from accord.errors import AccordError, InputError
from accord.ledger.entries import make_entry
from accord.ledger.keys import SigningKey

ledger_app = typer.Typer(
    name="ledger",
    cls=AccordGroup,
    help="Keys, registration, submissions, compliance status and verification of a ledger.",
    no_args_is_help=True,
)

Url = Annotated[str, typer.Argument(help="The service, e.g. http://127.0.0.1:8000.")]
KeyFile = Annotated[Path, typer.Option("--key", help="Your private key file (from keygen).")]
As = Annotated[str, typer.Option("--as", help="Your participant id.")]


def now_utc() -> str:
    """The current UTC time in the entry timestamp form (``2026-01-01T00:00:00Z``)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def read_key(path: Path) -> SigningKey:
    """Load a private key written by ``accord ledger keygen``."""
    try:
        return SigningKey.from_pem(path.read_bytes())
    except OSError as error:
        raise InputError(f"cannot read the key file {path}: {error.strerror}") from None


def read_body(text: str) -> dict[str, Any]:
    """An entry body: inline JSON (``{...}``), ``-`` for stdin, or a JSON/YAML file."""
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
        write_json(payload)
    else:
        console.print(f"wrote {private} (keep it private) and {public}", markup=False)
        console.print(f"public key {key.public_key_b64}  ({key.key_id})", markup=False)


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
    as_json: bool = JSON_OPTION,
) -> None:
    """Register a participant (signed by an administrator, with the participant's proof of possession).

    Example: [bold]accord ledger register http://127.0.0.1:8000 iran_delegate --role delegate --party iran --key iran.key --admin-key admin.key[/bold]
    """  # noqa: E501
    try:
        new_key, admin = read_key(key), read_key(admin_key)
        with LedgerClient(url) as client:
            ledger = client.info()["origin"]
            challenge = base64.b64encode(os.urandom(16)).decode()
            proof = new_key.prove_possession(ledger, participant, challenge)
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
) -> dict[str, Any]:
    ledger = client.info()["origin"]
    sequence = int(client.participant(who)["last_sequence"]) + 1
    signed = make_entry(
        key,
        ledger=ledger,
        submitter=who,
        kind=kind,
        body=body,
        sequence=sequence,
        timestamp=now_utc(),
    )
    return client.submit(signed, registration=registration)


def _print_receipt(receipt: dict[str, Any], what: str, as_json: bool) -> None:
    if as_json:
        write_json(receipt)
        return
    console.print(
        f"{what}: entry {receipt['index']}, durable; inclusion proof checked against the root "
        f"of the {receipt['tree_size']}-entry log",
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
    as_json: bool = JSON_OPTION,
) -> None:
    """Sign an entry and append it; prints the receipt once the entry is durable.

    Example: [bold]accord ledger submit http://127.0.0.1:8000 note '{"text": "hello"}' --key alice.key --as alice[/bold]
    """  # noqa: E501
    try:
        signing_key, content = read_key(key), read_body(body)
        with LedgerClient(url) as client:
            receipt = _submit(client, signing_key, who, kind, content)
    except AccordError as error:
        fail(error, as_json)
    _print_receipt(receipt, f"{kind} appended", as_json)


@ledger_app.command("export")
def export_command(
    url: Url,
    out: Annotated[Path | None, typer.Option("--out", help="Write here (default: stdout).")] = None,
) -> None:
    """Download the whole log (entries, founders, log key, checkpoint) as JSON.

    Example: [bold]accord ledger export http://127.0.0.1:8000 --out ledger-export.json[/bold]
    """
    try:
        with LedgerClient(url) as client:
            export = client.export()
    except AccordError as error:
        fail(error, False)
    text = json.dumps(export, indent=1, ensure_ascii=False) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"wrote {out}: {len(export['entries'])} entries", markup=False)


@ledger_app.command("checkpoint")
def checkpoint_command(
    url: Url,
    out: Annotated[
        Path | None, typer.Option("--out", help="Save it here (default: stdout).")
    ] = None,
) -> None:
    """Fetch the current signed checkpoint (save it to check consistency later with verify).

    Example: [bold]accord ledger checkpoint http://127.0.0.1:8000 --out saved.checkpoint[/bold]
    """
    try:
        with LedgerClient(url) as client:
            note = client.checkpoint()
    except AccordError as error:
        fail(error, False)
    if out is None:
        typer.echo(note, nl=False)
    else:
        out.write_text(note, encoding="utf-8")
        console.print(f"wrote {out}", markup=False)


def register(app: typer.Typer) -> None:
    """Add the ``ledger`` command group to the app."""
    from accord.cli import ledger_verify

    ledger_verify.add_commands(ledger_app)
    app.add_typer(ledger_app, name="ledger")
