"""Why no safe plan exists, and the smallest changes that would make the exchange safe.

The *closest plan* minimises the total shortfall (the safety rows relaxed by one slack per
party); the auditor then names who defects where. Fixes: a larger penalty (the least total
extra forfeit, split by party, from the same relaxation; an escrow of the same size works the
same way), making one item reversible (fully recoverable), making one indivisible item divisible
(splitting it), or a longer horizon. Each candidate is tried within the time given, most
promising first, by the lockstep heuristic (a safe plan, audited, settles it) and then by the
planner; a fix is listed as *verified* when a safe plan was found with it, and the best
untried candidates are listed as *likely* when time ran out before any was verified.

Examples
--------
>>> from fractions import Fraction as F
>>> from accord.phasing._model import PhasingItem, PhasingProblem
>>> good = PhasingItem("good", "s", F(1), {"s": F(-1), "b": F(3)})
>>> pay = PhasingItem("pay", "b", F(2), {"s": F(1), "b": F(-1)})
>>> problem = PhasingProblem(("s", "b"), (good, pay), horizon=4)
>>> why = explain_infeasible(problem)
>>> why.defector.party, why.defector.shortfall
('s', Fraction(1, 1))
>>> for fix in why.fixes:
...     print(fix.text)
a defection penalty for s of at least 1 (now 0), or an escrow of 1 from s
make 'good' reversible (its giver can take it all back)
make 'pay' reversible (its giver can take it all back)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

from accord.phasing._audit import Unsafe, audit_plan
from accord.phasing._bounds import Certificate
from accord.phasing._formulation import build
from accord.phasing._heuristic import first_plans
from accord.phasing._model import PhasingProblem, Plan, Reversible
from accord.phasing._planner import DEFAULT_ENGINE, plan_exchange
from accord.phasing._safety import detection_period
from accord.phasing._stages import Engine, engine_solve, plan_from_solution, prepare_engine
from accord.solver._control import Deadline

SHORTFALL_SHARE = 0.3
"""Of the time given, the share for the closest plan (the least extra penalty)."""


@dataclass(frozen=True)
class Fix:
    """One change that makes a safe plan exist (``verified``), or most likely would."""

    kind: str
    """``penalty`` (or an escrow of the same size), ``reversible``, ``divisible`` or ``horizon``."""
    party: str | None
    item: str | None
    amount: float | None
    text: str
    verified: bool = True

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form."""
        return {
            "kind": self.kind,
            "party": self.party,
            "item": self.item,
            "amount": self.amount,
            "text": self.text,
            "verified": self.verified,
        }


