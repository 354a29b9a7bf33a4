"""The limits checked inside the analyses (verification, coalitions, L_h, searches, sweep,
workbench) and the two switches: just under a limit works, just over it is refused with the
field path, the figure, the limit and the flag (issue 17). Limits are lowered to keep inputs small.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from accord import limits
from accord.conflict._build import build_model
from accord.conflict._coalition_reach import reach_index
from accord.conflict._coalitions import all_coalitions
from accord.conflict._extras import plan_extras
from accord.conflict._inverse import inverse
from accord.conflict._stability import check_concepts
from accord.deal._analysis import analyze as analyze_deal
from accord.limits import LimitExceeded
from accord.scenario import load, loads
from accord.verification._deterrence import Commitment, MeansSpec
from accord.verification._options import options
from accord.web._workspace import validate_text
from tests.hostile import HEAD, conflict_options

EXAMPLES = Path(__file__).parents[2] / "examples"
HOSTILE = Path(__file__).parents[1] / "data" / "hostile"


def refusal(name: str, value: int, call: object) -> LimitExceeded:
    assert callable(call)
    with limits.raised({name: value}), pytest.raises(LimitExceeded) as caught:
        call()
    return caught.value


def test_verification_combinations() -> None:
    means = {"a": MeansSpec("a", Fraction(1, 2), cost=Fraction(1), per_item=3)}
    commitment = Commitment("x", "g", Fraction(3), Fraction(1), ("a",))  # 4 use vectors
    with limits.raised({"verification_combinations": 4}):
        assert len(options(commitment, means)) == 3
    error = refusal("verification_combinations", 3, lambda: options(commitment, means))
    assert error.message == (
        "verification.verifies.x: the commitment 'x' has 4 combinations, more than the limit of 3"
    )
    assert error.hint is not None
    assert error.hint.startswith("lower per_item or capacity, or list fewer means for it; or ")
    assert "--max-verification-combinations 4" in error.hint


def _three_parties() -> str:
    rows = "".join(f"    - {{id: o{k}, dm: p{k + 1}}}\n" for k in range(3))
    return (
        "accord: 1\ntitle: T\nparties: {p1: {name: A}, p2: {name: B}, p3: {name: C}}\n"
        "conflict:\n  coalitions: all\n  options:\n"
        + rows
        + "  preferences:\n"
        + "".join(f"    p{k + 1}: {{statements: [o{k}]}}\n" for k in range(3))
    )


def test_coalitions_and_coalition_states() -> None:
    scenario = loads(_three_parties())
    model = build_model(scenario)  # 8 states
    count = len(all_coalitions(3))
    with limits.raised({"coalitions": count, "coalition_states": 8}):
        plan_extras(scenario, model)
    error = refusal("coalitions", count - 1, lambda: plan_extras(scenario, model))
    assert error.message.startswith("conflict.coalitions (or --coalitions): the analysis has ")
    assert f"has {count} coalitions, more than the limit of {count - 1}" in error.message
    assert error.hint is not None
    assert f"--max-coalitions {count}" in error.hint
    error = refusal("coalition_states", 7, lambda: plan_extras(scenario, model))
    assert "the coalition analysis has 8 states, more than the limit of 7" in error.message
    assert error.hint is not None
    assert "--max-coalition-states 8" in error.hint


def test_horizon() -> None:
    model = build_model(loads(conflict_options(3)))
    check_concepts(model, ["lh"], 64)
    with pytest.raises(LimitExceeded) as caught:
        check_concepts(model, ["lh"], 65)
    assert caught.value.message == "--horizon: L_h has 65 moves, more than the limit of 64"
    assert caught.value.hint is not None
    assert "--max-horizon 65" in caught.value.hint
    assert caught.value.hint.startswith("NM (--concept nm) looks arbitrarily far ahead")


def _least_steps(call: object) -> int:
    """The smallest ``search_steps`` limit under which ``call`` succeeds."""
    assert callable(call)
    for steps in range(1, 10_000):
        try:
            with limits.raised({"search_steps": steps}):
                call()
        except LimitExceeded:
            continue
        return steps
    raise AssertionError("no search-step limit below 10,000 suffices")


def test_search_steps_of_a_coalition_reach() -> None:
    model = build_model(load(EXAMPLES / "elmira.yaml"))  # graph form: the reach is searched
    members = (0, 1)
    least = _least_steps(lambda: reach_index(model, members))
    assert least > 1
    error = refusal("search_steps", least - 1, lambda: reach_index(model, members))
    assert "the reach of a coalition from state " in error.message
    assert f"needs more than the limit of {least - 1:,} search steps" in error.message
    assert error.hint is not None
    assert f"--max-search-steps {2 * (least - 1)}" in error.hint


def test_search_steps_of_the_inverse_analysis() -> None:
    model = build_model(load(EXAMPLES / "elmira.yaml"))
    least = _least_steps(lambda: inverse(model, 0, "gmr"))
    assert least > 1
    error = refusal("search_steps", least - 1, lambda: inverse(model, 0, "gmr"))
    assert error.message.startswith("the inverse analysis (the others' answers from state ")
    assert "analyse a smaller model; or raise it with --max-search-steps" in str(error.hint)


def test_workbench_bytes() -> None:
    text = HEAD
    size = len(text.encode())
    with limits.raised({"workbench_bytes": size}):
        assert validate_text(text, "f.yaml").ok
    with limits.raised({"workbench_bytes": size - 1}):
        checked = validate_text(text, "f.yaml")
    assert not checked.ok
    [problem] = checked.diagnostics
    assert problem.message == f"the text has {size} bytes, more than the limit of {size - 1}"
    assert problem.hint is not None
    assert f"--max-workbench-bytes {size}" in problem.hint


def test_zone_work_switches_to_the_listed_packages() -> None:
    scenario = loads(
        HEAD + "deal:\n  items:\n"
        "    - {id: a, giver: p1, value: {p1: -1, p2: {low: 1, mode: 2, high: 4}}}\n"
        "    - {id: b, giver: p2, value: {p2: -1, p1: 3}}\n"
    )  # 4 packages, 2 parties: 80 evaluations at 10 draws
    with limits.raised({"zone_work": 80}):
        enumerated = analyze_deal(scenario, draws=10).uncertainty
    with limits.raised({"zone_work": 79}):
        listed = analyze_deal(scenario, draws=10).uncertainty
    assert enumerated is not None
    assert listed is not None
    assert enumerated["zone_method"] == "enumeration"
    assert listed["zone_method"] == "candidates (lower bound)"


@pytest.mark.parametrize(
    ("command", "name", "message"),
    [
        (
            "verify",
            "verification-per-item-1e9.yaml",
            "combinations, more than the limit of 200,000",
        ),
        ("conflict", "coalitions-all-of-7.yaml", "127 coalitions, more than the limit of 63"),
    ],
)
def test_the_hostile_files_past_these_limits_exit_2(command: str, name: str, message: str) -> None:
    from typer.testing import CliRunner

    from accord.cli._main import app

    result = CliRunner().invoke(app, [command, str(HOSTILE / name)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "hint: " in result.stderr


def test_nm_levels() -> None:
    from accord.conflict._anticipation import nm_stable
    from accord.conflict._model import OptionSpec, from_options

    opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    model = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    least = next(n for n in range(1, 100) if _settles(model, n))
    assert least > 1
    error = refusal("nm_levels", least - 1, lambda: nm_stable(model))
    assert error.message == (
        "non-myopic stability (the anticipated states settling) needs more than the limit of "
        f"{least - 1} horizons"
    )
    assert str(error.hint).startswith("use L_h with a fixed horizon (--concept lh --horizon H)")
    assert f"--max-nm-levels {2 * (least - 1)}" in str(error.hint)


def _settles(model: object, levels: int) -> bool:
    from accord.conflict._anticipation import nm_stable
    from accord.conflict._model import ConflictModel

    assert isinstance(model, ConflictModel)
    try:
        with limits.raised({"nm_levels": levels}):
            nm_stable(model)
    except LimitExceeded:
        return False
    return True
