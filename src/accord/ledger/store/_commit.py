"""Group commit: many appends share one durable transaction; each is acknowledged once durable.

One writer thread owns the appends of a :class:`~accord.ledger.store.LedgerStore`, so appends are
serialised. Callers :meth:`GroupCommitter.submit` an entry and get a future. The writer takes
every entry waiting in the queue (up to ``max_batch``), runs each one's admission check in order
against the log *including the entries admitted earlier in the same batch* (so a participant
registered in the batch may submit in it, and a replay inside one batch is caught), writes the
admitted ones in one transaction and only then resolves their futures. While one transaction is
being made durable, new submissions queue up and form the next batch: with one client a batch
holds one entry, with many clients a commit carries many. When the last batch and what queued
during its commit were more than what is queued now, the writer waits a little (half the last
commit's duration, at most 2 ms) for the clients it just acknowledged to submit again, so that
the batches stay large (and two groups of clients, each queueing while the other's commit is
made durable, merge).

Examples
--------
>>> from accord.ledger.store import LedgerStore, NewEntry
>>> committer = GroupCommitter(LedgerStore.open("sqlite://"))
>>> committer.append(NewEntry(b"first", "note", "alice")).index
0
>>> committer.close()
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime

from accord.errors import LedgerError
from accord.ledger._entries import format_log_time
from accord.ledger.store._log import LedgerStore
from accord.ledger.store._records import NewEntry, Participant, StoredEntry


@dataclass
class AdmissionView:
    """What an admission check may consult: the stored log plus the batch admitted so far."""

    store: LedgerStore
    pending_leaves: set[bytes] = field(default_factory=set)
    pending_participants: dict[str, Participant] = field(default_factory=dict)
    pending_sequences: dict[str, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """The index the entry under check would receive."""
        return self.store.size + len(self.pending_leaves)

    def seen(self, leaf_hash: bytes) -> bool:
        """Whether an entry with this leaf hash is stored or already in this batch."""
        return leaf_hash in self.pending_leaves or self.store.seen(leaf_hash)

    def last_sequence(self, submitter: str) -> int:
        """The submitter's last sequence number, in the log or earlier in this batch."""
        pending = self.pending_sequences.get(submitter)
        return pending if pending is not None else self.store.last_sequence(submitter)

    def participant(self, participant_id: str) -> Participant | None:
        """The participant with this id, registered in the log or earlier in this batch."""
        found = self.pending_participants.get(participant_id)
        return found if found is not None else self.store.participant(participant_id)

    def key_registered(self, public_key: bytes) -> bool:
        """Whether this public key already belongs to a participant."""
        every = [*self.pending_participants.values(), *self.store.participants()]
        return any(p.public_key == public_key for p in every)

    def admit(self, entry: NewEntry) -> None:
        """Count ``entry`` as part of the batch for the checks that follow it."""
        self.pending_leaves.add(entry.leaf_hash)
        if entry.sequence is not None:
            self.pending_sequences[entry.submitter] = entry.sequence
        if entry.registers is not None:
            self.pending_participants[entry.registers.participant_id] = entry.registers


Admission = Callable[[NewEntry, AdmissionView, str], NewEntry]
"""Checks one entry against the log at the batch's log time; returns the entry to store (with
that log time in its leaf), or raises (for example ``Rejected``) to refuse it."""

_STOP = object()


@dataclass
class _Request:
    entry: NewEntry
    admission: Admission | None
    future: Future[StoredEntry]


class GroupCommitter:
    """The single writer of a store (see the module docstring)."""

    def __init__(
        self,
        store: LedgerStore,
        max_batch: int = 512,
        on_failed_batch: Callable[[], None] | None = None,
        clock: Callable[[], datetime] | None = None,
        last_log_time: str = "",
    ) -> None:
        self.store = store
        self.clock = clock if clock is not None else (lambda: datetime.now(UTC))
        """The service's clock: each batch's log time is the later of it and the last one."""
        self._last_log_time = last_log_time
        self.max_batch = max_batch
        self.on_failed_batch = on_failed_batch
        """Called (on the writer thread) when a batch could not be stored: admission checks
        that recorded the batch's entries in their own state must forget them."""
        self.commits = 0
        self._queue: queue.SimpleQueue[_Request | object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="ledger-writer", daemon=True)
        self._closed = False
        self._last_batch, self._last_commit = 0, 0.0
        self._thread.start()

    def submit(
        self,
        entry: NewEntry,
        admission: Admission | None = None,
        future: Future[StoredEntry] | None = None,
    ) -> Future[StoredEntry]:
        """Queue ``entry``; the future (``future`` if given, else a new one) resolves to the
        stored entry once it is durable."""
        future = future if future is not None else Future()
        if self._closed:
            future.set_exception(LedgerError("the ledger is shutting down"))
        else:
            self._queue.put(_Request(entry, admission, future))
        return future

    def append(
        self, entry: NewEntry, admission: Admission | None = None, timeout: float | None = None
    ) -> StoredEntry:
        """Submit ``entry`` and wait until it is durable; return it as stored."""
        return self.submit(entry, admission).result(timeout)

    def close(self) -> None:
        """Finish the queued appends, then stop the writer thread."""
        if not self._closed:
            self._closed = True
            self._queue.put(_STOP)
            self._thread.join()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is _STOP:
                return
            requests, stop = self._gather(first)
            started = time.perf_counter()
            self._commit([r for r in requests if isinstance(r, _Request)])
            # the clients of this batch and those that queued during its commit: the next batch
            # waits a little for the former to come back (they verify before they queue)
            self._last_batch = len(requests) + self._queue.qsize()
            self._last_commit = time.perf_counter() - started
            if stop:
                return

    def _gather(self, first: object) -> tuple[list[object], bool]:
        """The batch: everything queued now; and, when the last batch was bigger, up to half a
        commit's time (at most 2 ms) more for the clients it acknowledged to submit again."""
        requests = [first]
        deadline = time.perf_counter() + min(self._last_commit / 2, 0.002)
        while len(requests) < self.max_batch:
            wait = deadline - time.perf_counter() if len(requests) < self._last_batch else 0
            try:
                more = self._queue.get(timeout=wait) if wait > 0 else self._queue.get_nowait()
            except queue.Empty:
                break
            if more is _STOP:
                return requests, True
            requests.append(more)
        return requests, False

    def log_time(self) -> str:
        """The next batch's log time: the clock, never earlier than the last log time."""
        self._last_log_time = max(format_log_time(self.clock()), self._last_log_time)
        return self._last_log_time

    def _commit(self, requests: list[_Request]) -> None:
        view, log_time = AdmissionView(self.store), self.log_time()
        admitted: list[tuple[_Request, NewEntry]] = []
        for request in requests:
            if not request.future.set_running_or_notify_cancel():
                continue
            try:
                entry = request.entry
                if request.admission is not None:
                    entry = request.admission(entry, view, log_time)
            except Exception as error:  # the check's refusal goes back to its caller
                request.future.set_exception(error)
                continue
            view.admit(entry)
            admitted.append((request, entry))
        if not admitted:
            return
        try:
            stored = self.store.append([entry for _, entry in admitted])
        except Exception as error:  # nothing of the batch was stored: every caller learns it
            if self.on_failed_batch is not None:
                self.on_failed_batch()
            for request, _ in admitted:
                request.future.set_exception(error)
            return
        self.commits += 1
        for (request, _), done in zip(admitted, stored, strict=True):
            request.future.set_result(done)
