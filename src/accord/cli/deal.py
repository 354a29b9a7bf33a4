"""``accord deal FILE``: zone of agreement, frontier, bargaining solutions, proposals, uncertainty.

Also ``accord deal-import`` and ``accord deal-export`` for GeniusWeb domains and profiles.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn

from accord.cli import analyze
from accord.cli.common import (
    EXIT_PROBLEM,
    JSON_OPTION,
    console,
    emit_json,
    fail,
    load_or_exit,
)
from accord.deal.analysis import DEFAULT_DRAWS, DEFAULT_SEED, DealAnalysis, analyse_deal
from accord.deal.evaluate import parse_package
from accord.errors import AccordError, InputError
from accord.report.deal import grouped_text, render_deal
from accord.scenario import Scenario


def _run(
    scenario: Scenario,
    package_text_arg: str | None,
    draws: int,
    seed: int,
    show_progress: bool,
) -> DealAnalysis:
    deal = scenario.deal
    if deal is None:
        raise InputError("the scenario has no deal: section", "add one (see docs/how-to/deal.md)")
    package = None if package_text_arg is None else parse_package(package_text_arg, deal)
    if draws < 0:
        raise InputError(f"--draws must be at least 0, got {draws}")
    if not show_progress:
        return analyse_deal(scenario, package, draws, seed)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=console, transient=True
    ) as progress:
        task = progress.add_task("analysing the deal space", total=None)

        def found(count: int) -> None:
            progress.update(task, description=f"frontier: {count} points found")

        return analyse_deal(scenario, package, draws, seed, progress=found)


def deal_command(
    file: Path = typer.Argument(..., help="The scenario file (YAML) with a deal: section."),
    package: str | None = typer.Option(
        None, "--package", help='Evaluate a package: "item, item=amount, ..." (no amount: all).'
    ),
    draws: int = typer.Option(DEFAULT_DRAWS, "--draws", help="Monte Carlo draws (0: none)."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Seed of the Monte Carlo draws."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Analyse the deal space of FILE: whether any package every party accepts exists, the
    Pareto frontier, the bargaining solutions, the proposals and how sure all that is.

    Exit code 1 when --package is given and some party would refuse it.

    Example: [bold]accord deal examples/korea-2019.yaml --package "yongbyon, unsc_2016_2017"[/bold]
    """
    scenario = load_or_exit(file, as_json)
    try:
        result = _run(scenario, package, draws, seed, show_progress=not as_json)
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json(result.to_json())
    else:
        assert scenario.deal is not None
        render_deal(console, result, scenario.deal)
    if result.package is not None and not result.package.acceptable:
        raise typer.Exit(EXIT_PROBLEM)


def summarise(scenario: Scenario) -> tuple[dict[str, Any], Callable[[], None]]:
    """The deal summary for ``accord analyze``: zone, solutions and proposals, in brief."""
    result = analyse_deal(scenario)
    full = result.to_json()
    deal = scenario.deal
    assert deal is not None
    payload = {
        "zone_of_agreement": full["zone_of_agreement"],
        "frontier_points": len(full["frontier"]),
        "solutions": {
            n: {"gains": s["gains"], "package": s["package"]} for n, s in full["solutions"].items()
        },
        "proposals": {
            n: {"acceptable": p["acceptable"], "refused_by": p["refused_by"]}
            for n, p in full["proposals"].items()
        },
        "zone_probability": None
        if result.uncertainty is None
        else result.uncertainty["zone_probability"],
        "adjusted_winner": full["adjusted_winner"],
    }

    def show() -> None:
        console.rule("[bold]Deal[/bold]")
        if result.zone is not None:
            console.print(
                f"Zone of agreement: {'yes' if result.zone.exists else 'no'}; "
                f"{payload['frontier_points']} efficient packages",
                markup=False,
            )
        nash = result.solutions.get("nash")
        if nash is not None:
            gains = ", ".join(f"{p} {g:+g}" for p, g in nash.gains.items())
            console.print(
                f"Nash solution ({gains}): {grouped_text(nash.package, deal)}", markup=False
            )
        for name, evaluation in result.proposals.items():
            verdict = (
                "acceptable to all"
                if evaluation.acceptable
                else (f"refused by {', '.join(evaluation.refused_by) or 'a constraint'}")
            )
            console.print(f"Proposal {name}: {verdict}", markup=False)
        if result.adjusted_winner is not None:
            aw = result.adjusted_winner
            console.print(
                f"Adjusted Winner: split item {aw.split_item or 'none'}; "
                f"{aw.totals[aw.parties[0]]} points each",
                markup=False,
            )
        console.print("(details: accord deal FILE)", markup=False)

    return payload, show


def register(app: typer.Typer) -> None:
    """Add ``deal`` to the app and the deal summary to ``accord analyze``."""
    app.command("deal")(deal_command)
    analyze.SECTION_SUMMARIES["deal"] = summarise
