"""What a deal analysis shows: the zone, the solutions and proposals, the figures of the
report (outcome space or frontier, and the Monte Carlo figures when there are draws)."""

from __future__ import annotations

from typing import Any

from accord._results import Display, Rows
from accord.deal._analysis import DealAnalysis
from accord.figures import deal as figures
from accord.figures.deal import solution_name


def display(result: DealAnalysis) -> Display:
    """Summary, tables (``solutions``, ``proposals``, ``frontier``) and figures."""
    data = result.to_dict()
    return Display(
        summary(result, data),
        {
            "solutions": lambda: solutions(data),
            "proposals": lambda: proposals(data),
            "frontier": lambda: frontier(data),
        },
        _figures(result),
    )


def _figures(result: DealAnalysis) -> list[tuple[str, Any]]:
    shown: list[tuple[str, Any]] = []
    if len(result.parties) == 2:
        shown.append(("The outcome space.", lambda: figures.outcome_space(result)))
    else:
        shown.append(("The frontier.", lambda: figures.frontier_parallel(result)))
    if result.uncertainty is not None:
        draws: list[tuple[str, Any]] = [
            ("How likely is agreement.", lambda: figures.acceptance(result)),
            ("Monte Carlo margins.", lambda: figures.margin_distributions(result)),
            ("Sensitivity.", lambda: figures.sensitivity(result)),
        ]
        shown += draws
    return shown


def summary(result: DealAnalysis, data: dict[str, Any]) -> list[str]:
    """The zone, each solution's gains, each proposal's verdict, the Monte Carlo estimate."""
    zone = data["zone"]
    parties = ", ".join(result.parties)
    if zone is None:
        lines = [f"Bargaining parties {parties}; the deal has no items."]
    else:
        verdict = "exists" if zone["exists"] else "does not exist"
        lines = [
            f"Bargaining parties {parties}: a zone of agreement {verdict} "
            f"({zone['acceptable_packages']} of {zone['packages']} packages are acceptable to "
            f"everyone, by {zone['method']})."
        ]
    for name, solution in data["solutions"].items():
        gains = ", ".join(f"{p} {v:+g}" for p, v in solution["gains"].items())
        lines.append(f"{solution_name(name)} solution: gains {gains}.")
    for name, proposal in data["proposals"].items():
        verdict = (
            "acceptable to everyone"
            if proposal["acceptable"]
            else "refused by " + ", ".join(proposal["refused_by"])
        )
        lines.append(f"Proposal {name}: {verdict}.")
    if result.uncertainty is not None:
        lines.append(
            f"Probability that a zone of agreement exists: "
            f"{result.uncertainty['zone_probability']:.0%} "
            f"({result.uncertainty['draws']} draws, seed {result.uncertainty['seed']})."
        )
    return lines


def _package(package: dict[str, float]) -> str:
    return ", ".join(k if v == 1 else f"{k}={v:g}" for k, v in package.items())


def solutions(data: dict[str, Any]) -> Rows:
    """One row per bargaining solution: each party's utility and the package."""
    return [
        {"solution": name, **s["utilities"], "package": _package(s["package"])}
        for name, s in data["solutions"].items()
    ]


def proposals(data: dict[str, Any]) -> Rows:
    """One row per proposal: each party's utility, whether all accept it, who refuses it."""
    return [
        {
            "proposal": name,
            "label": p["label"],
            **p["utilities"],
            "acceptable": p["acceptable"],
            "refused_by": ", ".join(p["refused_by"]),
            "package": _package(p["package"]),
        }
        for name, p in data["proposals"].items()
    ]


def frontier(data: dict[str, Any]) -> Rows:
    """One row per Pareto-frontier point: each party's utility and one package reaching it."""
    return [
        {"point": i + 1, **p["utilities"], "package": _package(p["package"])}
        for i, p in enumerate(data["frontier"])
    ]
