"""The cross-reference checks of a scenario, in one place: what needs more than one field.

Structural validation (types, ranges, unknown keys) is pydantic's; what needs the whole scenario
(a party, item, state, means or source that must exist elsewhere in the file) is checked here,
once the structure is valid. The loader (:mod:`accord.scenario._loader`) runs :func:`problems`
and :func:`warnings` and reports each with file, line and column.

One convention for every section: the checks of section ``X`` live in
``accord.scenario.X_checks`` as ``problems(section, scenario)`` (and ``warnings(section,
scenario)`` where the section has any), yielding :class:`~accord.scenario._base.Problem` with
the field path. The section models import none of the check modules; the check modules import
the models. So the package has no import cycle (checked by tests/unit/test_architecture.py).

Examples
--------
>>> from accord.scenario import loads
>>> text = '''
... accord: 1
... title: T
... parties: {us: {name: US}}
... deal:
...   items: [{id: x, giver: dprk, value: {us: 1}}]
... '''
>>> from accord.errors import ScenarioError
>>> try:
...     loads(text)
... except ScenarioError as error:
...     print(error.diagnostics[0].path, error.diagnostics[0].message)
deal.items[0].giver the giver 'dprk' of item 'x' is not a party
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from accord import limits
from accord._suggest import IN_FILE, unknown_hint
from accord.scenario import _conflict_checks as conflict_checks
from accord.scenario import _correlations
from accord.scenario import _deal_checks as deal_checks
from accord.scenario import _phasing_checks as phasing_checks
from accord.scenario import _verification_checks as verification_checks
from accord.scenario._base import Estimate, Problem, Sourced, walk

if TYPE_CHECKING:
    from accord.scenario._model import Scenario

Check = Callable[[Any, "Scenario"], Iterator[Problem]]

PROBLEMS: dict[str, Check] = {
    "conflict": conflict_checks.problems,
    "deal": deal_checks.problems,
    "phasing": phasing_checks.problems,
    "verification": verification_checks.problems,
}
"""Each section's cross-reference checks, by section name."""

WARNINGS: dict[str, Check] = {"phasing": phasing_checks.warnings}
"""What is valid but deserves the author's attention (``accord validate --strict``)."""


def problems(scenario: Scenario) -> Iterator[Problem]:
    """Yield every cross-reference problem of ``scenario`` (whose structure is valid).

    These are the checks the loader runs once the structure is valid: every id referred to
    exists, numbers are sane, each section keeps its own rules. A scenario built in code (not
    read from a file) is checked with them before it is analysed.

    Parameters
    ----------
    scenario : Scenario
        A scenario whose structure is valid: loaded, or built from the model's classes.

    Returns
    -------
    iterator of Problem
        Each problem, with the path of its field, what is wrong and a hint; none for a sound
        scenario.

    Examples
    --------
    >>> from accord.scenario import load, problems
    >>> list(problems(load("examples/korea-2019.yaml")))
    []
    """
    yield from _value_problems(scenario)
    for name, section in scenario.sections():
        yield from PROBLEMS[name](section, scenario)
    yield from _correlations.problems(scenario)


def warnings(scenario: Scenario) -> Iterator[Problem]:
    """Yield what is valid but deserves the author's attention (see ``--strict``)."""
    for name, section in scenario.sections():
        check = WARNINGS.get(name)
        if check is not None:
            yield from check(section, scenario)


def _value_problems(scenario: Scenario) -> Iterator[Problem]:
    """Duplicate source ids; then numbers citing a source the file does not list; then numbers
    larger than the ``number_size`` limit (their sums and products would lose the precision
    analyses need; NaN and infinities are refused by the models themselves). One walk over
    the scenario finds both kinds (a large file's checks were mostly walking it, issue 17)."""
    seen: dict[str, int] = {}
    for index, source in enumerate(scenario.sources):
        if source.id in seen:
            yield Problem(
                ("sources", index, "id"),
                f"duplicate source id '{source.id}' (first used at sources[{seen[source.id]}])",
                "give each source its own id",
            )
        seen.setdefault(source.id, index)
    largest = limits.current().number_size
    unknown: list[Problem] = []
    large: list[Problem] = []
    for path, node in walk(scenario):
        if isinstance(node, Sourced | Estimate):
            if node.source and node.source not in seen:
                unknown.append(
                    Problem(
                        (*path, "source"),
                        f"unknown source '{node.source}'",
                        unknown_hint(node.source, seen, "sources", IN_FILE),
                    )
                )
        elif isinstance(node, int | float) and not isinstance(node, bool) and abs(node) > largest:
            message = f"the number {node:g} is larger in size than the limit of {largest:.0e}"
            large.append(Problem(path, message, limits.exceeded("number_size", 0, "").hint))
    yield from unknown
    yield from large
