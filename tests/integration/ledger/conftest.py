"""Fixtures of the ledger store, service and CLI tests: databases and a running server.

PostgreSQL tests (marked ``postgres``) get a fresh database on the local server, dropped
afterwards. When the ``CI`` environment variable is set an unreachable server fails the test;
locally it is skipped with a message.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_HOST = os.environ.get("ACCORD_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("ACCORD_PG_PORT", "5432"))
PG_USER = os.environ.get("ACCORD_PG_USER", "postgres")


def _admin_connection() -> object:
    import pg8000.native

    try:
        return pg8000.native.Connection(
            PG_USER, host=PG_HOST, port=PG_PORT, database="postgres", timeout=5
        )
    except Exception as error:  # any connection failure: refused, timeout, auth
        message = f"PostgreSQL at {PG_HOST}:{PG_PORT} is unreachable: {error}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message + " (set CI=1 to make this a failure)")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test; dropped afterwards."""
    admin = _admin_connection()
    name = f"accord_test_{secrets.token_hex(6)}"
    admin.run(f"CREATE DATABASE {name}")  # type: ignore[attr-defined]
    try:
        yield f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        admin.run(  # type: ignore[attr-defined]
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name",
            name=name,
        )
        admin.run(f"DROP DATABASE IF EXISTS {name}")  # type: ignore[attr-defined]
        admin.close()  # type: ignore[attr-defined]


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A SQLite file in a temporary directory (created on first use)."""
    return f"sqlite:///{tmp_path / 'ledger.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test using this runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'ledger.db'}"
    return str(request.getfixturevalue("postgres_url"))
