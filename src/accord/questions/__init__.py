"""The five questions of the public API, one module each (``accord.<question>`` re-exports them).

- :func:`~accord.questions._loading.load` — a scenario from a file or from YAML text;
- :func:`~accord.questions._conflict.analyze_conflict` — why the parties are stuck;
- :func:`~accord.questions._deal.analyze_deal` — what deal they could all accept;
- :func:`~accord.questions._phasing.plan` and :func:`~accord.questions._phasing.audit` — how to
  carry it out safely, and whether a written plan is safe;
- :func:`~accord.questions._verification.analyze_verification` — how sure we can be that cheating
  is caught;
- :func:`~accord.questions._sweep.analyze_robustness` — how often each verdict holds when the
  estimates are drawn from their ranges.

Each takes a loaded :class:`~accord.scenario.Scenario` and options, checks the options (an
unknown name is an error with a "did you mean" hint), and returns a frozen result whose
``to_dict()`` is what ``accord ... --json`` prints. The command line calls these functions.
"""

from accord.questions._conflict import analyze_conflict
from accord.questions._deal import analyze_deal
from accord.questions._loading import load
from accord.questions._phasing import audit, plan
from accord.questions._sweep import analyze_robustness
from accord.questions._verification import analyze_verification

__all__ = [
    "analyze_conflict",
    "analyze_deal",
    "analyze_robustness",
    "analyze_verification",
    "audit",
    "load",
    "plan",
]
