"""CP-SAT is imported without pandas (most of its import time), and still solves; pandas stays
importable for whoever wants it."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
from accord.solver._control import Deadline
from accord.solver._model import Milp
from accord.solver._solve import prepare, solve

prepare("cpsat")
assert "pandas" not in sys.modules, "cp_model pulled pandas in"
lp = Milp()
a, b = lp.var(0, 4, integer=True), lp.var(0, 4, integer=True)
lp.row({a: 1, b: 1}, lo=3)
outcome = solve(lp, {a: 2, b: 1}, Deadline.after(60), backend="cpsat")
assert (outcome.status, [round(v) for v in outcome.x]) == ("optimal", [0, 3]), outcome
import pandas
assert hasattr(pandas, "DataFrame"), "the real pandas loads after the stand-in"
print("ok")
"""


def test_cpsat_imports_without_pandas_and_solves() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
