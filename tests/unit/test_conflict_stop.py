"""A caller's stop (``accord.solver._control.stopping``: Ctrl-C in ``accord conflict``, Stop in
the workbench) ends a conflict analysis run in a worker thread with the concepts finished
(at least the first)."""

from __future__ import annotations

import threading

import pytest

import accord
from accord.solver._control import stopping

ELMIRA = "examples/elmira.yaml"


def test_a_stop_keeps_the_concepts_finished() -> None:
    stop = threading.Event()

    def progress(label: str, _size: int, _total: int) -> None:
        if label.startswith("GMR"):
            stop.set()  # while GMR is under way: Nash is finished, GMR is not

    with stopping(stop):
        result = accord.analyze_conflict(accord.load(ELMIRA), ["nash", "gmr"], progress=progress)
    assert result.interrupted
    assert list(result.result.stable) == ["nash"]


def test_a_stop_before_the_first_concept_is_finished_takes_effect_after_it() -> None:
    stop = threading.Event()
    stop.set()
    with stopping(stop):
        result = accord.analyze_conflict(accord.load(ELMIRA), ["nash", "gmr", "smr"])
    assert result.interrupted
    assert list(result.result.stable) == ["nash"]


def test_without_a_stop_every_concept_is_finished() -> None:
    result = accord.analyze_conflict(accord.load(ELMIRA), ["nash", "gmr"])
    assert not result.interrupted
    assert list(result.result.stable) == ["nash", "gmr"]


def test_a_stop_during_the_status_quo_search_keeps_every_concept() -> None:
    """The status quo search (the longest part on a million states) looks at the stop too."""
    stop = threading.Event()

    def progress(label: str, _size: int, _total: int) -> None:
        if label.startswith("status quo"):
            stop.set()  # after the last concept's check: only the search can see it

    with stopping(stop):
        result = accord.analyze_conflict(accord.load(ELMIRA), ["nash", "gmr"], progress=progress)
    assert result.interrupted
    assert list(result.result.stable) == ["nash", "gmr"]
    assert result.status_quo is None


def test_a_requested_stop_ends_a_path_search() -> None:
    from accord.conflict._paths import coalition_paths
    from accord.solver._control import Stopped

    model = accord.analyze_conflict(accord.load(ELMIRA), ["nash"]).result.model
    stop = threading.Event()
    stop.set()
    with stopping(stop), pytest.raises(Stopped):
        coalition_paths(model, [0, 1], 0)
