"""The published safe-exchange case (issue 5) and the auditor's verdicts, exactly."""

from __future__ import annotations

from fractions import Fraction as F  # noqa: N817

from accord.phasing._audit import audit_plan
from accord.phasing._model import PhasingItem, PhasingProblem, Plan, Step

CHUNKS = [37, 32, 16, 8, 4, 2, 1]
PAYMENTS = [F(64), F(32), F(16), F(8), F(4), F(2), F(1, 2)]


def exchange(penalty: F) -> PhasingProblem:
    """One divisible good (cost 1, value 2, 100 units) against a divisible payment of 126.5."""
    good = PhasingItem("good", "seller", F(100), {"seller": F(-1), "buyer": F(2)}, divisible=True)
    pay = PhasingItem("pay", "buyer", F(253, 2), {"seller": F(1), "buyer": F(-1)}, divisible=True)
    return PhasingProblem(
        ("seller", "buyer"),
        (good, pay),
        penalty={"seller": penalty, "buyer": penalty},
        horizon=14,
        alternate=True,
    )


def alternating(chunks: list[int], payments: list[F]) -> Plan:
    steps = []
    for k, (chunk, payment) in enumerate(zip(chunks, payments, strict=True)):
        steps.append(Step(2 * k + 1, {"good": F(chunk)}))
        steps.append(Step(2 * k + 2, {"pay": payment}))
    return Plan(tuple(steps))


def test_phasing_published_seven_chunks_are_safe_with_zero_margin() -> None:
    audit = audit_plan(exchange(F(1, 2)), alternating(CHUNKS, PAYMENTS))
    assert audit.safe
    assert audit.problems == ()
    assert audit.min_margin == {"seller": F(0), "buyer": F(0)}
    # docs/explanation/safe-exchange.md: every margin *after* every step is exactly 0; before
    # the first step the seller, who has received nothing, would give up 26.5 + 0.5 by walking
    assert audit.steps[0].margin == {"seller": F(27), "buyer": F(0)}
    after = [m for s in audit.steps[1:] for m in s.margin.values() if m is not None]
    assert after == [F(0)] * 25


def test_phasing_published_without_penalties_is_unsafe() -> None:
    audit = audit_plan(exchange(F(0)), alternating(CHUNKS, PAYMENTS))
    assert not audit.safe
    assert audit.first_unsafe is not None
    assert audit.first_unsafe.shortfall == F(1, 2)


def test_phasing_published_ascending_order_is_unsafe() -> None:
    audit = audit_plan(exchange(F(1, 2)), alternating(CHUNKS[::-1], PAYMENTS[::-1]))
    assert not audit.safe
    assert audit.first_unsafe is not None
    assert (audit.first_unsafe.index, audit.first_unsafe.party) == (12, "buyer")
    assert audit.first_unsafe.shortfall == F(43, 2)


def test_phasing_exposure_of_seller_after_first_chunk_is_its_cost() -> None:
    audit = audit_plan(exchange(F(1, 2)), alternating(CHUNKS, PAYMENTS))
    assert audit.steps[1].exposure == {"seller": F(37), "buyer": F(0)}
    assert audit.steps[2].exposure == {"seller": F(0), "buyer": F(0)}


def test_phasing_audit_reports_plan_delivering_more_than_package() -> None:
    plan = alternating([*CHUNKS[:-1], 2], PAYMENTS)
    audit = audit_plan(exchange(F(1, 2)), plan)
    assert not audit.safe
    assert audit.problems == ("the plan delivers 101 of 'good', more than the package's 100",)
