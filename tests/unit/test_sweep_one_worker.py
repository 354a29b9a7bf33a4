"""One worker computes in the caller's process: no pool is started (seconds on a busy
machine), and the draws are the same as a pool's."""

from __future__ import annotations

import pytest

from accord.scenario import loads
from accord.sweep import _local, sweep

SCENARIO = loads(
    "accord: 1\ntitle: T\nparties: {a: {name: A}, b: {name: B}}\ndeal:\n"
    "  items: [{id: x, giver: a, value: {a: {low: -3, mode: -1, high: 1}, b: 2}}]\n"
)


def test_one_worker_starts_no_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    pooled = sweep(SCENARIO, draws=4, seed=1, workers=2).to_dict()

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a process pool was started for one worker")

    monkeypatch.setattr(_local, "ProcessPoolExecutor", no_pool)
    seen: list[tuple[int, int]] = []
    result = sweep(SCENARIO, draws=4, seed=1, workers=1, progress=lambda d, t: seen.append((d, t)))
    assert result.to_dict() == pooled
    assert not result.partial
    assert seen[-1] == (4, 4)
