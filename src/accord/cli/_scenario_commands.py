"""``accord validate``, ``accord schema`` and ``accord new``.

The scenario package (pydantic models, YAML) is imported when a command runs, not for its help.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from accord.cli._common import (
    EXIT_INVALID,
    JSON_OPTION,
    STRICT_OPTION,
    console,
    emit_json,
    fail,
    require_choice,
    write_json,
)
from accord.errors import Diagnostic, InputError, ScenarioError


def validate_command(
    files: list[Path] = typer.Argument(..., help="One or more scenario files."),
    as_json: bool = JSON_OPTION,
    strict: bool = STRICT_OPTION,
) -> None:
    """Check scenario files and report every problem as file:line:col: path: message, and
    every warning (with --strict, warnings make a file invalid too).

    Example: [bold]accord validate *.yaml[/bold]
    """
    report = [_check(file, strict, as_json) for file in files]
    failed = not all(entry["ok"] for entry in report)
    if as_json:
        emit_json("validation", {"ok": not failed, "files": report})
    if failed:
        raise typer.Exit(EXIT_INVALID)


def _check(file: Path, strict: bool, as_json: bool) -> dict[str, Any]:
    """Validate one file: its JSON entry, printed on the terminal as it goes unless JSON."""
    from accord.scenario._loader import load_with_warnings

    try:
        _, warnings = load_with_warnings(file)
        problems: list[Diagnostic] = []
    except ScenarioError as error:
        warnings, problems = [], error.diagnostics
    ok = not problems and not (strict and warnings)
    if not as_json:
        for diagnostic in problems:
            console.print(diagnostic.render(), markup=False)
        for warning in warnings:
            console.print(f"{'' if strict else 'warning: '}{warning.render()}", markup=False)
        if ok:
            count = len(warnings)
            console.print(
                f"{file}: ok" + (f" ({count} warning{'s' if count > 1 else ''})" if count else ""),
                markup=False,
            )
    return {
        "file": str(file),
        "ok": ok,
        "diagnostics": [d.to_dict() for d in problems],
        "warnings": [w.to_dict() for w in warnings],
    }


def schema_command(
    markdown: bool = typer.Option(
        False, "--markdown", help="Print the reference page (Markdown) instead of JSON Schema."
    ),
) -> None:
    """Print the JSON Schema of the scenario format, generated from the model.

    Example: [bold]accord schema > accord-scenario.schema.json[/bold]
    """
    from accord.scenario._reference import reference_markdown
    from accord.scenario._schema import json_schema

    if markdown:
        sys.stdout.write(reference_markdown())
    else:
        write_json(json_schema())


def new_command(
    file: Path = typer.Argument(..., help="Where to write the template scenario."),
    sections: str = typer.Option(
        "",
        "--sections",
        help="Also write a commented example of these sections: "
        "conflict,deal,phasing,verification (any of them, comma-separated).",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
) -> None:
    """Write a commented template scenario to FILE (never overwrites without --force).

    Example: [bold]accord new talks.yaml --sections deal,phasing && accord analyze talks.yaml[/bold]
    """
    from accord.scenario._schema import SECTIONS, template, with_needs

    wanted = [name.strip() for name in sections.split(",") if name.strip()]
    for name in wanted:
        require_choice(name, SECTIONS, "section", False)
    if file.exists() and not force:
        fail(InputError(f"{file} already exists; nothing was written", NEW_HINT), False)
    chosen = with_needs(wanted)
    try:
        file.write_text(template(chosen), encoding="utf-8")
    except OSError as error:
        fail(InputError(f"cannot write {file}: {error.strerror}"), False)
    added = [name for name in chosen if name not in wanted]
    what = f" with the sections {', '.join(chosen)}" if chosen else ""
    needed = f" ({' and '.join(added)} added, for its items)" if added else ""
    console.print(f"wrote {file}{what}{needed}; next: accord validate {file}", markup=False)


NEW_HINT = "choose another name, or pass --force to overwrite it"


def register(app: typer.Typer) -> None:
    """Add the scenario commands to the app."""
    app.command("validate")(validate_command)
    app.command("schema")(schema_command)
    app.command("new")(new_command)
