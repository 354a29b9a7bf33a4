"""The planner on the published exchange: 7 delivery chunks (14 alternating periods) at best."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction as F  # noqa: N817

import pytest

from accord.phasing._model import PhasingItem, PhasingProblem
from accord.phasing._planner import plan_exchange


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


def test_phasing_planner_finds_the_published_seven_chunk_plan() -> None:
    result = plan_exchange(exchange(F(1, 2)), "periods", time_limit=20)
    assert result.status == "optimal"
    assert result.plan is not None
    assert result.audit is not None
    assert result.audit.safe
    goods = [s.deliveries["good"] for s in result.plan.steps if "good" in s.deliveries]
    pays = [s.deliveries["pay"] for s in result.plan.steps if "pay" in s.deliveries]
    assert goods == [37, 32, 16, 8, 4, 2, 1]
    assert pays == [64, 32, 16, 8, 4, 2, F(1, 2)]
    assert result.values["max_exposure"] == 37


@pytest.mark.parametrize("horizon", [12, 13])
def test_phasing_planner_fewer_than_seven_chunks_is_infeasible(horizon: int) -> None:
    result = plan_exchange(replace(exchange(F(1, 2)), horizon=horizon), time_limit=20)
    assert result.status == "infeasible"


def test_phasing_planner_no_plan_without_penalties() -> None:
    result = plan_exchange(replace(exchange(F(0)), horizon=30), time_limit=20)
    assert result.status == "infeasible"


def test_phasing_phasing_all_is_sorted() -> None:
    import accord.phasing as phasing

    assert list(phasing.__all__) == sorted(phasing.__all__)
    assert all(hasattr(phasing, name) for name in phasing.__all__)


def test_phasing_planner_empty_package_is_trivially_optimal() -> None:
    result = plan_exchange(PhasingProblem(("a", "b"), (), horizon=3))
    assert result.status == "optimal"
    assert result.plan is not None
    assert result.plan.steps == ()


def test_phasing_planner_duration_beyond_horizon_is_infeasible_and_explained() -> None:
    from accord.phasing._explain import explain_infeasible

    item = PhasingItem("dig", "a", F(1), {"a": F(-1), "b": F(3)}, duration=5)
    pay = PhasingItem("pay", "b", F(2), {"a": F(1), "b": F(-1)}, divisible=True)
    problem = PhasingProblem(("a", "b"), (item, pay), penalty={"a": F(1), "b": F(1)}, horizon=3)
    assert plan_exchange(problem).status == "infeasible"
    fixes = explain_infeasible(problem).fixes
    assert [f.kind for f in fixes] == ["horizon"]


def test_phasing_planner_objectives_steps_and_exposure() -> None:
    for objective in ("steps", "exposure"):
        result = plan_exchange(exchange(F(1, 2)), objective, time_limit=20)  # type: ignore[arg-type]
        assert result.status == "optimal"
        assert result.audit is not None
        assert result.audit.safe
