"""``accord ledger backup``: a consistent copy of a live SQLite ledger, and what ``cp`` misses."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from accord.cli._main import app
from accord.ledger.store import LedgerStore, NewEntry


def _live_ledger(tmp_path: Path, count: int = 40) -> tuple[LedgerStore, Path]:
    """A ledger whose latest entries are still in its -wal file (the store keeps it open)."""
    path = tmp_path / "ledger.db"
    store = LedgerStore.open(str(path))
    for i in range(count):
        store.append([NewEntry(f"entry {i}".encode(), "note", "alice")])
    assert Path(f"{path}-wal").stat().st_size > 0
    return store, path


def _count(path: Path) -> int:
    """Entries in the file (0 when not even the table is there: it is still in the -wal)."""
    db = sqlite3.connect(path)
    try:
        return int(db.execute("SELECT count(*) FROM ledger_entries").fetchone()[0])
    except sqlite3.OperationalError as error:
        assert "no such table" in str(error)
        return 0
    finally:
        db.close()


def test_a_copy_of_the_live_file_alone_misses_acknowledged_entries(tmp_path: Path) -> None:
    """Why the command exists: `cp ledger.db` leaves out what the -wal file holds."""
    store, path = _live_ledger(tmp_path)
    try:
        shutil.copyfile(path, tmp_path / "cp.db")
        assert _count(tmp_path / "cp.db") < 40
        result = CliRunner().invoke(app, ["ledger", "backup", str(path), str(tmp_path / "b.db")])
        assert result.exit_code == 0, result.output
        assert "40 entries" in result.output
        assert "integrity check ok" in result.output
        assert _count(tmp_path / "b.db") == 40
        assert not Path(f"{tmp_path / 'b.db'}-wal").exists()
    finally:
        store.close()


def test_the_backup_is_a_ledger_that_verifies(tmp_path: Path) -> None:
    store, path = _live_ledger(tmp_path, 3)
    store.close()
    copy = tmp_path / "copy.db"
    result = CliRunner().invoke(app, ["ledger", "backup", str(path), str(copy), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["accord"], report["kind"]) == (1, "ledger.backup")
    assert report["entries"] == 3
    assert report["integrity"] == "ok"
    assert report["destination"] == str(copy)
    assert report["bytes"] == copy.stat().st_size
    reopened = LedgerStore.open(str(copy))
    try:
        assert reopened.size == 3
        assert reopened.entry(2).data == b"entry 2"
    finally:
        reopened.close()


def test_an_existing_backup_is_not_overwritten_without_force(tmp_path: Path) -> None:
    store, path = _live_ledger(tmp_path, 2)
    store.close()
    copy = tmp_path / "copy.db"
    copy.write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(app, ["ledger", "backup", str(path), str(copy)])
    assert result.exit_code == 2
    assert "exists" in result.output
    assert "--force" in result.output
    assert copy.read_text(encoding="utf-8") == "mine"
    forced = CliRunner().invoke(app, ["ledger", "backup", str(path), str(copy), "--force"])
    assert forced.exit_code == 0, forced.output
    assert _count(copy) == 2


def test_postgresql_is_pointed_to_pg_dump(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["ledger", "backup", "postgresql://postgres@127.0.0.1/x", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "pg_dump" in result.output
    assert not (tmp_path / "o").exists()


def test_a_file_that_is_not_a_ledger_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    result = CliRunner().invoke(app, ["ledger", "backup", str(other), str(tmp_path / "o.db")])
    assert result.exit_code == 2
    assert "not an Accord ledger" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    missing = CliRunner().invoke(app, ["ledger", "backup", str(tmp_path / "no.db"), "x.db"])
    assert missing.exit_code == 2
    assert "no such file" in missing.output
