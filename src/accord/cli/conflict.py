"""``accord conflict FILE``: Graph Model stability, explanations and status quo analysis."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.progress import Progress

from accord.cli import analyze
from accord.cli.common import JSON_OPTION, console, emit_json, fail, load_or_exit, no_section
from accord.conflict.analysis import ConflictAnalysis, analyse_conflict, complete_analysis
from accord.conflict.build import build_model
from accord.conflict.concepts import (
    CONCEPTS,
    DEFAULT_CONCEPTS,
    DEFAULT_HORIZON,
    NAMES,
    concept_name,
)
from accord.conflict.extras import ExtrasPlan, plan_extras
from accord.conflict.model import ConflictModel
from accord.conflict.stability import StabilityResult, analyse, check_concepts
from accord.conflict.status_quo import equilibrium_concepts
from accord.errors import AccordError
from accord.report.conflict import render_conflict
from accord.scenario import Scenario

PROGRESS_FROM = 20_000
"""Models with at least this many states show a progress bar on the terminal."""


def conflict_command(
    file: Path = typer.Argument(..., help="The scenario file (YAML) with a `conflict:` section."),
    as_json: bool = JSON_OPTION,
    concept: list[str] = typer.Option(
        list(DEFAULT_CONCEPTS),
        "--concept",
        "-c",
        help="Stability concept(s): nash, gmr, smr, seq (the default four), sim, lh, nm; "
        "`all` for every one.",
    ),
    horizon: int = typer.Option(
        DEFAULT_HORIZON, "--horizon", help="How many moves ahead L_h looks (the h of L_h)."
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
    scenario = load_or_exit(file, as_json)
    try:
        if scenario.conflict is None:
            raise no_section("conflict")
        asked = list(CONCEPTS) if "all" in concept else concept
        model = build_model(scenario)
        if "all" in concept and not model.is_option_form:
            asked = [c for c in asked if c != "sim"]
        check_concepts(model, asked, horizon)
        asked = [c for c in CONCEPTS if c in asked]  # each once, in the usual order
        chosen = explain_states or None
        if chosen is None and not as_json:
            chosen = [] if model.status_quo is None else [model.status_quo + 1]
        plan = plan_extras(scenario, model, coalitions, desired, desired_concept, tables)
        analysis = _analysis(model, asked, chosen, as_json, horizon, (plan, scenario))
    except AccordError as error:
        fail(error, as_json)
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


def _analysis(
    model: ConflictModel,
    concepts: list[str],
    chosen: list[int] | None,
    as_json: bool,
    horizon: int,
    extras: tuple[ExtrasPlan, Scenario],
) -> ConflictAnalysis:
    """Stability concept by concept, then the status quo and explanations, with a progress bar
    for large models; Ctrl-C keeps what is done (exit 130 if nothing is)."""
    plan, scenario = extras
    coalition_steps = 0 if plan.coalitions is None else len(plan.coalitions)
    total = len(concepts) * len(model.dms) + 1 + coalition_steps
    with _progress(model.size, total, as_json) as tick:
        done: dict[str, Any] = {}
        details: dict[str, dict[str, int]] = {}

        def step(c: str, i: int) -> None:
            who = "everyone" if c in ("lh", "nm", "sim") else model.dms[i]
            tick(f"{concept_name(c, horizon)} for {who}")

        try:
            for name in concepts:
                part = analyse(model, [name], step, horizon)
                done.update(part.stable)
                details.update(part.details)
            tick("status quo paths and explanations")
            result = StabilityResult(model, done, details)
            return complete_analysis(result, chosen, plan, scenario, tick)
        except KeyboardInterrupt:
            if not done:
                raise
    result = StabilityResult(model, done, details)
    return ConflictAnalysis(result, (), None, interrupted=True)


@contextmanager
def _progress(size: int, total: int, quiet: bool) -> Iterator[Callable[[str], None]]:
    if quiet or size < PROGRESS_FROM:
        yield lambda _label: None
        return
    with Progress(console=console, transient=True) as bar:
        task = bar.add_task(f"{size:,} states", total=total)

        def tick(label: str) -> None:
            bar.update(task, advance=1, description=f"{size:,} states: {label}")

        yield tick


def summarise(scenario: Scenario) -> tuple[dict[str, Any], Callable[[], None]]:
    """The conflict summary for ``accord analyze``: equilibria and the status quo's prospects."""
    analysis = analyse_conflict(scenario, explain_states=[])
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
    """Add ``conflict`` to the app and its summary to ``accord analyze``."""
    app.command("conflict")(conflict_command)
    analyze.SECTION_SUMMARIES["conflict"] = summarise
