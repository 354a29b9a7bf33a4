"""What the terminal says about why no safe plan exists: the part a person can check first."""

from __future__ import annotations

import io

from rich.console import Console

from accord.phasing._bounds import Certificate
from accord.phasing._result import no_plan
from accord.report._phasing import _render_reason

RATCHET = Certificate("ratchet", 12, "the deliveries can only ratchet up ... not before period 12")


def shown(result: object) -> str:
    out = io.StringIO()
    _render_reason(Console(file=out, width=400), result)  # type: ignore[arg-type]
    return out.getvalue()


def test_a_solver_proof_comes_after_the_bound_a_person_can_check() -> None:
    """Horizon 14: the ratchet proves at least 12 periods, the solver rules out 12 and 13."""
    text = shown(no_plan("infeasible", "periods", RATCHET, 15, "solver"))
    assert text.splitlines() == [
        "why at least 12 periods (checked independently): the deliveries can only ratchet up "
        "... not before period 12",
        "why: the solver proved that 12 to 14 periods cannot hold a safe plan either (a proof by "
        "search, not a reason a person can check)",
    ]


def test_a_certificate_that_rules_out_the_horizon_is_the_whole_reason() -> None:
    text = shown(no_plan("infeasible", "periods", RATCHET, 12, "certificate"))
    assert text.splitlines() == [
        "why (checked independently): the deliveries can only ratchet up ... not before period 12"
    ]


def test_without_a_bound_the_solver_proof_is_said_plainly() -> None:
    text = shown(no_plan("infeasible", "periods", None, 5, "solver"))
    assert text.splitlines() == [
        "why: the solver proved that 1 to 4 periods cannot hold a safe plan either (a proof by "
        "search, not a reason a person can check)"
    ]


def test_the_horizons_searched_are_listed_with_what_ruled_each_out() -> None:
    from accord.phasing._result import runs
    from accord.report._phasing import _render_horizons

    verdicts = ["certificate"] * 11 + ["solver"] * 2 + ["open"]
    result = no_plan("unknown", "periods", RATCHET, 14, "solver", runs(verdicts))
    out = io.StringIO()
    _render_horizons(Console(file=out, width=400), result)
    assert out.getvalue().splitlines() == [
        "horizons searched:",
        "  1 to 11 periods: ruled out by the bound (checked independently)",
        "  12 to 13 periods: ruled out by the solver (a proof by search)",
        "  14 periods: not decided within the time limit",
    ]
