"""``accord conflict FILE``: Graph Model stability, explanations and status quo analysis.

The engines are imported when the command runs (``accord conflict --help`` loads none).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.progress import Progress, TaskID

from accord._defaults import CONFLICT_CONCEPTS, CONFLICT_HORIZON
from accord.choices import Concept
from accord.cli._common import JSON_OPTION, console, emit_json, err_console, fail, load_or_exit
from accord.cli._solving import interrupted_without_result, run_solvers
from accord.errors import AccordError

if TYPE_CHECKING:
    from accord.conflict._analysis import ConflictAnalysis
    from accord.scenario import Scenario

PROGRESS_FROM = 20_000
"""Models with at least this many states show a progress bar on the terminal."""


def conflict_command(
    file: Path = typer.Argument(..., help="The scenario file (YAML) with a `conflict:` section."),
    as_json: bool = JSON_OPTION,
    concept: list[str] = typer.Option(
        list(CONFLICT_CONCEPTS),
        "--concept",
        "-c",
        help=f"Stability concept(s): {', '.join(Concept)} (the default: "
        f"{', '.join(CONFLICT_CONCEPTS)}); "
        "`all` for every one.",
    ),
    horizon: int = typer.Option(
        CONFLICT_HORIZON, "--horizon", help="How many moves ahead L_h looks (the h of L_h)."
    ),
    explain_states: list[int] = typer.Option(
        [],
        "--explain",
        "-e",
        help="Explain these states (default: all of a small model, else the status quo).",
    ),
    show_all: bool = typer.Option(False, "--all", help="Show every state in the table."),
    coalitions: bool = typer.Option(
        False,
        "--coalitions",
        help="Coalition Nash, GMR, SMR and SEQ for every coalition (the file's `coalitions:` "
        "chooses some).",
    ),
    desired: list[int] = typer.Option(
        [],
        "--desired",
        "-d",
        help="Inverse analysis: the preference changes that make this state an equilibrium "
        "(repeatable; adds to the file's `desired:`).",
    ),
    desired_concept: str = typer.Option(
        "nash", "--desired-concept", help="The concept of --desired: nash, gmr or smr."
    ),
    tables: bool = typer.Option(
        False,
        "--tables",
        help="Also print each decision maker's ranking, the option-form table and every "
        "state's move options.",
    ),
) -> None:
    """Which states are stable for whom (Nash, GMR, SMR, SEQ, SIM, L_h, NM), why, what the
    status quo can reach and which coalitions can move it; coalitions, the preference changes
    that would make a state stable, and what each side's misperceptions lead to.

    Example: [bold]accord conflict korea-2019.yaml[/bold]
    """
    from accord.questions._conflict import STATUS_QUO, analyze_conflict
    from accord.report._conflict import render_conflict

    scenario = load_or_exit(file, as_json)
    chosen: list[int] | str | None = list(explain_states) or None
    if chosen is None and not as_json:
        chosen = STATUS_QUO
    try:
        with _progress(as_json) as tick:
            run = run_solvers(  # the inverse analysis calls CP-SAT
                lambda: analyze_conflict(
                    scenario,
                    concept,
                    horizon=horizon,
                    explain=chosen,
                    coalitions=coalitions,
                    desired=desired,
                    desired_concept=desired_concept,
                    tables=tables,
                    progress=tick,
                )
            )
    except AccordError as error:
        fail(error, as_json)
    if run.value is None:
        interrupted_without_result("no stability concept was finished")
    analysis = run.value
    if as_json:
        emit_json("conflict", analysis.to_dict())
        return
    render_conflict(console, analysis, show_all)
    if analysis.interrupted:
        console.print(
            "Interrupted: showing the concepts completed (status quo paths and explanations "
            "skipped).",
            markup=False,
        )


@contextmanager
def _progress(quiet: bool) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar for models of at least :data:`PROGRESS_FROM` states (none with --json)."""
    if quiet:
        yield lambda _label, _size, _total: None
        return
    with Progress(console=err_console, transient=True) as bar:
        task: list[TaskID] = []

        def tick(label: str, size: int, total: int) -> None:
            if size < PROGRESS_FROM:
                return
            if not task:
                task.append(bar.add_task(f"{size:,} states", total=total))
            bar.update(task[0], advance=1, description=f"{size:,} states: {label}")

        yield tick


