"""``accord.load``: a scenario from a file or from YAML text, every problem located."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from accord.errors import ScenarioError
from accord.scenario._loader import load_with_warnings, loads_with_warnings, validate_data
from accord.scenario._model import Scenario


def load(source: str | os.PathLike[str] | Mapping[str, Any], *, strict: bool = False) -> Scenario:
    """Load and validate a scenario from a file, from YAML text, or from data built in code.

    Parameters
    ----------
    source : str, path-like or mapping
        A path (a :class:`~pathlib.Path`, or a string without a line break), the YAML text
        itself (a string with at least one line break), or the data a file would hold (a dict:
        a scenario built in code, or ``scenario.model_dump()`` changed), checked the same way.
    strict : bool, default False
        Treat warnings (valid input that may not be what the author meant, such as a written
        date inside a period) as errors.

    Returns
    -------
    Scenario
        The validated scenario (frozen).

    Raises
    ------
    ScenarioError
        When the file cannot be read or the scenario is invalid: every problem, each located
        as ``file:line:col: field.path: message (hint: ...)`` (see ``error.diagnostics``).

    Examples
    --------
    >>> import accord
    >>> accord.load({"accord": 1, "title": "T", "parties": {"us": {"name": "US"}}}).title
    'T'
    >>> accord.load("examples/korea-2019.yaml").title
    'US–DPRK talks ahead of the Hanoi summit (February 2019)'
    >>> accord.load("accord: 1\\ntitle: T\\nparties: {us: {name: United States}}\\n").party_ids
    ['us']
    >>> try:
    ...     accord.load("accord: 1\\ntitle: T\\nparties: {us: {nam: X}}\\n")
    ... except accord.ScenarioError as error:
    ...     print(error.diagnostics[1].render())
    <string>:3:16: parties.us.nam: unknown key 'nam' (hint: did you mean 'name'?)
    """
    if isinstance(source, Mapping):
        scenario, warnings = validate_data(source)
    elif isinstance(source, str) and "\n" in source:
        scenario, warnings = loads_with_warnings(source)
    else:
        scenario, warnings = load_with_warnings(Path(source))
    if warnings and strict:
        raise ScenarioError(warnings)
    return scenario
