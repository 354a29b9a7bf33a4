"""The running ledger of the service: store, writer thread, log key and settings.

:class:`ServiceState` is created when the app starts (FastAPI lifespan) and closed when it stops.
It opens the store (creating the database on first use), starts the group committer, loads or
creates the log's signing key (used only for checkpoints) and records the log's origin name and
public key in the database, so that a restart with another key is refused rather than silently
signing checkpoints that no earlier verifier would accept.

On start, the participants, roles, sequence numbers and agreements the admission rules need are
rebuilt from the log's entries (:func:`~accord.ledger._authorization.rebuild_state`), never read
from another table: each stored entry must hash to its leaf hash, and the tree of the leaf
hashes must have the root of the latest checkpoint the log signed, or the service refuses to
start and names the problem.

Every acknowledgement is a signed receipt (:meth:`ServiceState.receipt`): the entry as logged
(with the log time the service gave it), a checkpoint signed by the log key that covers it (kept
with the entry's own batch, in the same transaction) and the inclusion proof against it.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from accord.errors import AccordError, InputError, LedgerError, Rejected
from accord.ledger._authorization import LedgerState as AdmissionState
from accord.ledger._authorization import rebuild_state
from accord.ledger._checkpoint import Checkpoint, open_checkpoint, sign_checkpoint, verifier_key
from accord.ledger._compliance import ComplianceReport, compliance
from accord.ledger._entries import (
    LoggedEntry,
    SignedEntry,
    parse_logged_entry,
    verify_entry_signature,
)
from accord.ledger._keys import SigningKey, decode_public_key
from accord.ledger._participants import Participant
from accord.ledger._receipts import Receipt, make_receipt
from accord.ledger.store import LedgerStore, NewEntry, StoredEntry
from accord.ledger.store._commit import AdmissionView, GroupCommitter
from accord.ledger.store._export import read_export, stream_export
from accord.limits import Limits
from accord.service._schemas import ParticipantOut
from accord.service._snapshot import Snapshots, known_tree, tree_snapshots
from accord.service._witnessing import WitnessEndpoint, Witnessing

VERIFIER_THREADS = 2
"""Threads that verify submitters' signatures and queue their entries for the writer
(:meth:`ServiceState.submit_soon`): libsodium releases the GIL, so verifications run beside the
event loop. Measured with 8 HTTP clients, alternating with verifying on the event loop (load
8): 517, 702 and 735 appends/s against 467, 530 and 429, and 0.51–0.59 ms of service CPU per
append against 0.61–0.64 ms."""

SNAPSHOT_AFTER = 1000
"""A start that replayed at least this many entries writes a new state snapshot at once."""

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


@dataclass
class Pending:
    """A submission on its way: the entry as logged, once the writer has admitted it."""

    signed: SignedEntry
    logged: LoggedEntry | None = None


class ServiceState:
    """Everything a request handler needs (see the module docstring)."""

    def __init__(
        self,
        config: ServiceConfig,
        store: LedgerStore,
        log_key: SigningKey,
        founders: list[Participant],
        tree_saved: int = 0,
    ) -> None:
        self.config = config
        self.store = store
        self.log_key = log_key
        self.founders = founders
        self.snapshots = Snapshots(Path(f"{config.log_key_path()}.state"), log_key, config.origin)
        self.trees = tree_snapshots(config.log_key_path(), log_key, config.origin)
        self._snapshot_size = -1  # the size of the snapshot on disk, when this state knows it
        self._tree_saved = tree_saved  # the size of the tree snapshot on disk (0: none)
        self._closed = False
        self.admission = self.rebuild_admission()
        self.save_tree(at_least=SNAPSHOT_AFTER)
        self._verifiers = ThreadPoolExecutor(VERIFIER_THREADS, "ledger-verify")
        store.checkpoint_signer = self._sign_head
        self.committer = GroupCommitter(
            store,
            max_batch=config.max_batch,
            on_failed_batch=self._forget_batch,
            last_log_time=self.admission.last_log_time,
        )
        self.witnessing = (
            Witnessing(store, config.witnesses, config.witness_interval)
            if config.witnesses
            else None
        )
        if self.witnessing is not None:
            self.witnessing.start()

    def rebuild_admission(self) -> AdmissionState:
        """The admission rules' view of the stored log, rebuilt from its entries alone.

        Starts from this log's signed state snapshot when one describes a prefix of this tree
        (:mod:`accord.service._snapshot`), and replays only the entries after it. Raises
        :class:`LedgerError` when a stored entry does not hash to its leaf hash, or the tree
        does not have the root of the latest checkpoint the log signed.
        """
        self.check_against_latest_checkpoint()
        start, state = self._from_snapshot()
        rows = ((e.index, e.leaf_hash, e.data) for e in self.store.entries(start))
        state = rebuild_state(self.config.origin, self.founders, rows, state)
        if state.size - start >= SNAPSHOT_AFTER:
            self.save_snapshot(state)
        return state

    def _from_snapshot(self) -> tuple[int, AdmissionState | None]:
        """(size, state) of the snapshot if it is this log's and describes a prefix of this
        tree, after checking that the entries it covers still hash to their leaf hashes."""
        found = self.snapshots.load()
        if found is None:
            return 0, None
        size, root, state = found
        if not isinstance(state, AdmissionState) or state.size != size or size > self.store.size:
            return 0, None
        if self.store.root(size) != root:
            return 0, None
        bad = self.store.first_bad_leaf(size)
        if bad is not None:
            raise LedgerError(f"entry {bad}: the stored data does not hash to its leaf hash")
        self._snapshot_size = size
        return size, state

    def save_snapshot(self, state: AdmissionState | None = None) -> None:
        """Keep the admission state of the whole stored log (signed; see ``snapshot``)."""
        state = state if state is not None else self.admission
        if state.size == self.store.size and state.size != self._snapshot_size:
            self.snapshots.save(state.size, self.store.root(state.size), state)
            self._snapshot_size = state.size

    def save_tree(self, at_least: int = 1) -> None:
        """Keep the nodes of the committed tree (signed; :mod:`accord.service._snapshot`) once
        it has ``at_least`` entries more than the kept one."""
        if self.store.size - self._tree_saved >= at_least:
            size, root, blob = self.store.tree_snapshot()
            self.trees.save(size, root, blob)
            self._tree_saved = size

    def check_against_latest_checkpoint(self) -> None:
        """Refuse a log whose tree is not the one its latest kept checkpoint signed."""
        latest = self.store.latest_checkpoint
        if latest is None:
            return
        try:
            head = open_checkpoint(latest[1], [self.verifier_key], origin=self.config.origin)
        except AccordError as error:
            raise LedgerError(f"the latest kept checkpoint does not verify: {error}") from None
        if head.size > self.store.size:
            raise LedgerError(
                f"the latest checkpoint covers {head.size} entries but the database holds "
                f"{self.store.size}: entries were deleted"
            )
        if self.store.root(head.size) != head.root:
            raise LedgerError(
                f"the first {head.size} entries do not hash to the root of the latest signed "
                "checkpoint: the entries table was edited"
            )

    def _forget_batch(self) -> None:
        self.admission = self.rebuild_admission()

    def submit(self, signed: SignedEntry) -> tuple[Future[StoredEntry], Pending]:
        """Queue ``signed`` for admission and a durable append.

        Returns the future of the stored entry and the :class:`Pending` record that holds the
        entry as logged once admitted. The signature is verified here, on the caller's thread,
        so that the single writer only runs the admission check (which reuses the verdict), the
        Merkle append and the batched INSERT.
        """
        self._verify_early(signed)
        pending = Pending(signed)
        return self._queue(pending, Future()), pending

    def submit_soon(self, signed: SignedEntry) -> tuple[Future[StoredEntry], Pending]:
        """As :meth:`submit`, but the signature is verified on a verifier thread (see
        :data:`VERIFIER_THREADS`), which then queues the entry itself: the request waits for one
        future (its durable append) and its event loop is woken once, not twice."""
        return self.submit_all_soon([signed])[0]

    def submit_all_soon(
        self, entries: list[SignedEntry]
    ) -> list[tuple[Future[StoredEntry], Pending]]:
        """:meth:`submit_soon` for several entries: one verifier-thread task verifies them, then
        queues them in their order (an entry refused by its check leaves the others queued)."""
        queued = [(Future[StoredEntry](), Pending(signed)) for signed in entries]

        def verify_then_queue() -> None:
            for future, pending in queued:
                try:
                    self._verify_early(pending.signed)
                    self._queue(pending, future)
                except BaseException as error:  # the request learns it (never left waiting)
                    if not future.done():
                        future.set_exception(error)

        try:
            self._verifiers.submit(verify_then_queue)
        except RuntimeError:  # closing: the verifier threads are gone
            for future, _ in queued:
                future.set_exception(LedgerError("the ledger is shutting down"))
        return queued

    def _queue(self, pending: Pending, future: Future[StoredEntry]) -> Future[StoredEntry]:
        """Hand ``pending`` to the writer, whose admission check (:meth:`_admit`) decides."""
        signed = pending.signed
        envelope = signed.envelope
        body = envelope.body
        subject = getattr(body, "agreement", None)
        if subject is None:
            subject = getattr(body, "about", None)
        kind, submitter, sequence = envelope.kind, envelope.submitter, envelope.sequence
        entry = NewEntry(b"", kind, submitter, subject, None, sequence)

        def admit(_new: NewEntry, _view: AdmissionView, log_time: str) -> NewEntry:
            pending.logged = self._admit(signed, log_time)
            return NewEntry(pending.logged.leaf_data(), kind, submitter, subject, None, sequence)

        return self.committer.submit(entry, admit, future)

    def _verify_early(self, signed: SignedEntry) -> None:
        """Verify the signature on the caller's thread, under the submitter's key as known now.

        Only the writer's admission check decides (:meth:`_admit`): it asks again under the key
        it finds and gets the remembered verdict, or verifies there if the submitter was unknown
        here (registered by an append still in the queue).
        """
        submitter = self.admission.participants.get(signed.envelope.submitter)
        if submitter is not None:
            verify_entry_signature(signed, submitter.public_key_bytes)

    def _admit(self, signed: SignedEntry, log_time: str) -> LoggedEntry:
        logged = LoggedEntry(signed, log_time)
        refusal = self.admission.admission_problem(logged)
        if refusal is not None:
            raise Rejected(refusal.status, refusal.reason, {"code": refusal.code})
        self.admission.accept(logged)
        return logged

    def receipt(self, stored: StoredEntry, logged: LoggedEntry) -> Receipt:
        """The signed receipt of a durable entry: a kept checkpoint covering it, and the proof."""
        latest = self.store.latest_checkpoint
        if latest is None or latest[0] <= stored.index:
            raise LedgerError("no signed checkpoint covers the entry yet")
        size, note = latest
        proof = self.store.inclusion_proof(stored.index, size)
        return make_receipt(self.config.origin, stored.index, logged, note, size, proof)

    def participants(self) -> list[ParticipantOut]:
        """The founders, then every registered participant (with last sequence numbers)."""
        state = self.admission
        registered = sorted(state.registered_at, key=state.registered_at.__getitem__)
        ids = [*(f.id for f in self.founders), *registered]
        return [
            ParticipantOut(
                participant=p.id,
                public_key=p.public_key,
                role=p.role.value,
                scope=p.party or (",".join(p.means) or None),
                registered_at=state.registered_at.get(p.id, -1),
                last_sequence=state.last_sequence.get(p.id, 0),
                key_since=state.keyring.key_since(p.id),
                revoked_at=state.keyring.revoked.get(p.id),
            )
            for p in (state.participants[i] for i in ids)
        ]

    @property
    def verifier_key(self) -> str:
        """The C2SP note verifier key of the log key (``origin+keyid+base64``)."""
        return verifier_key(self.config.origin, self.log_key.public_key)

    def _sign_head(self, size: int, root: bytes) -> str:
        return sign_checkpoint(
            Checkpoint(self.config.origin, size, root), self.config.origin, self.log_key
        )

    def compliance(self, agreement: int, as_of: date) -> ComplianceReport:
        """The compliance report of the agreement entry at ``agreement`` (see the reference)."""
        rows = [self.store.entry(agreement), *self.store.about(agreement)]
        return compliance([(r.index, parse_logged_entry(r.data)) for r in rows], agreement, as_of)

    def decode(self, data: bytes) -> dict[str, Any]:
        """The JSON object of a stored entry's canonical bytes."""
        value: dict[str, Any] = json.loads(data)
        return value

    def kept_head(self) -> str | None:
        """The kept signed checkpoint of the log's current size, or None (memory only: no
        signing, no database; each batch keeps the checkpoint of the log with it)."""
        latest = self.store.latest_checkpoint
        return latest[1] if latest is not None and latest[0] == self.store.size else None

    def published_checkpoint(self) -> str:
        """The latest checkpoint of the log (each batch keeps one; the empty log gets one)."""
        kept = self.kept_head()
        if kept is not None:
            return kept
        size = self.store.size
        note = self._sign_head(size, self.store.root(size))
        self.store.record_checkpoint(size, note)
        return note

    def export(self) -> dict[str, Any]:
        """Everything an offline verifier needs (format of :mod:`accord.ledger._audit`)."""
        return read_export(self.store.engine, latest=self.published_checkpoint())

    def export_stream(self) -> Iterator[bytes]:
        """The export as JSON text, streamed a page at a time, of exactly the entries the
        freshly published checkpoint covers."""
        note = self.published_checkpoint()
        size = int(note.split("\n")[1])
        return stream_export(self.store.engine, latest=note, stop=size)

    def close(self) -> None:
        """Finish pending appends and release the database (once; a second call does nothing)."""
        if self._closed:
            return
        self._closed = True
        if self.witnessing is not None:
            self.witnessing.close()
        self.committer.close()
        self._verifiers.shutdown()
        self.save_snapshot()
        self.save_tree()
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
        store.set_meta("founders", json.dumps([founder.to_dict()], sort_keys=True))
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
    tree = known_tree(tree_snapshots(config.log_key_path(), log_key, config.origin))
    store = LedgerStore.open(config.database, tree, check_data=True)
    try:
        for name, value in (("origin", config.origin), ("log_public_key", b64(log_key.public_key))):
            store.set_meta(name, value)
            known = store.get_meta(name)
            if known != value:
                raise LedgerError(
                    f"this database belongs to a log with {name} {known!r}, not {value!r}"
                )
        saved = 0  # a kept tree this log does not extend is replaced at the first save
        if tree is not None and tree.size <= store.size and tree.root() == store.root(tree.size):
            saved = tree.size
        return ServiceState(config, store, log_key, _founders(config, store), saved)
    except Exception:
        store.close()
        raise
