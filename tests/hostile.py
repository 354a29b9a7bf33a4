"""The hostile-input corpus and the entry points it is run through (issue 17).

Small cases are files under ``tests/data/hostile/`` (each says in a comment what it attacks);
large ones are generated here, so the repository does not carry megabytes of ``and``. Every
case runs through every entry point in :data:`ENTRY_POINTS` in its own process under a resource
limit (memory and CPU time), and must end with exit code 0, 1 or 2, a message, and no
traceback. Used by ``tests/integration/test_hostile_corpus.py`` and
``benchmarks/bench_hostile.py``.

To add an entry point, append an :class:`Entry` whose ``argv`` runs it on one file with the
Python of this environment (``web-validate`` posts the file to the workbench's ``POST
/validate``, see ``tests/hostile_web.py``).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).parent / "data" / "hostile"
WEB_VALIDATE = Path(__file__).parent / "hostile_web.py"
"""The web workbench's editor validation (``POST /validate``) of one file, in a child."""
HEAD = "accord: 1\ntitle: Hostile\nparties: {p1: {name: One}, p2: {name: Two}}\n"
MEMORY_LIMIT = 2 * 1024**3
"""Data (heap) memory of each run, bytes: well below the machine's, far above what a run needs.
``RLIMIT_DATA`` rather than ``RLIMIT_AS``: the figure renderer (V8, in vl-convert) reserves a
large address range it never uses, which an address-space limit refuses at start-up."""
CPU_LIMIT = 60
"""CPU seconds of each run."""


def _constraint(expression: str) -> str:
    return (
        HEAD
        + "deal:\n  items:\n    - {id: a, giver: p1, value: {p2: 1, p1: -1}}\n"
        + f"  constraints:\n    - '{expression}'\n"
    )


def _options(count: int) -> str:
    rows = "".join(f"    - {{id: o{k}, dm: p{k % 2 + 1}}}\n" for k in range(count))
    return HEAD + "conflict:\n  options:\n" + rows


GENERATED: dict[str, Callable[[], str]] = {
    "and-chain-200k.yaml": lambda: _constraint(" and ".join(["a"] * 200_000)),
    "and-chain-400k.yaml": lambda: _constraint(" and ".join(["a"] * 400_000)),
    "options-1e6.yaml": lambda: _options(10**6),
    "deep-lists.yaml": lambda: "accord: 1\nx: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "deep-mappings.yaml": lambda: "accord: 1\nx: " + "{a: " * 100_000 + "1" + "}" * 100_000,
    "title-5mb.yaml": lambda: HEAD.replace("Hostile", "t" * 5_000_000),  # past workbench_bytes
    "parties-50k.yaml": lambda: (
        "accord: 1\ntitle: T\nparties:\n" + "".join(f"  p{k}: {{name: P}}\n" for k in range(50_000))
    ),
    "correlations-40k.yaml": lambda: (  # past correlated_ranges: counted before any pair
        HEAD
        + "correlations:\n  - coefficient: 0.5\n    ranges: ["
        + ", ".join(f"deal.items.i{k}.value.p1" for k in range(40_000))
        + "]\n"
    ),
}
"""Large cases, written when needed: name -> text."""


def corpus(into: Path) -> list[Path]:
    """Every case: the files of ``tests/data/hostile`` and the generated ones (written into
    ``into``), sorted by name."""
    files = [p for p in CORPUS.iterdir() if p.suffix in (".yaml", ".bin")]
    for name, make in GENERATED.items():
        path = into / name
        if not path.exists():
            path.write_text(make(), encoding="utf-8")
        files.append(path)
    return sorted(files, key=lambda p: p.name)


@dataclass(frozen=True)
class Entry:
    """A way untrusted input reaches Accord: ``argv(file, scratch)`` runs it on ``file``
    (``scratch`` is a folder for any output)."""

    name: str
    argv: Callable[[Path, Path], list[str]]


def _accord(*args: str) -> list[str]:
    return [sys.executable, "-m", "accord", *args]


