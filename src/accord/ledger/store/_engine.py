"""Database engines of the ledger: SQLite files (WAL, ``synchronous=FULL``) and PostgreSQL.

Examples
--------
>>> database_url("ledger.db")
'sqlite:///ledger.db'
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import StaticPool

from accord.errors import LedgerError


def database_url(url: str) -> str:
    """Normalise a database argument: a file path means SQLite; PostgreSQL uses pg8000.

    >>> database_url("ledger.db")
    'sqlite:///ledger.db'
    >>> database_url("postgresql://postgres@127.0.0.1/test")
    'postgresql+pg8000://postgres@127.0.0.1/test'
    """
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+pg8000://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def create_ledger_engine(url: str) -> Engine:
    """Create the engine for ``url``; SQLite files get WAL and ``synchronous=FULL``."""
    try:
        parsed = make_url(database_url(url))
    except SQLAlchemyError as error:
        raise LedgerError(f"not a database URL: {url!r}") from error
    if parsed.get_backend_name() == "sqlite":
        in_memory = parsed.database in (None, "", ":memory:")
        engine = create_engine(
            parsed,
            poolclass=StaticPool if in_memory else None,
            connect_args={"check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(parsed, pool_pre_ping=True)
    raise LedgerError(
        f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL"
    )


__all__ = ["create_ledger_engine", "database_url"]
