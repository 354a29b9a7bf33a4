"""The JSON Schema of the scenario format and the reference page generated from it.

Both come from the pydantic model, so editors, docs and validation cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources import files
from typing import Any

from accord.scenario._model import FORMAT_VERSION, Scenario

SCHEMA_ID = "https://accord.invalid/schema/scenario-v1.json"


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of scenario files, version 1.

    >>> json_schema()["properties"]["accord"]["const"]
    1
    """
    schema = Scenario.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": f"Accord scenario, format version {FORMAT_VERSION}",
    }


SECTIONS = ("conflict", "deal", "phasing", "verification")
"""The analysis sections of a scenario, in file order."""

NEEDS = {"phasing": ("deal",), "verification": ("deal",)}
"""Sections whose example refers to another section's (the deal's items)."""


def with_needs(sections: Iterable[str]) -> list[str]:
    """``sections`` and those their examples need, in file order.

    >>> with_needs(["verification", "phasing"])
    ['deal', 'phasing', 'verification']
    """
    wanted = set(sections)
    wanted |= {need for name in wanted for need in NEEDS.get(name, ())}
    return [name for name in SECTIONS if name in wanted]


def section_template(name: str) -> str:
    """The commented example of one section (a valid part of :func:`template`)."""
    path = files("accord.scenario") / "templates" / "sections" / f"{name}.yaml"
    return path.read_text(encoding="utf-8")


def template(sections: Iterable[str] = ()) -> str:
    """The commented template scenario written by ``accord new``, with an example of each of
    ``sections`` (and of the sections they need)."""
    text = (files("accord.scenario") / "templates" / "new.yaml").read_text(encoding="utf-8")
    return text + "".join(f"\n{section_template(name)}" for name in with_needs(sections))
