"""Settings of one ledger service instance (from ``accord serve`` options or tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from accord.errors import LedgerError
from accord.limits import Limits
from accord.service._witnessing import WitnessEndpoint

DEFAULT_MAX_BODY = Limits().request_bytes
"""Largest request body the service accepts (512 KiB); larger submissions get 413 unread. An
entry whose canonical form exceeds ``MAX_ENTRY_BYTES`` (256 KiB) also gets 413."""


@dataclass(frozen=True)
class ServiceConfig:
    """Settings of one service instance (from ``accord serve`` options or tests)."""

    database: str = "accord-ledger.db"
    log_key: Path | None = None
    origin: str = "accord.example/ledger"
    admin_key: str | None = None
    admin_id: str = "admin"
    max_body: int = DEFAULT_MAX_BODY
    max_batch: int = 512
    witnesses: tuple[WitnessEndpoint, ...] = ()
    """Witnesses the log sends each new checkpoint to (:mod:`accord.service._witnessing`)."""
    witness_interval: float = 1.0
    """Seconds between two witnessing rounds (a round runs only when the log has grown)."""

    def log_key_path(self) -> Path:
        """Where the log's private key lives: ``--log-key``, else beside a SQLite file."""
        if self.log_key is not None:
            return self.log_key
        if "://" not in self.database:
            return Path(self.database + ".key")
        if self.database.startswith("sqlite:///") and len(self.database) > len("sqlite:///"):
            return Path(self.database[len("sqlite:///") :] + ".key")
        raise LedgerError(
            "a database URL needs --log-key FILE (the checkpoint signing key is kept in a file, "
            "never in the database)"
        )
