"""Exports of a ledger database in the documented format (``accord.ledger._audit``).

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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, Row, Table, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from accord.errors import InputError, LedgerError
from accord.ledger._audit import EXPORT_FORMAT
from accord.ledger._checkpoint import verifier_key
from accord.ledger.store._engine import create_ledger_engine
from accord.ledger.store._schema import checkpoints, entries, meta, participants


def _listed(index: int, leaf: bytes, data: bytes) -> dict[str, Any]:
    item: dict[str, Any] = {"index": index, "leaf_hash": base64.b64encode(leaf).decode()}
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        value = None
    if isinstance(value, dict):
        return {**item, **value}
    return {**item, "entry": None, "log_time": None, "signature": None, "unreadable": data.hex()}


PAGE = 1000
"""Rows read per query when an export is built or streamed (memory stays that of one page)."""


def _pages(engine: Engine, table: Table, key: str, stop: int | None) -> Iterator[Row[Any]]:
    """Every row of ``table`` in ``key`` order (below ``stop`` if given), a page at a time:
    each page is its own short read, so a long export never holds the database open."""
    column = table.c[key]
    after = -1
    while True:
        query = select(table).where(column > after).order_by(column).limit(PAGE)
        if stop is not None:
            query = query.where(column < stop)
        with engine.connect() as connection:
            rows = list(connection.execute(query))
        yield from rows
        if len(rows) < PAGE:
            return
        after = getattr(rows[-1], key)


@dataclass(frozen=True)
class _Head:
    settings: dict[str, str]
    people: list[Any]


def _head(engine: Engine) -> _Head:
    with engine.connect() as connection:
        settings = {row.name: row.value for row in connection.execute(select(meta))}
        people = [
            json.loads(row.document)
            for row in connection.execute(
                select(participants).order_by(participants.c.registered_at)
            )
        ]
    return _Head(settings, people)


def _latest_note(engine: Engine) -> str | None:
    with engine.connect() as connection:
        query = select(checkpoints.c.note).order_by(checkpoints.c.size.desc()).limit(1)
        return connection.execute(query).scalar()


def export_parts(
    engine: Engine, latest: str | None = None, stop: int | None = None
) -> Iterator[tuple[str, Any]]:
    """The export's (key, value) pairs in their documented order; ``entries`` and
    ``checkpoints`` are iterators that read the database a page at a time.

    ``latest``: a freshly signed checkpoint (default: the latest kept one); ``stop``: list only
    entries below this index (the service exports exactly what ``latest`` covers).
    """
    head = _head(engine)
    latest = latest if latest is not None else _latest_note(engine)
    origin = head.settings.get("origin", "")
    keys = []
    if "log_public_key" in head.settings:
        keys.append(verifier_key(origin, base64.b64decode(head.settings["log_public_key"])))
    yield "format", EXPORT_FORMAT
    yield "origin", origin
    yield "founders", json.loads(head.settings.get("founders", "[]"))
    yield "participants", head.people
    yield "checkpoint_keys", keys
    listed = _pages(engine, entries, "idx", stop)
    yield "entries", (_listed(r.idx, bytes(r.leaf_hash), bytes(r.data)) for r in listed)
    notes = (r.note for r in _pages(engine, checkpoints, "size", None))
    yield "checkpoints", (n for n in notes if n != latest)
    yield "checkpoint", latest


def read_export(engine: Engine, latest: str | None = None) -> dict[str, Any]:
    """The export of the ledger in ``engine``, built in memory (an offline audit needs it all)."""
    return {
        key: list(value) if isinstance(value, Iterator) else value
        for key, value in export_parts(engine, latest)
    }


def stream_export(
    engine: Engine, latest: str | None = None, stop: int | None = None
) -> Iterator[bytes]:
    """The export as JSON text, a page of entries at a time (``GET /v1/export``): the same
    document as :func:`read_export` without ever holding more than a page in memory."""
    yield b"{"
    for number, (key, value) in enumerate(export_parts(engine, latest, stop)):
        head = ("," if number else "") + json.dumps(key) + ":"
        if not isinstance(value, Iterator):
            yield (head + json.dumps(value, ensure_ascii=False)).encode()
            continue
        yield (head + "[").encode()
        batch: list[str] = []
        for count, item in enumerate(value):
            batch.append(("," if count else "") + json.dumps(item, ensure_ascii=False))
            if len(batch) == PAGE:
                yield "".join(batch).encode()
                batch = []
        yield ("".join(batch) + "]").encode()
    yield b"}"


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
