"""The safe-exchange condition, written once and plainly (the auditor's definition).

A party p that *defects at step k* withholds everything it was due to deliver from step k on.
The others notice when the first withheld delivery would have been verified: at
``period(k) + min(verify_lag of the items p was due to deliver at step k)``. Until then they keep
delivering as planned; after that they stop, and take back the recoverable fraction of every
reversible item they gave. The defector keeps everything else it received and pays its penalty
and forfeits its escrow. So (values are linear stocks, ``v[i, p]`` per unit):

``D_p(k) = sum_{i given by p} v[i,p] X_i(period(k) - 1)
         + sum_{j given by others} v[j,p] (1 - recover_j) X_j(detection)
         - penalty_p - escrow_p``

where ``X_i(t)`` is the amount of item i delivered in periods up to t. Continuing to the end is
worth ``C_p = sum_i v[i,p] a_i``. The *margin* of p at step k is ``C_p - D_p(k)``; a plan is safe
when the margin is >= 0 for every party at every step where that party delivers (defecting
"now", at a step where p delivers nothing, is the same as defecting at its next delivery).

Examples
--------
>>> from fractions import Fraction as F
>>> from accord.phasing._model import PhasingItem, PhasingProblem, Plan, Step
>>> good = PhasingItem("good", "s", F(100), {"s": F(-1), "b": F(2)}, divisible=True)
>>> pay = PhasingItem("pay", "b", F(253, 2), {"s": F(1), "b": F(-1)}, divisible=True)
>>> problem = PhasingProblem(("s", "b"), (good, pay), penalty={"s": F(1, 2), "b": F(1, 2)})
>>> plan = Plan((Step(1, {"good": F(37)}), Step(2, {"pay": F(64)})))
>>> safety_margin(problem, plan, "b", 1)
Fraction(0, 1)
"""

from __future__ import annotations

from fractions import Fraction

from accord.phasing._model import PhasingProblem, Plan


def detection_period(problem: PhasingProblem, plan: Plan, party: str, index: int) -> int:
    """The period in which the others notice that ``party`` withheld step ``index`` (0-based)."""
    step = plan.steps[index]
    lags = [
        problem.item(item_id).verify_lag
        for item_id, amount in step.deliveries.items()
        if amount > 0 and problem.item(item_id).giver == party
    ]
    return step.period + (min(lags) if lags else 0)


def defection_value(problem: PhasingProblem, plan: Plan, party: str, index: int) -> Fraction:
    """``D_p(k)``: what ``party`` ends up with if it withholds everything from step ``index``.

    Parameters
    ----------
    problem : PhasingProblem
        The parties, the package's items (giver, amount, value per unit to each party) and the
        penalties, escrows and horizon.
    plan : Plan
        Its steps, each a period and the amounts delivered then.
    party : str
        The defector.
    index : int
        The step (0-based) from which it withholds everything it was due to deliver.

    Returns
    -------
    Fraction
        What it gave before the step, plus what it received and keeps until the others notice
        (net of what they take back), less its penalty and escrow (the module's formula).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from accord.phasing import PhasingItem, PhasingProblem, Plan, Step
    >>> good = PhasingItem("good", "s", F(100), {"s": F(-1), "b": F(2)}, divisible=True)
    >>> pay = PhasingItem("pay", "b", F(253, 2), {"s": F(1), "b": F(-1)}, divisible=True)
    >>> problem = PhasingProblem(("s", "b"), (good, pay), penalty={"s": F(1, 2), "b": F(1, 2)})
    >>> plan = Plan((Step(1, {"good": F(37)}), Step(2, {"pay": F(64)})))
    >>> defection_value(problem, plan, "b", 1), problem.final_value("b")
    (Fraction(147, 2), Fraction(147, 2))
    """
    before = plan.steps[index].period - 1
    noticed = detection_period(problem, plan, party, index)
    total = -problem.forfeit(party)
    for item in problem.items:
        if item.giver == party:
            total += item.value(party) * plan.delivered(item.id, before)
        else:
            kept = plan.delivered(item.id, noticed) * item.kept_fraction()
            total += item.value(party) * kept
    return total


