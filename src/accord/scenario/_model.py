"""The scenario model, version 1: the core every analysis reads.

Sections are optional: a section that is absent means its analysis is skipped. Each section
model lives in its own module of :mod:`accord.scenario`; the checks that need the whole scenario
(references to parties, items, states) live in :mod:`accord.scenario._checks`, which the loader
runs and reports with file, line and column.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Literal

from pydantic import Field

from accord.scenario._base import Id, Model
from accord.scenario._conflict import ConflictSection
from accord.scenario._correlations import Correlation
from accord.scenario._deal import Deal
from accord.scenario._phasing import Phasing
from accord.scenario._verification import Verification

FORMAT_VERSION = 1
PLANNED_SECTIONS = ("conflict", "deal", "phasing", "verification")
"""Sections the format will hold; one that this version does not support yet is rejected."""


class Role(StrEnum):
    """A party negotiates and owns moves; a stakeholder is affected and must accept a deal."""

    PARTY = "party"
    STAKEHOLDER = "stakeholder"


class Party(Model):
    """A party to the agreement, or a stakeholder whose acceptance matters."""

    name: str = Field(description="The party's name in prose, e.g. United States.")
    role: Role = Field(default=Role.PARTY, description="party (default) or stakeholder.")
    note: str | None = Field(default=None, description="Free-text note.")


class Source(Model):
    """A source that numbers in the file can cite with ``source: <id>``."""

    id: Id = Field(description="The id that numbers cite with `source: <id>`.")
    cite: str = Field(description="The citation in prose: author, title, date, page.")
    url: str | None = Field(default=None, description="Where the source can be found.")
    note: str | None = Field(default=None, description="Free-text note.")


class Scenario(Model):
    """One scenario file: who the parties are and what is known, section by section."""

    accord: Literal[1] = Field(description="The format version; this version of Accord reads 1.")
    title: str = Field(description="A one-line title.")
    description: str = Field(default="", description="What the scenario is about, in prose.")
    sources: list[Source] = Field(default_factory=list, description="Citable sources.")
    parties: dict[Id, Party] = Field(description="The parties and stakeholders, by id.")
    conflict: ConflictSection | None = Field(
        default=None, description="Conflict analysis (Graph Model): options, moves, preferences."
    )
    deal: Deal | None = Field(default=None, description="The deal space: items, values, proposals.")
    phasing: Phasing | None = Field(
        default=None, description="How a package is carried out step by step, and plans to audit."
    )
    verification: Verification | None = Field(
        default=None, description="How commitments are verified: means, budget, declarations."
    )
    correlations: list[Correlation] = Field(
        default_factory=list,
        description="Ranges that move together when a sweep draws them (a single analysis "
        "reads every range at its mode).",
    )

    def __repr__(self) -> str:
        """The title, the parties and the sections (the whole model is ``model_dump()``).

        >>> from accord.scenario import loads
        >>> loads("accord: 1\\ntitle: T\\nparties: {us: {name: US}, eu: {name: EU}}\\n")
        <Scenario 'T': parties us, eu; sections none>
        """
        sections = ", ".join(name for name, _ in self.sections()) or "none"
        return f"<Scenario {self.title!r}: parties {', '.join(self.parties)}; sections {sections}>"

    @property
    def party_ids(self) -> list[str]:
        """Party and stakeholder ids in file order."""
        return list(self.parties)

    @property
    def negotiating_parties(self) -> list[str]:
        """Ids of the parties whose role is ``party``, in file order."""
        return [pid for pid, p in self.parties.items() if p.role is Role.PARTY]

    def sections(self) -> Iterator[tuple[str, object]]:
        """Yield ``(name, section)`` for every section present in this scenario."""
        for name in PLANNED_SECTIONS:
            section = getattr(self, name, None)
            if section is not None:
                yield name, section
