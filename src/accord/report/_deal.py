"""Terminal rendering of the deal analysis (rich tables and short explanations)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from accord.deal._analysis import DealAnalysis
from accord.deal._evaluate import Evaluation
from accord.deal._solutions import SOLUTIONS, Solution
from accord.report._deal_text import difference_text, grouped_text, refusal_lines
from accord.scenario._deal import Deal

MAX_FRONTIER_ROWS = 15


def _number(value: float) -> str:
    return f"{value:+.4g}" if value else "0"


def render_deal(console: Console, result: DealAnalysis, deal: Deal) -> None:
    """Print every part of the deal analysis that is present."""
    console.rule("[bold]Deal space[/bold]")
    if result.zone is None and result.adjusted_winner is None:
        console.print("Nothing to analyse: the deal: section has no items and no adjusted_winner")
    if result.zone is not None:
        _zone(console, result, deal)
    if result.frontier is not None:
        _frontier(console, result, deal)
    if result.solutions or result.missing:
        _solutions(console, result, deal)
    budget = result.time_budget
    if budget is not None and budget["ran_out"]:
        console.print(
            f"The time budget ({budget['seconds']:g} s, --time-limit) cut the solving short: "
            "what is not marked as cut short above is proven",
            markup=False,
        )
    for name, evaluation in result.proposals.items():
        _evaluation(
            console, result, f"Proposal {name}", result.labels.get(name, ""), evaluation, deal
        )
    if result.package is not None:
        _evaluation(console, result, "Package", "", result.package, deal)
    if result.adjusted_winner is not None:
        _adjusted_winner(console, result)
    if result.uncertainty is not None:
        _uncertainty(console, result.uncertainty)


def _zone(console: Console, result: DealAnalysis, deal: Deal) -> None:
    zone = result.zone
    assert zone is not None
    if zone.exists:
        count = ""
        if zone.acceptable_packages is not None:
            count = f": {zone.acceptable_packages} of {zone.packages} packages acceptable to all"
        console.print(f"Zone of agreement: [green]yes[/green]{count}")
        return
    console.print("Zone of agreement: [red]no[/red]: no package is acceptable to every party")
    for party, lowering in zone.lowering_needed.items():
        text = (
            "lowering its reservation alone cannot open the zone"
            if lowering is None
            else f"its reservation would have to drop by {lowering:g}"
        )
        console.print(f"  {party}: {text}", markup=False)
    if zone.closest is not None:
        short = ", ".join(f"{p} short by {v:g}" for p, v in zone.closest.shortfalls.items())
        console.print(
            f"  closest package: {grouped_text(zone.closest.package, deal)} ({short})",
            markup=False,
        )
    for block in zone.blocking:
        console.print(
            f"  blocking: {block['item']} costs {block['party']} {-block['value']:g}",
            markup=False,
        )


def _frontier(console: Console, result: DealAnalysis, deal: Deal) -> None:
    frontier = result.frontier
    assert frontier is not None
    if not frontier.points:
        console.print("Pareto frontier: empty (no acceptable package)")
        return
    everyone = [*result.parties, *result.stakeholders]
    exact = "exact" if frontier.exact and frontier.complete else "not exhaustive"
    table = Table(
        title=f"Pareto frontier over {', '.join(frontier.parties)} ({len(frontier.points)} "
        f"{'point' if len(frontier.points) == 1 else 'points'}, {frontier.method}, {exact})",
        show_edge=False,
    )
    table.add_column("#", justify="right")
    for party in everyone:
        table.add_column(party, justify="right")
    points = frontier.points
    step = 1 if len(points) <= MAX_FRONTIER_ROWS else len(points) // 10 + 1
    rows = sorted({*range(0, len(points), step), len(points) - 1})
    for number in rows:
        point = points[number]
        table.add_row(str(number + 1), *(f"{point.utilities[p]:g}" for p in everyone))
    console.print(table)
    if step > 1:
        console.print(f"  ({len(rows)} of {len(points)} points shown: one in {step}, and the last)")
    console.print(f"  #1: {grouped_text(points[0].package, deal)}", markup=False)
    if len(points) > 1:
        last = len(points)
        console.print(f"  #{last}: {grouped_text(points[-1].package, deal)}", markup=False)
    console.print(f"  {frontier.note}; --json lists every point's package", markup=False)


SCORE_NAMES = {
    "nash": "Nash product",
    "kalai_smorodinsky": "least ratio of gain to ideal gain",
    "egalitarian": "least gain",
    "utilitarian": "sum of gains",
}


def tie_text(name: str, solution: Solution) -> str:
    """A tie of ``solution`` in words, or "" when it is unique (or ties were not counted).

    >>> print(tie_text("egalitarian", Solution("egalitarian", {}, {}, {}, True, "", 3, 1)))
    a tie: 3 packages reach the same least gain; of them, this one has the largest sum of gains
    """
    if not solution.tied or solution.tied == 1:
        return ""
    text = f"a tie: {solution.tied} packages reach the same {SCORE_NAMES[name]}"
    after = solution.tied_after_tiebreak or 1
    shown = "equally good: shown, the one with the smallest amounts in item order"
    if name == "utilitarian" or after == solution.tied:
        return f"{text}, {shown}"
    if after == 1:
        return f"{text}; of them, this one has the largest sum of gains"
    return f"{text}; the largest sum of gains leaves {after}, {shown}"


def _solutions(console: Console, result: DealAnalysis, deal: Deal) -> None:
    table = Table(title="Bargaining solutions (exact over packages)", show_edge=False)
    table.add_column("solution")
    for party in result.parties:
        table.add_column(f"gain {party}", justify="right")
    table.add_column("units")
    found = [(name, result.solutions[name]) for name in SOLUTIONS if name in result.solutions]
    for name, solution in found:
        table.add_row(
            name,
            *(f"{solution.gains[p]:g}" for p in result.parties),
            "scale-dependent" if solution.scale_dependent else "scale-free",
        )
    console.print(table)
    for name, solution in found:
        console.print(f"  {name}: {grouped_text(solution.package, deal)}", markup=False)
        tie = tie_text(name, solution)
        if tie:
            console.print(f"    {tie}", markup=False)
        if not solution.proven:
            console.print(f"    {status_text(name, solution)}", markup=False)
    for name in SOLUTIONS:
        if name not in result.solutions:
            reason = result.missing.get(name, "no package is acceptable")
            console.print(f"  {name}: not computed ({reason})", markup=False)


def status_text(name: str, solution: Solution) -> str:
    """How far from proven a solution the time budget cut short is, in words.

    >>> s = Solution("nash", {}, {}, {}, False, "", score=40.0, proven=False, bound=50.0)
    >>> print(status_text("nash", s))
    the best found in the time budget, not proven optimal: Nash product 40, at most 50 (gap 25%)
    """
    if solution.proven:
        return "proven optimal"
    text = f"the best found in the time budget, not proven optimal: {SCORE_NAMES[name]} "
    text += f"{solution.score:.6g}"
    if solution.bound is None:
        return text + " (no bound known)"
    gap = "" if solution.gap is None else f" (gap {solution.gap:.0%})"
    return text + f", at most {solution.bound:.6g}{gap}"


def _evaluation(
    console: Console,
    result: DealAnalysis,
    title: str,
    label: str,
    evaluation: Evaluation,
    deal: Deal,
) -> None:
    console.print(f"[bold]{title}[/bold] {label}".rstrip())
    console.print(f"  package: {grouped_text(evaluation.package, deal)}", markup=False)
    gains = ", ".join(f"{p} {_number(g)}" for p, g in evaluation.gains.items())
    console.print(f"  gains over reservation: {gains}", markup=False)
    if evaluation.acceptable:
        console.print("  acceptable to every party", markup=False)
    for party, why in evaluation.refusals.items():
        who = f"{party} (stakeholder)" if party in result.stakeholders else party
        for line in refusal_lines(who, why):
            console.print(f"  {line}", markup=False)
    for text in evaluation.violated_constraints:
        console.print(f"  violates the constraint: {text}", markup=False)
    if evaluation.efficient:
        console.print(
            "  efficient: no acceptable package is better for one side and no worse for the other",
            markup=False,
        )
    elif evaluation.dominated_by is not None:
        better = ", ".join(f"{p} {evaluation.dominated_by.utilities[p]:g}" for p in result.parties)
        console.print(
            f"  dominated by: {grouped_text(evaluation.dominated_by.package, deal)} "
            f"(utilities {better})",
            markup=False,
        )
    nash = result.solutions.get("nash")
    if nash is not None and nash.package != evaluation.package:
        change = difference_text(evaluation.package, nash.package, deal)
        console.print(f"  the Nash package instead: {change}", markup=False)


def _adjusted_winner(console: Console, result: DealAnalysis) -> None:
    division = result.adjusted_winner
    assert division is not None
    a, b = division.parties
    table = Table(title="Adjusted Winner (exact)", show_edge=False)
    table.add_column("item")
    table.add_column(a, justify="right")
    table.add_column(b, justify="right")
    for item, shares in division.shares.items():
        table.add_row(item, str(shares[a]), str(shares[b]))
    table.add_row("points", str(division.totals[a]), str(division.totals[b]))
    console.print(table)
    split = division.split_item or "none"
    console.print(
        f"  split item: {split}; each party gets "
        f"{division.totals[a]} = {float(division.totals[a]):.4g} points",
        markup=False,
    )


def _uncertainty(console: Console, data: dict[str, Any]) -> None:
    console.print(
        f"[bold]Uncertainty[/bold]: {data['draws']} draws (seed {data['seed']}) over "
        f"{data['parameters']} ranges, {data['distribution']}"
    )
    if data["zone_method"] == "enumeration":
        how = "every package checked in every draw"
    elif data["zone_probability"] == 1.0:
        how = "a frontier, solution or proposal package is acceptable in every draw, so 1 is exact"
    else:
        how = "a lower bound: only the frontier, solution and proposal packages are checked"
    console.print(f"  P(zone of agreement) = {data['zone_probability']:.3f} ({how})", markup=False)
    rows = [*data["proposals"].items(), *data["solutions"].items()]
    if "package" in data:
        rows.append(("--package", data["package"]))
    if rows:
        table = Table(title="Probability of acceptance", show_edge=False)
        table.add_column("package")
        parties = list(rows[0][1])
        for party in parties:
            table.add_column(party, justify="right")
        for name, accepted in rows:
            table.add_row(name, *(f"{accepted[p]:.3f}" for p in parties))
        console.print(table)
    console.print(f"  what matters most for: {data['sensitivity_outcome']}", markup=False)
    moving = [row for row in data["sensitivity"] if row["swing"]]
    if not moving:
        console.print("    (no range changes it in these draws)", markup=False)
    for row in moving[:5]:
        console.print(
            f"    {row['parameter']} [{row['low']:g}, {row['high']:g}]: swing {row['swing']:+.3f}",
            markup=False,
        )


def render_summary(console: Console, result: DealAnalysis, deal: Deal) -> None:
    """The short deal section of ``accord analyze``."""
    console.rule("[bold]Deal[/bold]")
    zone = result.zone
    if zone is not None and result.frontier is not None and zone.exists:
        console.print(
            f"Zone of agreement: yes; {len(result.frontier.points)} efficient packages",
            markup=False,
        )
    elif zone is not None:
        drops = [f"{p}'s by {v:g}" for p, v in zone.lowering_needed.items() if v is not None]
        console.print(
            "Zone of agreement: no"
            + (f"; it opens if one reservation drops: {', or '.join(drops)}" if drops else ""),
            markup=False,
        )
    nash = result.solutions.get("nash")
    if nash is not None:
        gains = ", ".join(f"{p} {g:+g}" for p, g in nash.gains.items())
        console.print(f"Nash solution ({gains}): {grouped_text(nash.package, deal)}", markup=False)
        if not nash.proven:
            console.print(f"  {status_text('nash', nash)}", markup=False)
    elif "nash" in result.missing:
        console.print(f"Nash solution: not computed ({result.missing['nash']})", markup=False)
    for name, evaluation in result.proposals.items():
        refusers = ", ".join(evaluation.refused_by) or "a constraint"
        verdict = "acceptable to all" if evaluation.acceptable else f"refused by {refusers}"
        console.print(f"Proposal {name}: {verdict}", markup=False)
    if result.adjusted_winner is not None:
        aw = result.adjusted_winner
        console.print(
            f"Adjusted Winner: split item {aw.split_item or 'none'}; "
            f"{aw.totals[aw.parties[0]]} points each",
            markup=False,
        )
    console.print("(details: accord deal FILE)", markup=False)
