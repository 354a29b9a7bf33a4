"""Checks of the ``conflict:`` section's coalitions, desired states and perceptions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from accord._suggest import unknown_hint
from accord.scenario._base import Problem
from accord.scenario._conflict_states import ROOT, ranking_problems, state_ref_problems

if TYPE_CHECKING:
    import numpy as np

    from accord.scenario._conflict import ConflictSection


def extra_problems(
    section: ConflictSection, size: int, codes: np.ndarray | None
) -> Iterator[Problem]:
    """Problems of ``coalitions:``, ``desired:`` and ``perceptions:`` (states are known)."""
    yield from _coalition_problems(section)
    for k, desired in enumerate(section.desired):
        path = (*ROOT, "desired", k, "state")
        yield from state_ref_problems(section, desired.state, path, size, codes, "desired state")
    yield from _perception_problems(section, size)


def _coalition_problems(section: ConflictSection) -> Iterator[Problem]:
    if not isinstance(section.coalitions, list):
        return
    dms = section.decision_makers
    seen: dict[frozenset[str], int] = {}
    for k, members in enumerate(section.coalitions):
        path = (*ROOT, "coalitions", k)
        for name in members:
            if name not in dms:
                hint = unknown_hint(name, dms, "decision makers")
                yield Problem(path, f"'{name}' is not a decision maker of this conflict", hint)
        if not members:
            yield Problem(path, "a coalition needs at least one member")
        elif len(set(members)) < len(members):
            yield Problem(path, "a coalition names a member more than once")
        key = frozenset(members)
        if key in seen and members:
            yield Problem(path, f"the same coalition as coalitions[{seen[key]}]")
        seen.setdefault(key, k)


def _perception_problems(section: ConflictSection, size: int) -> Iterator[Problem]:
    dms = section.decision_makers
    owners = {o.id: o.dm for o in section.options or []}
    for viewer, perception in section.perceptions.items():
        path = (*ROOT, "perceptions", viewer)
        if viewer not in dms:
            yield Problem(
                path,
                f"'{viewer}' is not a decision maker of this conflict",
                unknown_hint(viewer, dms, "decision makers"),
            )
            continue
        for k, option in enumerate(perception.unaware_of):
            where = (*path, "unaware_of", k)
            if section.options is None:
                yield Problem(where, "`unaware_of:` names options, so it needs option form")
            elif option not in owners:
                yield Problem(
                    where, f"unknown option '{option}'", unknown_hint(option, owners, "options")
                )
            elif owners[option] == viewer:
                yield Problem(
                    where,
                    f"'{option}' is {viewer}'s own option; a decision maker knows its own options",
                )
        for dm, preference in perception.preferences.items():
            where = (*path, "preferences", dm)
            if dm == viewer:
                yield Problem(
                    where,
                    f"{viewer}'s view of its own preferences is its preferences",
                    "give them under `preferences:`; a perception holds its view of the others",
                )
            elif dm not in dms:
                yield Problem(
                    where,
                    f"'{dm}' is not a decision maker of this conflict",
                    unknown_hint(dm, dms, "decision makers"),
                )
            elif preference.ranking is not None:
                yield from ranking_problems(preference.ranking, size, (*where, "ranking"))
