"""The running ledger of the service: store, writer thread, log key and settings.

:class:`ServiceState` is created when the app starts (FastAPI lifespan) and closed when it stops.
It opens the store (creating the database on first use), starts the group committer, loads or
creates the log's signing key (used only for checkpoints) and records the log's origin name and
public key in the database, so that a restart with another key is refused rather than silently
signing checkpoints that no earlier verifier would accept.
"""

from __future__ import annotations

import base64
import json
import os
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from accord.errors import InputError, LedgerError, Rejected
from accord.ledger.agreements import commitments_from_plan
from accord.ledger.authorization import LedgerState as AdmissionState
from accord.ledger.checkpoint import Checkpoint, sign_checkpoint, verifier_key
from accord.ledger.compliance import ComplianceReport, compliance
from accord.ledger.entries import (
    MAX_ENTRY_BYTES,
    SignedEntry,
    parse_signed_entry,
    verify_entry_signature,
)
from accord.ledger.entry_bodies import Agreement, Registration
from accord.ledger.keys import SigningKey, decode_public_key
from accord.ledger.participants import Participant
from accord.ledger.store import LedgerStore, NewEntry, StoredEntry
from accord.ledger.store import Participant as StoreParticipant
from accord.ledger.store.commit import GroupCommitter
from accord.ledger.store.export import read_export
from accord.service.schemas import ParticipantOut

DEFAULT_MAX_BODY = 2 * MAX_ENTRY_BYTES
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


class ServiceState:
    """Everything a request handler needs (see the module docstring)."""

    def __init__(
        self,
        config: ServiceConfig,
        store: LedgerStore,
        log_key: SigningKey,
        founders: list[Participant],
    ) -> None:
        self.config = config
        self.store = store
        self.log_key = log_key
        self.founders = founders
        self.admission = self.rebuild_admission()
        store.checkpoint_signer = self._sign_head
        self.committer = GroupCommitter(
            store, max_batch=config.max_batch, on_failed_batch=self._forget_batch
        )

    def rebuild_admission(self) -> AdmissionState:
        """The admission rules' view of the stored log (participants, sequences, agreements)."""
        state = AdmissionState.genesis(self.config.origin, self.founders)
        for row in self.store.participants():
            state.participants[row.participant_id] = Participant.model_validate_json(row.document)
        state.last_sequence.update(self.store.last_sequences())
        for stored in self.store.entries_of_kind("agreement"):
            body = parse_signed_entry(stored.data).envelope.body
            if not isinstance(body, Agreement):
                raise LedgerError(f"entry {stored.index} is stored as an agreement but is not one")
            state.agreements[stored.index] = (
                body,
                {c.id: c for c in commitments_from_plan(body.plan)},
            )
        state.size = self.store.size
        return state

    def _forget_batch(self) -> None:
        self.admission = self.rebuild_admission()

    def submit(self, signed: SignedEntry) -> Future[StoredEntry]:
        """Queue ``signed`` for admission and a durable append; the future gives the stored entry.

        Runs on the caller's thread: the store row and leaf hash are made and the signature is
        verified here, so that the single writer only runs the admission check (which reuses the
        verdict), the Merkle append and the batched INSERT.
        """
        envelope = signed.envelope
        body = envelope.body
        registers = None
        if isinstance(body, Registration):
            new = body.participant
            registers = StoreParticipant(
                new.id,
                new.public_key_bytes,
                new.role.value,
                new.party or ",".join(new.means),
                registered_at=-1,
                document=json.dumps(new.to_json(), sort_keys=True),
            )
        subject = getattr(body, "agreement", None)
        if subject is None:
            subject = getattr(body, "about", None)
        entry = NewEntry(
            signed.leaf_data(),
            envelope.kind,
            envelope.submitter,
            subject,
            registers,
            envelope.sequence,
        )
        self._verify_early(signed)
        return self.committer.submit(entry, lambda _entry, _view: self._admit(signed))

    def _verify_early(self, signed: SignedEntry) -> None:
        """Verify the signature on the caller's thread, under the submitter's key as known now.

        Only the writer's admission check decides (:meth:`_admit`): it asks again under the key
        it finds and gets the remembered verdict (a participant's key never changes), or verifies
        there if the submitter was unknown here (registered by an append still in the queue).
        """
        submitter = self.admission.participants.get(signed.envelope.submitter)
        if submitter is not None:
            verify_entry_signature(signed, submitter.public_key_bytes)

    def _admit(self, signed: SignedEntry) -> None:
        refusal = self.admission.admission_problem(signed)
        if refusal is not None:
            raise Rejected(refusal.status, refusal.reason, {"code": refusal.code})
        self.admission.accept(signed)

    def participants(self) -> list[ParticipantOut]:
        """The founders, then every registered participant (with last sequence numbers)."""
        out = []
        registered = {p.participant_id: p.registered_at for p in self.store.participants()}
        people = [
            *self.founders,
            *(Participant.model_validate_json(p.document) for p in self.store.participants()),
        ]
        for p in people:
            out.append(
                ParticipantOut(
                    participant=p.id,
                    public_key=p.public_key,
                    role=p.role.value,
                    scope=p.party or (",".join(p.means) or None),
                    registered_at=registered.get(p.id, -1),
                    last_sequence=self.store.last_sequence(p.id),
                )
            )
        return out

    @property
    def verifier_key(self) -> str:
        """The C2SP note verifier key of the log key (``origin+keyid+base64``)."""
        return verifier_key(self.config.origin, self.log_key.public_key)

    def _sign_head(self, size: int, root: bytes) -> str:
        return sign_checkpoint(
            Checkpoint(self.config.origin, size, root), self.config.origin, self.log_key
        )

    def checkpoint_text(self, size: int | None = None) -> str:
        """A C2SP checkpoint of the first ``size`` entries (default: all), signed by the log."""
        size = self.store.size if size is None else size
        head = Checkpoint(self.config.origin, size, self.store.root(size))
        return sign_checkpoint(head, self.config.origin, self.log_key)

    def compliance(self, agreement: int, as_of: date) -> ComplianceReport:
        """The compliance report of the agreement entry at ``agreement`` (see the reference)."""
        rows = [self.store.entry(agreement), *self.store.about(agreement)]
        return compliance(
            [(r.index, parse_signed_entry(r.data).envelope) for r in rows], agreement, as_of
        )

    def decode(self, data: bytes) -> dict[str, Any]:
        """The JSON object of a stored entry's canonical bytes."""
        value: dict[str, Any] = json.loads(data)
        return value

    def published_checkpoint(self) -> str:
        """Sign a checkpoint of the current log and keep it (an audit checks every one kept)."""
        size = self.store.size
        note = self.checkpoint_text(size)
        self.store.record_checkpoint(size, note)
        return note

    def export(self) -> dict[str, Any]:
        """Everything an offline verifier needs (format of :mod:`accord.ledger.audit`)."""
        return read_export(self.store.engine, latest=self.published_checkpoint())

    def close(self) -> None:
        """Finish pending appends and release the database."""
        self.committer.close()
        self.store.close()


