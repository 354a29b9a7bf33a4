"""Start-up time: ``import accord``, ``accord --help`` and a command's own ``--help`` against
``python -c pass``.

Each is run in a fresh interpreter (best of several runs, in the same run as the baseline), so
the numbers include the interpreter's own start. The target: ``import accord`` at most
:data:`TARGET` seconds above the bare interpreter (heavy libraries load on first use; check with
``python -X importtime -c "import accord"``). ``accord --help`` imports no command's module
(:mod:`accord.cli._lazy`); ``accord COMMAND --help`` imports that command's module only, and no
engine (``tests/unit/test_cli_lazy.py`` checks what is imported). Every command's help is timed;
the bare interpreter is timed again at the end, to show how much the load moved meanwhile.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

from accord.cli._main import AccordCli

RUNS = 7
COMMAND_RUNS = 5
"""Runs of each command's help (there are many of them), best taken."""
TARGET = 0.3
"""Seconds ``import accord`` may take above ``python -c pass``."""


def _best(command: list[str], runs: int = RUNS) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    python = sys.executable
    print(f"load average at the start: {os.getloadavg()[0]:.1f}")
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
    print(f"each command's help, best of {COMMAND_RUNS}:")
    for command in AccordCli.lazy:
        took = _best([*accord, command, "--help"], COMMAND_RUNS)
        label = f"accord {command} --help:"
        print(
            f"  {label:<28}{took:.3f} s, +{took - bare:.3f} s above bare python, "
            f"{took / helped:.2f}x accord --help"
        )
    again = _best([python, "-c", "pass"])
    print(f"python -c pass again: {again:.3f} s; load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
