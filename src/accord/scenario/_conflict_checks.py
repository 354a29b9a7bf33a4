"""Cross-reference checks of the ``conflict:`` section, each a located :class:`Problem`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from accord._suggest import unknown_hint
from accord.scenario._base import Path, Problem
from accord.scenario._conflict_extra_checks import extra_problems
from accord.scenario._conflict_states import ROOT, ranking_problems, size_error, state_ref_problems
from accord.scenario._expressions import parse

if TYPE_CHECKING:
    import numpy as np

    from accord.scenario._conflict import ConflictSection
    from accord.scenario._model import Scenario


def problems(section: ConflictSection, scenario: Scenario) -> Iterator[Problem]:
    """Every problem of ``section``; state-dependent checks run only once the states exist."""
    basic = [
        *_party_problems(section, scenario),
        *_duplicate_options(section),
        *_expression_problems(section),
        *_size_problems(section),
    ]
    yield from basic
    yield from _preference_owner_problems(section, scenario.party_ids)
    dms = section.decision_makers
    if len(dms) < 2:
        where = "options" if section.options is not None else "moves"
        yield Problem(
            (*ROOT, where),
            f"a conflict needs at least two decision makers, found {len(dms)}"
            + (f" ({dms[0]})" if dms else ""),
            "give options (or moves) to another party",
        )
    if basic:
        return
    codes = section.feasible_codes() if section.options is not None else None
    size = len(codes) if codes is not None else len(section.states or [])
    if size == 0:
        yield Problem(
            ROOT,
            "no state is left: every combination of options is infeasible",
            "check the `infeasible:` expressions",
        )
        return
    yield from _arc_problems(section, size)
    for dm, preference in section.preferences.items():
        if preference.ranking is not None:
            path = (*ROOT, "preferences", dm, "ranking")
            yield from ranking_problems(preference.ranking, size, path)
    yield from _status_quo_problems(section, size, codes)
    yield from extra_problems(section, size, codes)


def _size_problems(section: ConflictSection) -> Iterator[Problem]:
    error = size_error(section)
    if error is not None:
        where = "options" if section.options is not None else "states"
        yield Problem((*ROOT, where), error.message, error.hint)


def _party_problems(section: ConflictSection, scenario: Scenario) -> Iterator[Problem]:
    parties = scenario.party_ids
    for index, option in enumerate(section.options or []):
        if option.dm not in scenario.parties:
            path = (*ROOT, "options", index, "dm")
            hint = unknown_hint(option.dm, parties, "parties")
            yield Problem(path, f"decision maker '{option.dm}' is not a party", hint)
    for dm in section.moves or {}:
        if dm not in scenario.parties:
            hint = unknown_hint(dm, parties, "parties")
            yield Problem((*ROOT, "moves", dm), f"decision maker '{dm}' is not a party", hint)


def _duplicate_options(section: ConflictSection) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for index, option in enumerate(section.options or []):
        if option.id in first:
            yield Problem(
                (*ROOT, "options", index, "id"),
                f"duplicate option id '{option.id}' (first used at options[{first[option.id]}])",
                "give each option its own id",
            )
        first.setdefault(option.id, index)


def _expression_problems(section: ConflictSection) -> Iterator[Problem]:
    known = section.option_ids
    located: list[tuple[Path, str]] = [
        ((*ROOT, "infeasible", k), text) for k, text in enumerate(section.infeasible)
    ]
    for dm, preference in section.preferences.items():
        for k, text in enumerate(preference.statements or []):
            located.append(((*ROOT, "preferences", dm, "statements", k), text))
    for viewer, perception in section.perceptions.items():
        for dm, preference in perception.preferences.items():
            where = (*ROOT, "perceptions", viewer, "preferences", dm, "statements")
            located += [((*where, k), text) for k, text in enumerate(preference.statements or [])]
    for path, text in located:
        if section.options is None:
            yield Problem(path, "statements name options, so they need option form")
            continue
        for name, column in parse(text).unknown_identifiers(known):
            yield Problem(
                path,
                f"unknown option '{name}' at column {column} of '{text}'",
                unknown_hint(name, known, "options"),
            )


def _preference_owner_problems(section: ConflictSection, parties: list[str]) -> Iterator[Problem]:
    dms = section.decision_makers
    for dm in section.preferences:
        if dm not in dms:
            # A party without options is no misspelling: list the decision makers instead.
            hint = unknown_hint("" if dm in parties else dm, dms, "decision makers")
            yield Problem(
                (*ROOT, "preferences", dm),
                f"'{dm}' is not a decision maker of this conflict (it has no "
                f"{'options' if section.options is not None else 'moves'})",
                hint,
            )
    for dm in dms:
        if dm not in section.preferences:
            yield Problem(
                (*ROOT, "preferences"),
                f"no preferences for decision maker '{dm}'",
                f"add `{dm}: {{ranking: [...]}}` or `{dm}: {{statements: [...]}}`",
            )


def _arc_problems(section: ConflictSection, size: int) -> Iterator[Problem]:
    for dm, arcs in (section.moves or {}).items():
        for index, (source, target) in enumerate(arcs):
            if source == target:
                yield Problem(
                    (*ROOT, "moves", dm, index),
                    f"move [{source}, {target}] goes from a state to itself; a move must change "
                    "the state",
                    "remove it: staying put is not a move in the graph model",
                )
                continue
            for state in (source, target):
                if not 1 <= state <= size:
                    yield Problem(
                        (*ROOT, "moves", dm, index),
                        f"move [{source}, {target}] refers to state {state}, which does not "
                        f"exist (states are 1..{size})",
                    )
                    break


def _status_quo_problems(
    section: ConflictSection, size: int, codes: np.ndarray | None
) -> Iterator[Problem]:
    if section.status_quo is not None:
        path = (*ROOT, "status_quo")
        yield from state_ref_problems(section, section.status_quo, path, size, codes, "status quo")
