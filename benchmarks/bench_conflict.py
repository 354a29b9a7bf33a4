"""Conflict stability at scale: the fast engine against the reference engine (same run).

Models: 3 decision makers, n options dealt round-robin (so 2^n states, no infeasibility),
random directions and random rankings with ties (seeded). The reference engine (the textbook
definitions, literally) runs where it finishes in reasonable time (n <= 12); the fast engine
runs up to n = 20 (about a million states). Targets (issue 3): 4,096 states all four concepts
<= 1 s; 65,536 states all four <= 20 s and <= 4 GB; ~1M states Nash and GMR <= 120 s.

Run: ``python -m benchmarks conflict`` (``CONFLICT_BENCH_MAX=16`` stops earlier;
``CONFLICT_BENCH_REFERENCE_MAX=14`` also runs the reference at 16,384 states, about a minute;
``CONFLICT_BENCH_CLI=1`` also times ``accord conflict FILE -c nash -c gmr`` end to end on the
917,504-state ``benchmarks/conflict-million.yaml``, loading and status quo search included).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

from accord.conflict._concepts import DEFAULT_CONCEPTS as CONCEPTS
from accord.conflict._model import ConflictModel, OptionSpec, from_options
from accord.conflict._stability import analyze, analyze_reference
from benchmarks.timing import ratio

REFERENCE_UP_TO = 12
"""Larger models are not given to the reference engine (16,384 states take minutes)."""
SIZES = (10, 12, 14, 16, 20)


def random_model(options: int, seed: int = 2019) -> ConflictModel:
    """3 decision makers, ``options`` options round-robin, random directions and rankings."""
    rng = np.random.default_rng(seed)
    dms = ["a", "b", "c"]
    directions = ("both", "forward", "backward")
    specs = [
        OptionSpec(f"o{k}", dms[k % 3], direction=directions[int(rng.integers(3))])
        for k in range(options)
    ]
    size = 1 << options
    pays = [rng.permutation(size).astype(np.float64) // 3 for _ in dms]  # ties of 3
    return from_options(dms, specs, np.arange(size, dtype=np.int64), pays)


CLI_SCENARIO = Path(__file__).with_name("conflict-million.yaml")
"""20 options dealt to three decision makers, preferences as statements, one infeasibility
(o17, o18, o19 not all taken): 917,504 states."""


def time_cli() -> None:
    """Wall time and peak resident memory of ``accord conflict FILE -c nash -c gmr``."""
    command = [sys.executable, "-m", "accord", "conflict", str(CLI_SCENARIO), "-c", "nash"]
    command += ["--max-states", "1048576"]
    start = time.perf_counter()
    subprocess.run([*command, "-c", "gmr"], check=True, stdout=subprocess.DEVNULL, timeout=600)
    elapsed = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"accord conflict (917,504 states, Nash and GMR): {elapsed:.1f} s wall, {rss:,.0f} MB")


def measure(fn: object) -> tuple[float, int]:
    """Wall time and peak traced memory (bytes) of one call."""
    assert callable(fn)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        fn()
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return elapsed, peak


def timed(fn: object) -> float:
    """Wall time of one call, without tracing (tracemalloc slows pure Python code a lot)."""
    assert callable(fn)
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    """Print one row per (size, concept): fast time, peak memory, reference time, ratio."""
    largest = int(os.environ.get("CONFLICT_BENCH_MAX", SIZES[-1]))
    reference_largest = int(os.environ.get("CONFLICT_BENCH_REFERENCE_MAX", REFERENCE_UP_TO))
    print(f"{'states':>9} {'concept':>7} {'fast s':>8} {'peak MB':>8} {'reference s':>11}  ratio")
    for options in (n for n in SIZES if n <= largest):
        start = time.perf_counter()
        model = random_model(options)
        build = time.perf_counter() - start
        print(f"{model.size:>9,} {'build':>7} {build:8.3f}", flush=True)
        total = 0.0
        for concept in CONCEPTS:
            fast, peak = measure(lambda c=concept, m=model: analyze(m, [c]))
            total += fast
            line = f"{model.size:>9,} {concept:>7} {fast:8.3f} {peak / 2**20:8.1f}"
            if options <= reference_largest:
                reference = timed(lambda c=concept, m=model: analyze_reference(m, [c]))
                line += f" {reference:11.3f}  {ratio(fast, reference)}"
            else:
                line += f" {'not run':>11}"
            print(line, flush=True)
        print(f"{model.size:>9,} {'all 4':>7} {total:8.3f}", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole run: {rss:,.0f} MB")
    if os.environ.get("CONFLICT_BENCH_CLI"):
        time_cli()
