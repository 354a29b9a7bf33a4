"""Figures: pure functions from a result to a Vega-Lite specification (a JSON-ready dict).

One spec, every medium: the report (static SVG and interactive HTML, through
:mod:`accord.figures.render`), the browser workbench and notebooks draw the same spec. Each
function draws the result object that an ``accord ... --json`` command serialises, never a
recomputation: its data sit inline under the spec's ``datasets`` (tests read them back and
compare them with the JSON). A figure that cannot be drawn from a result (a conflict too large
to draw, a deal without items, ...) raises :class:`~accord.errors.FigureUnavailable`, whose
message says why.

=====================  ==========================================================================
module                 figures
=====================  ==========================================================================
``conflict``           ``option_form``, ``preference_rankings``, ``stability_grid``,
                       ``status_quo_graph`` (models of up to 64 states)
``deal``               ``outcome_space`` (two parties), ``frontier_parallel`` (three or more),
                       ``margin_distributions``, ``acceptance``, ``sensitivity`` (tornado)
``phasing``            ``timetable``, ``exposure_and_margins`` (planned or written plans)
``verification``       ``detection``, ``declarations``, ``inspection_game``
``ledger``             ``status_swimlanes``
``sweep``              ``verdicts`` (with intervals), ``sensitivity``, ``margins``
``compare``            several scenarios side by side
=====================  ==========================================================================

Examples
--------
>>> from accord.scenario import load
>>> from accord import analyze_conflict
>>> from accord.figures import conflict, render
>>> spec = conflict.stability_grid(analyze_conflict(load("examples/chicken.yaml")))
>>> render.to_svg(spec)[:4]
'<svg'
"""

from accord.figures import compare, conflict, deal, ledger, phasing, render, verification

__all__ = ["compare", "conflict", "deal", "ledger", "phasing", "render", "verification"]
