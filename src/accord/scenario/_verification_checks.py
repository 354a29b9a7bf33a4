"""Cross-reference checks of the ``verification:`` section (reported by the loader with
positions)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from accord._suggest import IN_FILE, unknown_hint
from accord.scenario._base import Id, Path, Problem
from accord.scenario._verification import Verification

if TYPE_CHECKING:
    from accord.scenario._model import Scenario


def problems(section: Verification, scenario: Scenario) -> Iterator[Problem]:
    """Yield unknown items, means, parties and sources; items without a giver."""
    items = [] if scenario.deal is None else scenario.deal.item_ids
    proposals = [] if scenario.deal is None else list(scenario.deal.proposals)
    if section.package is not None and section.package not in proposals:
        yield Problem(
            ("verification", "package"),
            f"unknown proposal '{section.package}'",
            unknown_hint(section.package, proposals, "proposals", IN_FILE)
            if proposals
            else "define it under deal.proposals",
        )
    yield from _verifies_problems(section, items)
    yield from _stake_problems(section, scenario, items)
    for name, declaration in section.declarations.items():
        if declaration.means is not None:
            yield from _means_problems(
                section, declaration.means, ("verification", "declarations", name, "means")
            )
    yield from _source_problems(section, scenario)


def _verifies_problems(section: Verification, items: list[str]) -> Iterator[Problem]:
    """Verified items that exist nowhere, or only as stakes lacking what the deal gives."""
    base: Path = ("verification",)
    for item, means in section.verifies.items():
        if item not in items and item not in section.stakes:
            yield Problem(
                (*base, "verifies", item), f"unknown item '{item}'", _item_hint(item, items)
            )
        elif item not in items:
            stake = section.stakes[item]
            missing = [k for k in ("giver", "gain", "penalty") if getattr(stake, k) is None]
            if missing:
                yield Problem(
                    (*base, "stakes", item),
                    f"the stake of '{item}' needs {' and '.join(missing)} (the item is not in "
                    "the deal: section)",
                    "give them here, or define the item in the deal: section",
                )
        yield from _means_problems(section, means, (*base, "verifies", item))


def _stake_problems(
    section: Verification, scenario: Scenario, items: list[str]
) -> Iterator[Problem]:
    """Stakes for unknown items or with an unknown giver."""
    for item, stake in section.stakes.items():
        if item not in items and item not in section.verifies:
            yield Problem(
                ("verification", "stakes", item),
                f"unknown item '{item}'",
                "a stake is for an item of the deal: section or of verification.verifies",
            )
        if stake.giver is not None and stake.giver not in scenario.parties:
            yield Problem(
                ("verification", "stakes", item, "giver"),
                f"unknown party '{stake.giver}'",
                unknown_hint(stake.giver, scenario.parties, "parties", IN_FILE),
            )


def _means_problems(section: Verification, means: list[Id], path: Path) -> Iterator[Problem]:
    for index, means_id in enumerate(means):
        if means_id not in section.means:
            yield Problem(
                (*path, index),
                f"unknown means '{means_id}'",
                unknown_hint(means_id, section.means, "means")
                if section.means
                else "define it under verification.means",
            )


def _source_problems(section: Verification, scenario: Scenario) -> Iterator[Problem]:
    known = [source.id for source in scenario.sources]
    cited: list[tuple[Path, str | None]] = [
        *((("verification", "means", k, "source"), m.source) for k, m in section.means.items()),
        *((("verification", "stakes", k, "source"), s.source) for k, s in section.stakes.items()),
        *(
            (("verification", "declarations", k, "source"), d.source)
            for k, d in section.declarations.items()
        ),
    ]
    for path, source in cited:
        if source is not None and source not in known:
            yield Problem(
                path,
                f"unknown source '{source}'",
                unknown_hint(source, known, "sources", IN_FILE),
            )


def _item_hint(item: str, items: list[str]) -> str:
    if items:
        return unknown_hint(item, items, "items", IN_FILE)
    return (
        "define the item in the deal: section, or give its giver, gain and penalty under "
        "verification.stakes"
    )
