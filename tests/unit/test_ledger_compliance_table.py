"""The compliance table keeps every commitment id whole at 80 columns: wrapped, never cut."""

from __future__ import annotations

from typing import Any

import pytest
from rich.console import Console

from accord.cli import _ledger_verify as ledger_verify

IDS = [
    "s2.iran.centrifuges_removed",
    "s2.iran.enriched_uranium_exported",
    "s2.iran.arak_core_removed",
    "s2.iran.fordow_converted_to_research_centre_under_iaea_watch",
    "s1.us.waivers",
]


def _status(ids: list[str], status: str = "claimed late") -> dict[str, Any]:
    history = [{"on": "2016-01-16", "reason": "claimed by iran_delegate (entry 4)"}]
    commitments = [
        {"id": cid, "due": "2016-01-16", "deadline": "2016-02-16", "status": status,
         "claimed": 11340, "verified": 0, "history": history}
        for cid in ids
    ]  # fmt: skip
    counts = {status: len(ids)}
    return {"title": "JCPOA", "agreement": 3, "as_of": "2016-03-01",
            "commitments": commitments, "counts": counts}  # fmt: skip


def _render(status: dict[str, Any], width: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    screen = Console(width=width, record=True, soft_wrap=True, highlight=False)
    monkeypatch.setattr(ledger_verify, "console", screen)
    ledger_verify.print_compliance(status)
    return screen.export_text().splitlines()


def _columns(lines: list[str], status: dict[str, Any], width: int) -> list[list[str]]:
    """Each column's cell lines below the header rule, cut at the table's column widths."""
    widths = ledger_verify._compliance_widths(status["commitments"], width)
    rule = next(i for i, line in enumerate(lines) if set(line.strip()) == {"─"})
    body = lines[rule + 1 : -1]
    columns: list[list[str]] = [[] for _ in widths]
    for line in body:
        start = 0
        for number, size in enumerate(widths):
            columns[number].append(line[start : start + size].strip())
            start += size + 3
    return columns


@pytest.mark.parametrize("width", [80, 60, 120])
def test_every_id_is_whole_and_nothing_is_cut(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    status = _status(IDS)
    lines = _render(status, width, monkeypatch)
    assert max(len(line) for line in lines) <= width
    assert not any("…" in line for line in lines)
    ids, dates, _state, amounts, last = _columns(lines, status, width)
    assert "".join(ids) == "".join(IDS)
    assert [d for d in dates if d] == ["2016-01-16", "2016-02-16"] * len(IDS)
    assert [a for a in amounts if a] == ["11340", "0"] * len(IDS)
    joined = "".join(last) if width < 80 else " ".join(x for x in last if x)
    reason = "2016-01-16: claimed by iran_delegate (entry 4)"
    compact = reason.replace(" ", "")
    assert joined.replace(" ", "").count(compact) == len(IDS)


def test_at_80_columns_ids_up_to_24_characters_stay_on_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    short = [i for i in IDS if len(i) <= ledger_verify.COMPLIANCE_ID_WIDTH]
    assert short
    lines = _render(_status(IDS), 80, monkeypatch)
    for cid in short:
        assert any(line.startswith(cid + " ") for line in lines), cid
