"""The ledger's records: what a :class:`~accord.ledger.store.LedgerStore` stores, and its rows.

:class:`NewEntry` is what an append takes (its leaf hash is computed when it is made),
:class:`StoredEntry` what the log holds, :class:`Participant` a registered key. Start-up and the
check of stored data read rows on the driver's own cursor (:func:`driver_rows`), without
SQLAlchemy's row processing.

Examples
--------
>>> entry = NewEntry(b"hello", "note", "alice")
>>> len(entry.leaf_hash), entry.subject, entry.sequence
(32, None, None)
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Row

from accord.ledger.merkle._hashing import leaf_hash


@dataclass(frozen=True)
class Participant:
    """A registered participant: key, role and the scope of the role (party or means)."""

    participant_id: str
    public_key: bytes
    role: str
    scope: str | None
    registered_at: int
    document: str = "{}"


@dataclass(frozen=True)
class NewEntry:
    """An entry to append: its canonical signed bytes (the Merkle leaf) and index columns.

    ``registers`` is set on a registration entry: the participant row is written in the same
    transaction (its ``registered_at`` is filled in with the entry's index). The leaf hash is
    computed when the entry is made, on the submitting thread, not by the single writer.
    """

    data: bytes
    kind: str
    submitter: str
    subject: int | None = None
    registers: Participant | None = None
    sequence: int | None = None
    leaf_hash: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "leaf_hash", leaf_hash(self.data))


@dataclass(frozen=True)
class StoredEntry:
    """An entry as stored: its index in the log and its RFC 6962 leaf hash."""

    index: int
    leaf_hash: bytes
    data: bytes
    kind: str
    submitter: str
    subject: int | None
    sequence: int | None = None


def stored_entry(row: Row[Any]) -> StoredEntry:
    """A stored entry from a row of the entries table."""
    return StoredEntry(
        row.idx,
        bytes(row.leaf_hash),
        bytes(row.data),
        row.kind,
        row.submitter,
        row.subject,
        row.sequence,
    )


def driver_pages(connection: Connection, sql: str, page: int = 10_000) -> Generator[Sequence[Any]]:
    """The rows of ``sql`` as the driver returns them, a page at a time (a plain cursor: no
    SQLAlchemy row processing, which cost most of a start's reading)."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        while rows := cursor.fetchmany(page):
            yield rows
    finally:
        cursor.close()


def driver_rows(connection: Connection, sql: str) -> Generator[Any]:
    """The rows of ``sql`` one by one, read as :func:`driver_pages` reads them."""
    for rows in driver_pages(connection, sql):
        yield from rows
