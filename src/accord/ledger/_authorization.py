"""Who may file what: the role rule, reference checks, and the admission of an entry to the log.

:func:`authorization_problem` is the role rule, a pure function of the submitter and the entry:

==================  ==========================================================================
kind                who may file it
==================  ==========================================================================
registration        an administrator (with the new participant's proof of possession)
declaration         a delegate of the declaring ``party``
proposal            a delegate of the proposing ``party``
agreement           a delegate of one of the agreement's ``parties``
delivery_claim      a delegate of the delivering ``party``
inspection_report   an inspector whose ``means`` include the report's means
dispute             a delegate of the disputing ``party``, or an inspector (no ``party``)
snapback            a delegate of the invoking ``party``
note                anyone but an observer
==================  ==========================================================================

Observers file nothing. :class:`LedgerState` carries what the rules need to know about the log
so far (participants, sequence numbers, agreements) and :meth:`LedgerState.admission_problem`
runs *every* check a service makes before storing an entry: replay, signature, role and
references. The same class replays an exported log in the offline audit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from accord.errors import InputError, LedgerError
from accord.ledger._consent import AgreementRecord
from accord.ledger._entries import (
    Envelope,
    LoggedEntry,
    SignedEntry,
    event_date_problem,
    parse_logged_entry,
    replay_problem,
    skew_problem,
    stamped,
    verify_entry_signature,
)
from accord.ledger._entry_bodies import (
    Agreement,
    Amendment,
    CoSignature,
    Declaration,
    DeliveryClaim,
    Dispute,
    InspectionReport,
    KeyRevocation,
    KeyRotation,
    Note,
    Proposal,
    Registration,
    Snapback,
    Withdrawal,
)
from accord.ledger._keyring import Keyring, proof_bytes
from accord.ledger._keys import verify_possession
from accord.ledger._participants import Participant, Role
from accord.ledger._refusals import Refusal
from accord.ledger.merkle._hashing import leaf_hash


def _own_party(submitter: Participant, party: str | None, what: str) -> str | None:
    if submitter.role is not Role.DELEGATE:
        return f"only a delegate files a {what}; {submitter.id} is {submitter.role.value}"
    if party != submitter.party:
        return f"{submitter.id} is a delegate of {submitter.party}, not of {party}"
    return None


def authorization_problem(submitter: Participant, envelope: Envelope) -> str | None:
    """Return why ``submitter`` may not file ``envelope`` under the role rule, or None.

    The role rule of the module's table, a pure function of the participant and the entry:
    it checks neither the signature, nor the sequence, nor references to earlier entries
    (:meth:`LedgerState.admission_problem` runs every check). Key rotations and revocations
    are left to :mod:`accord.ledger._keyring`.

    Parameters
    ----------
    submitter : Participant
        The registered participant filing the entry (its role, party and means).
    envelope : Envelope
        The entry's validated envelope.

    Returns
    -------
    str or None
        Why the entry must be refused, in one sentence; None when the role allows it.

    Examples
    --------
    >>> from accord.ledger._keys import SigningKey
    >>> key = SigningKey.from_seed(bytes(32)).public_key_b64  # a fixed seed, for the example
    >>> us = Participant(id="us_1", role="delegate", party="us", public_key=key)
    >>> press = Participant(id="press", role="observer", public_key=key)
    >>> def declaration(party):
    ...     body = {"party": party, "subject": "sites", "statement": "none"}
    ...     return Envelope(ledger="l", submitter="us_1", kind="declaration", sequence=1,
    ...                     timestamp="2026-01-01T00:00:00Z", body=body)
    >>> authorization_problem(us, declaration("us")) is None
    True
    >>> authorization_problem(us, declaration("dprk"))
    'us_1 is a delegate of us, not of dprk'
    >>> authorization_problem(press, declaration("us"))
    'press is an observer: observers read the log and file nothing'
    """
    body, role = envelope.body, submitter.role
    if isinstance(body, KeyRotation | KeyRevocation):
        return None  # its own key, or an administrator: accord.ledger._keyring decides
    if role is Role.OBSERVER:
        return f"{submitter.id} is an observer: observers read the log and file nothing"
    if isinstance(body, Registration):
        if role is not Role.ADMINISTRATOR:
            return f"only an administrator registers participants; {submitter.id} is {role.value}"
        return None
    if isinstance(
        body,
        Declaration | Proposal | DeliveryClaim | Snapback | CoSignature | Amendment | Withdrawal,
    ):
        return _own_party(submitter, body.party, envelope.kind.replace("_", " "))
    if isinstance(body, Agreement):
        if role is not Role.DELEGATE or submitter.party not in body.parties:
            return f"an agreement is filed by a delegate of one of its parties, not {submitter.id}"
        return None
    if isinstance(body, InspectionReport):
        if role is not Role.INSPECTOR:
            return f"only inspectors file inspection reports; {submitter.id} is {role.value}"
        if body.means not in submitter.means:
            return f"{submitter.id} does not inspect by {body.means}"
        return None
    if isinstance(body, Dispute):
        if role is Role.INSPECTOR and body.party is None:
            return None
        return _own_party(submitter, body.party, "dispute")
    return None  # a note: anyone but an observer


@dataclass
class LedgerState:
    """What the admission rules know about a log: participants, sequences and agreements."""

    ledger: str
    participants: dict[str, Participant] = field(default_factory=dict)
    last_sequence: dict[str, int] = field(default_factory=dict)
    agreements: dict[int, AgreementRecord] = field(default_factory=dict)
    size: int = 0
    last_log_time: str = ""
    registered_at: dict[str, int] = field(default_factory=dict)
    keyring: Keyring = field(default_factory=Keyring)

    @classmethod
    def genesis(cls, ledger: str, founders: Iterable[Participant]) -> LedgerState:
        """The state of an empty log whose founding participants are given out of band."""
        founders = list(founders)
        return cls(ledger, {p.id: p for p in founders}, keyring=Keyring.of(founders))

    def admission_problem(self, entry: LoggedEntry | SignedEntry) -> Refusal | None:
        """Return why the entry must not be appended next, or None (checks everything).

        A :class:`SignedEntry` is taken as logged at the time it states (demonstrations, tests).

        >>> from accord.ledger._demo import Cast
        >>> from accord.ledger._entries import stamped
        >>> cast = Cast()
        >>> state = cast.genesis_state()
        >>> note = stamped(cast.entry("press", "note", {"text": "hi"}, "2026-01-01T00:00:00Z"))
        >>> state.admission_problem(note)
        Refusal(code='unknown_submitter', reason='press is not a registered participant')
        >>> registration = stamped(cast.registration("press", "2026-01-01T00:00:00Z"))
        >>> state.admission_problem(registration) is None, state.accept(registration)
        (True, 0)
        >>> state.admission_problem(note).reason
        'press is an observer: observers read the log and file nothing'
        """
        entry = stamped(entry) if isinstance(entry, SignedEntry) else entry
        signed, env = entry.signed, entry.envelope
        submitter = self.participants.get(env.submitter)
        if submitter is None:
            return Refusal("unknown_submitter", f"{env.submitter} is not a registered participant")
        revoked = self.keyring.revocation_problem(env.submitter)
        if revoked is not None:
            return Refusal(*revoked)
        last = self.last_sequence.get(env.submitter, 0)
        replay = replay_problem(env, self.ledger, last)
        if replay:
            code = (
                "wrong_ledger"
                if env.ledger != self.ledger
                else ("replay" if env.sequence <= last else "sequence_gap")
            )
            return Refusal(code, replay)
        if not verify_entry_signature(signed, submitter.public_key_bytes):
            return Refusal(
                "bad_signature", f"the signature does not verify under {submitter.key_id}"
            )
        denied = authorization_problem(submitter, env)
        if denied:
            return Refusal("forbidden", denied)
        return self._reference_problem(env, submitter) or self._time_problem(entry)

    def _time_problem(self, entry: LoggedEntry) -> Refusal | None:
        if entry.log_time < self.last_log_time:
            return Refusal(
                "log_time",
                f"the log time {entry.log_time} is earlier than the log time before it "
                f"({self.last_log_time}): log time never goes back",
            )
        skew = skew_problem(entry.envelope, entry.log_time)
        if skew is not None:
            return Refusal("clock_skew", skew)
        event = event_date_problem(entry.envelope, entry.log_time)
        return None if event is None else Refusal("event_date", event)

    def accept(self, entry: LoggedEntry | SignedEntry) -> int:
        """Record an admitted entry (call after :meth:`admission_problem` returned None)."""
        entry = stamped(entry) if isinstance(entry, SignedEntry) else entry
        env, index = entry.envelope, self.size
        self.last_log_time = max(self.last_log_time, entry.log_time)
        self.last_sequence[env.submitter] = max(
            env.sequence, self.last_sequence.get(env.submitter, 0)
        )
        if isinstance(env.body, Registration):
            self.participants[env.body.participant.id] = env.body.participant
            self.registered_at[env.body.participant.id] = index
            self.keyring.register(env.body.participant, index)
        elif isinstance(env.body, KeyRotation | KeyRevocation):
            self.keyring.apply(index, env.body, self.participants)
        elif isinstance(env.body, Agreement):
            self.agreements[index] = AgreementRecord.open(index, entry)
        elif isinstance(env.body, AboutAgreement) and env.body.agreement in self.agreements:
            self.agreements[env.body.agreement].apply(index, entry)
        self.size += 1
        return index

    def skip(self) -> int:
        """Count a stored entry that could not be admitted (the offline audit goes on past it)."""
        self.size += 1
        return self.size - 1

    def _reference_problem(self, env: Envelope, submitter: Participant) -> Refusal | None:
        body = env.body
        if isinstance(body, Registration):
            return self._registration_problem(body)
        if isinstance(body, KeyRotation | KeyRevocation):
            keys = self.keyring.problem(self.ledger, submitter, body, self.participants)
            return None if keys is None else Refusal(*keys)
        if isinstance(body, Note) and body.about is not None and body.about >= self.size:
            return Refusal("invalid_reference", f"entry {body.about} does not exist yet")
        if not isinstance(body, AboutAgreement):
            return None
        record = self.agreements.get(body.agreement)
        if record is None:
            return Refusal("invalid_reference", f"entry {body.agreement} is not an agreement")
        consent = record.problem(env, self.size)
        if consent is not None:
            return Refusal(*consent)
        if isinstance(body, DeliveryClaim | InspectionReport | Dispute | Snapback):
            return _commitment_problem(body, record, self.size)
        return None

    def _registration_problem(self, body: Registration) -> Refusal | None:
        new = body.participant
        if new.id in self.participants:
            return Refusal("duplicate", f"{new.id} is already registered")
        if self.keyring.holder(new.public_key) is not None:
            return Refusal("duplicate", f"the key {new.key_id} is already registered")
        if not verify_possession(
            self.ledger, new.id, new.public_key_bytes, body.challenge, proof_bytes(body.proof)
        ):
            return Refusal("bad_signature", f"the proof of possession for {new.id} does not verify")
        return None


AboutAgreement = (
    CoSignature | Amendment | Withdrawal | DeliveryClaim | InspectionReport | Dispute | Snapback
)


def _commitment_problem(
    body: DeliveryClaim | InspectionReport | Dispute | Snapback, record: AgreementRecord, size: int
) -> Refusal | None:
    """The commitments cited exist in a text of the agreement; the party and means fit."""
    cited = body.commitments if isinstance(body, Snapback) else [body.commitment]
    for cid in cited:
        if cid not in record.commitment_ids():
            return Refusal("invalid_reference", f"agreement {record.index} has no {cid}")
    versions = record.commitments(cited[0])
    one = versions[0]
    if isinstance(body, DeliveryClaim) and one.party != body.party:
        return Refusal("forbidden", f"{one.id} is a commitment of {one.party}")
    if isinstance(body, InspectionReport) and all(
        c.means not in (None, body.means) for c in versions
    ):
        return Refusal("forbidden", f"{one.id} is verified by {one.means}, not {body.means}")
    if isinstance(body, Snapback | Dispute) and body.party not in (None, *record.parties):
        return Refusal("forbidden", f"{body.party} is not a party to the agreement")
    if isinstance(body, Dispute) and body.about is not None and body.about >= size:
        return Refusal("invalid_reference", f"entry {body.about} does not exist yet")
    return None


def rebuild_state(
    ledger: str,
    founders: Iterable[Participant],
    rows: Iterable[tuple[int, bytes, bytes]],
    state: LedgerState | None = None,
) -> LedgerState:
    """The admission state of a stored log, from its entries alone (never from other tables).

    ``rows`` are ``(index, leaf_hash, leaf_data)`` in log order, continuing ``state`` (the
    state of the first ``state.size`` entries) if given, else from the first entry. Each row's
    data must hash to its leaf hash and be a logged entry; the entries are accepted in order
    (their signatures were checked when they were admitted, and the tree of the leaf hashes is
    checked against a signed checkpoint by the caller). Raises :class:`LedgerError` naming the
    first bad row.

    >>> from accord.ledger._demo import Cast, jcpoa_story
    >>> cast = Cast()
    >>> rows = [(i, e.leaf_hash(), e.leaf_data()) for i, e in enumerate(jcpoa_story(cast))]
    >>> state = rebuild_state(cast.ledger, [cast.members["registrar"].participant], rows)
    >>> state.size, sorted(state.participants)[:2], state.last_sequence["iran_delegate"]
    (12, ['iaea_inspector', 'iran_delegate'], 3)
    """
    state = state if state is not None else LedgerState.genesis(ledger, founders)
    for index, leaf, data in rows:
        if index != state.size:
            raise LedgerError(f"the log has a gap: entry {state.size} is missing")
        if leaf_hash(data) != leaf:
            raise LedgerError(f"entry {index}: the stored data does not hash to its leaf hash")
        try:
            entry = parse_logged_entry(data)
        except InputError as error:
            raise LedgerError(f"entry {index} is not a logged entry: {error}") from None
        state.accept(entry)
    return state


__all__ = ["LedgerState", "Refusal", "authorization_problem", "rebuild_state"]
