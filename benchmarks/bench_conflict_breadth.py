"""SIM, L_4, NM and coalition stability at scale: the fast engine against the reference engine
(same run), and the inverse analysis of one desired state.

Models: those of ``bench_conflict`` (3 decision makers, n options dealt round-robin, random
directions, random rankings with ties of three, seed 2019): 4,096 states (n = 12) and 65,536
(n = 16). Targets (issue 14): at 4,096 states SIM, L_4 and the four coalition concepts for every
coalition of the three decision makers each at least 20× faster than the reference engine; at
65,536 states all of them within 60 s; inverse analysis of one desired state on the 4,096-state
model within 10 s.

The fast engine's time is the best of three calls (the first also warms caches up); the
reference engine (the definitions with sets and loops) is timed once on every
``CONFLICT_BREADTH_STRIDE``-th state (default 8, so 512 of 4,096 states) and its time scaled to
every state: a full run takes about half an hour. ``CONFLICT_BREADTH_STRIDE=1`` times it on
every state. Each (coalition, concept) gets a fresh reference engine, so that no concept
profits from lists another one built.

Run: ``python -m benchmarks conflict_breadth`` (``CONFLICT_BREADTH_MAX=12`` skips 65,536).
"""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable

from accord.conflict._anticipation import lh_stable, nm_stable
from accord.conflict._coalitions import all_coalitions, coalition_stable
from accord.conflict._concepts import COALITION_CONCEPTS
from accord.conflict._inverse import inverse
from accord.conflict._model import ConflictModel
from accord.conflict._reference import ReferenceEngine
from accord.conflict._reference_anticipation import AnticipationReference
from accord.conflict._reference_coalition import CoalitionReference
from accord.conflict._simultaneous import sim_stable
from accord.solver._solve import prepare
from benchmarks.bench_conflict import random_model
from benchmarks.timing import best_time, ratio

HORIZON = 4


def timed(fn: Callable[[], object]) -> float:
    """Wall seconds of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def fast_time(fn: Callable[[], object]) -> float:
    """The fast engine's best wall time of three calls (the first also warms caches up)."""
    return best_time(fn, repeat=3)[0]


def _sampled(model: ConflictModel, stride: int, check: Callable[[int], object]) -> float:
    """Reference time on every ``stride``-th state, scaled to every state."""
    states = range(0, model.size, stride)
    return timed(lambda: [check(s) for s in states]) * model.size / len(states)


def _row(label: str, fast: float, reference: float | None) -> None:
    line = f"{label:<26} {fast:9.3f}"
    if reference is not None:
        line += f" {reference:12.1f}  {ratio(fast, reference)}"
    print(line, flush=True)


def individual(model: ConflictModel, stride: int | None) -> float:
    """SIM and L_4 for every decision maker; returns the fast engine's total time."""
    dms = range(len(model.dms))
    fast_sim = fast_time(lambda: [sim_stable(model, i) for i in dms])
    reference = None
    if stride is not None:
        engine = ReferenceEngine(model)
        reference = _sampled(model, stride, lambda s: [engine.sim(i, s) for i in dms])
    _row("SIM", fast_sim, reference)
    fast_lh = fast_time(lambda: lh_stable(model, HORIZON))
    if stride is not None:
        anticipation = AnticipationReference(model)
        reference = _sampled(model, stride, lambda s: [anticipation.lh(i, s, HORIZON) for i in dms])
    _row(f"L_{HORIZON}", fast_lh, reference)
    return fast_sim + fast_lh


def coalitions(model: ConflictModel, stride: int | None) -> float:
    """The four coalition concepts for every coalition; returns the fast engine's total time."""
    total = 0.0
    for members in all_coalitions(len(model.dms)):
        name = "+".join(model.dms[j] for j in members)
        for concept in COALITION_CONCEPTS:
            fast = fast_time(lambda c=concept, h=members: coalition_stable(model, h, [c]))
            total += fast
            reference = None
            if stride is not None:
                engine = CoalitionReference(model)
                reference = _sampled(
                    model, stride, lambda s, c=concept, h=members, e=engine: e.stable(c, h, s)
                )
            _row(f"{name} coalition {concept}", fast, reference)
    return total


def main() -> None:
    """Print fast time, reference time (scaled from a sample) and their ratio per concept."""
    largest = int(os.environ.get("CONFLICT_BREADTH_MAX", 16))
    stride = int(os.environ.get("CONFLICT_BREADTH_STRIDE", 8))
    for options in (n for n in (12, 16) if n <= largest):
        model = random_model(options)
        with_reference = stride if options <= 12 else None
        print(f"{model.size:,} states: {'concept':<15} {'fast s':>9} {'reference s':>12}  ratio")
        total = individual(model, with_reference)
        total += coalitions(model, with_reference)
        print(f"{model.size:,} states: SIM, L_{HORIZON} and every coalition concept: {total:.1f} s")
        nm = timed(lambda m=model: nm_stable(m))
        print(f"{model.size:,} states: NM {nm:.2f} s", flush=True)
        if options == 12:
            prepare("cpsat")  # importing CP-SAT takes seconds: start-up, not the analysis
            start = time.perf_counter()
            found = inverse(model, 0, "smr")
            print(
                f"inverse analysis (SMR) of state 1 at {model.size:,} states: "
                f"{time.perf_counter() - start:.2f} s, {found.size} changes, "
                f"verified {found.verified}",
                flush=True,
            )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole run: {rss:,.0f} MB")