def safety_margin(problem: PhasingProblem, plan: Plan, party: str, index: int) -> Fraction:
    """``C_p - D_p(k)``: how much better ``party`` does by carrying out the plan than defecting.

    This is the one place the safety condition is defined; extensions (for example expected
    gains from cheating that goes undetected) belong here.

    Parameters
    ----------
    problem : PhasingProblem
        The parties, the package's items (giver, amount, value per unit to each party) and the
        penalties, escrows and horizon.
    plan : Plan
        Its steps, each a period and the amounts delivered then.
    party : str
        The party that could defect.
    index : int
        The step (0-based) at which it would defect.

    Returns
    -------
    Fraction
        ``problem.final_value(party) - defection_value(...)``: the plan is safe for ``party``
        at the step when this is at least 0.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from accord.phasing import PhasingItem, PhasingProblem, Plan, Step
    >>> good = PhasingItem("good", "s", F(100), {"s": F(-1), "b": F(2)}, divisible=True)
    >>> pay = PhasingItem("pay", "b", F(253, 2), {"s": F(1), "b": F(-1)}, divisible=True)
    >>> problem = PhasingProblem(("s", "b"), (good, pay), penalty={"s": F(1, 2), "b": F(1, 2)})
    >>> plan = Plan((Step(1, {"good": F(37)}), Step(2, {"pay": F(64)})))
    >>> safety_margin(problem, plan, "b", 1)
    Fraction(0, 1)
    """
    return problem.final_value(party) - defection_value(problem, plan, party, index)


def delivers_at(problem: PhasingProblem, plan: Plan, party: str, index: int) -> bool:
    """Whether ``party`` delivers anything at step ``index``."""
    return any(
        amount > 0 and problem.item(item_id).giver == party
        for item_id, amount in plan.steps[index].deliveries.items()
    )


def exposure(problem: PhasingProblem, plan: Plan, party: str, period: int) -> Fraction:
    """Value ``party`` has given and not yet had matched by verified receipts, at ``period``.

    Own deliveries count at their cost to the party (``max(0, -v)``) as soon as made; what
    others delivered counts at its worth to the party (``max(0, v)``) once verified
    (``verify_lag`` periods later). Never below 0. Between steps exposure can only fall (more
    receipts get verified), so its largest value is reached right after some step.

    Parameters
    ----------
    problem : PhasingProblem
        The parties, the package's items (giver, amount, value per unit to each party) and the
        penalties, escrows and horizon.
    plan : Plan
        Its steps, each a period and the amounts delivered then.
    party : str
        The party exposed.
    period : int
        The period (deliveries up to and including it count).

    Returns
    -------
    Fraction
        The cost of what ``party`` delivered less the worth of what it received verified, at
        least 0.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> from accord.phasing import PhasingItem, PhasingProblem, Plan, Step
    >>> good = PhasingItem("good", "s", F(100), {"s": F(-1), "b": F(2)}, divisible=True)
    >>> pay = PhasingItem("pay", "b", F(253, 2), {"s": F(1), "b": F(-1)}, divisible=True)
    >>> problem = PhasingProblem(("s", "b"), (good, pay), penalty={"s": F(1, 2), "b": F(1, 2)})
    >>> plan = Plan((Step(1, {"good": F(37)}), Step(2, {"pay": F(64)})))
    >>> [exposure(problem, plan, "s", period) for period in (0, 1, 2)]
    [Fraction(0, 1), Fraction(37, 1), Fraction(0, 1)]
    """
    total = Fraction(0)
    for item in problem.items:
        if item.giver == party:
            total += max(Fraction(0), -item.value(party)) * plan.delivered(item.id, period)
        else:
            worth = max(Fraction(0), item.value(party))
            total -= worth * plan.delivered(item.id, period - item.verify_lag)
    return max(Fraction(0), total)
