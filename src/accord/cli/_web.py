"""``accord web [FILE | DIR]``: the browser workbench (needs the ``web`` extra)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accord.cli._common import err_console, fail
from accord.errors import AccordError, InputError

WEB_HINT = (
    "the workbench needs Accord's web extra: pip install '.[web]' in a clone of Accord "
    "(make run installs it too)"
)


def web_command(
    path: Annotated[
        Path,
        typer.Argument(help="A scenario file, or a folder of them (default: this folder)."),
    ] = Path("."),
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (default: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port.")] = 8000,
    ledger: Annotated[
        str | None,
        typer.Option("--ledger", help="URL of a ledger service (accord serve) to show."),
    ] = None,
) -> None:
    """Explore scenarios in the browser: analyses, figures, variants, the report, a ledger.

    Example: [bold]accord web examples/ --ledger http://127.0.0.1:8000[/bold]
    """
    try:
        import fastapi  # noqa: F401
        import jinja2  # noqa: F401
        import uvicorn
    except ImportError:
        fail(InputError("FastAPI, Jinja2 or uvicorn is not installed", hint=WEB_HINT), False)
    if ledger is not None and not ledger.startswith(("http://", "https://")):
        fail(InputError(f"--ledger must be a URL, not '{ledger}'", "http://HOST:PORT"), False)
    from accord.web._app import create_app

    try:
        app = create_app(path, ledger)
    except AccordError as error:
        fail(error, False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(
            f"warning: listening on {host}: the workbench has no login, so anyone who can reach "
            "this address can read and edit the scenario files",
            markup=False,
        )
    shown = f"[{host}]" if ":" in host else host
    err_console.print(f"accord workbench on http://{shown}:{port}/ serving {path}", markup=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add ``web`` to the app."""
    app.command("web")(web_command)
