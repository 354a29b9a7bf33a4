"""The ledger database schema and its migrations (a small versioned migration table).

Accord does not use Alembic for the ledger: the schema is a handful of tables, it must be created
on first use of a SQLite file with zero set-up, and the same code must upgrade a PostgreSQL
database in place. Each migration is a numbered function applied inside one transaction; the
table ``accord_schema`` records every version applied, so :func:`migrate` is idempotent and a
database written by a newer Accord is refused instead of being misread.

Tables:

- ``ledger_entries``: one row per log entry; ``idx`` (the 0-based position in the log, the
  primary key, contiguous and never reused), ``leaf_hash`` (RFC 6962 leaf hash of ``data``,
  unique: a replayed submission is refused), ``data`` (the canonical bytes of the signed entry,
  which are the Merkle leaf), ``kind``, ``submitter``, ``subject`` (the index of the entry it
  refers to, for example the agreement a delivery claim is about; indexed for compliance) and
  ``sequence`` (the submitter's own counter; unique per submitter, so a replay cannot be stored).
- ``ledger_participants``: the registered participants (a cache of the registration entries,
  written in the same transaction; ``registered_at`` is the index of the registration entry,
  ``document`` the participant's JSON as registered).
- ``ledger_checkpoints``: every signed checkpoint the service published, by tree size.
- ``ledger_meta``: key/value settings of the log (its origin name, its public key, founders).

Examples
--------
>>> from sqlalchemy import create_engine
>>> engine = create_engine("sqlite://")
>>> migrate(engine)
3
>>> migrate(engine)  # already up to date
3
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Engine,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    insert,
    inspect,
    select,
    text,
)

from accord.errors import LedgerError

metadata = MetaData()

schema_versions = Table(
    "accord_schema",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", String(40), nullable=False),
)

entries = Table(
    "ledger_entries",
    metadata,
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("leaf_hash", LargeBinary(32), nullable=False, unique=True),
    Column("data", LargeBinary, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("submitter", String(80), nullable=False),
    Column("subject", BigInteger, nullable=True),
    Column("sequence", BigInteger, nullable=True),
    UniqueConstraint("submitter", "sequence", name="ledger_entries_submitter_sequence"),
)

participants = Table(
    "ledger_participants",
    metadata,
    Column("participant_id", String(80), primary_key=True),
    Column("public_key", LargeBinary(32), nullable=False, unique=True),
    Column("role", String(40), nullable=False),
    Column("scope", String(80), nullable=True),
    Column("registered_at", BigInteger, nullable=False),
    Column("document", Text, nullable=False),
)

checkpoints = Table(
    "ledger_checkpoints",
    metadata,
    Column("size", BigInteger, primary_key=True, autoincrement=False),
    Column("note", Text, nullable=False),
)

meta = Table(
    "ledger_meta",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("value", Text, nullable=False),
)


def _v1(connection: Connection) -> None:
    """Create the entries, participants and meta tables."""
    for table in (entries, participants, meta):
        table.create(connection)


def _v2(connection: Connection) -> None:
    """Index entries by subject (compliance reads every entry about one agreement)."""
    connection.execute(text("CREATE INDEX ledger_entries_subject ON ledger_entries (subject)"))


def _v3(connection: Connection) -> None:
    """Keep every checkpoint the log has published (an audit bounds a rewrite between two)."""
    checkpoints.create(connection)


MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_v1, _v2, _v3)
"""Migration ``i`` (0-based) brings the schema from version ``i`` to ``i + 1``."""


def current_version(connection: Connection) -> int:
    """Return the schema version of the database (0 when it has no Accord tables)."""
    if not inspect(connection).has_table(schema_versions.name):
        return 0
    versions = connection.execute(select(schema_versions.c.version)).scalars().all()
    return max(versions, default=0)


def migrate(engine: Engine) -> int:
    """Apply every pending migration, each in its own transaction; return the final version.

    Raises
    ------
    LedgerError
        The database was written by a newer Accord (its schema version is unknown here).
    """
    latest = len(MIGRATIONS)
    while True:
        with engine.begin() as connection:
            version = current_version(connection)
            if version > latest:
                raise LedgerError(
                    f"the ledger database has schema version {version}, newer than this "
                    f"Accord supports ({latest}); upgrade Accord"
                )
            if version == latest:
                return version
            if version == 0:
                schema_versions.create(connection, checkfirst=True)
            MIGRATIONS[version](connection)
            stamp = datetime.now(UTC).isoformat()
            connection.execute(
                insert(schema_versions).values(version=version + 1, applied_at=stamp)
            )
