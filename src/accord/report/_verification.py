"""Terminal rendering of the verification results (sampling, inspection game, scenario)."""

from __future__ import annotations

from fractions import Fraction

from rich.console import Console
from rich.table import Table

from accord.verification._allocation import uses_text
from accord.verification._analysis import VerificationReport
from accord.verification._inspection_game import GameSolution
from accord.verification._numbers import show
from accord.verification._sampling import DetectionResult, SamplePlan


def _percent(number: Fraction) -> str:
    return f"{float(number):.2%}"


def render_sample_plan(console: Console, plan: SamplePlan) -> None:
    """Print both sample sizes and what each achieves."""
    console.print(
        f"Population {plan.items} items, {plan.falsified} falsified to divert; "
        f"target detection {_percent(1 - plan.nondetection)} "
        f"(nondetection {show(plan.nondetection)})",
        markup=False,
    )
    table = Table(show_edge=False)
    table.add_column("method")
    table.add_column("sample", justify="right")
    table.add_column("exact detection probability", justify="right")
    over = f" (over {plan.max_sample})" if plan.iaea_over_max else ""
    table.add_row(
        "IAEA formula ceil(N(1-β^(1/M)))",
        f"{plan.iaea}{over}",
        f"{_percent(plan.iaea_detection_probability)}",
    )
    table.add_row(
        "exact hypergeometric minimum", str(plan.exact), f"{_percent(plan.detection_probability)}"
    )
    console.print(table)
    if plan.iaea_over_max:
        console.print(
            f"note: the IAEA formula asks for {plan.iaea} items, more than --max-sample "
            f"{plan.max_sample} allows; the exact minimum, {plan.exact}, is within it",
            markup=False,
        )


def render_detection(console: Console, result: DetectionResult) -> None:
    """Print the detection probability of one sample."""
    console.print(
        f"A sample of {result.sample} of {result.items} items, {result.falsified} falsified: "
        f"detection probability {_percent(result.detection_probability)} "
        f"(exactly {show(result.detection_probability)})",
        markup=False,
    )


def render_game(console: Console, solution: GameSolution) -> None:
    """Print the equilibrium and the leadership solution of the inspection game."""
    table = Table(title="Inspection game", show_edge=False)
    table.add_column("")
    table.add_column("value", justify="right")
    table.add_row("inspect probability p*", show(solution.inspect_probability))
    table.add_row("violate probability q*", show(solution.violate_probability))
    table.add_row("inspector payoff", show(solution.inspector_payoff))
    table.add_row("inspectee payoff", show(solution.inspectee_payoff))
    console.print(table)
    if solution.deterrence_threshold is None:
        console.print(
            "Inspection cannot deter: even certain inspection leaves violating profitable.",
            markup=False,
        )
        return
    assert solution.leadership_inspect_probability is not None
    assert solution.leadership_inspector_payoff is not None
    console.print(
        f"Inspector leadership: announcing p ≥ {show(solution.leadership_inspect_probability)} "
        f"(detection probability ≥ {show(solution.deterrence_threshold)}) keeps the inspectee "
        f"legal; the inspector's payoff improves to {show(solution.leadership_inspector_payoff)}.",
        markup=False,
    )


def render_report(console: Console, report: VerificationReport) -> None:
    """Print means, the allocation per commitment (with the reason) and the declarations."""
    a = report.allocation
    budget = (
        "an unlimited budget" if a.budget is None else f"one period's budget ({show(a.budget)})"
    )
    status = "optimal" if a.optimal else f"best found (gap {a.gap:.2%}, time limit)"
    console.rule("[bold]Verification[/bold]")
    console.print(
        f"{a.deterred} of {len(a.plans)} commitments deterred when all are checked in the same "
        f"period, sharing {budget}; spent {show(a.spent)}; objective {a.objective} ({status})",
        markup=False,
    )
    table = Table(show_edge=False)
    for column in ("item", "giver", "needs", "verification", "detects", "deterred"):
        table.add_column(column)
    for plan in a.plans:
        c = plan.commitment
        table.add_row(
            c.item,
            c.giver,
            _percent(plan.required),
            uses_text(c, plan.chosen.uses),
            _percent(plan.chosen.detection),
            "yes" if plan.deterred else "NO",
        )
    console.print(table)
    for plan in a.plans:
        console.print(f"- {plan.commitment.item}: {plan.reason}", markup=False)
    for check in report.declarations:
        console.print(f"Declaration {check.name}: {check.reason}", markup=False)
    render_phased_plans(console, report)


def render_phased_plans(console: Console, report: VerificationReport) -> None:
    """Print, per phased plan, whether faking a delivery pays, delivery by delivery."""
    if report.plans:
        budget = report.allocation.budget
        shared = "no budget limit" if budget is None else f"the budget of {show(budget)} per period"
        console.print(
            "Phased plans: each delivery is checked in its own period, against what is at stake "
            f"at that step, the deliveries of a period sharing {shared} (so a commitment the "
            "table above leaves unverified can be verified when it is delivered)",
            markup=False,
        )
    for named in report.plans:
        if named.checked is None:
            console.print(
                f"Phased plan {named.name} ({named.source}): no plan ({named.status}): "
                f"{named.reason}",
                markup=False,
            )
            continue
        verdict = "safe" if named.checked.safe else "NOT safe"
        console.print(
            f"Phased plan {named.name} ({named.source}): {verdict} against withheld and faked "
            "deliveries",
            markup=False,
        )
        for d in named.checked.deliveries:
            console.print(
                f"  period {d.period}: {d.party} delivers {d.item} — {d.reason}", markup=False
            )
