"""``accord serve``: run the ledger service (needs the ``web`` extra: FastAPI, uvicorn...)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from accord.cli._common import err_console, fail
from accord.errors import AccordError, InputError

if TYPE_CHECKING:
    from accord.service._config import ServiceConfig
    from accord.service._witnessing import WitnessEndpoint

WEB_HINT = (
    "the ledger service needs Accord's web extra: pip install '.[web]' in a clone of Accord "
    "(make run installs it too)"
)
POSTGRES_HINT = (
    "PostgreSQL needs Accord's postgres extra: pip install '.[web,postgres]' in a clone of Accord"
)


def missing_web_extra() -> str | None:
    """Return an install hint when a package of the ``web`` extra is missing, else None."""
    try:
        import fastapi  # noqa: F401
        import sqlalchemy  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        return WEB_HINT
    return None


Database = Annotated[
    str, typer.Option("--database", help="A SQLite file (created if missing) or postgresql://...")
]
Host = Annotated[str, typer.Option("--host", help="Address to listen on.")]
Port = Annotated[int, typer.Option("--port", min=0, max=65535, help="Port.")]
LogKeyFile = Annotated[
    Path | None,
    typer.Option(
        "--log-key",
        help="PEM file of the log's checkpoint key (created if missing); default: beside "
        "a SQLite file.",
    ),
]
Origin = Annotated[str, typer.Option("--origin", help="The log's name in its checkpoints.")]
AdminKey = Annotated[
    str | None,
    typer.Option(
        "--admin-key",
        help="Public key (base64, or a .pub file) of the founding administrator; needed "
        "when the log is created.",
    ),
]
AdminId = Annotated[
    str, typer.Option("--admin-id", help="Participant id of the founding administrator.")
]
Witnesses = Annotated[
    list[str] | None,
    typer.Option(
        "--witness",
        help="URL=KEY of a witness to send each new checkpoint to (its URL and verifier "
        "key); repeatable.",
    ),
]


def serve_command(
    database: Database = "accord-ledger.db",
    host: Host = "127.0.0.1",
    port: Port = 8000,
    log_key: LogKeyFile = None,
    origin: Origin = "accord.example/ledger",
    admin_key: AdminKey = None,
    admin_id: AdminId = "admin",
    witnesses: Witnesses = None,
) -> None:
    """Run the ledger service (SQLite by default, PostgreSQL with --database).

    Example: [bold]accord serve --database ledger.db --admin-key admin.pub --port 8000[/bold]
    """
    _require_extras(database)
    from accord.service._config import ServiceConfig

    config = ServiceConfig(
        database=database,
        log_key=log_key,
        origin=origin,
        admin_key=_admin_key_text(admin_key),
        admin_id=admin_id,
        witnesses=_witness_endpoints(witnesses),
    )
    _run(config, host, port)


def _require_extras(database: str) -> None:
    """Exit with an install hint when the web extra (or, for PostgreSQL, pg8000) is missing."""
    hint = missing_web_extra()
    if hint is not None:
        fail(InputError("FastAPI, uvicorn or SQLAlchemy is not installed", hint=hint), False)
    if database.startswith(("postgresql", "postgres:")):
        try:
            import pg8000  # noqa: F401
        except ImportError:
            fail(InputError("pg8000 is not installed", hint=POSTGRES_HINT), False)


def _admin_key_text(admin_key: str | None) -> str | None:
    """The founding administrator's key as given, or read from the ``.pub`` file it names."""
    if admin_key is not None and Path(admin_key).is_file():
        return Path(admin_key).read_text(encoding="utf-8").strip()
    return admin_key


def _witness_endpoints(witnesses: list[str] | None) -> tuple[WitnessEndpoint, ...]:
    """The ``--witness URL=KEY`` options parsed (KEY: base64 or a key file); exits if one is bad."""
    from accord.frontend._trust import key_text
    from accord.service._witnessing import WitnessEndpoint

    try:
        given = [w.rpartition("=") for w in witnesses or []]
        return tuple(WitnessEndpoint.parse(f"{u}={key_text(k)}") for u, _, k in given)
    except AccordError as error:
        fail(error, False)


def _run(config: ServiceConfig, host: str, port: int) -> None:
    """Open the ledger (reporting a bad database or key without a traceback) and serve it."""
    import uvicorn

    from accord.service._app import create_app
    from accord.service._opening import open_state

    try:  # open now so that a bad database or key is reported without a traceback
        state = open_state(config)
    except AccordError as error:
        fail(error, False)
    try:
        if not state.founders:
            hint = "create a key with `accord ledger keygen admin`, then pass --admin-key admin.pub"
            fail(InputError("this ledger has no founding administrator", hint=hint), False)
        err_console.print(
            f"accord ledger serving {config.database} on http://{host}:{port}", markup=False
        )
        # no access log (not shown at "warning") nor proxy headers (no address is read):
        # neither would change an answer, both cost time on every request
        uvicorn.run(
            create_app(config, state),
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            proxy_headers=False,
        )
    finally:  # the app closes it when it stops; this is for when it never started
        state.close()


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the app."""
    app.command("serve")(serve_command)
