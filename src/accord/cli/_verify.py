"""``accord verify``: sample sizes, detection probabilities, the inspection game, a scenario.

The engines are imported when a command runs (``accord verify --help`` loads none).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import UsageError  # typer vendors click (see cli/common.py)

from accord._suggest import closest
from accord.choices import VerificationObjective
from accord.cli._common import (
    EXIT_PROBLEM,
    JSON_OPTION,
    STRICT_OPTION,
    AccordGroup,
    console,
    emit_json,
    fail,
    load_or_exit,
)
from accord.cli._solving import SOLVER_LOG_OPTION, interrupted_without_result, run_solvers
from accord.errors import AccordError

if TYPE_CHECKING:
    from accord.scenario import Scenario


class _FileOrCommand(AccordGroup):
    """``accord verify FILE`` runs the ``file`` subcommand; other names are subcommands."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            near = closest(args[0], self.commands)
            if near is not None and not Path(args[0]).exists():
                raise UsageError(
                    f"no file or command '{args[0]}' (hint: did you mean '{near}'?)", ctx
                )
            args = ["file", *args]
        return super().parse_args(ctx, args)


verify_app = typer.Typer(
    cls=_FileOrCommand,
    no_args_is_help=True,
    help="How sure can we be that cheating is caught? Sampling, inspection games, and a "
    "scenario's verification: section (accord verify FILE).",
)


@verify_app.command("sample-size")
def sample_size_command(
    items: int = typer.Option(..., "--items", help="N: items in the population."),
    falsified: int = typer.Option(..., "--falsified", help="M: items that must be falsified."),
    nondetection: str = typer.Option(
        ..., "--nondetection", help="β: accepted non-detection probability (0.1 for 90%)."
    ),
    max_sample: int | None = typer.Option(
        None,
        "--max-sample",
        help="The most items that can be drawn (an impossible target is an error).",
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """The IAEA sample size and the exact (hypergeometric) minimum sample for a target.

    Example: [bold]accord verify sample-size --items 500 --falsified 4 --nondetection 0.1[/bold]
    """
    from accord.report._verification import render_sample_plan
    from accord.verification import sample_size

    try:
        plan = sample_size(items, falsified, nondetection, max_sample)
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json("verify.sample_size", plan.to_dict())
    else:
        render_sample_plan(console, plan)


@verify_app.command("detection")
def detection_command(
    items: int = typer.Option(..., "--items", help="N: items in the population."),
    falsified: int = typer.Option(..., "--falsified", help="M: items that must be falsified."),
    sample: int = typer.Option(..., "--sample", help="n: items drawn without replacement."),
    as_json: bool = JSON_OPTION,
) -> None:
    """The exact probability that a sample finds at least one falsified item.

    Example: [bold]accord verify detection --items 100 --falsified 1 --sample 90[/bold]
    """
    from accord.report._verification import render_detection
    from accord.verification import detection

    try:
        result = detection(items, falsified, sample)
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json("verify.detection", result.to_dict())
    else:
        render_detection(console, result)


@verify_app.command("game")
def game_command(
    gain: str = typer.Option(..., "--gain", help="d: inspectee's gain if a violation is missed."),
    penalty: str = typer.Option(..., "--penalty", help="b: inspectee's loss if caught."),
    inspection_cost: str = typer.Option(
        ..., "--inspection-cost", help="e: inspector's cost of inspecting a legal inspectee."
    ),
    missed_cost: str = typer.Option(..., "--missed-cost", help="c: inspector's loss if missed."),
    caught_cost: str = typer.Option(..., "--caught-cost", help="a: inspector's loss if caught."),
    nondetection: str = typer.Option("0", "--nondetection", help="β per inspection."),
    false_alarm: str = typer.Option("0", "--false-alarm", help="α per inspection."),
    false_alarm_cost: str = typer.Option("0", "--false-alarm-cost", help="f: to the inspector."),
    false_alarm_harm: str = typer.Option("0", "--false-alarm-harm", help="h: to the inspectee."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Solve the inspection game: equilibrium, payoffs and the deterrence threshold.

    Example: [bold]accord verify game --gain 1 --penalty 9 --inspection-cost 1
    --missed-cost 10 --caught-cost 1[/bold]
    """
    from accord.report._verification import render_game
    from accord.verification import game_parameters, solve_game

    try:
        solution = solve_game(
            game_parameters(
                gain,
                penalty,
                inspection_cost,
                missed_cost,
                caught_cost,
                nondetection,
                false_alarm,
                false_alarm_cost,
                false_alarm_harm,
            )
        )
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json("verify.game", solution.to_dict())
    else:
        render_game(console, solution)


@verify_app.command("file")
def file_command(
    file: Annotated[Path, typer.Argument(help="The scenario file (YAML).")],
    objective: str | None = typer.Option(
        None,
        "--objective",
        help=f"{' or '.join(VerificationObjective)} (default: the file's).",
    ),
    budget: str | None = typer.Option(None, "--budget", help="Override the budget per period."),
    plans: bool = typer.Option(
        False, "--plans", help="Also plan the phasing: package and check that plan against fakes."
    ),
    as_json: bool = JSON_OPTION,
    strict: bool = STRICT_OPTION,
    show_log: bool = SOLVER_LOG_OPTION,
) -> None:
    """Analyse FILE's verification: section (also: accord verify FILE): what is deterred, and why.

    With a phasing: section, every written plan is also checked against faked deliveries.
    Exits 1 when some commitment is not deterred or some phased plan is not safe.

    Example: [bold]accord verify korea-2019.yaml[/bold]
    """
    from accord.questions import analyze_verification
    from accord.report._verification import render_report

    scenario = load_or_exit(file, as_json, strict)
    try:
        run = run_solvers(
            lambda: analyze_verification(scenario, objective=objective, budget=budget, plans=plans),
            show_log,
        )
    except AccordError as error:
        fail(error, as_json)
    if run.interrupted or run.value is None:
        interrupted_without_result("the verification analysis was stopped")
    report = run.value
    if as_json:
        emit_json("verification", {"file": str(file), **report.to_dict()})
    else:
        render_report(console, report)
    unsafe = any(not p.safe for p in report.plans)
    if unsafe or report.allocation.deterred < len(report.allocation.plans):
        raise typer.Exit(EXIT_PROBLEM)


def summarise(scenario: Scenario) -> tuple[dict[str, Any], Callable[[], None]]:
    """The verification part of ``accord analyze``."""
    from accord.questions import analyze_verification
    from accord.report._verification import render_report

    try:
        report = analyze_verification(scenario)
    except AccordError as error:  # reported in the summary; the other sections still run
        message = str(error)
        return {"ok": False, "error": message}, lambda: console.print(
            f"Verification: error: {message}", markup=False
        )
    return report.to_dict(), lambda: render_report(console, report)


def register(app: typer.Typer) -> None:
    """Add ``accord verify`` to the app."""
    app.add_typer(verify_app, name="verify")
