"""Terminal rendering of phasing results: timetables, per-step margins, verdicts, fixes."""

from __future__ import annotations

from fractions import Fraction

from rich.console import Console
from rich.table import Table

from accord.phasing._analysis import PhasingAnalysis, WrittenAudit
from accord.phasing._audit import Audit
from accord.phasing._result import PlanResult
from accord.phasing._substance import Substance
from accord.phasing._timetable import Milestone


def _num(value: Fraction | float | None) -> str:
    if value is None:
        return "—"
    return f"{float(value):,.6g}"


def _deliveries(milestone: Milestone) -> str:
    return "; ".join(
        f"{party}: " + ", ".join(f"{item} {_num(a)}" for item, a in items.items())
        for party, items in milestone.deliveries.items()
    )


def render_steps(console: Console, audit: Audit, table_rows: list[Milestone], title: str) -> None:
    """The dated deliveries, then each party's exposure and margin after every step."""
    console.print(f"[bold]{title}[/bold]")
    for m in table_rows:
        console.print(
            f"  {m.date.isoformat()}  {m.name}: {_deliveries(m) or 'nothing delivered'}",
            markup=False,
        )
    parties = list(audit.min_margin)
    table = Table(
        show_edge=False, caption="exposure / margin after each step (— nothing left to give)"
    )
    table.add_column("after step")
    table.add_column("period", justify="right")
    for party in parties:
        table.add_column(party, justify="right")
    for row in audit.steps:
        cells = [row.name, str(row.period)]
        for party in parties:
            margin = row.margin[party]
            text = f"{_num(row.exposure[party])} / {_num(margin)}"
            cells.append(f"[red]{text}[/red]" if margin is not None and margin < 0 else text)
        table.add_row(*cells)
    console.print(table)


def render_verdict(console: Console, audit: Audit, name: str) -> None:
    """One line: safe, or the first unsafe step and its shortfall; then feasibility problems."""
    if audit.safe:
        console.print(
            f"[green]{name}: safe[/green] (lowest margins: "
            + ", ".join(f"{p} {_num(m)}" for p, m in audit.min_margin.items())
            + ")"
        )
    elif audit.first_unsafe is not None:
        u = audit.first_unsafe
        console.print(
            f"[red]{name}: unsafe[/red] — at {u.name} (step {u.index}) {u.party} "
            f"gains {_num(u.shortfall)} by defecting"
        )
    else:
        console.print(f"[red]{name}: cannot be carried out as written[/red]")
    for problem in audit.problems:
        console.print(f"  - {problem}", markup=False)


def render_substance(console: Console, score: Substance) -> None:
    """The substance score in one line."""
    share = {
        "quantity": score.with_quantity,
        "deadline": score.with_deadline,
        "verification": score.with_verification,
    }
    n = score.commitments
    detail = ", ".join(f"{k} {float(v):.2f} ({v * n} of {n})" for k, v in share.items())
    console.print(
        f"substance score {float(score.score):.2f}: share of the {n} commitments with a "
        f"quantity, a deadline and a verification means ({detail})",
        markup=False,
    )


def render_written(console: Console, written: WrittenAudit) -> None:
    """One audited written plan: table, verdict, the snapback's contribution, substance."""
    title = f"Plan '{written.name}'" + (f" — {written.label}" if written.label else "")
    render_steps(console, written.audit, written.timetable, title)
    render_verdict(console, written.audit, written.name)
    plain = written.without_snapback
    if plain is not None:
        verdict = "would still be safe" if plain.safe else "would be unsafe"
        console.print(
            f"  without the snapback (if nothing were reversible) the plan {verdict}",
            markup=False,
        )
        for party, low in written.audit.min_margin.items():
            before = plain.min_margin.get(party)
            if low is not None and before is not None and low != before:
                console.print(
                    f"  reversibility adds {_num(low - before)} to {party}'s lowest margin "
                    f"({_num(before)} -> {_num(low)})",
                    markup=False,
                )
    render_substance(console, written.substance)


