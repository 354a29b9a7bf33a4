"""``correlations:``: ranges drawn together by a Gaussian copula with the asked rank correlation,
reproducible by seed whatever the workers, and refused with the field path when impossible.

The draws are checked against a construction written here from SciPy's own pieces (the normal
distribution function, the triangular distribution's quantile, NumPy's Cholesky factor), and
their rank correlations against the coefficients asked, with a fixed seed (no flakiness).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from accord import limits
from accord.errors import InputError, ScenarioError
from accord.scenario import Correlation, load, loads
from accord.sweep import sweep
from accord.sweep._draw import prepare
from accord.sweep._parameters import draw_values, find_copula, find_parameters

ROOT = Path(__file__).resolve().parents[2]
ESTIMATES = ROOT / "tests" / "data" / "sweep" / "estimates.yaml"
KOREA = ROOT / "examples" / "korea-2019.yaml"

CORRELATED = """
correlations:
  - ranges: [verification.means.iaea.detection, verification.means.ntm.detection]
    coefficient: 0.7
  - ranges: [phasing.penalty.dprk, phasing.penalty.us]
    coefficient: -0.5
  - ranges: [phasing.items.relief.reversible.recover, phasing.penalty.dprk]
    coefficient: 0.3
"""
ASKED = {(3, 4): 0.7, (1, 2): -0.5, (0, 1): 0.3}
"""The pairs of parameters (positions in file order) and their rank correlations."""


def _scenario(extra: str = CORRELATED) -> object:
    return loads(ESTIMATES.read_text() + extra, "f.yaml")


def _draws(scenario: object, count: int, seed: int) -> np.ndarray:
    parameters = find_parameters(scenario)  # type: ignore[arg-type]
    copula = find_copula(scenario, parameters)  # type: ignore[arg-type]
    return np.array([draw_values(parameters, seed, i, copula) for i in range(count)])


def test_correlated_draws_have_the_asked_rank_correlation_and_keep_their_ranges() -> None:
    scenario = _scenario()
    values = _draws(scenario, 4000, seed=12)
    rho = stats.spearmanr(values).statistic
    for i in range(values.shape[1]):
        for j in range(i + 1, values.shape[1]):
            asked = ASKED.get((i, j), 0.0)
            assert rho[i, j] == pytest.approx(asked, abs=0.04), (i, j)
    for k, p in enumerate(find_parameters(scenario)):  # type: ignore[arg-type]
        shape = stats.triang((p.mode - p.low) / (p.high - p.low), p.low, p.high - p.low)
        # each range keeps its triangular shape (one test of five, at a fixed seed: 0.001)
        assert stats.kstest(values[:, k], shape.cdf).pvalue > 0.001, p.id


def scipy_copula(
    ranges: list[tuple[float, float, float]], asked: dict[tuple[int, int], float], seed: int
) -> Iterator[list[float]]:
    """Draw after draw (``SeedSequence(seed).spawn``): a Gaussian copula with rank correlations
    ``asked``, built from SciPy's normal distribution, its triangular quantile and NumPy's
    Cholesky factor (an independent construction of what the sweep draws)."""
    normal = np.eye(len(ranges))
    for (i, j), rank in asked.items():
        normal[i, j] = normal[j, i] = 2 * np.sin(np.pi * rank / 6)
    factor = np.linalg.cholesky(normal)
    root = np.random.SeedSequence(seed)
    while True:
        child = root.spawn(1)[0]  # the next child: 0, 1, 2, ...
        uniforms = stats.norm.cdf(
            factor @ np.random.default_rng(child).standard_normal(len(ranges))
        )
        yield [
            float(stats.triang.ppf(u, (mode - low) / (high - low), low, high - low))
            for u, (low, mode, high) in zip(uniforms, ranges, strict=True)
        ]


def test_the_draws_are_a_gaussian_copula_built_from_scipys_pieces() -> None:
    scenario = _scenario()
    parameters = find_parameters(scenario)  # type: ignore[arg-type]
    copula = find_copula(scenario, parameters)  # type: ignore[arg-type]
    assert copula is not None
    expected = scipy_copula([(p.low, p.mode, p.high) for p in parameters], ASKED, seed=5)
    for index in range(40):
        want = next(expected)
        assert draw_values(parameters, 5, index, copula) == pytest.approx(want, abs=1e-12)


@pytest.mark.parametrize("sign", [1, -1])
def test_a_coefficient_of_one_draws_two_ranges_in_step(sign: int) -> None:
    extra = (
        "correlations:\n  - ranges: [phasing.penalty.dprk, phasing.penalty.us]\n"
        f"    coefficient: {sign}\n"
    )
    values = _draws(_scenario(extra), 300, seed=3)
    assert stats.spearmanr(values[:, 1], values[:, 2]).statistic == pytest.approx(sign)


def test_without_correlations_the_draws_are_as_before() -> None:
    parameters = find_parameters(load(ESTIMATES))
    assert find_copula(load(ESTIMATES), parameters) is None
    rng = np.random.default_rng(np.random.SeedSequence(9).spawn(3)[2])
    low, mode, high = ([getattr(p, k) for p in parameters] for k in ("low", "mode", "high"))
    assert np.array_equal(draw_values(parameters, 9, 2), rng.triangular(low, mode, high))


@pytest.mark.slow
def test_same_seed_same_json_with_one_and_two_workers() -> None:
    scenario = _scenario()
    one, two = (
        sweep(scenario, draws=10, seed=6, workers=k).to_dict()  # type: ignore[arg-type]
        for k in (1, 2)
    )
    assert one == two
    assert one["correlations"] == [
        {
            "ranges": ["verification.means.iaea.detection", "verification.means.ntm.detection"],
            "coefficient": 0.7,
        },
        {"ranges": ["phasing.penalty.dprk", "phasing.penalty.us"], "coefficient": -0.5},
        {
            "ranges": ["phasing.items.relief.reversible.recover", "phasing.penalty.dprk"],
            "coefficient": 0.3,
        },
    ]
    assert "Gaussian copula" in one["distribution"]


def test_korea_correlates_its_two_national_means() -> None:
    korea = load(KOREA)
    setup = prepare(korea, seed=1, questions=["deal"])
    assert setup.copula is not None
    assert setup.copula.groups == (
        (("verification.means.ntm.detection", "verification.means.ntm_covert.detection"), 0.6),
    )


def _error(extra: str) -> str:
    with pytest.raises(ScenarioError) as caught:
        _scenario(extra)
    return str(caught.value)


def test_an_unknown_or_unranged_name_is_refused_at_its_place() -> None:
    message = _error(
        "correlations:\n"
        "  - ranges: [phasing.penalty.dprk, phasing.penalty.uss, "
        "verification.means.un_records.detection]\n"
        "    coefficient: 0.5\n"
    )
    assert (
        "f.yaml:30:36: correlations[0].ranges[1]: unknown range 'phasing.penalty.uss' "
        "(hint: did you mean 'phasing.penalty.us'?)"
    ) in message
    assert (
        "correlations[0].ranges[2]: 'verification.means.un_records.detection' is a single "
        "number, not a range"
    ) in message


def test_a_pair_given_twice_is_refused() -> None:
    message = _error(
        "correlations:\n"
        "  - {ranges: [phasing.penalty.dprk, phasing.penalty.us], coefficient: 0.5}\n"
        "  - {ranges: [phasing.penalty.us, phasing.penalty.dprk], coefficient: 0.2}\n"
    )
    assert "correlations[1].ranges[1]: 'phasing.penalty.dprk' is already correlated with " in (
        message
    )
    assert "(hint: at correlations[0])" in message


def test_correlations_that_cannot_hold_together_are_refused() -> None:
    message = _error(
        "correlations:\n"
        "  - {ranges: [phasing.penalty.dprk, phasing.penalty.us], coefficient: 0.9}\n"
        "  - {ranges: [phasing.penalty.us, verification.means.iaea.detection], coefficient: 0.9}\n"
        "  - {ranges: [phasing.penalty.dprk, verification.means.iaea.detection], "
        "coefficient: -0.9}\n"
    )
    assert "correlations: the correlations cannot all hold together" in message
    assert "not positive semidefinite" in message


def test_a_coefficient_outside_minus_one_to_one_is_refused() -> None:
    message = _error(
        "correlations:\n"
        "  - {ranges: [phasing.penalty.dprk, phasing.penalty.us], coefficient: 1.5}\n"
    )
    assert "correlations[0].coefficient: Input should be less than or equal to 1" in message


def test_the_correlated_ranges_are_counted_against_their_limit() -> None:
    pair = (
        "correlations:\n"
        "  - {ranges: [phasing.penalty.dprk, phasing.penalty.us], coefficient: 0.5}\n"
    )
    with limits.raised({"correlated_ranges": 2}):
        _scenario(pair)  # just under: two ranges
    with limits.raised({"correlated_ranges": 1}):
        message = _error(pair)
    assert "correlations: the list has 2 ranges, more than the limit of 1" in message
    assert "--max-correlated-ranges 2" in message


def test_a_scenario_built_in_code_is_checked_before_sweeping() -> None:
    scenario = load(ESTIMATES)
    wrong = Correlation(ranges=["phasing.penalty.nobody", "phasing.penalty.us"], coefficient=0.5)
    bad = scenario.model_copy(update={"correlations": [wrong]})
    with pytest.raises(InputError, match=r"unknown range 'phasing\.penalty\.nobody'"):
        sweep(bad, draws=2, workers=1)


DEAL_CORRELATED = """accord: 1
title: T
parties: {a: {name: A}, b: {name: B}}
deal:
  items:
    - {id: x, giver: a, value: {a: {low: -3, mode: -1, high: 1}, b: {low: 1, mode: 2, high: 4}}}
    - {id: y, giver: b, value: {a: 2, b: {low: -2, mode: -1, high: 0}}}
  reservation: {a: {low: -1, mode: 0, high: 1}}
