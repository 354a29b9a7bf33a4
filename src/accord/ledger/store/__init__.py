"""Durable storage of the ledger (SQLAlchemy Core over SQLite or PostgreSQL).

- :mod:`accord.ledger.store._engine` — database URLs and engines (SQLite: WAL,
  ``synchronous=FULL``);
- :mod:`accord.ledger.store._schema` — the tables and their versioned migrations;
- :mod:`accord.ledger.store._log` — :class:`LedgerStore`: the entries table and the in-memory
  Merkle tree of their leaf hashes, appended one durable transaction per batch;
- :mod:`accord.ledger.store._commit` — the single writer with group commit;
- :mod:`accord.ledger.store._export` — exports read from the tables, trusting nothing.

This package is the only part of the ledger that does I/O; the rest is pure.
"""

from accord.ledger.store._log import LedgerStore, NewEntry, Participant, StoredEntry

__all__ = ["LedgerStore", "NewEntry", "Participant", "StoredEntry"]
