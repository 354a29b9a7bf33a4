"""Each limit of :mod:`accord.limits`: an input just under it succeeds, one just over it is
refused with the figure, the limit and the flag (issue 17). The limits are lowered here so the
inputs stay small; ``benchmarks/bench_hostile.py`` measures runs at the documented defaults.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from accord import limits
from accord.deal._analysis import analyze
from accord.errors import ExpressionError, ScenarioError
from accord.limits import LimitExceeded
from accord.phasing._formulation import build
from accord.phasing._model import PhasingItem, PhasingProblem
from accord.scenario import loads
from accord.scenario._expressions import parse
from tests.hostile import HEAD, conflict_options, deal_levels, yaml_values


def refused(text: str, **lowered: int) -> str:
    with limits.raised(lowered), pytest.raises(ScenarioError) as caught:
        loads(text, "f")
    return str(caught.value)


def accepted(text: str, **lowered: int) -> None:
    with limits.raised(lowered):
        loads(text, "f")


def test_file_bytes() -> None:
    text = yaml_values(30)
    accepted(text, file_bytes=len(text))
    assert f"the text has {len(text):,} bytes, more than the limit of {len(text) - 1:,}" in (
        refused(text, file_bytes=len(text) - 1)
    )


def test_yaml_values() -> None:
    accepted(yaml_values(40), yaml_values=40)
    message = refused(yaml_values(41), yaml_values=40)
    assert "has 41 values, more than the limit of 40" in message
    assert "raise it with --max-yaml-values 41" in message


@pytest.mark.parametrize(("depth", "ok"), [(100, True), (101, False)])
def test_yaml_depth(depth: int, ok: bool) -> None:
    text = HEAD + "x-deep: " + "[" * depth + "]" * depth + "\n"  # the last list at depth 100
    if ok:
        accepted(text)
    else:
        assert "nested too deeply (more than 100 levels)" in refused(text)


def test_integer_digits() -> None:
    accepted(HEAD + "x-n: " + "9" * 100 + "\n")
    message = refused(HEAD + "x-n: " + "9" * 101 + "\n")
    assert "f:4:6: this integer has 101 digits, more than the limit of 100" in message


def _deal(value: str) -> str:
    return HEAD + "deal:\n  items:\n    - {id: a, giver: p1, value: {p2: " + value + "}}\n"


def test_number_size() -> None:
    accepted(_deal("1000000000000000"))
    message = refused(_deal("1000000000000001"))
    assert "deal.items[0].value.p2" in message
    assert "is larger in size than the limit of 1e+15" in message


def test_expression_chars() -> None:
    text = "a and b"
    with limits.raised({"expression_chars": len(text)}):
        parse(text)
    with (
        limits.raised({"expression_chars": len(text) - 1}),
        pytest.raises(ExpressionError) as caught,
    ):
        parse(text)
    assert "has 7 characters, more than the limit of 6" in str(caught.value)
    assert "--max-expression-length 7" in str(caught.value.hint)


def test_expression_depth() -> None:
    parse("not " * 99 + "a")  # 99 nots over a name: 100 levels
    with pytest.raises(ExpressionError, match="column 1: the expression has 101 levels"):
        parse("not " * 100 + "a")


def test_options_and_states() -> None:
    accepted(conflict_options(5), states=32)
    message = refused(conflict_options(6), states=32)
    assert "conflict.options: the conflict (6 options, so 2^6 combinations) has 64 states" in (
        message
    )
    assert "raise it with --max-states 64" in message
    assert "has 6 options, more than the limit of 5" in refused(conflict_options(6), options=5)


def test_amount_levels() -> None:
    scenario = loads(deal_levels(3, 3))  # 3 x 4 amounts
    with limits.raised({"amount_levels": 12}):
        analyze(scenario, draws=0)
    with limits.raised({"amount_levels": 11}), pytest.raises(LimitExceeded) as caught:
        analyze(scenario, draws=0)
    assert caught.value.message == ("the deal (3 items) has 12 amounts, more than the limit of 11")


def test_deal_items() -> None:
    scenario = loads(deal_levels(3, 1))  # 3 items of 2 amounts: far under amount_levels
    with limits.raised({"deal_items": 3}):
        analyze(scenario, draws=0)
    with limits.raised({"deal_items": 2}), pytest.raises(LimitExceeded) as caught:
        analyze(scenario, draws=0)
    assert caught.value.message == "deal.items: the deal has 3 items, more than the limit of 2"
    assert caught.value.hint is not None
    assert caught.value.hint.startswith("merge items that are always given together")
    assert "raise it with --max-deal-items 3" in caught.value.hint


def test_deal_items_flag_on_the_command_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from accord.cli._main import app

    path = tmp_path / "deal.yaml"
    path.write_text(deal_levels(3, 1), encoding="utf-8")
    for command in ("deal", "analyze"):
        over = CliRunner().invoke(app, [command, str(path), "--max-deal-items", "2"])
        assert over.exit_code == 2, over.output
        assert "deal.items: the deal has 3 items, more than the limit of 2" in over.stderr
        assert "--max-deal-items 3" in over.stderr
    ok = CliRunner().invoke(app, ["deal", str(path), "--max-deal-items", "3", "--draws", "0"])
    assert ok.exit_code == 0, ok.output


def test_packages_sampled() -> None:
    text = HEAD + (
        "deal:\n  items:\n"
        "    - {id: a, giver: p1, value: {p1: -1, p2: {low: 1, mode: 2, high: 4}}}\n"
        "    - {id: b, giver: p2, value: {p2: -1, p1: 3}}\n"
    )
    scenario = loads(text)  # 4 packages
    with limits.raised({"packages_sampled": 40}):
        analyze(scenario, draws=10)
    with limits.raised({"packages_sampled": 39}), pytest.raises(LimitExceeded) as caught:
        analyze(scenario, draws=10)
    assert "(10 draws x 4 packages) has 40 package evaluations" in caught.value.message


def test_planner_variables() -> None:
    item = PhasingItem("x", "a", Fraction(1), {"b": Fraction(1)})
    problem = PhasingProblem(("a", "b"), (item, item), horizon=3)  # 3 x 2 x 3 + 3 + 2
    with limits.raised({"planner_variables": 23}):
        build(problem)
    with limits.raised({"planner_variables": 22}), pytest.raises(LimitExceeded) as caught:
        build(problem)
    assert "(2 items over 3 periods) has 23 variables" in caught.value.message
    assert caught.value.hint is not None
    assert "--max-planner-variables 23" in caught.value.hint


def test_every_flag_names_a_limit_and_unknown_limits_are_refused() -> None:
    assert set(limits.FLAGS.values()) <= {limit.name for limit in limits.LIMITS}
    with pytest.raises(ValueError, match="unknown limit"), limits.raised({"nope": 1}):
        pass


def test_the_reference_page_lists_every_limit_with_its_default_and_flag() -> None:
    from pathlib import Path

    page = (Path(__file__).parents[2] / "docs" / "reference" / "limits.md").read_text("utf-8")
    defaults = limits.Limits()
    for limit in limits.LIMITS:
        row = next(line for line in page.splitlines() if line.startswith(f"| `{limit.name}` |"))
        value = getattr(defaults, limit.name)
        shown = "10^15" if limit.name == "number_size" else f"{value:,}"
        assert shown in row, (limit.name, shown)
        assert (limit.flag or "fixed") in row, limit.name
        assert limit.past in row, limit.name
    assert "MEASUREMENTS" not in page
