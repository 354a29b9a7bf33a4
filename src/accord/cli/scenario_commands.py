"""``accord validate``, ``accord schema`` and ``accord new``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from accord.cli.common import EXIT_INVALID, JSON_OPTION, console, emit_json, err_console, write_json
from accord.errors import ScenarioError
from accord.scenario import load
from accord.scenario.schema import json_schema, reference_markdown, template


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
        emit_json("validation", {"ok": not failed, "files": report})
    if failed:
        raise typer.Exit(EXIT_INVALID)


def schema_command(
    markdown: bool = typer.Option(
        False, "--markdown", help="Print the reference page (Markdown) instead of JSON Schema."
    ),
) -> None:
    """Print the JSON Schema of the scenario format, generated from the model.

    Example: [bold]accord schema > accord-scenario.schema.json[/bold]
    """
    if markdown:
        sys.stdout.write(reference_markdown())
    else:
        write_json(json_schema())


def new_command(
    file: Path = typer.Argument(..., help="Where to write the template scenario."),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
) -> None:
    """Write a commented template scenario to FILE (never overwrites without --force).

    Example: [bold]accord new talks.yaml && accord validate talks.yaml[/bold]
    """
    if file.exists() and not force:
        err_console.print(f"error: {file} already exists; nothing was written", markup=False)
        err_console.print("hint: choose another name, or pass --force to overwrite it")
        raise typer.Exit(EXIT_INVALID)
    try:
        file.write_text(template(), encoding="utf-8")
    except OSError as error:
        err_console.print(f"error: cannot write {file}: {error.strerror}", markup=False)
        raise typer.Exit(EXIT_INVALID) from None
    console.print(f"wrote {file}; next: accord validate {file}", markup=False)


def register(app: typer.Typer) -> None:
    """Add the scenario commands to the app."""
    app.command("validate")(validate_command)
    app.command("schema")(schema_command)
    app.command("new")(new_command)
