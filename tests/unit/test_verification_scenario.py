"""The verification: section: exact messages for bad input, stakes from the deal, the analysis."""

from __future__ import annotations

from fractions import Fraction

import pytest

from accord.errors import ScenarioError
from accord.scenario import loads
from accord.verification._analysis import analyze, commitments

HEAD = "accord: 1\ntitle: T\nparties: {us: {name: US}, dprk: {name: DPRK}}\n"
DEAL = (
    "deal:\n  items:\n"
    "    - {id: yongbyon, giver: dprk, value: {dprk: -15, us: 20}}\n"
    "    - {id: relief, giver: us, value: {dprk: 25, us: -10}}\n"
)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "verification:\n  means:\n    iaea: {detection: 1.5}\n",
            "f.yaml:6:23: verification.means.iaea.detection: a probability must be in [0, 1] "
            "(got 1.5)",
        ),
        (
            DEAL
            + "verification:\n  means: {iaea: {detection: 0.9}}\n  verifies: {yongbyn: [iaea]}\n",
            "f.yaml:10:23: verification.verifies.yongbyn: unknown item 'yongbyn' "
            "(hint: did you mean 'yongbyon'?)",
        ),
        (
            "verification:\n  means: {iaea: {detection: 0.9}}\n"
            "  verifies: {yongbyon: [iaea, cia]}\n"
            "  stakes: {yongbyon: {giver: dprk, gain: 1, penalty: 2}}\n",
            "f.yaml:6:31: verification.verifies.yongbyon[1]: unknown means 'cia' "
            "(hint: known means: iaea)",
        ),
        (
            "verification:\n  means: {iaea: {detection: 0.9}}\n  verifies: {yongbyon: [iaea]}\n",
            "f.yaml:6:24: verification.verifies.yongbyon: unknown item 'yongbyon' "
            "(hint: define the item in the deal: section, or give its giver, gain and penalty "
            "under verification.stakes)",
        ),
        (
            "verification:\n  means: {s: {items: 10, falsified: 11, nondetection: 0.1}}\n",
            "f.yaml:5:14: verification.means.s: falsified (11) cannot exceed items (10) "
            "(got {'items': 10, 'falsified': 11, 'nondetection': 0.1})",
        ),
        (
            "verification:\n  means: {s: {items: 10, falsified: 1}}\n",
            "f.yaml:5:14: verification.means.s: a means needs detection, or all of items, "
            "falsified and nondetection (missing: nondetection) "
            "(got {'items': 10, 'falsified': 1})",
        ),
        (
            "verification:\n  means: {iaea: {detection: 0.9}}\n  verifies: {yongbyon: [iaea]}\n"
            "  stakes: {yongbyon: {giver: dprk}}\n",
            "f.yaml:7:22: verification.stakes.yongbyon: the stake of 'yongbyon' needs gain and "
            "penalty (the item is not in the deal: section) (hint: give them here, or define the "
            "item in the deal: section)",
        ),
        (
            "verification:\n  means: {iaea: {detection: 0.9, source: iaea2019}}\n",
            "f.yaml:5:42: verification.means.iaea.source: unknown source 'iaea2019' "
            "(hint: there are no sources in the file)",
        ),
    ],
)
def test_bad_section_is_a_located_error(body: str, message: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        loads(HEAD + body, "f.yaml")
    assert [d.render() for d in caught.value.diagnostics] == [message]


def test_stakes_come_from_the_deal() -> None:
    scenario = loads(
        HEAD + DEAL + "verification:\n  means: {iaea: {detection: 0.9}}\n"
        "  verifies: {yongbyon: [iaea], relief: [iaea]}\n"
    )
    found = {c.item: (c.giver, c.gain, c.penalty) for c in commitments(scenario)}
    assert found == {
        "yongbyon": ("dprk", Fraction(15), Fraction(25)),
        "relief": ("us", Fraction(10), Fraction(20)),
    }


def test_explicit_stakes_override_the_deal() -> None:
    scenario = loads(
        HEAD + DEAL + "verification:\n  means: {iaea: {detection: 0.9}}\n"
        "  verifies: {yongbyon: [iaea]}\n  stakes: {yongbyon: {penalty: 5}}\n"
    )
    assert commitments(scenario)[0].penalty == 5
    assert commitments(scenario)[0].gain == 15


def test_analysis_explains_each_commitment() -> None:
    scenario = loads(
        HEAD
        + DEAL
        + """verification:
  means:
    iaea: {detection: 0.9, cost: 2, per_item: 4}
    ntm: {detection: 0.3}
  verifies: {yongbyon: [iaea, ntm], relief: [ntm]}
  budget: {per_period: 2}
  declarations:
    warheads: {declared: 30, estimate: {low: 10, mode: 30, high: 60}, means: [iaea]}
"""
    )
    report = analyze(scenario)
    plans = {p.commitment.item: p for p in report.allocation.plans}
    assert plans["yongbyon"].required == Fraction(15, 40)
    assert plans["yongbyon"].deterred
    assert plans["yongbyon"].chosen.uses == (0, 1) or plans["yongbyon"].chosen.cost <= 2
    assert not plans["relief"].deterred  # needs 1/3 > 0.3 from one ntm use
    assert plans["relief"].reason.startswith("not deterrable with the means available")
    payload = report.to_dict()
    assert payload["deterred"] == 1
    declaration = payload["declarations"][0]  # type: ignore[index]
    assert declaration["incomplete_probability"] == 0.6
    assert declaration["effort"] == {"iaea": 2}


def test_penalty_reads_snapback_and_defection_penalty_from_phasing() -> None:
    phasing = (
        "phasing:\n  start: 2019-03-01\n  package: {yongbyon: 1, relief: 1}\n"
        "  items:\n    relief: {reversible: {lag: 1, recover: 0.6}}\n"
        "  penalty: {dprk: 4}\n  escrow: {dprk: 1}\n"
    )
    scenario = loads(
        HEAD + DEAL + phasing + "verification:\n  means: {iaea: {detection: 0.9}}\n"
        "  verifies: {yongbyon: [iaea]}\n"
    )
    (commitment,) = commitments(scenario)
    assert commitment.penalty == Fraction(3, 5) * 25 + 4 + 1


def test_stakes_may_define_items_the_deal_does_not() -> None:
    scenario = loads(
        HEAD + DEAL + "verification:\n  means: {ntm: {detection: 0.3}}\n"
        "  verifies: {enrichment: [ntm]}\n"
        "  stakes: {enrichment: {giver: dprk, gain: 20, penalty: 25}}\n"
    )
    (commitment,) = commitments(scenario)
    assert (commitment.item, commitment.gain) == ("enrichment", 20)


def test_a_stake_for_nothing_is_an_error() -> None:
    with pytest.raises(ScenarioError) as caught:
        loads(
            HEAD + DEAL + "verification:\n  means: {ntm: {detection: 0.3}}\n"
            "  stakes: {enrichmnt: {giver: dprk, gain: 20, penalty: 25}}\n",
            "f.yaml",
        )
    assert [d.render() for d in caught.value.diagnostics] == [
        "f.yaml:10:23: verification.stakes.enrichmnt: unknown item 'enrichmnt' (hint: a stake is "
        "for an item of the deal: section or of verification.verifies)"
    ]


def test_package_sets_the_amounts_verified() -> None:
    deal = DEAL.replace(
        "    - {id: relief, giver: us, value: {dprk: 25, us: -10}}\n",
        "    - {id: relief, giver: us, value: {dprk: 25, us: -10}}\n"
        "    - {id: aid, giver: us, value: {dprk: 5, us: -1}}\n"
        "  proposals: {small: {yongbyon: 1, relief: 1}}\n",
    )
    text = HEAD + deal + "verification:\n  means: {iaea: {detection: 0.9}}\n"
    scenario = loads(text + "  verifies: {yongbyon: [iaea]}\n  package: small\n")
    assert commitments(scenario)[0].penalty == 25  # aid is not in the package
    scenario = loads(text + "  verifies: {yongbyon: [iaea]}\n")
    assert commitments(scenario)[0].penalty == 30
    with pytest.raises(ScenarioError) as caught:
        loads(text + "  package: big\n", "f.yaml")
    assert [d.render() for d in caught.value.diagnostics] == [
        "f.yaml:12:12: verification.package: unknown proposal 'big' (hint: known proposals: small)"
    ]
