"""Tampering with the SQLite file of a ledger: each kind of change is detected and located.

The log is the JCPOA demo story appended through the service's own path (one entry per durable
commit, so the service keeps a checkpoint at every size); a checkpoint is saved, the service
stops, the database file is edited with plain SQL, and ``accord ledger verify`` must fail with
exit code 1 and name the entry.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accord.cli._main import app
from accord.ledger._checkpoint import verifier_key
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._entries import make_entry, stamped
from accord.ledger._keys import SigningKey
from accord.service._config import ServiceConfig
from accord.service._opening import open_state

pytestmark = pytest.mark.timeout(300)  # servers and clients are bounded in time

runner = CliRunner()


def build_log(tmp_path: Path) -> tuple[Path, Path, ServiceConfig]:
    cast = Cast()
    config = ServiceConfig(
        database=str(tmp_path / "ledger.db"),
        log_key=tmp_path / "log.key",
        origin=cast.ledger,
        admin_key=cast.members["registrar"].key.public_key_b64,
        admin_id="registrar",
    )
    state = open_state(config)
    for logged in jcpoa_story(cast):
        state.committer.clock = lambda moment=logged.when: moment  # logged when it says
        state.submit(logged.signed)[0].result(30)
    saved = tmp_path / "saved.checkpoint"
    saved.write_text(state.published_checkpoint())
    state.close()
    return tmp_path / "ledger.db", saved, config


def verify(*args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["ledger", "verify", *args, "--json"])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.output)


def located(report: dict[str, Any]) -> set[int]:
    return {f["index"] for f in report["findings"] if f["index"] is not None}


def rows(db: sqlite3.Connection) -> list[tuple[int, bytes, bytes]]:
    query = "SELECT idx, leaf_hash, data FROM ledger_entries ORDER BY idx"
    return list(db.execute(query))


def renumber(db: sqlite3.Connection, start: int, shift: int) -> None:
    order = "DESC" if shift > 0 else "ASC"
    for (idx,) in list(
        db.execute(f"SELECT idx FROM ledger_entries WHERE idx >= ? ORDER BY idx {order}", (start,))
    ):
        db.execute("UPDATE ledger_entries SET idx = ? WHERE idx = ?", (idx + shift, idx))


def alter(db: sqlite3.Connection) -> int:
    (data,) = db.execute("SELECT data FROM ledger_entries WHERE idx = 9").fetchone()
    changed = bytes(data).replace(b"notification received", b"notification withheld")
    db.execute("UPDATE ledger_entries SET data = ? WHERE idx = 9", (changed,))
    return 9


def reorder(db: sqlite3.Connection) -> int:
    both = {idx: (leaf, data) for idx, leaf, data in rows(db) if idx in (5, 6)}
    db.execute("DELETE FROM ledger_entries WHERE idx IN (5, 6)")
    for idx, source in ((5, 6), (6, 5)):
        leaf, data = both[source]
        db.execute(
            "INSERT INTO ledger_entries (idx, leaf_hash, data, kind, submitter) VALUES (?,?,?,?,?)",
            (idx, leaf, data, "delivery_claim", "x"),
        )
    return 5


def insert(db: sqlite3.Connection) -> int:
    forger = SigningKey.from_seed(bytes(32))
    forged = make_entry(
        forger,
        ledger=Cast().ledger,
        submitter="iaea_inspector",
        kind="inspection_report",
        body={
            "agreement": 4,
            "commitment": "s2.iran.centrifuges_removed",
            "means": "iaea",
            "finding": "violation",
            "summary": "forged",
        },
        sequence=3,
        timestamp="2016-01-12T00:00:00Z",
    )
    renumber(db, 8, +1)
    db.execute(
        "INSERT INTO ledger_entries (idx, leaf_hash, data, kind, submitter) VALUES (?,?,?,?,?)",
        (
            8,
            stamped(forged).leaf_hash(),
            stamped(forged).leaf_data(),
            "inspection_report",
            "iaea_inspector",
        ),
    )
    return 8


def delete(db: sqlite3.Connection) -> int:
    db.execute("DELETE FROM ledger_entries WHERE idx = 6")
    renumber(db, 7, -1)
    return 6


@pytest.mark.parametrize("tamper", [alter, reorder, insert, delete], ids=lambda f: f.__name__)
def test_ledger_cli_verify_detects_and_locates_tampering_of_the_database_file(
    tmp_path: Path, tamper: Callable[[sqlite3.Connection], int]
) -> None:
    database, saved, _config = build_log(tmp_path)
    code, report = verify(str(database), "--checkpoint", str(saved))
    assert code == 0, report
    db = sqlite3.connect(database)
    where = tamper(db)
    db.commit()
    db.close()
    code, report = verify(str(database), "--checkpoint", str(saved))
    assert code == 1
    assert where in located(report), report["findings"]


def test_ledger_cli_verify_readable_messages_and_bad_sources(tmp_path: Path) -> None:
    database, saved, _config = build_log(tmp_path)
    db = sqlite3.connect(database)
    alter(db)
    db.commit()
    db.close()
    result = runner.invoke(app, ["ledger", "verify", str(database), "--checkpoint", str(saved)])
    assert result.exit_code == 1
    assert "entry 9: bad_signature" in result.output
    result = runner.invoke(app, ["ledger", "verify", str(tmp_path / "missing.db")])
    assert result.exit_code == 2
    assert "no such file" in result.output


@pytest.mark.slow
def test_ledger_a_service_over_a_tampered_file_refuses_to_start(
    tmp_path: Path, serve: Callable[..., Any]
) -> None:
    database, _saved, config = build_log(tmp_path)
    db = sqlite3.connect(database)
    alter(db)
    db.commit()
    db.close()
    with pytest.raises(RuntimeError, match="entry 9: the stored data does not hash to its leaf"):
        serve(
            "--database", str(database), "--log-key", str(config.log_key),
            "--origin", config.origin,
        )  # fmt: skip


def test_ledger_cli_verify_checks_checkpoints_with_the_trusted_log_key(tmp_path: Path) -> None:
    """An export whose checkpoints another key signed (a substituted log key) does not verify
    against the key given with --log-key, nor against the one pinned for that log."""
    export = Path(__file__).resolve().parents[3] / "examples" / "ledger" / "jcpoa-demo-export.json"
    listed = json.loads(export.read_text(encoding="utf-8"))["checkpoint_keys"][0]
    origin = listed.split("+")[0]
    other = verifier_key(origin, SigningKey.from_seed(b"o" * 32).public_key)
    assert runner.invoke(app, ["ledger", "verify", str(export), "--log-key", listed]).exit_code == 0
    result = runner.invoke(app, ["ledger", "verify", str(export), "--log-key", other])
    assert result.exit_code == 1, result.output
    assert "checkpoint" in result.output
    known = Path(os.environ["ACCORD_KNOWN_LOGS"])
    known.write_text(f"{origin} {other}\n", encoding="utf-8")
    assert runner.invoke(app, ["ledger", "verify", str(export)]).exit_code == 1
