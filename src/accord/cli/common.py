"""Helpers every CLI command shares: loading a scenario, exit codes, JSON and terminal output."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer
from rich.console import Console

from accord.errors import AccordError, InputError, ScenarioError
from accord.scenario import Scenario, load

EXIT_OK = 0
EXIT_PROBLEM = 1
"""The analysis found the problem the user asked about (an unsafe plan, ...)."""
EXIT_INVALID = 2
"""Invalid input or usage."""

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

JSON_OPTION = typer.Option(False, "--json", help="Print machine-readable JSON instead of tables.")


def emit_json(payload: Any) -> None:
    """Print ``payload`` as JSON (sorted keys are not forced: the order is part of the form)."""
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False, default=_default) + "\n")


def _default(value: object) -> object:
    to_json = getattr(value, "to_json", None)
    if callable(to_json):
        return to_json()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def fail(error: AccordError, as_json: bool) -> NoReturn:
    """Report ``error`` (no traceback) and exit with code 2."""
    if isinstance(error, ScenarioError):
        if as_json:
            emit_json({"ok": False, "diagnostics": [d.to_json() for d in error.diagnostics]})
        else:
            for diagnostic in error.diagnostics:
                err_console.print(diagnostic.render(), markup=False)
    elif as_json:
        hint = getattr(error, "hint", None)
        message = error.message if isinstance(error, InputError) else str(error)
        emit_json({"ok": False, "error": message, "hint": hint})
    else:
        message = error.message if isinstance(error, InputError) else str(error)
        err_console.print(f"error: {message}", markup=False)
        hint = getattr(error, "hint", None)
        if hint:
            err_console.print(f"hint: {hint}", markup=False)
    raise typer.Exit(EXIT_INVALID)


def load_or_exit(path: Path, as_json: bool) -> Scenario:
    """Load and validate a scenario, or report every problem and exit with code 2."""
    try:
        return load(path)
    except ScenarioError as error:
        fail(error, as_json)
