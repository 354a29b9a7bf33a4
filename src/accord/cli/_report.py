"""``accord report FILE... [-o report.html|report.pdf]``: the agreement report to hand on.

One file gives its report (summary, draft agreement, one section per analysis, compliance with
``--ledger``); several files give a side-by-side comparison of the variants. The HTML is one
self-contained file (figures inline and interactive, no network); the PDF has the same content.

This module checks the arguments; :mod:`accord.cli._report_write` (imported then, with the
engines and renderers) does the work, so ``accord report --help`` loads none of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import typer

from accord._defaults import REPORT_SECTIONS
from accord.cli._common import JSON_OPTION, STRICT_OPTION, fail
from accord.cli._solving import SOLVER_LOG_OPTION
from accord.errors import AccordError, InputError


def report_command(
    files: list[Path] = typer.Argument(
        ..., help="A scenario file, or several variants to compare."
    ),
    output: list[Path] = typer.Option(
        [],
        "--output",
        "-o",
        help="File to write: .html or .pdf; repeat for both. Default: FILE-report.html "
        "(comparison-report.html for several files).",
    ),
    sections: str | None = typer.Option(
        None,
        "--sections",
        help=f"Comma-separated sections (default all): {', '.join(REPORT_SECTIONS)}.",
    ),
    ledger: str | None = typer.Option(
        None, "--ledger", help="A ledger export file or service URL: adds the compliance section."
    ),
    agreement: int | None = typer.Option(
        None,
        "--agreement",
        help="Index of the agreement entry in --ledger (default: the only one).",
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Date of the compliance status, YYYY-MM-DD (default: today, UTC)."
    ),
    log_key: str | None = typer.Option(
        None,
        "--log-key",
        help="The --ledger log's verifier key (or a file holding it) that its checkpoints must "
        "be signed by; default: the key pinned at first contact.",
    ),
    strict: bool = STRICT_OPTION,
    show_log: bool = SOLVER_LOG_OPTION,
    force: bool = typer.Option(False, "--force", help="Overwrite the output files if they exist."),
    sweep: int | None = typer.Option(
        None,
        "--sweep",
        help="Add the robustness section: a sweep of N draws of every range (seed 2019, "
        "one worker per core; `accord sweep` for more choices).",
        metavar="N",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write the agreement report of FILE (HTML and/or PDF), or compare several variants.

    Example: [bold]accord report examples/korea-2019.yaml -o korea.html -o korea.pdf[/bold]
    """
    from accord.cli._report_write import write_report
    from accord.report.document._build import check_sections

    try:
        targets = _targets(files, output, force)
        chosen = check_sections(sections.split(",")) if sections else list(REPORT_SECTIONS)
        day = _day(as_of)
        _check_sweep(sweep, files, chosen if sections else [])
    except AccordError as error:
        fail(error, as_json)
    write_report(
        files,
        targets,
        chosen,
        (ledger, agreement, day, log_key),
        (strict, show_log),
        as_json,
        sweep,
    )


def _check_sweep(draws: int | None, files: Sequence[Path], asked: Sequence[str]) -> None:
    """``--sweep`` needs one file and a draw count within bounds; ``--sections sweep`` needs
    ``--sweep``."""
    if draws is None:
        if "sweep" in asked:
            raise InputError("the sweep section needs --sweep N", "add --sweep 200")
        return
    if len(files) > 1:
        raise InputError("--sweep adds a section to one file's report, not to a comparison")
    from accord.sweep import check_draws

    check_draws(draws)


def _targets(files: Sequence[Path], output: Sequence[Path], force: bool) -> list[Path]:
    """The files to write, checked before any work: known formats, nothing overwritten."""
    from accord.report.document._output import format_of

    if not files:
        raise InputError("name at least one scenario file")
    default = f"{files[0].stem}-report.html" if len(files) == 1 else "comparison-report.html"
    targets = list(dict.fromkeys(output)) or [Path(default)]
    for target in targets:
        format_of(target)
        if target.exists() and not force:
            raise InputError(f"{target} already exists; nothing was written", "pass --force")
        if not target.parent.is_dir():
            raise InputError(f"cannot write {target}: no folder {target.parent}")
    return targets


def _day(as_of: str | None) -> dt.date:
    if as_of is None:
        return dt.datetime.now(dt.UTC).date()
    try:
        return dt.date.fromisoformat(as_of)
    except ValueError:
        raise InputError(f"--as-of must be a date YYYY-MM-DD, not '{as_of}'") from None


def register(app: typer.Typer) -> None:
    """Add ``report`` to the app."""
    app.command("report")(report_command)
