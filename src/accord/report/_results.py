"""Every analysis of one scenario, run once, for the report (and anything that draws them all).

The analyses are run with the same defaults as their own commands (``accord conflict``,
``accord deal``, ``accord plan``, ``accord verify FILE``), so every number of a report is the
one those commands print with ``--json``. A section that is absent is skipped (``None``); an
analysis that cannot be carried out on a valid file (a verification section that names no
stakes, ...) is recorded in ``problems`` with its message, and the others still run.

Examples
--------
>>> from accord.scenario import load
>>> results = analyze_scenario(load("examples/elmira.yaml"), "examples/elmira.yaml")
>>> results.present, results.conflict.to_dict()["stability"]["nash"]["equilibria"]
(['conflict'], [5, 8, 9])
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from accord.conflict._analysis import ConflictAnalysis
from accord.deal._analysis import DealAnalysis
from accord.errors import AccordError
from accord.phasing._analysis import PhasingAnalysis
from accord.questions._conflict import analyze_conflict
from accord.questions._deal import analyze_deal
from accord.questions._phasing import plan
from accord.questions._verification import analyze_verification
from accord.scenario import Scenario
from accord.verification._analysis import VerificationReport

SECTIONS = ("conflict", "deal", "phasing", "verification")
PLAN_TIME_LIMIT = 30.0
"""The planner's time limit, as ``accord plan``'s default."""

Progress = Callable[[str], None]
"""Told the name of each analysis as it starts."""
Finished = Callable[[str, object], None]
"""Told the name and result of each analysis as it ends (so drawing can start early)."""


@dataclass(frozen=True)
class ScenarioResults:
    """The scenario, and the result of each analysis whose section is present."""

    scenario: Scenario
    file: str
    conflict: ConflictAnalysis | None = None
    deal: DealAnalysis | None = None
    phasing: PhasingAnalysis | None = None
    verification: VerificationReport | None = None
    problems: dict[str, str] = field(default_factory=dict)
    """Section -> why its analysis could not be carried out."""

    @property
    def present(self) -> list[str]:
        """The sections the scenario has, in the usual order."""
        return [name for name, _ in self.scenario.sections()]

    @property
    def absent(self) -> list[str]:
        """The sections the scenario does not have."""
        return [name for name in SECTIONS if name not in self.present]


def analyze_scenario(
    scenario: Scenario,
    file: str,
    progress: Progress | None = None,
    finished: Finished | None = None,
) -> ScenarioResults:
    """Run every analysis whose section is present (see the module docstring)."""
    tell = progress or (lambda _name: None)
    found: dict[str, object] = {}
    problems: dict[str, str] = {}
    runners: dict[str, Callable[[], object]] = {
        "conflict": lambda: analyze_conflict(scenario),
        "deal": lambda: analyze_deal(scenario),
        "phasing": lambda: plan(scenario, time_limit=PLAN_TIME_LIMIT),
        "verification": lambda: analyze_verification(scenario),
    }
    for name in SECTIONS:
        if getattr(scenario, name) is None:
            continue
        tell(name)
        try:
            found[name] = runners[name]()
        except AccordError as error:
            problems[name] = str(error)
            continue
        if finished is not None:
            finished(name, found[name])
    return ScenarioResults(scenario, file, problems=problems, **found)  # type: ignore[arg-type]
