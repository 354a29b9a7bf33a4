"""Exports of a ledger database in the documented format (``accord.ledger.audit``).

:func:`read_export` reads the tables as they are, trusting nothing: entries are listed with the
index and leaf hash *stored in their row* (an audit compares both with what it recomputes), an
entry whose bytes are not JSON is listed as unreadable rather than dropped, and a gap in the
indices is left for the audit to find. So the same function serves the running service's
``GET /v1/export`` and ``accord ledger verify ledger.db`` on a database file nobody vouches for.

Examples
--------
>>> from accord.ledger.store import LedgerStore, NewEntry
>>> store = LedgerStore.open("sqlite://")
>>> _ = store.append([NewEntry(b'{"entry": {}, "signature": ""}', "note", "alice")])
>>> store.set_meta("origin", "example.org/log")
>>> export = read_export(store.engine)
>>> export["format"], export["origin"], [e["index"] for e in export["entries"]]
('accord-ledger-export/2', 'example.org/log', [0])
>>> store.close()
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from accord.errors import InputError, LedgerError
from accord.ledger.audit import EXPORT_FORMAT
from accord.ledger.checkpoint import verifier_key
from accord.ledger.store.engine import create_ledger_engine
from accord.ledger.store.schema import checkpoints, entries, meta, participants


def _listed(index: int, leaf: bytes, data: bytes) -> dict[str, Any]:
    item: dict[str, Any] = {"index": index, "leaf_hash": base64.b64encode(leaf).decode()}
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        value = None
    if isinstance(value, dict):
        return {**item, **value}
    return {**item, "entry": None, "log_time": None, "signature": None, "unreadable": data.hex()}


def read_export(engine: Engine, latest: str | None = None) -> dict[str, Any]:
    """Build the export of the ledger in ``engine``; ``latest``: a freshly signed checkpoint."""
    with engine.connect() as connection:
        settings = {row.name: row.value for row in connection.execute(select(meta))}
        listed = [
            _listed(row.idx, bytes(row.leaf_hash), bytes(row.data))
            for row in connection.execute(select(entries).order_by(entries.c.idx))
        ]
        people = [
            json.loads(row.document)
            for row in connection.execute(
                select(participants).order_by(participants.c.registered_at)
            )
        ]
        notes = [row.note for row in connection.execute(select(checkpoints).order_by("size"))]
    origin = settings.get("origin", "")
    keys = []
    if "log_public_key" in settings:
        keys.append(verifier_key(origin, base64.b64decode(settings["log_public_key"])))
    if latest is None and notes:
        latest = notes[-1]
    return {
        "format": EXPORT_FORMAT,
        "origin": origin,
        "founders": json.loads(settings.get("founders", "[]")),
        "participants": people,
        "checkpoint_keys": keys,
        "entries": listed,
        "checkpoints": [n for n in notes if n != latest],
        "checkpoint": latest,
    }


def integrity_problems(engine: Engine) -> list[str]:
    """The database engine's own integrity check: SQLite's ``PRAGMA integrity_check``.

    A damaged page (an index zeroed on disk, say) can leave every row readable while lookups
    through that index go wrong; the audit of the entries alone would not see it. PostgreSQL
    keeps checksums and has no equivalent built-in check here (``amcheck`` is an extension).
    """
    if engine.dialect.name != "sqlite":
        return []
    try:
        with engine.connect() as connection:
            rows = [str(r[0]) for r in connection.exec_driver_sql("PRAGMA integrity_check")]
    except SQLAlchemyError as error:
        return [f"the check itself fails: {getattr(error, 'orig', error)}"]
    return [] if rows == ["ok"] else rows[:20]


def export_database_file(url: str) -> dict[str, Any]:
    """The export of a ledger database given by path or URL (opened read-only in spirit).

    The engine's integrity check runs first; its complaints are listed under ``"integrity"``
    (``accord ledger verify`` reports each as a finding).
    """
    if "://" not in url and not Path(url).is_file():
        raise InputError(f"no such file: {url}")
    engine = create_ledger_engine(url)
    try:
        with engine.connect() as connection:
            if not inspect(connection).has_table(entries.name):
                raise InputError(f"{url} is not an Accord ledger database")
        problems = integrity_problems(engine)
        try:
            export = read_export(engine)
        except SQLAlchemyError as error:
            if not problems:
                raise
            export = {"format": EXPORT_FORMAT, "origin": "", "entries": [], "founders": []}
            problems.append(f"the entries cannot be read: {error}")
        return {**export, "integrity": problems} if problems else export
    except SQLAlchemyError as error:
        raise LedgerError(f"cannot read the ledger database {url}: {error}") from None
    finally:
        engine.dispose()
