"""``accord ledger monitor``: rounds over a growing log, an alert for each lie a log can tell."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from accord.cli._ledger_monitor import monitor_round
from accord.frontend._ledger_client import LedgerClient
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._monitor import Alert, MonitorState
from accord.service._config import ServiceConfig
from accord.service._opening import open_state
from accord.service._state import ServiceState

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

NONE: tuple[list[str], int] = ([], 0)
CASTS: dict[Path, Cast] = {}
STORY = len(jcpoa_story(Cast()))
"""Entries of the JCPOA story every log here starts with."""
"""One cast per database: a cast numbers its members' entries, a reopened log continues them."""


def _config(tmp_path: Path, cast: Cast, name: str) -> ServiceConfig:
    return ServiceConfig(
        database=str(tmp_path / name),
        log_key=tmp_path / "log.key",
        origin=cast.ledger,
        admin_key=cast.members["registrar"].key.public_key_b64,
        admin_id="registrar",
    )


def _fill(state: ServiceState, cast: Cast, notes: list[str]) -> None:
    for logged in jcpoa_story(cast):
        state.committer.clock = lambda moment=logged.when: moment
        state.submit(logged.signed)[0].result(30)
    _add(state, cast, notes)


def _add(state: ServiceState, cast: Cast, notes: list[str]) -> None:
    state.committer.clock = lambda: datetime(2016, 2, 1, tzinfo=UTC)
    for text in notes:
        entry = cast.entry("iaea_inspector", "note", {"text": text}, "2016-02-01T00:00:00Z")
        state.submit(entry)[0].result(30)


@contextmanager
def _client(tmp_path: Path, name: str, notes: list[str], more: list[str] = ()) -> Iterator[Any]:
    """A service with the JCPOA story and ``notes`` (then ``more``), and a client of it."""
    from accord.service._app import create_app

    new = not (tmp_path / name).exists()
    cast = CASTS.setdefault(tmp_path / name, Cast())
    state = open_state(_config(tmp_path, cast, name))
    if new:
        _fill(state, cast, notes)
    state.close()
    app = create_app(state.config)
    with TestClient(app, base_url="http://log.test") as http:
        _add(app.state.ledger, cast, list(more))
        vkey = app.state.ledger.verifier_key
        yield LedgerClient("http://log.test", log_key=vkey, http=http)


def test_rounds_follow_a_growing_log(tmp_path: Path) -> None:
    path = tmp_path / "monitor.json"
    with _client(tmp_path, "a.db", ["one"]) as client:
        before, after = monitor_round(client, path, NONE)
        assert (before.size, after.size) == (0, STORY + 1)
    with _client(tmp_path, "a.db", [], ["two", "three"]) as client:
        before, after = monitor_round(client, path, NONE)
        assert (before.size, after.size) == (STORY + 1, STORY + 3)
        assert monitor_round(client, path, NONE)[1].size == STORY + 3
    saved = MonitorState.from_json(json.loads(path.read_text("utf-8")))
    assert (saved.size, len(saved.border)) == (STORY + 3, bin(STORY + 3).count("1"))


def test_a_fork_a_rewrite_and_a_shrink_alert_and_keep_the_state(tmp_path: Path) -> None:
    path = tmp_path / "monitor.json"
    with _client(tmp_path, "a.db", ["quiet", "more"]) as client:
        monitor_round(client, path, NONE)
    kept = path.read_text("utf-8")
    with (
        _client(tmp_path, "b.db", ["restarted", "more"]) as client,
        pytest.raises(Alert, match="fork"),
    ):
        monitor_round(client, path, NONE)
    with (
        _client(tmp_path, "c.db", ["restarted", "more", "again"]) as client,
        pytest.raises(Alert, match="not an extension"),
    ):
        monitor_round(client, path, NONE)
    with _client(tmp_path, "d.db", ["quiet"]) as client, pytest.raises(Alert, match="shrank"):
        monitor_round(client, path, NONE)
    assert path.read_text("utf-8") == kept


def test_listed_entries_that_are_not_the_signed_ones_alert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _client(tmp_path, "a.db", ["quiet"]) as client:
        honest = list(client.entries(0, STORY + 1))

        def lying(start: int, stop: int) -> Iterator[dict[str, Any]]:
            for item in honest[start:stop]:
                if item["index"] == 7:
                    item = {**item, "log_time": "2016-01-17T00:00:00.000Z"}
                yield item

        monkeypatch.setattr(client, "entries", lying)
        with pytest.raises(Alert, match="entry 7 does not hash"):
            monitor_round(client, tmp_path / "m.json", NONE)

        def recomputed(start: int, stop: int) -> Iterator[dict[str, Any]]:
            from accord.ledger._entries import parse_logged_entry
            from accord.ledger.merkle import leaf_hash

            for item in lying(start, stop):
                logged = parse_logged_entry(
                    {k: item[k] for k in ("entry", "log_time", "signature")}
                )
                import base64

                yield {
                    **item,
                    "leaf_hash": base64.b64encode(leaf_hash(logged.leaf_data())).decode(),
                }

        monkeypatch.setattr(client, "entries", recomputed)
        with pytest.raises(Alert, match="do not hash to the root it signed"):
            monitor_round(client, tmp_path / "m.json", NONE)
        assert not (tmp_path / "m.json").exists()
