"""States and rankings referred to in the ``conflict:`` section: shared checks and codes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from accord import limits
from accord._suggest import unknown_hint
from accord.limits import LimitExceeded
from accord.scenario._base import Path, Problem
from accord.scenario._expressions import parse

if TYPE_CHECKING:
    import numpy as np

    from accord.scenario._conflict import ConflictSection

ROOT: Path = ("conflict",)


def ranking_problems(ranking: list[int | list[int]], size: int, path: Path) -> Iterator[Problem]:
    """A ranking must name each state 1..size exactly once.

    Examples
    --------
    >>> [p.message for p in ranking_problems([1, [2, 2], 5, 4], 4, ())]
    ['state 5 does not exist (states are 1..4)', 'state 2 appears more than once', \
'the ranking misses state 3; it must list each of the 4 states once']
    """
    flat = [n for entry in ranking for n in ([entry] if isinstance(entry, int) else entry)]
    for number in flat:
        if not 1 <= number <= size:
            yield Problem(path, f"state {number} does not exist (states are 1..{size})")
    for number, count in Counter(flat).items():
        if count > 1:
            yield Problem(path, f"state {number} appears more than once")
    missing = sorted(set(range(1, size + 1)) - set(flat))
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (", ..." if len(missing) > 10 else "")
        yield Problem(
            path,
            f"the ranking misses state{'s' if len(missing) > 1 else ''} {shown}; it must list "
            f"each of the {size} states once",
        )


def state_ref_problems(
    section: ConflictSection,
    quo: int | dict[str, bool],
    path: Path,
    size: int,
    codes: np.ndarray | None,
    what: str,
) -> Iterator[Problem]:
    """A state given by number must exist; one given by options must name known options and be
    feasible (``what`` names it in messages: "status quo", "desired state")."""
    if isinstance(quo, int):
        if not 1 <= quo <= size:
            yield Problem(path, f"state {quo} does not exist (states are 1..{size})")
        return
    if section.options is None or codes is None:
        yield Problem(path, f"a {what} given by options needs option form")
        return
    ids = section.option_ids
    unknown = [key for key in quo if key not in ids]
    for key in unknown:
        yield Problem((*path, key), f"unknown option '{key}'", unknown_hint(key, ids, "options"))
    if unknown:
        return
    values = {oid: bool(quo.get(oid, False)) for oid in ids}
    broken = [text for text in section.infeasible if parse(text).evaluate(values)]
    if broken:
        yield Problem(
            path,
            f"the {what} is not a feasible state: it makes '{broken[0]}' true",
            f"change the {what} or the `infeasible:` expressions",
        )


def size_error(section: ConflictSection) -> LimitExceeded | None:
    """The error for a conflict too large to enumerate (counted before any state is built):
    more options than the fixed limit, or more states (2^options in option form) than
    ``--max-states`` allows; ``None`` when it fits."""
    current = limits.current()
    if section.options is not None:
        count = len(section.options)
        if count > current.options:
            return limits.exceeded("options", count, "the conflict")
        if 1 << count > current.states:
            what = f"the conflict ({count} options, so 2^{count} combinations)"
            return limits.exceeded("states", 1 << count, what)
        return None
    count = len(section.states or [])
    return limits.exceeded("states", count, "the conflict") if count > current.states else None


def status_quo_code(section: ConflictSection) -> int | None:
    """The Σ 2^k code of a status quo given as ``{option: true|false}``, else None."""
    if not isinstance(section.status_quo, dict):
        return None
    return state_code(section, section.status_quo)


def state_code(section: ConflictSection, values: dict[str, bool]) -> int:
    """The Σ 2^k code of a state given as ``{option: true|false}``."""
    return sum(1 << k for k, oid in enumerate(section.option_ids) if values.get(oid))
