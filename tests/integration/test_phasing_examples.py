"""The phasing examples: what the audits and the planner say about 2015, 2018 and 2019."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from accord.phasing.analysis import analyse, audit_scenario
from accord.scenario import load

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_phasing_jcpoa_sequence_is_safe_and_the_snapback_mattered() -> None:
    (written,) = audit_scenario(load(EXAMPLES / "jcpoa-2015.yaml"))
    assert written.audit.safe
    assert written.without_snapback is not None
    assert not written.without_snapback.safe
    assert [m.name for m in written.timetable][-2:] == ["Implementation Day", "Transition Day"]
    assert written.substance.score == pytest.approx(7 / 8)
    # exact margins under the example's values (fractions)
    assert written.audit.min_margin == {"iran": Fraction(303, 10), "p5_1": Fraction(14)}
    assert written.without_snapback.min_margin == {"iran": Fraction(-17), "p5_1": Fraction(-7)}


def test_phasing_singapore_has_no_substance() -> None:
    result = analyse(load(EXAMPLES / "singapore-2018.yaml"), time_limit=10)
    assert result.agreement.score == 0
    assert result.agreement.with_verification == 0


def test_phasing_korea_hanoi_audits_show_who_refused() -> None:
    audits = {a.name: a.audit for a in audit_scenario(load(EXAMPLES / "korea-2019.yaml"))}
    offer, big = audits["hanoi_offer"], audits["big_deal"]
    assert offer.first_unsafe is not None
    assert offer.first_unsafe.party == "us"
    assert big.first_unsafe is not None
    assert big.first_unsafe.party == "dprk"


def test_phasing_korea_planner_finds_a_plan_both_accept() -> None:
    result = analyse(load(EXAMPLES / "korea-2019.yaml"), time_limit=20)
    assert result.result.status == "optimal"
    assert result.result.audit is not None
    assert result.result.audit.safe
    assert result.timetable[0].name == "Adoption Day"
    assert result.substance is not None
    assert result.substance.score == Fraction(1, 2)  # 8 of 16 state a measure
