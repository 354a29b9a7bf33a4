"""The phasing: section: bad input gives clear, located errors (exact messages)."""

from __future__ import annotations

import pytest

from accord.errors import ScenarioError
from accord.phasing._adapter import problem_from_scenario, written_plans
from accord.scenario import loads

BASE = """\
accord: 1
title: T
parties: {us: {name: US}, dprk: {name: DPRK}}
deal:
  items:
    - {id: yongbyon, giver: dprk, value: {us: 20, dprk: -15}}
    - {id: inspectors, giver: dprk, value: {us: 8, dprk: -6}}
    - {id: unsc, giver: us, value: {us: -10, dprk: 25}}
    - {id: aid, giver: us, value: {us: -1, dprk: 2}}
  proposals:
    offer: {yongbyon: 1, unsc: 1}
phasing:
  start: 2019-03-01
  package: offer
"""


def messages(extra: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        loads(BASE + extra, "f.yaml")
    return [d.render() for d in caught.value.diagnostics]


def test_phasing_item_not_in_package() -> None:
    assert messages("  items: {aid: {per_period: 1}}\n") == [
        "f.yaml:15:16: phasing.items.aid: item 'aid' is not in the package 'offer' "
        "(hint: known items in the package: yongbyon, unsc)"
    ]


def test_phasing_prerequisite_cycle() -> None:
    extra = "  items:\n    yongbyon: {after: [unsc]}\n    unsc: {after: [yongbyon]}\n"
    assert messages(extra) == [
        "f.yaml:16:23: phasing.items.yongbyon.after: prerequisite cycle: yongbyon -> unsc -> "
        "yongbyon (hint: an item cannot (indirectly) wait for itself)"
    ]


def test_phasing_zero_capacity_for_an_item_to_deliver() -> None:
    assert messages("  items: {unsc: {per_period: 0}}\n") == [
        "f.yaml:15:30: phasing.items.unsc.per_period: item 'unsc' has a capacity of 0 per period "
        "but the package delivers 1 of it (hint: give a capacity above 0)"
    ]


def test_phasing_plan_delivers_more_than_the_package() -> None:
    extra = (
        "  plan:\n"
        "    - {step: A, deliver: {dprk: {yongbyon: 1}}}\n"
        "    - {step: B, deliver: {dprk: {yongbyon: 1}, us: {unsc: 1}}}\n"
    )
    assert messages(extra) == [
        "f.yaml:17:44: phasing.plan[1].deliver.dprk.yongbyon: the plan delivers 2 of 'yongbyon', "
        "more than the package's 1"
    ]


def test_phasing_plan_wrong_giver_and_unknown_package() -> None:
    extra = "  plans:\n    x: {package: nope, steps: [{step: A, deliver: {us: {yongbyon: 1}}}]}\n"
    assert messages(extra) == [
        "f.yaml:16:18: phasing.plans.x.package: unknown package 'nope' "
        "(hint: known proposals: offer; or a bargaining solution: nash, kalai_smorodinsky, "
        "egalitarian, utilitarian)",
    ]
    extra = "  plan:\n    - {step: A, deliver: {us: {yongbyon: 1}}}\n"
    assert messages(extra) == [
        "f.yaml:16:42: phasing.plan[0].deliver.us.yongbyon: 'yongbyon' is given by dprk, not us"
    ]


def test_phasing_adapter_reads_package_and_plan() -> None:
    scenario = loads(
        BASE + "  plan:\n    - {step: A, date: 2019-05-02, deliver: {dprk: {yongbyon: 1}}}\n"
    )
    problem = problem_from_scenario(scenario)
    assert [i.id for i in problem.items] == ["yongbyon", "unsc"]
    (written,) = written_plans(scenario)
    assert written.plan.steps[0].period == 3


def test_phasing_package_can_name_a_bargaining_solution() -> None:
    from accord.phasing._analysis import analyze

    scenario = loads(
        BASE.replace("package: offer", "package: nash") + "  penalty: {us: 20, dprk: 20}\n"
    )
    problem = problem_from_scenario(scenario)
    assert {i.id for i in problem.items} <= {"yongbyon", "inspectors", "unsc", "aid"}
    assert analyze(scenario, time_limit=10).result.status == "optimal"


def test_phasing_plan_step_dated_before_start() -> None:
    """Before: the step silently fell into period 1 and the timetable showed start's date."""
    plan = (
        "  plan:\n"
        "    - {step: Early, date: 2019-02-27, deliver: {dprk: {yongbyon: 1}}}\n"
        "    - {step: Later, date: 2019-04-01, deliver: {us: {unsc: 1}}}\n"
    )
    assert messages(plan) == [
        "f.yaml:16:27: phasing.plan[0].date: 2019-02-27 is before start: 2019-03-01 "
        "(hint: period 1 begins on start: date the step later or start: earlier)"
    ]