correlations:
  - {ranges: [deal.items.x.value.a, deal.items.y.value.b], coefficient: 0.8}
  - {ranges: [deal.items.1.value.b, deal.reservation.a], coefficient: -0.4}
"""


def test_the_deals_monte_carlo_draws_the_correlated_deal_values_together() -> None:
    from accord.deal._analysis import analyze as analyze_deal
    from accord.deal._uncertainty import UncertainDeal
    from accord.scenario._correlations import resolved

    scenario = loads(DEAL_CORRELATED)
    assert scenario.deal is not None
    model = UncertainDeal.build(scenario.deal, scenario.party_ids)
    assert [model.path(k) for k in range(3)] == [
        ("deal", "items", 0, "value", "a"),
        ("deal", "items", 0, "value", "b"),
        ("deal", "items", 1, "value", "b"),
    ]
    sample = model.sample(4000, np.random.default_rng(2), resolved(scenario))
    rho = stats.spearmanr(sample).statistic  # x.a, x.b, y.b, reservation a
    asked = {(0, 2): 0.8, (2, 3): -0.4}
    for i in range(4):
        for j in range(i + 1, 4):
            assert rho[i, j] == pytest.approx(asked.get((i, j), 0.0), abs=0.04), (i, j)
    uncertainty = analyze_deal(scenario, draws=200).uncertainty
    assert uncertainty is not None
    assert uncertainty["distribution"].endswith("correlated ranges joined by a Gaussian copula")
    plain = loads(DEAL_CORRELATED.split("correlations:")[0])
    independent = analyze_deal(plain, draws=200).uncertainty
    assert independent is not None
    assert independent["distribution"] == "triangular(low, mode, high)"


def test_the_report_section_says_which_ranges_were_drawn_together() -> None:
    from accord.report.document._model import Paragraph
    from accord.report.document._sweep import sweep_section

    result = sweep(_scenario(), draws=3, seed=1, questions=["verification"], workers=1)  # type: ignore[arg-type]
    first = sweep_section(result).blocks[0]
    assert isinstance(first, Paragraph)
    assert (
        "Drawn together: iaea: detection probability and ntm: detection probability (rank "
        "correlation 0.7); dprk: defection penalty and us: defection penalty (rank correlation "
        "-0.5); relief: share recovered by snapback and dprk: defection penalty (rank "
        "correlation 0.3)."
    ) in first.text
    alone = sweep(load(ESTIMATES), draws=3, seed=1, questions=["verification"], workers=1)
    text = sweep_section(alone).blocks[0]
    assert isinstance(text, Paragraph)
    assert "Drawn together" not in text.text
