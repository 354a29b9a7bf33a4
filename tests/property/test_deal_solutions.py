"""Each bargaining solution's objective equals the brute-force optimum (enumeration and CP-SAT)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from hypothesis import given, settings

from accord.deal._solutions import bargaining_solutions
from accord.deal._space import build_space
from accord.deal._zone import zone_of_agreement
from accord.scenario._deal import Deal

from .test_deal_frontier import PARTIES, brute_force, deals


def brute_optima(deal: Deal) -> dict[str, Fraction] | None:
    utilities, _ = brute_force(deal)
    if len(utilities) == 0:
        return None
    reservation = np.array([deal.reservation_value(p).mode for p in ["a", "b"]])
    gains = [tuple(Fraction(int(g)) for g in row) for row in utilities[:, :2] - reservation]
    ideal = [max(g[k] for g in gains) for k in range(2)]

    def ks(g: tuple[Fraction, ...]) -> Fraction:
        ratios = [g[k] / ideal[k] for k in range(2) if ideal[k] > 0]
        return min(ratios) if ratios else Fraction(0)

    return {
        "nash": max(g[0] * g[1] for g in gains),
        "egalitarian": max(min(g) for g in gains),
        "utilitarian": max(sum(g) for g in gains),
        "kalai_smorodinsky": max(ks(g) for g in gains),
    }


def objective(name: str, gains: dict[str, float], deal: Deal) -> Fraction:
    g = [Fraction(int(gains[p])) for p in ["a", "b"]]
    if name == "nash":
        return g[0] * g[1]
    if name == "egalitarian":
        return min(g)
    if name == "utilitarian":
        return sum(g, Fraction(0))
    optimum = brute_force(deal)[0][:, :2] - [deal.reservation_value(p).mode for p in ["a", "b"]]
    ideal = [Fraction(int(v)) for v in optimum.max(axis=0)]
    ratios = [g[k] / ideal[k] for k in range(2) if ideal[k] > 0]
    return min(ratios) if ratios else Fraction(0)


def check(deal: Deal, max_enumeration: int | None) -> None:
    space = build_space(deal, PARTIES)
    kwargs = {} if max_enumeration is None else {"max_enumeration": max_enumeration}
    found = bargaining_solutions(space, ["a", "b"], **kwargs)
    optima = brute_optima(deal)
    assert zone_of_agreement(space, **kwargs).exists == (optima is not None)
    if optima is None:
        assert found == {}
        return
    for name, optimum in optima.items():
        assert objective(name, found[name].gains, deal) == optimum, name


@given(deals())
def test_enumerated_solutions_equal_brute_force(deal: Deal) -> None:
    check(deal, None)


@settings(max_examples=20)
@given(deals(max_items=8, max_size=2**8))
def test_solver_solutions_equal_brute_force(deal: Deal) -> None:
    check(deal, 0)


def brute_optima_three(deal: Deal) -> dict[str, Fraction] | None:
    utilities, _ = brute_force(deal)
    if len(utilities) == 0:
        return None
    reservation = np.array([deal.reservation_value(p).mode for p in PARTIES])
    gains = [tuple(Fraction(int(g)) for g in row) for row in utilities - reservation]
    ideal = [max(g[k] for g in gains) for k in range(3)]

    def ks(g: tuple[Fraction, ...]) -> Fraction:
        ratios = [g[k] / ideal[k] for k in range(3) if ideal[k] > 0]
        return min(ratios) if ratios else Fraction(0)

    return {
        "nash": max(g[0] * g[1] * g[2] for g in gains),
        "egalitarian": max(min(g) for g in gains),
        "utilitarian": max(sum(g) for g in gains),
        "kalai_smorodinsky": max(ks(g) for g in gains),
    }


@settings(max_examples=20)
@given(deals(max_items=6, max_size=2**6))
def test_three_party_solutions_equal_brute_force(deal: Deal) -> None:
    optima = brute_optima_three(deal)
    for limit in (2**20, 0):  # enumeration, then CP-SAT
        found = bargaining_solutions(build_space(deal, PARTIES), PARTIES, max_enumeration=limit)
        if optima is None:
            assert found == {}
            continue
        ideal = [
            max(Fraction(int(v)) for v in col)
            for col in (brute_force(deal)[0] - [deal.reservation_value(p).mode for p in PARTIES]).T
        ]
        for name, optimum in optima.items():
            g = [Fraction(int(found[name].gains[p])) for p in PARTIES]
            value = {
                "nash": g[0] * g[1] * g[2],
                "egalitarian": min(g),
                "utilitarian": sum(g, Fraction(0)),
                "kalai_smorodinsky": min(
                    [g[k] / ideal[k] for k in range(3) if ideal[k] > 0] or [Fraction(0)]
                ),
            }[name]
            assert value == optimum, (name, limit)
