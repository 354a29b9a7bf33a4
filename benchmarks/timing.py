"""Timing helpers for the benchmarks: best-of-n wall time and peak memory of a call."""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def best_time(fn: Callable[[], T], repeat: int = 3) -> tuple[float, T]:
    """Return the best wall time over ``repeat`` calls and the last result."""
    best = float("inf")
    result: T
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_memory(fn: Callable[[], T]) -> tuple[int, T]:
    """Return the peak Python-allocated bytes (tracemalloc, includes NumPy) during ``fn()``."""
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, result


def ratio(ours: float, baseline: float) -> str:
    """Format ``baseline / ours`` as a speed-up, e.g. ``12.3x faster``."""
    if ours <= 0:
        return "inf x faster"
    r = baseline / ours
    return f"{r:.1f}x faster" if r >= 1 else f"{1 / r:.1f}x slower"