ENTRY_POINTS: list[Entry] = [
    Entry("validate", lambda f, _: _accord("validate", str(f))),
    Entry("analyze", lambda f, _: _accord("analyze", str(f))),
    Entry("report", lambda f, out: _accord("report", str(f), "-o", str(out / "r.html"), "--force")),
    Entry("web-validate", lambda f, _: [sys.executable, str(WEB_VALIDATE), str(f)]),
]
"""Every entry point the corpus runs through (extend this list; see the module docstring)."""


@dataclass(frozen=True)
class Run:
    """How one entry point ended on one file."""

    code: int
    output: str
    seconds: float
    peak_kib: int
    cpu: float
    """CPU seconds (user and system): steadier than wall time on a loaded machine."""


def _limiter(memory: int, cpu: int) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))

    return limit


def run(
    entry: Entry,
    file: Path,
    scratch: Path,
    timeout: float = 300,
    memory: int = MEMORY_LIMIT,
    cpu: int = CPU_LIMIT,
) -> Run:
    """Run ``entry`` on ``file`` in a child process under a ``memory`` (bytes) and ``cpu``
    (seconds) limit: its exit code, its output (stdout and stderr), wall time and peak
    resident memory (this child's own, from ``wait4``)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        entry.argv(file, scratch),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=_limiter(memory, cpu),
        env={**os.environ, "COLUMNS": "200", "NO_COLOR": "1"},
    )
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    try:
        assert process.stdout is not None
        output = process.stdout.read()
        process.stdout.close()
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    text = output.decode("utf-8", "replace")
    return Run(process.returncode, text, seconds, usage.ru_maxrss, cpu)


def conflict_options(count: int) -> str:
    """A conflict of ``count`` options dealt to two parties, preferences as statements:
    2^count states, every one feasible (the analysis at the ``states`` limit)."""
    rows = "".join(f"    - {{id: o{k}, dm: p{k % 2 + 1}}}\n" for k in range(count))
    statements = {
        p: [f"o{k}" if k % 3 else f"-o{k}" for k in range(p - 1, count, 2)] for p in (1, 2)
    }
    prefs = "".join(f"    p{p}: {{statements: [{', '.join(s)}]}}\n" for p, s in statements.items())
    return (
        HEAD + "conflict:\n  options:\n" + rows + "  preferences:\n" + prefs + "  status_quo: 1\n"
    )


def deal_levels(items: int, quantity: int) -> str:
    """A deal of ``items`` indivisible items of ``quantity`` units each, given in turn by the two
    parties: items x (quantity + 1) amounts (the analysis at the ``amount_levels`` limit)."""
    rows = "".join(
        f"    - {{id: i{k}, giver: p{k % 2 + 1}, quantity: {quantity}, "
        f"value: {{p{k % 2 + 1}: -{k % 5 + 1}, p{2 - k % 2}: {k % 7 + 2}}}}}\n"
        for k in range(items)
    )
    return HEAD + "deal:\n  items:\n" + rows + "  reservation: {p1: 0, p2: 0}\n"


def phasing_items(items: int, horizon: int) -> str:
    """A package of ``items`` items to phase over ``horizon`` periods (about 3 x items x horizon
    planner variables: the plan at the ``planner_variables`` limit)."""
    rows = "".join(
        f"    - {{id: i{k}, giver: p{k % 2 + 1}, value: {{p{k % 2 + 1}: -{k % 3 + 1}, "
        f"p{2 - k % 2}: {k % 4 + 2}}}}}\n"
        for k in range(items)
    )
    package = ", ".join(f"i{k}: 1" for k in range(items))
    return (
        HEAD
        + "deal:\n  items:\n"
        + rows
        + f"  proposals: {{all: {{{package}}}}}\n"
        + f"phasing:\n  start: 2026-01-01\n  package: all\n  horizon: {horizon}\n"
    )


def yaml_values(count: int) -> str:
    """A valid scenario of exactly ``count`` YAML values (a note list in an extension key)."""
    fixed = 8  # the root, accord, title, parties, p1, its name, p2, its name
    rows = max(count - fixed - 1, 0)
    return HEAD + "x-notes:\n" + "".join(f"  - n{k}\n" for k in range(rows))
