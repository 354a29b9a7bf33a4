"""The section summaries of ``accord analyze``: each command module that analyses a section
registers its summariser here when it is imported (``accord.cli.analyze`` imports them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.scenario import Scenario

Summary = Callable[["Scenario"], tuple[dict[str, Any], Callable[[], None]]]
"""A section summariser: returns the JSON form and a function that prints it to the terminal."""

SECTION_SUMMARIES: dict[str, Summary] = {}
"""Section name -> summariser."""
