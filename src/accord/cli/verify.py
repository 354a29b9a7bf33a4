"""``accord verify``: sample sizes, detection probabilities, the inspection game, a scenario."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from accord.cli.common import JSON_OPTION, console, emit_json, fail
from accord.errors import AccordError
from accord.report.verification import render_detection, render_game, render_sample_plan
from accord.verification.inspection_game import game_parameters, solve_game
from accord.verification.sampling import detection, sample_plan


class _FileOrCommand(TyperGroup):
    """``accord verify FILE`` runs the ``file`` subcommand; other names are subcommands."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["file", *args]
        return super().parse_args(ctx, args)


verify_app = typer.Typer(
    cls=_FileOrCommand,
    no_args_is_help=True,
    help="How sure can we be that cheating is caught? Sampling, inspection games, a scenario's "
    "verification: section.",
)


@verify_app.command("sample-size")
def sample_size_command(
    items: int = typer.Option(..., "--items", help="N: items in the population."),
    falsified: int = typer.Option(..., "--falsified", help="M: items that must be falsified."),
    nondetection: str = typer.Option(
        ..., "--nondetection", help="β: accepted non-detection probability (0.1 for 90%)."
    ),
    as_json: bool = JSON_OPTION,
) -> None:
    """The IAEA sample size and the exact (hypergeometric) minimum sample for a target.

    Example: [bold]accord verify sample-size --items 500 --falsified 4 --nondetection 0.1[/bold]
    """
    try:
        plan = sample_plan(items, falsified, nondetection)
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json(plan.to_json())
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
    try:
        result = detection(items, falsified, sample)
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json(result.to_json())
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
        emit_json(solution.to_json())
    else:
        render_game(console, solution)


def register(app: typer.Typer) -> None:
    """Add ``accord verify`` to the app."""
    app.add_typer(verify_app, name="verify")
