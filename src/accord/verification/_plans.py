"""Verification-aware phased plans: is a plan safe when deliveries can be faked?

The phasing model's safety condition (:func:`accord.phasing._safety.safety_margin`) covers a party
that openly *withholds*: its margin at step ``k`` is ``M = C_p - D_p(k)``. A party can also
*fake* a delivery of item ``i`` at step ``k`` — claim it and keep its cost ``g`` (minus its value
of the amount). If a check with detection probability ``π`` catches the fake, the others react as
to a defection at that step (``D_p(k)``); if not, the faker ends with ``C_p + g``. Faking is
unprofitable iff ``π M >= (1 - π) g``, i.e. ``π >= g / (g + M)`` when ``M > 0`` — the deterrence
threshold of :mod:`accord.verification._deterrence` with gain ``g`` and penalty ``M``.

:func:`verify_plan` extends the safety condition this way for a given plan:

1. each item's verification lag becomes the longest lag of the means that may verify it (a
   delivery counts only once verified; this is conservative, since a shorter lag only raises
   ``M``), and the defection margins are recomputed with :func:`safety_margin`;
2. in every period, the means that verify each delivery are chosen within the period's budget
   and the means' capacities by :func:`accord.verification._allocation.allocate` (deter as many
   fakes as possible, then the smallest largest expected gain);
3. the *cheating margin* ``π M - (1 - π) g`` of every delivery is reported; the plan is safe
   when every defection margin and every cheating margin is at least 0.

A plan that fails here is reported with the deliveries that need more verification (or a larger
margin). :mod:`accord.verification._planning` finds plans that pass the cheating condition with
each item's best detection; :mod:`accord.verification._scenario_plans` checks a scenario's plans.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from accord.choices import VerificationObjective
from accord.phasing._model import PhasingItem, PhasingProblem, Plan
from accord.phasing._safety import safety_margin
from accord.verification._allocation import allocate, uses_text
from accord.verification._deterrence import Commitment, MeansSpec
from accord.verification._numbers import as_json_number, show


@dataclass(frozen=True)
class DeliveryCheck:
    """One delivery of a plan: what faking it gains, what withholding risks, how it is checked."""

    period: int
    item: str
    party: str
    amount: Fraction
    gain: Fraction
    """``g``: the giver's cost of the delivery, kept by faking it."""
    margin: Fraction
    """``M = C_p - D_p(k)``: the defection margin at this step (with verification lags)."""
    verification: str
    detection: Fraction
    cheating_margin: Fraction
    """``π F - (1 - π) g``: how much better delivering honestly is than faking."""
    fake_margin: Fraction
    """``F``: the defection margin when a fake is found, at this item's own lag."""

    @property
    def safe(self) -> bool:
        """Whether neither withholding nor faking this delivery pays."""
        return self.margin >= 0 and self.cheating_margin >= 0

    @property
    def reason(self) -> str:
        """Why this delivery is (not) safe, in one sentence."""
        if self.margin < 0:
            return (
                f"{self.party} gains {show(-self.margin)} by withholding from this step on: "
                "unsafe whatever the verification"
            )
        if self.fake_margin < 0 and self.gain > 0:
            return (
                f"faking it pays whatever the verification: a fake is found only once the item "
                f"is verified, and {self.party} is then still {show(-self.fake_margin)} better "
                "off than delivering"
            )
        if self.cheating_margin >= 0:
            return (
                f"faking it is deterred: {self.verification} detect with "
                f"{float(self.detection):.1%}, at least the "
                f"{float(_required(self.gain, self.fake_margin)):.1%} needed"
            )
        needed = f"{float(_required(self.gain, self.fake_margin)):.1%}"
        if self.detection == 0:
            return (
                f"faking it pays {show(-self.cheating_margin)} in expectation: it is not "
                f"verified, and {needed} detection is needed"
            )
        return (
            f"faking it pays {show(-self.cheating_margin)} in expectation: "
            f"{self.verification} detect with {float(self.detection):.1%}, {needed} is needed"
        )

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form (see docs/reference/verification-json.md)."""
        return {
            "period": self.period,
            "item": self.item,
            "party": self.party,
            "amount": as_json_number(self.amount),
            "gain": as_json_number(self.gain),
            "margin": as_json_number(self.margin),
            "verification": self.verification,
            "detection": as_json_number(self.detection),
            "fake_margin": as_json_number(self.fake_margin),
            "cheating_margin": as_json_number(self.cheating_margin),
            "safe": self.safe,
            "reason": self.reason,
        }


def _required(gain: Fraction, margin: Fraction) -> Fraction:
    return Fraction(1) if gain + margin <= 0 else gain / (gain + margin)


@dataclass(frozen=True)
class VerifiedPlan:
    """A plan checked against faked deliveries, with the verification chosen for each."""

    deliveries: tuple[DeliveryCheck, ...]
    lags: Mapping[str, int]
    """The verification lag used for each item."""

    @property
    def safe(self) -> bool:
        """Whether every delivery is safe against withholding and faking."""
        return all(d.safe for d in self.deliveries)

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form (see docs/reference/verification-json.md)."""
        return {
            "safe": self.safe,
            "lags": dict(self.lags),
            "deliveries": [d.to_dict() for d in self.deliveries],
        }


