"""What the verification results show: the verification report (commitments, means,
declarations, phased plans, with the detection and declaration figures) and the calculators
(sample size, detection, inspection game)."""

from __future__ import annotations

from typing import Any

from accord._results import Display, Rows
from accord.figures import verification as figures
from accord.verification._analysis import VerificationReport
from accord.verification._inspection_game import GameSolution
from accord.verification._sampling import DetectionResult, SamplePlan


def display(report: VerificationReport) -> Display:
    """Summary, tables (``commitments``, ``means``, ``declarations``, ``phased_plans``) and the
    detection and declaration figures."""
    data: dict[str, Any] = report.to_dict()
    shown: list[tuple[str, Any]] = [("Detection.", lambda: figures.detection(report))]
    if report.declarations:
        shown.append(("Declarations.", lambda: figures.declarations(report)))
    return Display(
        summary(data),
        {
            "commitments": lambda: _records(data["plans"], "uses", "inspections_needed"),
            "means": lambda: [{"means": k, **v} for k, v in data["means"].items()],
            "declarations": lambda: _declarations(data["declarations"]),
            "phased_plans": lambda: _records(data["phased_plans"], "deliveries", "lags"),
        },
        shown,
    )


def summary(data: dict[str, Any]) -> list[str]:
    """How many commitments are deterred at what cost, and each one that is not."""
    budget = "no budget limit" if data["budget"] is None else f"a budget of {data['budget']:g}"
    lines = [
        f"{data['deterred']} of {data['commitments']} commitments deterred, spending "
        f"{data['spent']:g} of {budget} ({data['objective']})."
    ]
    lines += [
        f"Commitment {p['item']} ({p['giver']}): {p['reason']}."
        for p in data["plans"]
        if not p["deterred"]
    ]
    lines += [f"Declaration {d['declaration']}: {d['reason']}." for d in data["declarations"]]
    lines += [
        f"Phased plan '{p['name']}' is {'safe' if p['safe'] else 'not safe'} against faked "
        "deliveries."
        for p in data["phased_plans"]
    ]
    return lines


def _records(rows: list[dict[str, Any]], *nested: str) -> Rows:
    """The rows without their nested parts, which a flat table cannot hold."""
    return [{k: v for k, v in row.items() if k not in nested} for row in rows]


def _declarations(rows: list[dict[str, Any]]) -> Rows:
    return [
        {
            "declaration": d["declaration"],
            "declared": d["declared"],
            **{f"estimate_{k}": v for k, v in d["estimate"].items()},
            "incomplete_probability": d["incomplete_probability"],
            "expected_shortfall": d["expected_shortfall"],
            "reason": d["reason"],
        }
        for d in rows
    ]


def display_sample_plan(plan: SamplePlan) -> Display:
    """Both sample sizes and their detection probabilities, as a sentence and a one-row table."""
    data = plan.to_dict()
    line = (
        f"To find at least one of {plan.falsified} falsified items among {plan.items} with "
        f"probability {float(1 - plan.nondetection):.1%} or more: draw {plan.exact} items "
        f"(exact; detection {float(plan.detection_probability):.2%}); the IAEA formula draws "
        f"{plan.iaea} (detection {float(plan.iaea_detection_probability):.2%})."
    )
    return Display([line], {"sample_size": lambda: _records([data], "exact_fractions")})


def display_detection(result: DetectionResult) -> Display:
    """The detection probability, as a sentence and a one-row table."""
    line = (
        f"A sample of {result.sample} of {result.items} items finds at least one of "
        f"{result.falsified} falsified items with probability "
        f"{float(result.detection_probability):.2%} (exactly {result.detection_probability})."
    )
    rows = _records([result.to_dict()], "exact_fractions")
    return Display([line], {"detection": lambda: rows})


def display_game(solution: GameSolution) -> Display:
    """The equilibrium and the leadership solution, a one-row table and the game's figure."""
    lines = [
        f"Equilibrium: inspect with probability {solution.inspect_probability}, violate with "
        f"probability {solution.violate_probability}.",
        f"A committed inspector deters with inspection probability "
        f"{solution.leadership_inspect_probability}."
        if solution.deterrable
        else "No inspection probability deters the violation.",
    ]
    data: dict[str, Any] = solution.to_dict()
    row = {
        "inspect_probability": data["inspect_probability"],
        "violate_probability": data["violate_probability"],
        "deterrence_threshold": data["deterrence_threshold"],
        "deterrable": data["deterrable"],
        "leadership_inspect_probability": data["leadership"]["inspect_probability"],
    }
    return Display(
        lines, {"game": lambda: [row]}, [("The game.", lambda: figures.inspection_game(solution))]
    )