def _proof(status: str, gap: float | None) -> str:
    if status == "optimal":
        return "proven optimal"
    if status == "interrupted":
        return "interrupted: the best plan found so far, not proven optimal"
    return f"time limit reached; gap {_num(gap)}"


def _lower_bound(result: PlanResult) -> str | None:
    """What is proven about the fewest periods, when the plan is not proven optimal."""
    if result.status == "optimal" or result.periods_at_least <= 1:
        return None
    by = "a certificate" if result.ruled_out_by == "certificate" else "the solver"
    return f"every safe plan needs at least {result.periods_at_least} periods (proven by {by})"


def render_plan(console: Console, analysis: PhasingAnalysis) -> None:
    """The planner's result: timetable and margins, or why no safe plan exists."""
    result = analysis.result
    label = analysis.package or "the package"
    console.rule(f"Phased plan for {label}")
    console.print("the agreement as written — ", end="", markup=False)
    render_substance(console, analysis.agreement)
    if result.plan is not None and result.audit is not None:
        render_steps(console, result.audit, analysis.timetable, "Timetable")
        proof = _proof(result.status, result.gap)
        v = result.values
        console.print(
            f"{_num(v['last_period'])} periods, {_num(v['steps'])} steps, largest exposure "
            f"{_num(v['max_exposure'])} (objective: {result.objective}; {proof})",
            markup=False,
        )
        bound = _lower_bound(result)
        if bound is not None:
            console.print(bound, markup=False)
        if analysis.substance is not None:
            render_substance(console, analysis.substance)
        return
    if result.status == "unknown":
        console.print(
            "[red]no safe plan found within the time limit[/red] (none proven impossible either)"
        )
        bound = _lower_bound(result)
        if bound is not None:
            console.print(f"proven so far: {bound}", markup=False)
        _render_certificate(console, result)
    else:
        console.print(f"[red]no safe plan within the horizon[/red] ({result.status})")
        _render_reason(console, result)
    _render_horizons(console, result)
    _render_explanation(console, analysis)


def _render_horizons(console: Console, result: PlanResult) -> None:
    """Each run of horizons and what ruled it out (or that it is open), when the search tried
    more than one kind of proof or left some open."""
    kinds = {h.by for h in result.horizons}
    if len(kinds) < 2 and kinds != {"open"}:
        return
    console.print("horizons searched:", markup=False)
    for run in result.horizons:
        console.print(f"  {run.text}", markup=False)


def _render_reason(console: Console, result: PlanResult) -> None:
    cert = result.certificate
    if cert is not None and cert.rules_out(result.periods_at_least - 1):
        console.print(f"why (checked independently): {cert.text}", markup=False)
    elif result.ruled_out_by == "solver":
        _render_certificate(console, result)
        last = result.periods_at_least - 1
        first = cert.periods if cert is not None and cert.periods and cert.periods > 1 else 1
        shown = f"{first} to {last} periods" if first < last else f"{last} periods"
        console.print(
            f"why: the solver proved that {shown} cannot hold a safe plan either "
            "(a proof by search, not a reason a person can check)",
            markup=False,
        )


def _render_certificate(console: Console, result: PlanResult) -> None:
    """The bound a person can check, when it says more than "one period"."""
    cert = result.certificate
    if cert is None or cert.periods is None or cert.periods <= 1:
        return
    console.print(
        f"why at least {cert.periods} periods (checked independently): {cert.text}", markup=False
    )


def _render_explanation(console: Console, analysis: PhasingAnalysis) -> None:
    why = analysis.explanation
    if why is None:
        return
    if why.defector is not None:
        d = why.defector
        binds = ""
        if why.withholds:
            items = ", ".join(f"'{i}'" for i in why.withholds)
            binds = f" (withholding {items}; noticed in period {why.noticed_in})"
        console.print(
            f"in the closest plan, {d.party} gains {_num(d.shortfall)} by defecting at "
            f"step {d.index}{binds}",
            markup=False,
        )
    for fix in why.fixes:
        kind = "fix" if fix.verified else "likely fix (not checked in the time)"
        console.print(f"  {kind}: {fix.text}", markup=False)
