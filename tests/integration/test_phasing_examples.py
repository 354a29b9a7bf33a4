"""The phasing examples: what the audits and the planner say about 2015, 2018 and 2019."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from accord.phasing._analysis import analyze, audit_scenario
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
    result = analyze(load(EXAMPLES / "singapore-2018.yaml"), time_limit=10)
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
    result = analyze(load(EXAMPLES / "korea-2019.yaml"), time_limit=20)
    assert result.result.status == "optimal"
    assert result.result.audit is not None
    assert result.result.audit.safe
    assert result.timetable[0].name == "Step 1"  # the neutral default: no milestones given
    assert result.substance is not None
    assert result.substance.score == Fraction(1, 2)  # 8 of 16 state a measure


def test_phasing_jcpoa_example_matches_the_facts_file() -> None:
    """Dates and quantities of /work/shared/facts/jcpoa-2015.md, as the example writes them."""
    import datetime as dt

    scenario = load(EXAMPLES / "jcpoa-2015.yaml")
    assert scenario.deal is not None
    assert scenario.phasing is not None
    quantity = {item.id: item.quantity for item in scenario.deal.items}
    assert quantity["centrifuges"] == 13000  # >19,000 installed, 6,104 IR-1 kept
    assert quantity["centrifuges"] >= 19000 - 6104
    assert quantity["stockpile"] == 11000 - 300  # ~10,000-12,000 kg down to <= 300 kg
    assert quantity["un_resolutions"] == 6  # 1696, 1737, 1747, 1803, 1835, 1929
    assert scenario.phasing.start == dt.date(2015, 7, 14)  # Finalisation
    dates = {step.step: step.date for step in scenario.phasing.plan or ()}
    assert dates["Adoption Day"] == dt.date(2015, 10, 18)  # 2231 + 90 days
    assert dates["Stockpile shipped to Russia"] == dt.date(2015, 12, 28)
    assert dates["Implementation Day"] == dt.date(2016, 1, 16)
    assert dates["Transition Day"] == dt.date(2023, 10, 18)
    relief = scenario.phasing.items["un_resolutions"].reversible
    assert relief is not None
    assert relief.lag == 30  # snapback: 30 days after a notified dispute
