"""Submissions to the service's ledger: each signature verified before the single writer, whose
admission check (against the state rebuilt from the log) decides, then the durable append."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from accord.errors import LedgerError, Rejected
from accord.ledger._authorization import LedgerState as AdmissionState
from accord.ledger._entries import LoggedEntry, SignedEntry, verify_entry_signature
from accord.ledger.store import NewEntry, StoredEntry
from accord.ledger.store._commit import AdmissionView, GroupCommitter

VERIFIER_THREADS = 2
"""Threads that verify submitters' signatures and queue their entries for the writer
(:meth:`Submissions.submit_soon`): libsodium releases the GIL, so verifications run beside the
event loop. Measured with 8 HTTP clients, alternating with verifying on the event loop (load
8): 517, 702 and 735 appends/s against 467, 530 and 429, and 0.51–0.59 ms of service CPU per
append against 0.61–0.64 ms."""


@dataclass
class Pending:
    """A submission on its way: the entry as logged, once the writer has admitted it."""

    signed: SignedEntry
    logged: LoggedEntry | None = None


class Submissions:
    """The submission methods of :class:`~accord.service._state.ServiceState` (which sets the
    attributes declared here when it starts)."""

    admission: AdmissionState
    committer: GroupCommitter
    _verifiers: ThreadPoolExecutor

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
