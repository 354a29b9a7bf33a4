"""The running ledger of the service: store, writer thread, log key and settings.

:class:`ServiceState` is created when the app starts (FastAPI lifespan; by
:func:`~accord.service._opening.open_state`) and closed when it stops. Opening it opens the
store (creating the database on first use), starts the group committer, loads or creates the
log's signing key (used only for checkpoints) and records the log's origin name and public key
in the database, so that a restart with another key is refused rather than silently signing
checkpoints that no earlier verifier would accept.

On start, the participants, roles, sequence numbers and agreements the admission rules need are
rebuilt from the log's entries (:func:`~accord.ledger._authorization.rebuild_state`), never read
from another table: each stored entry must hash to its leaf hash, and the tree of the leaf
hashes must have the root of the latest checkpoint the log signed, or the service refuses to
start and names the problem.

Submissions go through :class:`~accord.service._submission.Submissions`. Every acknowledgement
is a signed receipt (:meth:`ServiceState.receipt`): the entry as logged (with the log time the
service gave it), a checkpoint signed by the log key that covers it (kept with the entry's own
batch, in the same transaction) and the inclusion proof against it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

from accord.errors import AccordError, LedgerError
from accord.ledger._authorization import LedgerState as AdmissionState
from accord.ledger._authorization import rebuild_state
from accord.ledger._checkpoint import Checkpoint, open_checkpoint, sign_checkpoint, verifier_key
from accord.ledger._compliance import ComplianceReport, compliance
from accord.ledger._entries import (
    LoggedEntry,
    parse_logged_entry,
)
from accord.ledger._keys import SigningKey
from accord.ledger._participants import Participant
from accord.ledger._receipts import Receipt, make_receipt
from accord.ledger.store import LedgerStore, StoredEntry
from accord.ledger.store._commit import GroupCommitter
from accord.ledger.store._export import read_export, stream_export
from accord.service._config import ServiceConfig
from accord.service._schemas import ParticipantOut
from accord.service._snapshot import Snapshots, tree_snapshots
from accord.service._submission import VERIFIER_THREADS, Submissions
from accord.service._witnessing import Witnessing

SNAPSHOT_AFTER = 1000
"""A start that replayed at least this many entries writes a new state snapshot at once."""


class ServiceState(Submissions):
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
