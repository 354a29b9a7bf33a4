"""``accord validate``, ``accord schema`` and ``accord new``."""

from __future__ import annotations

from pathlib import Path

import typer

from accord.cli.common import EXIT_INVALID, JSON_OPTION, console, emit_json
from accord.errors import ScenarioError
from accord.scenario import load


def validate_command(
    files: list[Path] = typer.Argument(..., help="One or more scenario files."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Check scenario files and report every problem as file:line:col: path: message.

    Example: [bold]accord validate examples/*.yaml[/bold]
    """
    report = []
    failed = False
    for file in files:
        try:
            load(file)
            report.append({"file": str(file), "ok": True, "diagnostics": []})
            if not as_json:
                console.print(f"{file}: ok", markup=False)
        except ScenarioError as error:
            failed = True
            report.append(
                {
                    "file": str(file),
                    "ok": False,
                    "diagnostics": [d.to_json() for d in error.diagnostics],
                }
            )
            if not as_json:
                for diagnostic in error.diagnostics:
                    console.print(diagnostic.render(), markup=False)
    if as_json:
        emit_json({"ok": not failed, "files": report})
    if failed:
        raise typer.Exit(EXIT_INVALID)


def register(app: typer.Typer) -> None:
    """Add the scenario commands to the app."""
    app.command("validate")(validate_command)
