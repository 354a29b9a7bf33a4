"""``accord deal FILE``: zone of agreement, frontier, bargaining solutions, proposals, uncertainty.

Also ``accord deal-import`` and ``accord deal-export`` for GeniusWeb domains and profiles. The
engines (and YAML) are imported when a command runs: ``accord deal --help`` loads none.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn

from accord._defaults import DEAL_DRAWS, DEAL_SEED, DEAL_TIME_LIMIT
from accord.cli._common import (
    EXIT_PROBLEM,
    JSON_OPTION,
    console,
    emit_json,
    err_console,
    fail,
    load_or_exit,
)
from accord.cli._solving import SOLVER_LOG_OPTION, interrupted_without_result, run_solvers
from accord.errors import AccordError, InputError

if TYPE_CHECKING:
    from accord.deal._analysis import DealAnalysis
    from accord.scenario import Scenario


def _run(
    scenario: Scenario,
    package: str | None,
    draws: int,
    seed: int,
    time_limit: float,
    show_progress: bool,
) -> DealAnalysis:
    from accord.questions import analyze_deal

    if not show_progress or scenario.deal is None:
        return analyze_deal(scenario, package, draws=draws, seed=seed, time_limit=time_limit)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=err_console, transient=True
    ) as progress:
        task = progress.add_task("analysing the deal space", total=None)

        def found(count: int) -> None:
            progress.update(task, description=f"frontier: {count} points found")

        return analyze_deal(
            scenario, package, draws=draws, seed=seed, progress=found, time_limit=time_limit
        )


def deal_command(
    file: Path = typer.Argument(..., help="The scenario file (YAML) with a deal: section."),
    package: str | None = typer.Option(
        None, "--package", help='Evaluate a package: "item, item=amount, ..." (no amount: all).'
    ),
    draws: int = typer.Option(DEAL_DRAWS, "--draws", help="Monte Carlo draws (0: none)."),
    seed: int = typer.Option(DEAL_SEED, "--seed", help="Seed of the Monte Carlo draws."),
    time_limit: float = typer.Option(
        DEAL_TIME_LIMIT,
        "--time-limit",
        help="Seconds for the solver's part (large spaces): then the best found, marked.",
    ),
    as_json: bool = JSON_OPTION,
    show_log: bool = SOLVER_LOG_OPTION,
) -> None:
    """Analyse the deal space of FILE: whether any package every party accepts exists, the
    Pareto frontier, the bargaining solutions, the proposals and how sure all that is.

    Exit code 1 when --package is given and some party would refuse it.

    Example: [bold]accord deal korea-2019.yaml --package "yongbyon, unsc_2016_2017"[/bold]
    """
    from accord.report._deal import render_deal

    scenario = load_or_exit(file, as_json)
    try:
        run = run_solvers(
            lambda: _run(scenario, package, draws, seed, time_limit, show_progress=not as_json),
            show_log,
        )
    except AccordError as error:
        fail(error, as_json)
    if run.interrupted or run.value is None:
        interrupted_without_result("the deal analysis was stopped")
    result = run.value
    if as_json:
        emit_json("deal", result.to_dict())
    else:
        assert scenario.deal is not None
        render_deal(console, result, scenario.deal)
    if result.package is not None and not result.package.acceptable:
        raise typer.Exit(EXIT_PROBLEM)


def summarise(scenario: Scenario) -> tuple[dict[str, Any], Callable[[], None]]:
    """The deal summary for ``accord analyze``: zone, solutions and proposals, in brief."""
    from accord.questions import analyze_deal
    from accord.report._deal import render_summary

    result = analyze_deal(scenario)
    full = result.to_dict()
    deal = scenario.deal
    assert deal is not None
    payload = {
        "zone_of_agreement": full["zone_of_agreement"],
        "frontier_points": len(full["frontier"]),
        "solutions": {
            n: {k: s[k] for k in ("gains", "package", "proven", "gap")}
            for n, s in full["solutions"].items()
        },
        "time_budget": full["time_budget"],
        "proposals": {
            n: {"acceptable": p["acceptable"], "refused_by": p["refused_by"]}
            for n, p in full["proposals"].items()
        },
        "zone_probability": None
        if result.uncertainty is None
        else result.uncertainty["zone_probability"],
        "adjusted_winner": full["adjusted_winner"],
    }
    return payload, lambda: render_summary(console, result, deal)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: not a JSON file ({error})") from None


def _refuse_overwrite(path: Path, force: bool, as_json: bool) -> None:
    if path.exists() and not force:
        fail(InputError(f"{path} already exists; nothing was written", "pass --force"), as_json)


def import_command(
    domain: Path = typer.Argument(..., help="The GeniusWeb domain (JSON)."),
    profiles: list[Path] = typer.Argument(..., help="One LinearAdditiveUtilitySpace per party."),
    output: Path = typer.Option(..., "--output", "-o", help="The scenario file to write."),
    force: bool = typer.Option(False, "--force", help="Overwrite OUTPUT if it exists."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write a scenario with a deal: section from a GeniusWeb domain and linear additive profiles.

    Example: [bold]accord deal-import domain.json party1.json party2.json -o talks.yaml[/bold]
    """
    import yaml

    from accord.deal._geniusweb import scenario_from_geniusweb
    from accord.scenario import loads

    _refuse_overwrite(output, force, as_json)
    try:
        data = scenario_from_geniusweb(_read_json(domain), [_read_json(p) for p in profiles])
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None)
        loads(text, str(output))
    except AccordError as error:
        fail(error, as_json)
    output.write_text(text, encoding="utf-8")
    if as_json:
        emit_json(
            "deal.import", {"ok": True, "file": str(output), "items": len(data["deal"]["items"])}
        )
    else:
        console.print(
            f"wrote {output}: {len(data['deal']['items'])} items, "
            f"parties {', '.join(data['parties'])}",
            markup=False,
        )


def export_command(
    file: Path = typer.Argument(..., help="A scenario file with a deal: section."),
    output_dir: Path = typer.Option(..., "--output-dir", "-o", help="Folder for the JSON files."),
    force: bool = typer.Option(False, "--force", help="Overwrite files in the folder."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Write the deal of FILE as a GeniusWeb domain and one linear additive profile per party.

    Example: [bold]accord deal-export korea-2019.yaml -o genius/[/bold]
    """
    from accord.deal._geniusweb import geniusweb_from_deal

    scenario = load_or_exit(file, as_json)
    try:
        exported = geniusweb_from_deal(scenario, file.stem.replace("-", "_"))
    except AccordError as error:
        fail(error, as_json)
    files = {"domain.json": exported["domain"]}
    files.update({f"{party}.json": p for party, p in exported["profiles"].items()})
    for name in files:
        _refuse_overwrite(output_dir / name, force, as_json)
    output_dir.mkdir(parents=True, exist_ok=True)
    for name, payload in files.items():
        (output_dir / name).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    if as_json:
        emit_json(
            "deal.export",
            {"ok": True, "files": sorted(files), "reservation": exported["reservation"]},
        )
        return
    console.print(f"wrote {', '.join(str(output_dir / n) for n in files)}", markup=False)
    console.print(
        "reservation utilities (GeniusWeb profiles carry reservation bids only): "
        + ", ".join(f"{p} {r:.4g}" for p, r in exported["reservation"].items()),
        markup=False,
    )


def register(app: typer.Typer) -> None:
    """Add ``deal``, ``deal-import`` and ``deal-export`` to the app."""
    app.command("deal")(deal_command)
    app.command("deal-import")(import_command)
    app.command("deal-export")(export_command)
