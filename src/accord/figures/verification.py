"""Figures of verification: detection needed and reached, the inspection game, declarations.

:func:`detection` and :func:`declarations` take the
:class:`~accord.verification._analysis.VerificationReport` that ``accord verify FILE --json``
serialises; :func:`inspection_game` takes the
:class:`~accord.verification._inspection_game.GameSolution` of ``accord verify game --json``.

Examples
--------
>>> from accord.verification._inspection_game import game_parameters, solve_game
>>> solution = solve_game(game_parameters(1, 9, 1, 10, 1))
>>> inspection_game(solution)["datasets"]["equilibrium"][0]["p"]
0.1
"""

from __future__ import annotations

from accord.errors import FigureUnavailable
from accord.figures._spec import ACCENT, BAD, GOOD, NEUTRAL, Rows, Spec, chart, field, named
from accord.verification._analysis import VerificationReport
from accord.verification._inspection_game import GameSolution


def detection(report: VerificationReport) -> Spec:
    """Per commitment: the detection probability reached (bar) against the one needed to
    deter (tick); commitments left undeterred are called out."""
    plans = report.to_dict()["plans"]
    if not isinstance(plans, list) or not plans:
        raise FigureUnavailable("no commitment is verified (verification.verifies is empty)")
    rows: Rows = [
        {
            "item": p["item"],
            "giver": p["giver"],
            "required": p["required_detection"],
            "achieved": p["detection"],
            "deterred": p["deterred"],
            "verification": p["verification"],
            "text": ""
            if p["deterred"]
            else f"not deterred: {p['detection']:.1%} reached, {p['required_detection']:.1%} "
            "needed",
        }
        for p in plans
    ]
    items = [r["item"] for r in rows]
    y = field("item", "nominal", None, sort=items)
    share = {"type": "quantitative", "scale": {"domain": [0, 1]}, "axis": {"format": "%"}}
    tooltip = [
        field("item", "nominal", "Commitment"),
        field("giver", "nominal", "Giver"),
        field("verification", "nominal", "Verified by"),
        field("achieved", "quantitative", "Detection reached", format=".1%"),
        field("required", "quantitative", "Detection needed", format=".1%"),
    ]
    deterred = sum(r["deterred"] for r in rows)
    return chart(
        f"Detection needed and reached: {deterred} of {len(rows)} commitments deterred",
        "Bar: detection probability of the means chosen (green: deters cheating). "
        "Tick: the least detection that deters, gain / (gain + penalty).",
        {"commitments": rows},
        data=named("commitments"),
        width=420,
        height={"step": 26},
        encoding={"y": y, "tooltip": tooltip},
        layer=[
            {
                "mark": {"type": "bar", "opacity": 0.85},
                "encoding": {
                    "x": {"field": "achieved", "title": "Detection probability", **share},
                    "color": {"condition": {"test": "datum.deterred", "value": GOOD}, "value": BAD},
                },
            },
            {
                "mark": {"type": "tick", "thickness": 3, "color": ACCENT, "size": 22},
                "encoding": {"x": {"field": "required", **share}},
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 6, "color": BAD, "fontSize": 11},
                "encoding": {"x": {"field": "required", **share}, "text": field("text", "nominal")},
            },
        ],
    )


