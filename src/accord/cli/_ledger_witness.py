"""``accord ledger witness``: run a witness that cosigns a log's checkpoints (C2SP).

The witness keeps, for each log it follows, the latest checkpoint it cosigned (``--state``, a
SQLite file), cosigns a newer one only with a consistency proof from it, and refuses (and keeps
as evidence) a fork or a rewrite. Each party to an agreement can run its own: the operator then
cannot show two histories without the party's witness seeing both.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli._common import console, err_console, fail
from accord.cli._ledger import LogKey, read_key
from accord.cli._serve import missing_web_extra
from accord.errors import AccordError, InputError


def witness_command(
    key: Annotated[Path, typer.Option("--key", help="The witness's private key (from keygen).")],
    name: Annotated[
        str, typer.Option("--name", help="The witness's name, e.g. witness.example.org/iran.")
    ],
    logs: Annotated[
        list[str] | None,
        typer.Option(
            "--log", help="Verifier key of a log to witness (or a file holding it); repeatable."
        ),
    ] = None,
    state: Annotated[
        Path, typer.Option("--state", help="Where the witness keeps what it cosigned (SQLite).")
    ] = Path("witness.db"),
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port.")] = 8001,
    print_key: Annotated[
        bool, typer.Option("--print-key", help="Print the witness's verifier key and exit.")
    ] = False,
) -> None:
    """Run a witness: cosign each log checkpoint that extends the one cosigned before.

    Logs send checkpoints to [bold]POST /add-checkpoint[/bold] (C2SP tlog-witness); clients
    name the witness by its verifier key ([bold]--print-key[/bold]) and demand its cosignature.

    Example: [bold]accord ledger witness --key iran-witness.key --name witness.example/iran --log log.vkey --port 8001[/bold]
    """  # noqa: E501
    from accord.frontend._trust import read_verifier_key
    from accord.ledger._cosignature import cosigner_key

    try:
        signing = read_key(key)
        vkey = cosigner_key(name, signing.public_key)
        if print_key:
            typer.echo(vkey)
            return
        followed = [read_verifier_key(v) for v in logs or []]
        if not followed:
            raise InputError("a witness follows at least one log", hint="pass --log LOG_KEY")
    except AccordError as error:
        fail(error, False)
    _serve(name, signing, followed, state, host, port, vkey)


def _serve(name: str, signing: object, logs: list[str], state: Path, host: str, port: int,
           vkey: str) -> None:  # fmt: skip
    hint = missing_web_extra()
    if hint is not None:
        fail(InputError("FastAPI, uvicorn or SQLAlchemy is not installed", hint=hint), False)
    import uvicorn

    from accord.ledger._keys import SigningKey
    from accord.ledger._witness import Witness
    from accord.ledger.store._witness_state import WitnessStore
    from accord.service._witness_app import create_witness_app

    assert isinstance(signing, SigningKey)
    try:
        store = WitnessStore(state)
    except AccordError as error:
        fail(error, False)
    witness = Witness(name, signing, logs, store)
    err_console.print(f"accord witness {vkey} on http://{host}:{port}", markup=False)
    for origin in sorted(witness.logs):
        seen = store.latest(origin)
        where = "never cosigned" if seen is None else f"cosigned up to size {seen.size}"
        console.print(f"  follows {origin} ({where})", markup=False)
    try:
        uvicorn.run(create_witness_app(witness), host=host, port=port, log_level="warning")
    finally:
        store.close()


def log_key_command(
    url: Annotated[str, typer.Argument(help="The service, e.g. http://127.0.0.1:8000.")],
    log_key: LogKey = None,
) -> None:
    """Print the log's verifier key (checked against the key pinned for it, if any).

    Give it to witnesses ([bold]accord ledger witness --log[/bold]) and parties
    ([bold]--log-key[/bold]) by a channel the operator does not control.

    Example: [bold]accord ledger log-key http://127.0.0.1:8000 > log.vkey[/bold]
    """
    from accord.frontend._ledger_client import connect

    try:
        with connect(url, log_key) as client:
            typer.echo(client.log_key())
    except AccordError as error:
        fail(error, False)


def add_commands(group: typer.Typer) -> None:
    """Add ``witness`` and ``log-key`` to the ``ledger`` command group."""
    group.command("witness")(witness_command)
    group.command("log-key")(log_key_command)