@dataclass(frozen=True)
class InfeasibilityExplanation:
    """Who defects where in the closest plan, why no plan exists, and the fixes found."""

    defector: Unsafe | None
    closest: Plan | None
    fixes: tuple[Fix, ...]
    certificate: Certificate | None = None
    withholds: tuple[str, ...] = ()
    """The deliveries the defector would withhold at its step of the closest plan: the
    commitments that bind (it gains more by keeping them than it forfeits)."""
    noticed_in: int | None = None
    """The period in which the others would notice (the step's period plus the smallest
    verification lag of what is withheld): what they deliver until then, the defector keeps."""

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form (see docs/reference/phasing-json.md)."""
        return {
            "defector": None if self.defector is None else self.defector.to_dict(),
            "withholds": list(self.withholds),
            "noticed_in": self.noticed_in,
            "fixes": [f.to_dict() for f in self.fixes],
            "certificate": None if self.certificate is None else self.certificate.to_dict(),
        }


def explain_infeasible(
    problem: PhasingProblem,
    time_limit: float = 10.0,
    *,
    deadline: Deadline | None = None,
    certificate: Certificate | None = None,
    engine: Engine = DEFAULT_ENGINE,
) -> InfeasibilityExplanation:
    """Explain why ``problem`` has no safe plan within its horizon, and list fixes.

    Everything happens before ``deadline`` (default: ``time_limit`` seconds from now).

    Parameters
    ----------
    problem : PhasingProblem
        A problem :func:`plan_exchange` found no safe plan for.
    time_limit : float, default 10.0
        Seconds for all of it.
    deadline : Deadline, optional
        A caller's budget, instead of ``time_limit``.
    certificate : Certificate, optional
        The planner's proof that the horizon is too short, if it has one.
    engine : Engine, default Engine()
        Which solver takes the models (``auto``: CP-SAT for all-integer ones, else HiGHS).

    Returns
    -------
    InfeasibilityExplanation
        Who defects where in the closest plan and by how much, and the fixes (penalties or
        escrows, reversible items, a longer horizon), each checked by planning again.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from accord.phasing import PhasingItem, PhasingProblem, Plan, Step
    >>> good = PhasingItem("good", "s", F(2), {"s": F(-1), "b": F(3)})
    >>> pay = PhasingItem("pay", "b", F(4), {"s": F(1), "b": F(-1)}, divisible=True)
    >>> problem = PhasingProblem(("s", "b"), (good, pay), penalty={"s": F(1), "b": F(1)}, horizon=6)
    >>> from dataclasses import replace
    >>> explanation = explain_infeasible(replace(problem, penalty={}, horizon=1))
    >>> explanation.defector
    Unsafe(index=1, name='step 1', party='s', shortfall=Fraction(2, 1))
    >>> [fix.text for fix in explanation.fixes]  # doctest: +NORMALIZE_WHITESPACE
    ['a defection penalty for s of at least 2 (now 0), or an escrow of 2 from s;
      and a defection penalty for b of at least 4 (now 0), or an escrow of 4 from b']
    """
    if deadline is None:
        prepare_engine(problem, engine)
        deadline = Deadline.after(time_limit)
    closest, extra, least = _least_shortfall(problem, deadline.share(SHORTFALL_SHARE), engine)
    defector = None if closest is None else audit_plan(problem, closest).first_unsafe
    fixes = [_penalty_fix(problem, extra, least)] if extra else []
    fixes += _structural_fixes(problem, deadline, certificate, engine)
    withholds, noticed = _binding(problem, closest, defector)
    return InfeasibilityExplanation(
        defector, closest, tuple(fixes), certificate, withholds, noticed
    )


def _binding(
    problem: PhasingProblem, closest: Plan | None, defector: Unsafe | None
) -> tuple[tuple[str, ...], int | None]:
    """What the defector withholds at its step of the closest plan, and when it is noticed."""
    if closest is None or defector is None:
        return (), None
    k = defector.index - 1
    step = closest.steps[k]
    withheld = tuple(
        item_id
        for item_id, amount in step.deliveries.items()
        if amount > 0 and problem.item(item_id).giver == defector.party
    )
    return withheld, detection_period(problem, closest, defector.party, k)


def _least_shortfall(
    problem: PhasingProblem, deadline: Deadline, engine: Engine
) -> tuple[Plan | None, dict[str, Fraction], bool]:
    if deadline.expired():
        return None, {}, False
    form = build(problem, slack=True)
    outcome = engine_solve(form, dict.fromkeys(form.slack.values(), 1), deadline, engine)
    if not outcome.x:
        return None, {}, False
    extra = {
        p: Fraction(outcome.x[col]).limit_denominator(10**6)
        for p, col in form.slack.items()
        if outcome.x[col] > 1e-7
    }
    return plan_from_solution(problem, form, outcome.x), extra, outcome.status == "optimal"


def _penalty_fix(problem: PhasingProblem, extra: dict[str, Fraction], least: bool) -> Fix:
    def part(p: str, x: Fraction) -> str:
        now = float(problem.penalty.get(p, 0))
        if least:
            return (
                f"a defection penalty for {p} of at least {now + float(x):g} (now {now:g}), "
                f"or an escrow of {float(x):g} from {p}"
            )
        return (
            f"a defection penalty for {p} of {now + float(x):g} (now {now:g}; less may do), "
            f"or an escrow of {float(x):g} from {p}"
        )

    party = next(iter(extra)) if len(extra) == 1 else None
    text = "; and ".join(part(p, x) for p, x in extra.items())
    return Fix("penalty", party, None, float(sum(extra.values())), text)


def _candidates(
    problem: PhasingProblem, certificate: Certificate | None
) -> list[tuple[Fix, PhasingProblem]]:
    """Each single change worth trying, most promising first (the items a certificate names,
    then the items worth most per step to their receivers, then a longer horizon)."""
    named = set(certificate.items) if certificate is not None else set()

    def weight(item_id: str) -> tuple[bool, Fraction]:
        item = problem.item(item_id)
        worth = max((v for p, v in item.values.items() if p != item.giver), default=Fraction(0))
        return (item_id not in named, -worth)

    found = []
    for item_id in sorted((i.id for i in problem.items), key=weight):
        item = problem.item(item_id)
        if item.reversible is None or item.reversible.recover < 1:
            text = f"make '{item.id}' reversible (its giver can take it all back)"
            trial = _with_item(problem, item.id, reversible=Reversible(0, Fraction(1)))
            found.append((Fix("reversible", item.giver, item.id, None, text), trial))
        if not item.divisible:
            text = f"split '{item.id}' into smaller amounts (make it divisible)"
            trial = _with_item(problem, item.id, divisible=True)
            found.append((Fix("divisible", item.giver, item.id, None, text), trial))
    longer = max(problem.horizon * 2, (certificate.periods or 0) if certificate else 0)
    text = f"allow {longer} periods instead of {problem.horizon}"
    horizon = Fix("horizon", None, None, float(longer), text)
    found.insert(min(len(found), 2), (horizon, replace(problem, horizon=longer)))
    return found


def _structural_fixes(
    problem: PhasingProblem, deadline: Deadline, certificate: Certificate | None, engine: Engine
) -> list[Fix]:
    """The candidates verified in the time left (listed in the usual order: reversible,
    divisible, horizon); the three most promising as likely when none could be verified."""
    candidates = _candidates(problem, certificate)
    verified: list[Fix] = []
    tried = 0
    for fix, trial in candidates:
        if deadline.expired():
            break
        tried += 1
        share = deadline.share(1 / max(1, len(candidates) - tried + 1))
        if _works(trial, share, engine):
            verified.append(_shortest(fix, trial, problem.horizon))
    if not verified and tried < len(candidates):
        return [replace(f, verified=False) for f, _ in candidates[:3]]
    order = {"reversible": 0, "divisible": 1, "horizon": 2}
    ids = [i.id for i in problem.items]
    return sorted(verified, key=lambda f: (order[f.kind], ids.index(f.item) if f.item else 0))


def _works(trial: PhasingProblem, deadline: Deadline, engine: Engine) -> bool:
    """Whether a safe plan exists for ``trial``: the heuristic first, then the planner."""
    for plan in first_plans(trial):
        if audit_plan(trial, plan).safe:
            return True
        if deadline.expired():
            return False
    if deadline.expired():
        return False
    result = plan_exchange(trial, deadline=deadline, engine=engine)
    return result.status in ("optimal", "feasible")


def _shortest(fix: Fix, trial: PhasingProblem, horizon: int) -> Fix:
    """A horizon fix names the periods the heuristic's plan needs, when fewer are enough."""
    if fix.kind != "horizon":
        return fix
    periods = min(
        (p.steps[-1].period for p in first_plans(trial) if p.steps and audit_plan(trial, p).safe),
        default=None,
    )
    if periods is None or not horizon < periods < trial.horizon:
        return fix
    text = f"allow {periods} periods instead of {horizon}"
    return replace(fix, amount=float(periods), text=text)


def _with_item(problem: PhasingProblem, item_id: str, **changes: Any) -> PhasingProblem:
    items = tuple(replace(i, **changes) if i.id == item_id else i for i in problem.items)
    return replace(problem, items=items)