def inspection_game(solution: GameSolution) -> Spec:
    """The best responses of the inspection game and where they cross (the equilibrium).

    The inspectee violates when the inspection probability is below p* and stays legal above;
    the inspector inspects when the violation probability is above q* and does not below.
    """
    data = solution.to_dict()
    p, q = data["inspect_probability"], data["violate_probability"]
    assert isinstance(p, int | float)
    assert isinstance(q, int | float)
    if solution.deterrable:
        inspectee = [(0.0, 1.0), (p, 1.0), (p, 0.0), (1.0, 0.0)]
    else:
        inspectee = [(0.0, 1.0), (1.0, 1.0)]
    inspector = [(0.0, 0.0), (0.0, q), (1.0, q), (1.0, 1.0)]
    responses = [
        {"player": player, "order": k, "p": x, "q": y}
        for player, line in (("inspectee", inspectee), ("inspector", inspector))
        for k, (x, y) in enumerate(line)
    ]
    threshold = data["deterrence_threshold"]
    note = f"Equilibrium: inspect with probability {p:.3g}, violate with {q:.3g}. " + (
        f"An inspector who announces and keeps p ≥ {p:.3g} deters (detection ≥ {threshold:.3g})."
        if isinstance(threshold, int | float)
        else "No inspection probability deters: violating pays even under certain inspection."
    )
    unit = {"type": "quantitative", "scale": {"domain": [0, 1]}}
    return chart(
        "The inspection game: best responses",
        note,
        {"responses": responses, "equilibrium": [{"p": p, "q": q}]},
        width=360,
        height=300,
        layer=[
            {
                "data": named("responses"),
                "mark": {"type": "line", "strokeWidth": 2.5},
                "encoding": {
                    "x": {"field": "p", "title": "p: probability of inspecting", **unit},
                    "y": {"field": "q", "title": "q: probability of violating", **unit},
                    "order": field("order", "quantitative"),
                    "color": field(
                        "player",
                        "nominal",
                        "Best response of",
                        scale={"domain": ["inspectee", "inspector"], "range": [BAD, "#4c78a8"]},
                    ),
                },
            },
            {
                "data": named("equilibrium"),
                "mark": {"type": "point", "filled": True, "size": 120, "color": ACCENT},
                "encoding": {"x": {"field": "p", **unit}, "y": {"field": "q", **unit}},
            },
        ],
    )


def declarations(report: VerificationReport) -> Spec:
    """Each declaration against its estimate: the range, the central confidence interval, the
    mode, and the quantity declared."""
    found = report.to_dict()["declarations"]
    if not isinstance(found, list) or not found:
        raise FigureUnavailable("the scenario has no declarations")
    rows: Rows = [
        {
            "declaration": d["declaration"],
            "declared": d["declared"],
            "low": d["estimate"]["low"],
            "mode": d["estimate"]["mode"],
            "high": d["estimate"]["high"],
            "interval_low": d["interval"]["low"],
            "interval_high": d["interval"]["high"],
            "confidence": d["confidence"],
            "incomplete_probability": d["incomplete_probability"],
            "text": f"declared {d['declared']:g}: incomplete with probability "
            f"{d['incomplete_probability']:.1%}",
        }
        for d in found
    ]
    y = field("declaration", "nominal", None)
    quantity = {"type": "quantitative", "title": "Quantity"}
    return chart(
        "Declared against estimated",
        "Thin line: the estimate's range; thick bar: its central confidence interval "
        "(the declaration's confidence); tick: its mode; diamond: the quantity declared.",
        {"declarations": rows},
        data=named("declarations"),
        width=420,
        height={"step": 46},
        encoding={"y": y},
        layer=[
            {
                "mark": {"type": "rule", "color": NEUTRAL, "strokeWidth": 1.5},
                "encoding": {"x": {"field": "low", **quantity}, "x2": {"field": "high"}},
            },
            {
                "mark": {"type": "bar", "color": "#4c78a8", "opacity": 0.5, "size": 14},
                "encoding": {
                    "x": {"field": "interval_low", **quantity},
                    "x2": {"field": "interval_high"},
                },
            },
            {
                "mark": {"type": "tick", "color": "#4c78a8", "thickness": 2, "size": 22},
                "encoding": {"x": {"field": "mode", **quantity}},
            },
            {
                "mark": {
                    "type": "point",
                    "shape": "diamond",
                    "filled": True,
                    "size": 150,
                    "color": BAD,
                },
                "encoding": {"x": {"field": "declared", **quantity}},
            },
            {
                "mark": {"type": "text", "dy": -16, "align": "left", "fontSize": 11},
                "encoding": {
                    "x": {"field": "declared", **quantity},
                    "text": field("text", "nominal"),
                },
            },
        ],
    )
