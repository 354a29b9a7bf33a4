"""The defaults and lists of names the Python API and the command line's help share, in a
leaf module.

``accord COMMAND --help`` shows them without importing the engine that uses them (the engines'
packages import numpy, the solvers, ...). Each engine imports its own defaults from here under
its own names (``accord.deal._analysis.DEFAULT_DRAWS`` is :data:`DEAL_DRAWS`).
"""

from __future__ import annotations

CONFLICT_CONCEPTS = ("nash", "gmr", "smr", "seq")
"""The stability concepts computed when none are asked for (the four of GMCR+'s main table)."""
CONFLICT_HORIZON = 2
"""The horizon h of L_h when none is given (h = 2: a move and the answer to it)."""
DEAL_DRAWS = 10_000
"""Monte Carlo draws of a deal's uncertain values."""
DEAL_SEED = 2019
"""The seed of the deal's Monte Carlo draws."""
DEAL_TIME_LIMIT = 30.0
"""Seconds of the whole deal analysis's solving by default (``accord deal --time-limit``)."""
SWEEP_DRAWS = 200
"""Draws of every range of a file in a robustness sweep."""
SWEEP_SEED = 2019
"""The seed of a robustness sweep."""
SWEEP_QUESTIONS = ("deal", "plan", "verification")
"""What a sweep can ask of each draw, one per section of the file."""
REPORT_SECTIONS = (
    "summary",
    "agreement",
    "conflict",
    "deal",
    "phasing",
    "verification",
    "ledger",
    "sweep",
)
"""The report's sections, in order (``--sections`` chooses among them); ``sweep`` is only
there when a sweep was run (``accord report --sweep N``)."""
