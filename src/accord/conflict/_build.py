"""Build a :class:`ConflictModel` from the ``conflict:`` section of a validated scenario."""

from __future__ import annotations

import numpy as np

from accord.conflict._model import (
    ConflictModel,
    FloatArray,
    IntArray,
    OptionSpec,
    dense_ranks,
    from_graph,
    from_options,
    payoffs_from_ranking,
)
from accord.errors import InputError
from accord.scenario._conflict import ConflictPreference, ConflictSection
from accord.scenario._conflict_states import state_code
from accord.scenario._expressions import parse
from accord.scenario._model import Scenario


def build_model(scenario: Scenario) -> ConflictModel:
    """The graph model of ``scenario.conflict`` (the scenario has been validated).

    Parameters
    ----------
    scenario : Scenario
        A loaded scenario with a ``conflict:`` section (option or graph form).

    Returns
    -------
    ConflictModel
        Its decision makers, feasible states, moves, preferences and status quo.

    Raises
    ------
    InputError
        The scenario has no ``conflict:`` section.

    Examples
    --------
    >>> from accord.scenario import loads
    >>> text = '''accord: 1
    ... title: Chicken
    ... parties: {p1: {name: One}, p2: {name: Two}}
    ... conflict:
    ...   options: [{id: p1_straight, dm: p1}, {id: p2_straight, dm: p2}]
    ...   preferences:
    ...     p1: {ranking: [2, 1, 3, 4]}
    ...     p2: {ranking: [3, 1, 2, 4]}
    ...   status_quo: 1
    ... '''
    >>> model = build_model(loads(text))
    >>> model.dms, model.size, model.labels[3]
    (('p1', 'p2'), 4, 'p1_straight, p2_straight')
    >>> from accord.scenario import load
    >>> elmira = build_model(load("examples/elmira.yaml"))
    >>> elmira.dms, elmira.size, elmira.status_quo
    (('moe', 'ur', 'lg'), 9, 0)
    """
    section = scenario.conflict
    if section is None:
        raise InputError("the scenario has no `conflict:` section")
    dms = section.decision_makers
    if section.options is not None:
        codes = section.feasible_codes()
        specs = [OptionSpec(o.id, o.dm, o.label, o.moves) for o in section.options]
        pays = [payoffs_for(section, section.preferences[dm], codes) for dm in dms]
        model = from_options(dms, specs, codes, pays, _status_quo(section, codes))
        return model
    states = section.states or []
    arcs = {dm: [(a, b) for a, b in pairs] for dm, pairs in (section.moves or {}).items()}
    pays = [payoffs_for(section, section.preferences[dm], None) for dm in dms]
    return from_graph(dms, states, arcs, pays, _status_quo(section, None))


def payoffs_for(
    section: ConflictSection, preference: ConflictPreference, codes: IntArray | None
) -> FloatArray:
    size = len(codes) if codes is not None else len(section.states or [])
    if preference.ranking is not None:
        return payoffs_from_ranking(preference.ranking, size)
    assert codes is not None
    return statement_scores(section.option_ids, preference.statements or [], codes)


def statement_scores(option_ids: list[str], statements: list[str], codes: IntArray) -> FloatArray:
    """Option prioritization: Σ 2^(K−k) over the satisfied statements (k = 1..K), as ranks.

    Examples
    --------
    >>> statement_scores(["a", "b"], ["a", "-b"], np.array([0, 1, 2, 3])).tolist()
    [1.0, 3.0, 0.0, 2.0]
    """
    columns = {oid: (codes >> k & 1).astype(bool) for k, oid in enumerate(option_ids)}
    rank = np.zeros(len(codes), dtype=np.float64)
    for start in range(0, len(statements), _STATEMENTS_AT_ONCE):
        part = statements[start : start + _STATEMENTS_AT_ONCE]
        score = np.zeros(len(codes), dtype=np.float64)
        for k, text in enumerate(part, start=1):
            score += parse(text).evaluate_many(columns) * float(2 ** (len(part) - k))
        rank = dense_ranks(rank * float(2 ** len(part)) + score)
    return rank


_STATEMENTS_AT_ONCE = 28
"""Statements scored together: 2^28 times a rank below 2^24 states stays exact in a float, so
any number of statements ranks states exactly (the earlier statements first)."""


def _status_quo(section: ConflictSection, codes: IntArray | None) -> int | None:
    if section.status_quo is None:
        return None
    return state_index(section, section.status_quo, codes)


def state_index(
    section: ConflictSection, ref: int | dict[str, bool], codes: IntArray | None
) -> int:
    """The 0-based state a validated reference names (a number, or options taken)."""
    if isinstance(ref, int):
        return ref - 1
    assert codes is not None
    return int(np.searchsorted(codes, state_code(section, ref)))


def desired_states(scenario: Scenario, model: ConflictModel) -> list[tuple[int, str, str]]:
    """``(state, concept, label)`` for each of ``conflict.desired`` (0-based states)."""
    section = scenario.conflict
    if section is None:
        return []
    return [
        (state_index(section, d.state, model.codes), d.concept, d.label) for d in section.desired
    ]
