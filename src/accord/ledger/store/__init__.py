"""Durable storage of the ledger (SQLAlchemy Core over SQLite or PostgreSQL).

- :mod:`accord.ledger.store._engine` — database URLs and engines (SQLite: WAL,
  ``synchronous=FULL``);
- :mod:`accord.ledger.store._schema` — the tables and their versioned migrations;
- :mod:`accord.ledger.store._log` — :class:`LedgerStore`: the entries table and the in-memory
  Merkle tree of their leaf hashes, opened and checked at start-up; its parts:
  :mod:`~accord.ledger.store._log_state` (the state they share),
  :mod:`~accord.ledger.store._log_append` (appended one durable transaction per batch) and
  :mod:`~accord.ledger.store._log_read` (reads of the committed log);
- :mod:`accord.ledger.store._records` — the entries and participants stored, and their rows;
- :mod:`accord.ledger.store._commit` — the single writer with group commit;
- :mod:`accord.ledger.store._export` — exports read from the tables, trusting nothing.

This package is the only part of the ledger that does I/O; the rest is pure.
"""

from accord.ledger.store._log import LedgerStore
from accord.ledger.store._records import NewEntry, Participant, StoredEntry

__all__ = ["LedgerStore", "NewEntry", "Participant", "StoredEntry"]
