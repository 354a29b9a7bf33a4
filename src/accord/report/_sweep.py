"""Terminal rendering of a robustness sweep: each verdict's probability, what moves it, margins."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from accord.sweep._aggregate import SweepResult


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1%}"


def render_sweep(console: Console, result: SweepResult) -> None:
    """Print the sweep: header, verdicts with intervals and their leading estimate, margins,
    and the packages the bargaining solutions pick."""
    data = result.to_dict()
    state = " (partial: interrupted)" if data["partial"] else ""
    console.print(
        f"{data['title']}: {data['draws']:,} of {data['requested']:,} draws{state}, seed "
        f"{data['seed']}, {len(data['parameters'])} uncertain numbers drawn "
        f"{data['distribution']}",
        markup=False,
    )
    console.print(_verdicts(data["verdicts"]))
    if data["margins"]:
        console.print(_margins(data["margins"]))
    if data["solutions"]:
        console.print(_solutions(data["solutions"]))


def _verdicts(verdicts: list[dict[str, Any]]) -> Table:
    table = Table(title="How often each verdict holds (95% Wilson interval)", show_edge=False)
    for column in ("verdict", "probability", "interval", "draws", "moved most by (swing)"):
        table.add_column(column, justify="right" if column in ("probability", "draws") else "left")
    for v in verdicts:
        lead = v["sensitivity"][0] if v["sensitivity"] else None
        moved = "never flips" if lead is None else f"{lead['label']} ({lead['swing']:+.0%})"
        unknown = f" ({v['unknown']} unknown)" if v["unknown"] else ""
        table.add_row(
            v["label"],
            _percent(v["probability"]),
            f"{_percent(v['low'])} - {_percent(v['high'])}",
            f"{v['draws']:,}{unknown}",
            moved,
        )
    return table


def _margins(margins: dict[str, dict[str, Any]]) -> Table:
    table = Table(title="Lowest margin over each plan, per party", show_edge=False)
    for column in ("plan", "party", "min", "5%", "median", "95%"):
        table.add_column(column, justify="left" if column in ("plan", "party") else "right")
    for key, m in margins.items():
        _, plan, party = key.split(".", 2)
        q = m["quantiles"]
        cells = ["-"] * 4 if q is None else [f"{m['min']:.2f}"] + [f"{v:.2f}" for v in q.values()]
        table.add_row(plan, party, *cells)
    return table


def _solutions(solutions: dict[str, dict[str, Any]]) -> Table:
    table = Table(title="Package each bargaining solution picks most often", show_edge=False)
    for column in ("solution", "package", "share", "distinct packages"):
        table.add_column(column, justify="right" if column == "share" else "left")
    for name, s in solutions.items():
        table.add_row(name, s["most_often"], _percent(s["share"]), str(s["distinct"]))
    return table
