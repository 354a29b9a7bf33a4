"""The JSON forms docs/reference/deal-json.md documents are the keys `accord deal --json` prints."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from accord.cli._main import app

ROOT = Path(__file__).resolve().parents[2]
PAGE = (ROOT / "docs" / "reference" / "deal-json.md").read_text(encoding="utf-8")
runner = CliRunner()


def documented(section: str, nth: int = 0) -> list[str]:
    """The keys of the ``nth`` `{"a", "b", ...}` form under the heading ``## `section` ``."""
    body = PAGE.split(f"## `{section}`", 1)[1].split("\n## ", 1)[0]
    forms = re.findall(r'`\{("[^`]*?)\}`', body, flags=re.DOTALL)
    return re.findall(r'"(\w+)"', forms[nth])


def deal_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["deal", *args, "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_every_documented_form_matches_the_output() -> None:
    korea = deal_json("examples/korea-2019.yaml", "--draws", "200", "--package", "yongbyon")
    assert list(korea["zone"]) == documented("zone")
    assert list(korea["frontier_method"]) == documented("frontier_method")
    for solution in korea["solutions"].values():
        assert list(solution) == documented("solutions.<name>")
    proposal_keys = documented("proposals.<name>` and `package")
    for proposal in korea["proposals"].values():
        assert list(proposal) == proposal_keys
    assert list(korea["package"]) == [k for k in proposal_keys if k != "label"]
    refusal = korea["proposals"]["us_big_deal"]["refusals"]["dprk"]
    assert list(refusal) == documented("proposals.<name>` and `package", 1)
    item_form = documented("proposals.<name>` and `package", 2)
    together_form = documented("proposals.<name>` and `package", 3)
    entries = refusal["benefits"] + refusal["costs"]
    assert {tuple(e) for e in entries} == {tuple(item_form), tuple(together_form)}
    uncertainty = korea["uncertainty"]
    assert list(uncertainty) == [*documented("uncertainty"), "package"]
    assert list(uncertainty["sensitivity"][0]) == documented("uncertainty", 1)
    assert list(deal_json("examples/bob-carol.yaml")["adjusted_winner"]) == documented(
        "adjusted_winner"
    )


def test_the_documented_no_zone_forms_match_the_output() -> None:
    zone = deal_json("tests/data/deal/no-zone.yaml")["zone"]
    assert list(zone) == documented("zone")
    assert zone["exists"] is False
    assert list(zone["closest"]) == ["package", "utilities", "shortfalls"]
    assert list(zone["blocking"][0]) == documented("zone", 1)


def test_the_documented_outcome_and_margin_forms_match_the_output() -> None:
    korea = deal_json("examples/korea-2019.yaml", "--draws", "200")
    assert list(korea["outcomes"]) == documented("outcomes")
    assert korea["outcomes"]["method"] == "uniform sample"
    assert korea["outcomes"]["shown"] == len(korea["outcomes"]["utilities"]) == 2000
    margins = korea["uncertainty"]["margins"]
    assert margins["package"] == "nash"
    for histogram in margins["parties"].values():
        assert len(histogram["edges"]) == len(histogram["counts"]) + 1 == 31
        assert sum(histogram["counts"]) == 200
    assert list(korea)[:5] == ["accord", "kind", "parties", "stakeholders", "reservations"]
    assert deal_json("examples/bob-carol.yaml")["outcomes"] is None  # no items
    small = deal_json("examples/singapore-2018.yaml")["outcomes"]
    assert (small["method"], small["packages"], small["shown"]) == ("every package", 16, 16)