def with_verification_lags(
    problem: PhasingProblem, means: Mapping[str, MeansSpec], verifies: Mapping[str, Sequence[str]]
) -> PhasingProblem:
    """The problem with each verified item's lag raised to the longest lag of its means."""
    items = tuple(
        replace(
            item,
            verify_lag=max([item.verify_lag, *(means[m].lag for m in verifies.get(item.id, ()))]),
        )
        for item in problem.items
    )
    return replace(problem, items=items)


def verify_plan(
    problem: PhasingProblem,
    plan: Plan,
    means: Mapping[str, MeansSpec],
    verifies: Mapping[str, Sequence[str]],
    budget: Fraction | None = None,
    time_limit: float = 10.0,
) -> VerifiedPlan:
    """Check ``plan`` against faked deliveries, choosing the verification period by period.

    Each item's verification lag is raised to the longest lag of its means, the defection
    margins are recomputed, the means are allocated in every period within ``budget`` (deter
    as many fakes as possible), and every delivery's cheating margin ``π F - (1 - π) g`` is
    reported. The plan is safe when every defection margin and cheating margin is at least 0.

    Parameters
    ----------
    problem : PhasingProblem
        The phasing problem: parties, items with their values, penalties, escrow.
    plan : Plan
        The steps to check; each delivers amounts of the problem's items.
    means : mapping of str to MeansSpec
        The means of verification by id.
    verifies : mapping of str to sequence of str
        For each verified item, the ids of the means that may verify it (others are not
        verified: faking them is caught with probability 0).
    budget : Fraction, optional
        What one period's verification may cost (default: no limit).
    time_limit : float, default 10.0
        Seconds for the solver in each period.

    Returns
    -------
    VerifiedPlan
        Frozen: one :class:`DeliveryCheck` per delivery (its gain from faking, margins,
        verification chosen, detection and ``reason``), the lags used, and ``safe``;
        ``to_dict()`` is its JSON in ``accord verify --json``.

    Raises
    ------
    KeyError
        An item of the plan not in the problem, or a means id not in ``means``.
    LimitExceeded
        A delivery with more use vectors than the ``verification_combinations`` limit.
    AnalysisError
        The allocation solver found no solution within ``time_limit``.

    Examples
    --------
    >>> from accord.phasing import PhasingItem, Step
    >>> good = PhasingItem("good", "s", Fraction(1), {"s": Fraction(-4), "b": Fraction(10)})
    >>> pay = PhasingItem("pay", "b", Fraction(1), {"s": Fraction(6), "b": Fraction(-6)})
    >>> problem = PhasingProblem(("s", "b"), (good, pay), penalty={"s": Fraction(2)})
    >>> plan = Plan((Step(1, {"good": Fraction(1)}), Step(2, {"pay": Fraction(1)})))
    >>> means = {"look": MeansSpec("look", Fraction(1, 2), cost=Fraction(1))}
    >>> checked = verify_plan(problem, plan, means, {"good": ["look"]}, budget=Fraction(1))
    >>> [(d.item, d.detection, d.safe) for d in checked.deliveries]
    [('good', Fraction(1, 2), True), ('pay', Fraction(0, 1), False)]
    >>> checked.deliveries[1].reason  # the buyer has the good: paying is what it would skip
    'b gains 6 by withholding from this step on: unsafe whatever the verification'

    With a penalty on the buyer too, and payments checkable: faking a payment is deterred
    by two uses (75 %), which a budget of 2 per period pays for.

    >>> penalty = {"s": Fraction(2), "b": Fraction(8)}
    >>> problem = PhasingProblem(("s", "b"), (good, pay), penalty=penalty)
    >>> means = {"look": MeansSpec("look", Fraction(1, 2), cost=Fraction(1), per_item=2)}
    >>> verifies = {"good": ["look"], "pay": ["look"]}
    >>> checked = verify_plan(problem, plan, means, verifies, budget=Fraction(2))
    >>> [(d.item, d.verification, d.detection) for d in checked.deliveries], checked.safe
    ([('good', 'look ×1', Fraction(1, 2)), ('pay', 'look ×2', Fraction(3, 4))], True)
    >>> checked = verify_plan(problem, plan, means, verifies, budget=Fraction(1))
    >>> checked.safe, checked.deliveries[1].reason
    (False, 'faking it pays 2 in expectation: look ×1 detect with 50.0%, 75.0% is needed')
    """
    lagged = with_verification_lags(problem, means, verifies)
    checks = [
        check
        for index in range(len(plan.steps))
        for check in _check_step(lagged, plan, index, means, verifies, budget, time_limit)
    ]
    lags = {item.id: item.verify_lag for item in lagged.items}
    return VerifiedPlan(tuple(checks), lags)


