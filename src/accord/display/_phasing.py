"""What a phasing analysis and the audits of written plans show: the verdicts, each step's
exposure and margins, the timetable and exposure figures of the report."""

from __future__ import annotations

from typing import Any

from accord._results import Display, Rows
from accord.figures import phasing as figures
from accord.phasing._analysis import PhasingAnalysis, PlanAudits, WrittenAudit


def display(analysis: PhasingAnalysis) -> Display:
    """Summary, tables (``steps`` of the planned plan, ``audits`` of the written ones) and the
    planned plan's figures."""
    data = analysis.to_dict()
    figures_shown: list[tuple[str, Any]] = []
    if data["plan"]["audit"] is not None:
        figures_shown = [
            ("Timetable.", lambda: figures.timetable(analysis)),
            ("Exposure and margins.", lambda: figures.exposure_and_margins(analysis)),
        ]
    return Display(
        summary(analysis, data),
        {
            "steps": lambda: steps(data["plan"]["audit"], data["plan"]["timetable"]),
            "audits": lambda: audits(analysis.audits),
        },
        figures_shown,
    )


def display_audits(result: PlanAudits) -> Display:
    """Summary, tables (``audits``, and every written plan's ``steps``) and each timetable."""
    shown = [
        (f"Timetable of '{w.name}'.", _drawing(w)) for w in result.audits if not w.audit.problems
    ]
    safe = sum(w.audit.safe for w in result.audits)
    head = f"{safe} of {len(result.audits)} written plans are safe."
    return Display(
        [head, *(_written(w) for w in result.audits)],
        {"audits": lambda: audits(result.audits), "steps": lambda: written_steps(result.audits)},
        shown,
    )


def _drawing(written: WrittenAudit) -> Any:
    return lambda: figures.timetable(written)


def summary(analysis: PhasingAnalysis, data: dict[str, Any]) -> list[str]:
    """The planner's verdict (or why there is no plan, with its fixes) and each written plan's."""
    plan = data["plan"]
    what = f"the package '{analysis.package}'" if analysis.package else "the package"
    values = plan["values"]
    if plan["audit"] is not None:
        lines = [
            f"A safe plan for {what} takes {values['last_period']:g} periods in "
            f"{values['steps']:g} steps ({plan['status']})."
        ]
    else:
        lines = [f"No safe plan for {what} was found ({plan['status']})."]
    explanation = data["explanation"]
    if explanation is not None:
        lines += [f"Fix: {fix['text']}" for fix in explanation["fixes"]]
    return lines + [_written(w) for w in analysis.audits]


def _written(written: WrittenAudit) -> str:
    audit = written.audit
    if audit.problems:
        return f"Written plan '{written.name}' cannot be carried out: {audit.problems[0]}."
    if audit.safe:
        return f"Written plan '{written.name}' is safe."
    first = audit.first_unsafe
    assert first is not None
    return (
        f"Written plan '{written.name}' is unsafe: at step {first.index} ({first.name}) "
        f"{first.party} gains {float(first.shortfall):g} by defecting."
    )


def steps(audit: dict[str, Any] | None, table: list[dict[str, Any]]) -> Rows:
    """One row per step: period, date, deliveries, each party's exposure and margin."""
    if audit is None:
        return []
    dates = {m["name"]: m["date"] for m in table}
    return [
        {
            "step": s["index"],
            "name": s["name"],
            "period": s["period"],
            "date": dates.get(s["name"]),
            "deliveries": ", ".join(f"{k}={v:g}" for k, v in s["deliveries"].items()),
            **{f"exposure_{p}": v for p, v in s["exposure"].items()},
            **{f"margin_{p}": v for p, v in s["margin"].items()},
        }
        for s in audit["steps"]
    ]


def audits(written: tuple[WrittenAudit, ...] | list[WrittenAudit]) -> Rows:
    """One row per written plan: safe or not, and where it first fails."""
    rows = []
    for w in written:
        first = w.audit.first_unsafe
        rows.append(
            {
                "plan": w.name,
                "package": w.package,
                "safe": w.audit.safe,
                "problems": "; ".join(w.audit.problems),
                "first_unsafe_step": None if first is None else first.name,
                "defector": None if first is None else first.party,
                "shortfall": None if first is None else float(first.shortfall),
            }
        )
    return rows


def written_steps(written: tuple[WrittenAudit, ...]) -> Rows:
    """The steps of every written plan, one row per (plan, step)."""
    rows: Rows = []
    for w in written:
        data = w.to_dict()
        rows += [{"plan": w.name, **row} for row in steps(data, data["timetable"])]
    return rows