def summarise(scenario: Scenario) -> tuple[dict[str, Any], Callable[[], None]]:
    """The conflict summary for ``accord analyze``: equilibria and the status quo's prospects."""
    from accord.conflict._concepts import NAMES
    from accord.questions import analyze_conflict

    analysis = analyze_conflict(scenario, explain=[])
    payload = summary_json(analysis)

    def show() -> None:
        console.rule("Conflict (Graph Model stability)")
        for concept, found in payload["equilibria"].items():
            shown = ", ".join(map(str, found[:20])) + (" ..." if len(found) > 20 else "")
            console.print(f"{NAMES[concept]:>4} equilibria: {shown or 'none'}", markup=False)
        quo = payload["status_quo"]
        if quo is not None:
            under = ", ".join(NAMES[c] for c in quo["equilibrium_under"]) or "no concept"
            console.print(
                f"Status quo {quo['state']}: an equilibrium under {under}; equilibria reachable "
                f"by unilateral improvements: {_numbers(quo['unilateral'])}; by coalition "
                f"improvements: {_numbers(quo['coalition'])}.",
                markup=False,
            )
        for line in _joint_moves(analysis):
            console.print(line, markup=False)

    return payload, show


def _joint_moves(analysis: ConflictAnalysis, limit: int = 3) -> list[str]:
    """The first joint (multi-party) step of the shortest paths to reachable equilibria."""
    from accord.conflict._concepts import concept_name
    from accord.conflict._status_quo import equilibrium_concepts

    quo, model = analysis.status_quo, analysis.model
    if quo is None:
        return []
    ends: dict[tuple[int, int], int] = {}
    joints = {}
    for target, steps in sorted(quo.coalition.paths.items()):
        joint = next((step for step in steps if len(step.movers) > 1), None)
        if joint is not None:
            key = (joint.source, joint.target)
            if key not in ends or target == joint.target:
                ends[key], joints[key] = target, joint
    lines = {}
    for key, target in ends.items():
        joint = joints[key]
        concepts = ", ".join(
            concept_name(c, analysis.result.horizon)
            for c in equilibrium_concepts(analysis.result, target)
        )
        where = (
            "an equilibrium" if target == joint.target else f"leading to equilibrium {target + 1}"
        )
        lines[key] = (
            f"Joint move {'+'.join(model.dms[j] for j in joint.movers)}: {joint.source + 1} → "
            f"{joint.target + 1} ({model.change(joint.source, joint.target)}), {where} "
            f"({concepts})"
        )
    return list(lines.values())[:limit]


def _numbers(states: list[int]) -> str:
    return ", ".join(map(str, states)) or "none"


def summary_json(analysis: ConflictAnalysis) -> dict[str, Any]:
    """``{"states", "decision_makers", "equilibria", "status_quo"}`` for ``accord analyze``."""
    from accord.conflict._status_quo import equilibrium_concepts

    result = analysis.result
    quo = analysis.status_quo
    return {
        "states": analysis.model.size,
        "decision_makers": list(analysis.model.dms),
        "equilibria": {c: [s + 1 for s in result.equilibria(c)] for c in result.stable},
        "status_quo": None
        if quo is None
        else {
            "state": quo.state + 1,
            "equilibrium_under": equilibrium_concepts(result, quo.state),
            "unilateral": [s + 1 for s in sorted(quo.unilateral.paths)],
            "coalition": [s + 1 for s in sorted(quo.coalition.paths)],
        },
    }


def register(app: typer.Typer) -> None:
    """Add ``conflict`` to the app."""
    app.command("conflict")(conflict_command)