def _check_step(
    lagged: PhasingProblem,
    plan: Plan,
    index: int,
    means: Mapping[str, MeansSpec],
    verifies: Mapping[str, Sequence[str]],
    budget: Fraction | None,
    time_limit: float,
) -> list[DeliveryCheck]:
    """The deliveries of step ``index``, verified by the means allocated within the budget."""
    rows = _step_rows(lagged, plan, index)
    commitments = [
        Commitment(
            item.id,
            item.giver,
            gain,
            max(Fraction(0), fake),
            tuple(dict.fromkeys(verifies.get(item.id, ()))),
        )
        for item, _, gain, _, fake in rows
    ]
    chosen = allocate(
        commitments, means, budget, VerificationObjective.DETER_MOST, time_limit
    ).plans
    period = plan.steps[index].period
    checks = []
    for (item, amount, gain, margin, fake), c_plan in zip(rows, chosen, strict=True):
        pi = c_plan.chosen.detection
        verification = uses_text(c_plan.commitment, c_plan.chosen.uses)
        cheating = pi * fake - (1 - pi) * gain
        checks.append(
            DeliveryCheck(
                period, item.id, item.giver, amount, gain, margin, verification, pi, cheating, fake
            )
        )
    return checks


def _step_rows(
    lagged: PhasingProblem, plan: Plan, index: int
) -> list[tuple[PhasingItem, Fraction, Fraction, Fraction, Fraction]]:
    """Deliveries at step ``index``: item, amount, gain from faking, margins (withheld, faked)."""
    rows = []
    for item_id, amount in plan.steps[index].deliveries.items():
        item = lagged.item(item_id)
        if amount <= 0:
            continue
        gain = max(Fraction(0), -item.value(item.giver) * Fraction(amount))
        margin = safety_margin(lagged, plan, item.giver, index)
        rows.append((item, Fraction(amount), gain, margin, fake_margin(lagged, plan, item, index)))
    return rows


def fake_margin(lagged: PhasingProblem, plan: Plan, item: PhasingItem, index: int) -> Fraction:
    """``C_p - D_p(k)`` when a fake of ``item`` at step ``index`` is found: at its own lag.

    A withheld step is noticed at the shortest lag of what the giver owed then; a faked item
    only when that item is verified, ``period + item.verify_lag``. The phasing definition
    (:func:`accord.phasing._safety.safety_margin`) is reused with the giver's items given the
    faked item's lag, which moves the noticing period and nothing else.

    >>> from accord.phasing._model import Step
    >>> quick = PhasingItem("quick", "s", Fraction(1), {"s": Fraction(0), "b": Fraction(1)})
    >>> slow = PhasingItem("slow", "s", Fraction(1), {"s": Fraction(-1), "b": Fraction(1)},
    ...                    verify_lag=1)
    >>> pay = PhasingItem("pay", "b", Fraction(1), {"s": Fraction(2), "b": Fraction(0)})
    >>> problem = PhasingProblem(("s", "b"), (quick, slow, pay))
    >>> plan = Plan((Step(1, {"quick": Fraction(1), "slow": Fraction(1)}),
    ...              Step(2, {"pay": Fraction(1)})))
    >>> safety_margin(problem, plan, "s", 0), fake_margin(problem, plan, slow, 0)
    (Fraction(1, 1), Fraction(-1, 1))
    """
    relabelled = tuple(
        replace(other, verify_lag=item.verify_lag) if other.giver == item.giver else other
        for other in lagged.items
    )
    return safety_margin(replace(lagged, items=relabelled), plan, item.giver, index)
