"""Run the benchmarks: ``python -m benchmarks`` runs all, ``python -m benchmarks conflict`` one.

Each ``benchmarks/bench_<name>.py`` defines ``main() -> None`` that measures Accord and a baseline
in the same run and prints ratios (absolute times on shared machines are not stable).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    here = Path(__file__).parent
    names = sorted(
        m.name[len("bench_") :]
        for m in pkgutil.iter_modules([str(here)])
        if m.name.startswith("bench_")
    )
    wanted = argv or names
    unknown = [n for n in wanted if n not in names]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(names)}")
        return 2
    for name in wanted:
        print(f"== {name} ==", flush=True)
        importlib.import_module(f"benchmarks.bench_{name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
