"""Hostile input (issue 17): ``accord validate`` of every file of the hostile corpus, and runs
at the documented limits, each a new process under the corpus's resource limits.

Targets: validating each corpus file takes at most 2 s and 512 MB (the worst is printed, and
its ratio to validating ``examples/korea-2019.yaml`` in the same run, which is mostly start-up);
the analyses at the default limits finish within the time and memory docs/reference/limits.md
states. The machine's load average is printed before and after: on a shared machine times
scale with it.

Run: ``python -m benchmarks hostile`` (``HOSTILE_BENCH_LIMITS=0`` skips the runs at the limits;
``HOSTILE_BENCH_ONLY=deal_items,amount_levels`` runs only those limits' runs).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from accord.deal._solver import TIME_LIMIT
from tests.hostile import (
    ENTRY_POINTS,
    Entry,
    Run,
    conflict_options,
    corpus,
    deal_levels,
    phasing_items,
    run,
    yaml_values,
)

ROOT = Path(__file__).resolve().parents[1]
KOREA = ROOT / "examples" / "korea-2019.yaml"
VALIDATE = next(e for e in ENTRY_POINTS if e.name == "validate")
TARGET_SECONDS, TARGET_MIB = 2.0, 512


def _accord(*args: str) -> Callable[[Path, Path], list[str]]:
    import sys

    return lambda f, _: [sys.executable, "-m", "accord", *args[:1], str(f), *args[1:]]


AT_LIMITS: list[tuple[str, str, Callable[[], str], Entry]] = [
    (
        "states",
        "13 options (8,192 states), all four concepts",
        lambda: conflict_options(13),
        Entry("conflict", _accord("conflict", "-c", "nash", "-c", "gmr", "-c", "smr", "-c", "seq")),
    ),
    (
        "states",
        "the same, accord analyze",
        lambda: conflict_options(13),
        Entry("analyze", _accord("analyze")),
    ),
    (
        "amount_levels",
        "20 items x 10 amounts",
        lambda: deal_levels(20, 9),
        Entry("deal", _accord("deal")),
    ),
    (
        "deal_items",
        "25 items x 3 amounts",
        lambda: deal_levels(25, 2),
        Entry("deal", _accord("deal")),
    ),
    (
        "deal_items",
        "25 items x 3 amounts, accord analyze",
        lambda: deal_levels(25, 2),
        Entry("analyze", _accord("analyze")),
    ),
    (
        "deal_items",
        "25 items x 8 amounts (both limits)",
        lambda: deal_levels(25, 7),
        Entry("deal", _accord("deal")),
    ),
    (
        "planner_variables",
        "27 items over 240 periods (19,682 variables)",
        lambda: phasing_items(27, 240),
        Entry("plan", _accord("plan")),
    ),
    ("yaml_values", "50,000 values", lambda: yaml_values(50_000), VALIDATE),
    (
        "file_bytes",
        "a 7.9 MB title",
        lambda: "accord: 1\ntitle: " + "t" * 7_900_000 + "\nparties: {p1: {name: One}}\n",
        VALIDATE,
    ),
]
"""(limit, what, scenario text, how it is run): analyses at the default limits."""


def _line(name: str, result: Run) -> str:
    mib = result.peak_kib / 1024
    return (
        f"  {name:<34} {result.seconds:7.2f} s wall {result.cpu:7.2f} s CPU {mib:6.0f} MiB  "
        f"exit {result.code}"
    )


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


STARTUP = Entry("deal", _accord("deal", "--time-limit", "0.001", "--draws", "0"))
"""The deal's start-up on the same file: imports, the package space, the CP-SAT import and
model; it ends with exit 2 at once (no time to tell whether a zone of agreement exists)."""


def _budget(result: Run, startup: Run) -> None:
    """Whether a deal run ended within its time budget plus 10 % and its start-up."""
    allowed = 1.1 * TIME_LIMIT + startup.seconds
    print(
        f"    start-up {startup.seconds:.1f} s wall ({startup.cpu:.1f} s CPU, exit "
        f"{startup.code}); within 1.1 x the {TIME_LIMIT:g} s budget + start-up "
        f"({allowed:.1f} s): {_verdict(result.seconds <= allowed)}"
    )


def _bytecode() -> str:
    """Whether the dependencies' bytecode is cached (``make`` writes it) or compiled again at
    each start (``PYTHONDONTWRITEBYTECODE`` set and none written): 0.25 s of every run's CPU."""
    import importlib.util

    import pydantic

    cached = Path(importlib.util.cache_from_source(pydantic.__file__)).exists()
    return "cached" if cached else "compiled again at every start"


def main() -> None:
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores)")
    print(f"the dependencies' bytecode: {_bytecode()}")
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        baseline = run(VALIDATE, KOREA, scratch)
        print("validate, baseline:")
        print(_line(KOREA.name, baseline))
        print("validate, each hostile file:")
        results = {path.name: run(VALIDATE, path, scratch) for path in corpus(scratch)}
        for name, result in results.items():
            print(_line(name, result))
        slowest = max(results, key=lambda n: results[n].cpu)
        largest = max(results, key=lambda n: results[n].peak_kib)
        worst = results[slowest]
        worst_mib = results[largest].peak_kib / 1024
        times, memory = worst.cpu / baseline.cpu, worst_mib * 1024 / baseline.peak_kib
        met = _verdict(worst.cpu <= TARGET_SECONDS)
        print(
            f"worst time: {slowest} {worst.cpu:.2f} s CPU, {worst.seconds:.2f} s wall "
            f"({times:.1f}x the baseline's CPU; target {TARGET_SECONDS} s: {met})"
        )
        print(
            f"worst memory: {largest} {worst_mib:.0f} MiB ({memory:.1f}x the baseline; target "
            f"{TARGET_MIB} MiB: {_verdict(worst_mib <= TARGET_MIB)})"
        )
        if os.environ.get("HOSTILE_BENCH_LIMITS", "1") != "0":
            print("at the default limits:")
            only = [n for n in os.environ.get("HOSTILE_BENCH_ONLY", "").split(",") if n]
            for limit, what, make, entry in AT_LIMITS:
                if only and limit not in only:
                    continue
                path = scratch / f"at-{limit}-{entry.name}.yaml"
                path.write_text(make(), encoding="utf-8")
                result = run(entry, path, scratch, timeout=900, memory=8 * 1024**3, cpu=900)
                print(_line(f"{limit} ({entry.name}): {what}", result))
                if limit in ("deal_items", "amount_levels"):
                    _budget(result, run(STARTUP, path, scratch, timeout=900))
    print(f"load average after: {os.getloadavg()[0]:.1f}")
