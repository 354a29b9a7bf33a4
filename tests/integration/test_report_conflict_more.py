"""The report's conflict section carries what the conflict analysis adds when the file asks for
it: the inverse analysis of a desired state (each change an incentive in the scenario's words),
which coalitions can move the status quo, coalition stability, and the hypergame. The values
are the engine's, read back from the JSON of `accord conflict`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accord import analyze_conflict
from accord.report.document._conflict import conflict_section
from accord.report.document._model import Paragraph, Section, Table, Verdict
from accord.scenario import loads

ROOT = Path(__file__).resolve().parents[2]


def _section(name: str, asked: str = "") -> tuple[Section, dict[str, Any]]:
    """The conflict section of an example, and the conflict JSON of the same analysis;
    ``asked`` is added at the top of the file's ``conflict:`` section."""
    text = (ROOT / "examples" / f"{name}.yaml").read_text(encoding="utf-8")
    analysis = analyze_conflict(loads(text.replace("conflict:\n", f"conflict:\n{asked}", 1)))
    return conflict_section(analysis), analysis.to_dict()


def _part(section: Section, key: str) -> Section:
    (found,) = [b for b in section.blocks if isinstance(b, Section) and b.key == key]
    return found


def test_the_korea_report_says_what_would_make_action_for_action_stable() -> None:
    section, data = _section("korea-2019")
    (expected,) = data["inverse"]
    part = _part(section, f"conflict-inverse-{expected['state']}")
    assert part.title == "What would make state 50 stable (inverse analysis)"
    verdicts = [b for b in part.blocks if isinstance(b, Verdict)]
    assert [v.head for v in verdicts] == [expected["text"]]
    assert verdicts[0].ok is True  # the engine confirmed the changes
    (table,) = [b for b in part.blocks if isinstance(b, Table)]
    rows = [(dm["dm"], str(q)) for dm in expected["per_dm"] for q in dm["must_prefer_to"]]
    assert [row[:2] for row in table.rows] == rows
    assert rows == [("us", "49"), ("us", "51"), ("us", "53"), ("us", "55")]
    assert table.rows[0][2].startswith("value keeping to its own part of 50 (Lift the")


def test_the_report_lists_who_can_move_the_status_quo() -> None:
    section, data = _section("korea-2019")
    (table,) = [
        b for b in section.blocks if isinstance(b, Table) and b.caption.startswith("Who can move")
    ]
    movers = [m for m in data["status_quo"]["by_coalition"] if m["improvements"]]
    assert [row[0] for row in table.rows] == ["+".join(m["members"]) for m in movers]
    targets = [str(i["to"]) for i in movers[0]["improvements"]]
    assert table.rows[0][1] == ", ".join(targets[:-1]) + " and " + targets[-1]


def test_the_report_shows_coalition_stability_when_the_file_asks() -> None:
    plain, _ = _section("elmira")
    assert not [t for t in _tables(plain) if t.caption.startswith("Coalition stability")]
    section, data = _section("elmira", "  coalitions: all\n")
    (table,) = [t for t in _tables(section) if t.caption.startswith("Coalition stability")]
    assert len(table.rows) == 7  # every coalition of three decision makers
    for row, coalition in zip(table.rows, data["coalitions"]["coalitions"], strict=True):
        assert row[0] == "+".join(coalition["members"])
        for cell, concept in zip(row[1:], data["coalitions"]["concepts"], strict=True):
            assert cell == (", ".join(map(str, coalition["stable"][concept])) or "none")
    (why,) = [t for t in _tables(section) if t.caption.startswith("Why: the joint moves")]
    # the published fact: from 5 the coalition {MoE, UR} can move to 8 (Elmira; Fang, Hipel &
    # Kilgour 1993)
    assert any("moe+ur" in row[0] and "5 → 8" in row[0] for row in why.rows)


def test_the_hypergame_is_reported_per_view() -> None:
    section, data = _section("korea-2019-misperception")
    part = _part(section, "conflict-hypergame")
    lines = [b.text for b in part.blocks if isinstance(b, Paragraph)]
    assert lines == [line.strip() for line in data["hypergame"]["text"]]
    nash = ", ".join(map(str, data["hypergame"]["stability"]["nash"]["equilibria"]))
    assert f"Under Nash, when each acts on its own view the equilibria are: {nash}." in lines


def _tables(section: Section) -> list[Table]:
    return [b for b in section.blocks if isinstance(b, Table)]
