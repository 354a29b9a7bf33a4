"""What a robustness sweep shows: its verdicts with intervals, margins, packages; the figures."""

from __future__ import annotations

from typing import Any

from accord._results import Display, Rows
from accord.figures import _sweep as figures
from accord.sweep._aggregate import SweepResult


def display(result: SweepResult) -> Display:
    """Summary, tables (``verdicts``, ``margins``, ``solutions``, ``parameters``) and the
    verdict, sensitivity and margin figures."""
    data: dict[str, Any] = result.to_dict()
    return Display(
        summary(data),
        {
            "verdicts": lambda: _verdicts(data["verdicts"]),
            "margins": lambda: _margins(data["margins"]),
            "solutions": lambda: [
                {"solution": k, **{f: v[f] for f in ("most_often", "share", "distinct", "draws")}}
                for k, v in data["solutions"].items()
            ],
            "parameters": lambda: list(data["parameters"]),
        },
        [
            ("How often each verdict holds.", lambda: figures.verdicts(result)),
            ("What moves the first verdict that flips.", lambda: figures.sensitivity(result)),
            ("Lowest margins over the plans.", lambda: figures.margins(result)),
        ],
    )


def summary(data: dict[str, Any]) -> list[str]:
    """How many draws, and each verdict's share with its interval and what moves it most."""
    state = " (partial: interrupted)" if data["partial"] else ""
    lines = [
        f"{data['draws']:,} of {data['requested']:,} draws{state} of "
        f"{len(data['parameters'])} uncertain numbers, seed {data['seed']}."
    ]
    for v in data["verdicts"]:
        if v["probability"] is None:
            continue
        lead = v["sensitivity"][0] if v["sensitivity"] else None
        moved = "" if lead is None else f"; {lead['label']} moves it most ({lead['swing']:+.0%})"
        lines.append(
            f"'{v['label']}' holds in {v['probability']:.0%} of draws "
            f"(95% {v['low']:.0%} to {v['high']:.0%}){moved}."
        )
    return lines


def _verdicts(verdicts: list[dict[str, Any]]) -> Rows:
    return [
        {
            "verdict": v["label"],
            "id": v["id"],
            "probability": v["probability"],
            "low": v["low"],
            "high": v["high"],
            "draws": v["draws"],
            "unknown": v["unknown"],
            "moved_most_by": v["sensitivity"][0]["label"] if v["sensitivity"] else None,
        }
        for v in verdicts
    ]


def _margins(margins: dict[str, Any]) -> Rows:
    rows: Rows = []
    for key, m in margins.items():
        _, plan, party = key.split(".", 2)
        q = m["quantiles"] or {}
        rows.append(
            {
                "plan": plan,
                "party": party,
                "draws": m["draws"],
                "min": m["min"],
                "q05": q.get("0.05"),
                "median": q.get("0.5"),
                "q95": q.get("0.95"),
            }
        )
    return rows