def b64(data: bytes) -> str:
    """Standard base64 text of ``data``.

    >>> b64(b"ok")
    'b2s='
    """
    return base64.b64encode(data).decode("ascii")


def load_or_create_key(path: Path) -> SigningKey:
    """Load the PEM private key at ``path``, creating it (mode 0600) if the file is missing."""
    if path.exists():
        try:
            return SigningKey.from_pem(path.read_bytes())
        except (OSError, InputError) as error:
            raise LedgerError(f"cannot read the log key {path}: {error}") from error
    key = SigningKey.generate()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "xb", opener=lambda p, f: os.open(p, f, 0o600)) as out:
            out.write(key.to_pem())
    except OSError as error:
        raise LedgerError(f"cannot write the log key {path}: {error}") from error
    return key


def _founders(config: ServiceConfig, store: LedgerStore) -> list[Participant]:
    """The founding administrators: recorded in the database when the log is first opened."""
    known = store.get_meta("founders")
    if known is None and config.admin_key is not None:
        try:
            decode_public_key(config.admin_key)
            founder = Participant(
                id=config.admin_id, role="administrator", public_key=config.admin_key
            )
        except (InputError, ValueError) as error:
            raise LedgerError(f"--admin-key is not a usable public key: {error}") from None
        store.set_meta("founders", json.dumps([founder.to_json()], sort_keys=True))
        known = store.get_meta("founders")
    if known is None:
        return []
    founders = [Participant.model_validate(p) for p in json.loads(known)]
    if config.admin_key is not None and config.admin_key not in [f.public_key for f in founders]:
        raise LedgerError("--admin-key differs from the founding administrator of this log")
    return founders


def open_state(config: ServiceConfig) -> ServiceState:
    """Open the store and the log key of ``config`` and start the writer thread.

    Raises
    ------
    LedgerError
        The database cannot be opened, or it belongs to another log (origin or key differ).
    """
    log_key = load_or_create_key(config.log_key_path())
    store = LedgerStore.open(config.database)
    try:
        for name, value in (("origin", config.origin), ("log_public_key", b64(log_key.public_key))):
            store.set_meta(name, value)
            known = store.get_meta(name)
            if known != value:
                raise LedgerError(
                    f"this database belongs to a log with {name} {known!r}, not {value!r}"
                )
        return ServiceState(config, store, log_key, _founders(config, store))
    except Exception:
        store.close()
        raise
