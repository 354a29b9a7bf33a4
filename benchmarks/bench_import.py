"""Start-up time: ``import accord``, ``accord --help`` and a command's own ``--help`` against
``python -c pass``.

Each is run in a fresh interpreter (best of several runs, in the same run as the baseline), so
the numbers include the interpreter's own start. The target: ``import accord`` at most
:data:`TARGET` seconds above the bare interpreter (heavy libraries load on first use; check with
``python -X importtime -c "import accord"``). ``accord --help`` imports no command's module
(:mod:`accord.cli._lazy`); ``accord COMMAND --help`` imports that command's module only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

RUNS = 7
TARGET = 0.3
"""Seconds ``import accord`` may take above ``python -c pass``."""
COMMANDS = ("plan", "ledger")
"""Commands whose own help is timed too (an engine command, the ledger group)."""


def _best(command: list[str]) -> float:
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    python = sys.executable
    bare = _best([python, "-c", "pass"])
    imported = _best([python, "-c", "import accord"])
    script = shutil.which("accord")
    accord = [script] if script else [python, "-m", "accord"]
    helped = _best([*accord, "--help"])
    verdict = "within" if imported - bare <= TARGET else "OVER"
    print(f"python -c pass:      {bare:.3f} s (best of {RUNS})")
    print(
        f"import accord:       {imported:.3f} s, +{imported - bare:.3f} s above bare python "
        f"({verdict} the {TARGET} s target)"
    )
    print(f"accord --help:       {helped:.3f} s, +{helped - bare:.3f} s above bare python")
    for command in COMMANDS:
        took = _best([*accord, command, "--help"])
        label = f"accord {command} --help:"
        print(f"{label:<28}{took:.3f} s, +{took - bare:.3f} s above bare python")


if __name__ == "__main__":
    main()
