"""Start-up from a signed state snapshot: fast, and never trusted beyond what the log proves."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from accord.errors import LedgerError
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._keys import SigningKey
from accord.service._config import ServiceConfig
from accord.service._opening import open_state
from accord.service._snapshot import Snapshots
from accord.service._state import ServiceState


def _config(tmp_path: Path, cast: Cast, name: str = "ledger.db") -> ServiceConfig:
    return ServiceConfig(
        database=str(tmp_path / name),
        log_key=tmp_path / "log.key",
        origin=cast.ledger,
        admin_key=cast.members["registrar"].key.public_key_b64,
        admin_id="registrar",
    )


def _filled(tmp_path: Path, cast: Cast, name: str = "ledger.db", note: str = "") -> ServiceState:
    state = open_state(_config(tmp_path, cast, name))
    for logged in jcpoa_story(cast):
        state.committer.clock = lambda moment=logged.when: moment
        state.submit(logged.signed)[0].result(30)
    if note:
        state.committer.clock = lambda: datetime(2016, 2, 1, tzinfo=UTC)
        entry = cast.entry("iaea_inspector", "note", {"text": note}, "2016-02-01T00:00:00Z")
        state.submit(entry)[0].result(30)
    return state


def _replayed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record how many entries each start parses and replays."""
    import accord.service._state as module

    counts: list[int] = []
    real = module.rebuild_state

    def counting(ledger, founders, rows, state=None):  # type: ignore[no-untyped-def]
        listed = list(rows)
        counts.append(len(listed))
        return real(ledger, founders, listed, state)

    monkeypatch.setattr(module, "rebuild_state", counting)
    return counts


def _snapshot(tmp_path: Path) -> Path:
    return Path(f"{tmp_path / 'log.key'}.state")


def test_a_restart_replays_nothing_and_gets_the_same_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cast = Cast()
    first = _filled(tmp_path, cast)
    expected = first.admission
    first.close()
    assert _snapshot(tmp_path).exists()
    counts = _replayed(monkeypatch)
    again = open_state(_config(tmp_path, cast))
    assert counts == [0]
    assert again.admission == expected
    again.close()
    _snapshot(tmp_path).unlink()
    full = open_state(_config(tmp_path, cast))
    assert counts == [0, expected.size]
    assert full.admission == expected
    full.close()


def test_a_snapshot_made_without_the_log_key_is_not_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cast = Cast()
    state = _filled(tmp_path, cast)
    size, root, forged = state.admission.size, state.store.root(), state.admission
    state.close()
    forged.participants["mallory"] = forged.participants["iran_delegate"]
    Snapshots(_snapshot(tmp_path), SigningKey.from_seed(b"m" * 32), cast.ledger).save(
        size, root, forged
    )
    counts = _replayed(monkeypatch)
    reopened = open_state(_config(tmp_path, cast))
    assert counts == [size]  # not taken: everything replayed from the log
    assert "mallory" not in reopened.admission.participants
    reopened.close()


def test_a_snapshot_of_another_history_is_not_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two logs sharing one key: A's snapshot does not describe B's tree, so B replays all."""
    _filled(tmp_path, Cast(), "a.db", note="quiet").close()
    from_a = _snapshot(tmp_path).read_bytes()
    cast_b = Cast()
    b = _filled(tmp_path, cast_b, "b.db", note="restarted")
    size = b.store.size
    b.close()
    _snapshot(tmp_path).write_bytes(from_a)
    counts = _replayed(monkeypatch)
    open_state(_config(tmp_path, cast_b, "b.db")).close()
    assert counts == [size]


def test_data_edited_under_a_snapshot_stops_the_start(tmp_path: Path) -> None:
    cast = Cast()
    _filled(tmp_path, cast).close()
    db = sqlite3.connect(tmp_path / "ledger.db")
    db.execute("UPDATE ledger_entries SET data = CAST(? AS BLOB) WHERE idx = 3", (b'{"x": 1}',))
    db.commit()
    db.close()
    with pytest.raises(LedgerError, match="entry 3: the stored data does not hash"):
        open_state(_config(tmp_path, cast))


def test_a_start_and_stop_with_nothing_new_writes_no_snapshot(tmp_path: Path) -> None:
    cast = Cast()
    _filled(tmp_path, cast).close()
    written = _snapshot(tmp_path).stat().st_ino  # a save writes a new file and renames it
    again = open_state(_config(tmp_path, cast))
    again.close()
    again.close()  # a second close does nothing
    assert _snapshot(tmp_path).stat().st_ino == written
    grown = open_state(_config(tmp_path, cast))
    grown.committer.clock = lambda: datetime(2016, 2, 1, tzinfo=UTC)
    note = cast.entry("iaea_inspector", "note", {"text": "one more"}, "2016-02-01T00:00:00Z")
    grown.submit(note)[0].result(30)
    grown.close()
    assert _snapshot(tmp_path).stat().st_ino != written


def test_the_service_runs_on_the_state_serve_opened(tmp_path: Path) -> None:
    import warnings

    with warnings.catch_warnings():  # starlette asks for httpx2, which the lock file lacks
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from accord.service._app import create_app

    cast = Cast()
    config = _config(tmp_path, cast)
    state = _filled(tmp_path, cast)
    with TestClient(create_app(config, state)) as client:
        assert client.app.state.ledger is state  # type: ignore[attr-defined]
        assert client.get("/v1/log").json()["tree_size"] == state.store.size
    assert state._closed  # the app closed it when it stopped
