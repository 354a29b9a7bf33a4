"""Offline verification of an exported ledger (format: ``docs/reference/ledger-export.md``).

:func:`audit_export` trusts nothing in the export but the founders and the checkpoint keys the
caller pins (by default those the export names; pass your own to trust less). It

1. replays every entry through the admission rules (:class:`LedgerState`): schema, signature,
   role, per-submitter sequence numbers, references; checks each entry's ``index`` and listed
   ``leaf_hash``;
2. rebuilds the Merkle tree and checks every signed checkpoint in the export (``checkpoints``,
   the latest being ``checkpoint``) and the caller's ``saved`` checkpoint against it, with a
   consistency proof from the saved size to the present size;
3. with a previous export of the same log (``previous``), compares the two entry by entry.

Each problem is a :class:`Finding` located by entry index and saying what is wrong. How each
single tampering shows: an **altered** entry fails its signature (or its listed leaf hash); an
**inserted** one has an unknown or bad signature, or reuses a sequence number (a replay), or
breaks the index numbering; a **deleted** one leaves a gap in the indices or in its submitter's
sequence, or shortens the log below a checkpoint; a **reordered** pair breaks the indices or a
submitter's sequence order, and otherwise the checkpoints, whose first mismatch bounds where.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from accord.errors import AccordError, InputError
from accord.ledger._authorization import LedgerState
from accord.ledger._checkpoint import Checkpoint, open_checkpoint
from accord.ledger._entries import LoggedEntry, parse_logged_entry
from accord.ledger._participants import Participant
from accord.ledger._receipts import b64
from accord.ledger.merkle import EMPTY_ROOT, MerkleTree, verify_consistency

EXPORT_FORMAT = "accord-ledger-export/2"


@dataclass(frozen=True)
class Finding:
    """One problem: where (entry index, or None for the whole log), what kind, and the detail."""

    index: int | None
    kind: str
    message: str

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form."""
        return {"index": self.index, "kind": self.kind, "message": self.message}

    def __str__(self) -> str:
        where = "log" if self.index is None else f"entry {self.index}"
        return f"{where}: {self.kind}: {self.message}"


@dataclass(frozen=True)
class AuditReport:
    """The outcome of an audit: the rebuilt tree head, the checkpoints checked, the findings."""

    origin: str
    size: int
    root: bytes
    checkpoints_checked: int
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.findings

    def to_dict(self) -> dict[str, object]:
        """The stable JSON form (``accord ledger verify --json``)."""
        return {
            "ok": self.ok,
            "origin": self.origin,
            "size": self.size,
            "root": b64(self.root),
            "checkpoints_checked": self.checkpoints_checked,
            "findings": [f.to_dict() for f in self.findings],
        }


def build_export(
    origin: str,
    founders: Iterable[Participant],
    entries: Sequence[LoggedEntry],
    checkpoint_keys: Iterable[str],
    checkpoints: Sequence[str],
    participants: Iterable[Participant] = (),
) -> dict[str, Any]:
    """Assemble an export in the documented format (``checkpoints``: oldest first).

    The format is ``docs/reference/ledger-export.md``; :func:`audit_export` verifies it. Each
    entry is listed with its index and leaf hash; the last checkpoint becomes ``checkpoint``,
    the others ``checkpoints``. Nothing is checked here.

    Parameters
    ----------
    origin : str
        The ledger's origin.
    founders : iterable of Participant
        The founding participants, known out of band (the first administrator).
    entries : sequence of LoggedEntry
        Every entry of the log, in order, with its log time.
    checkpoint_keys : iterable of str
        The verifier keys of the log's checkpoints (:func:`verifier_key`).
    checkpoints : sequence of str
        Signed checkpoints (:func:`sign_checkpoint`), oldest first.
    participants : iterable of Participant, default ()
        The participants as the log registered them (the audit checks them against it).

    Returns
    -------
    dict
        The export's JSON object, with ``"format": "accord-ledger-export/2"``.

    Examples
    --------
    >>> from accord.ledger._checkpoint import Checkpoint, sign_checkpoint, verifier_key
    >>> from accord.ledger._demo import Cast, jcpoa_story
    >>> from accord.ledger._keys import SigningKey
    >>> from accord.ledger.merkle import root_hash
    >>> cast = Cast()  # fixed keys: never for a real ledger
    >>> entries = jcpoa_story(cast)
    >>> founders = [cast.members["registrar"].participant]
    >>> export = build_export(cast.ledger, founders, entries, [], [])
    >>> export["format"], len(export["entries"]), export["checkpoint"]
    ('accord-ledger-export/2', 12, None)
    >>> sorted(export["entries"][0])
    ['entry', 'index', 'leaf_hash', 'log_time', 'signature']
    >>> log_key = SigningKey.from_seed(bytes(32))
    >>> head = Checkpoint(cast.ledger, 12, root_hash([e.leaf_data() for e in entries]))
    >>> note = sign_checkpoint(head, cast.ledger, log_key)
    >>> keys = [verifier_key(cast.ledger, log_key.public_key)]
    >>> build_export(cast.ledger, founders, entries, keys, [note])["checkpoint"] == note
    True
    """
    return {
        "format": EXPORT_FORMAT,
        "origin": origin,
        "founders": [p.to_dict() for p in founders],
        "participants": [p.to_dict() for p in participants],
        "checkpoint_keys": list(checkpoint_keys),
        "entries": [_exported(i, e) for i, e in enumerate(entries)],
        "checkpoints": list(checkpoints[:-1]),
        "checkpoint": checkpoints[-1] if checkpoints else None,
    }


def _exported(index: int, entry: LoggedEntry) -> dict[str, Any]:
    """The entry as exported, its JSON a copy: changing the export leaves the entry (and its
    cached hashes) as logged."""
    listed = {"index": index, "leaf_hash": b64(entry.leaf_hash()), **entry.to_dict()}
    listed["entry"] = _json_copy(listed["entry"])
    return listed


_NESTED = frozenset((dict, list))


def _json_copy(value: Any) -> Any:
    """A deep copy of a JSON object or array (about 2.5 times faster than ``copy.deepcopy``).

    >>> signed = {"a": [1, {"b": 2}]}
    >>> copied = _json_copy(signed)
    >>> copied["a"][1]["b"] = 3
    >>> copied == signed, signed
    (False, {'a': [1, {'b': 2}]})
    """
    if type(value) is dict:
        return {k: v if type(v) not in _NESTED else _json_copy(v) for k, v in value.items()}
    return [v if type(v) not in _NESTED else _json_copy(v) for v in value]


def _require(export: Mapping[str, Any]) -> tuple[str, list[Participant], list[Any]]:
    if not isinstance(export, Mapping) or export.get("format") != EXPORT_FORMAT:
        raise InputError(f'not an Accord ledger export (expected "format": "{EXPORT_FORMAT}")')
    origin, entries = export.get("origin"), export.get("entries")
    if not isinstance(origin, str) or not isinstance(entries, list):
        raise InputError("an export has an origin string and an entries list")
    try:
        founders = [Participant.model_validate(p) for p in _listed(export, "founders", object)]
    except ValueError as error:
        raise InputError(f"the export's founders are invalid: {error}") from None
    if not founders:
        raise InputError("an export names its founding participants (founders)")
    return origin, founders, entries


def _listed(export: Mapping[str, Any], name: str, kind: type) -> list[Any]:
    """The top-level list ``name`` (absent or null: empty); InputError unless a list of kind."""
    value = export.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, kind) for v in value):
        raise InputError(f"the export's {name} must be a list of {kind.__name__}")
    return value


def _replay_entries(
    origin: str, founders: list[Participant], items: list[Any], findings: list[Finding]
) -> tuple[MerkleTree, LedgerState]:
    """Admit every entry in order, as the service should have; report and locate each refusal."""
    state, tree = LedgerState.genesis(origin, founders), MerkleTree()
    for position, item in enumerate(items):
        signed = _entry_at(position, item, findings)
        if signed is None:
            tree.append(bytes(32))  # keep positions; the listed leaf is not trusted
            state.skip()
            continue
        tree.append(signed.leaf_hash())
        refusal = state.admission_problem(signed)
        if refusal is None:
            state.accept(signed)
            continue
        findings.append(Finding(position, refusal.code, refusal.reason))
        if refusal.code in ("bad_signature", "sequence_gap"):
            state.accept(signed)  # keep the submitter's sequence so one fault is reported once
        else:
            state.skip()
    return tree, state


def _entry_at(position: int, item: Any, findings: list[Finding]) -> LoggedEntry | None:
    if not isinstance(item, Mapping):
        findings.append(Finding(position, "schema", "not a JSON object"))
        return None
    index = item.get("index")
    if index != position:
        what = (
            "a gap: entries before it were deleted"
            if isinstance(index, int) and index > position
            else "out of order or duplicated"
        )
        findings.append(
            Finding(position, "index", f"listed as index {index!r} at position {position} ({what})")
        )
    try:
        signed = parse_logged_entry(
            {
                "entry": item.get("entry"),
                "log_time": item.get("log_time"),
                "signature": item.get("signature"),
            }
        )
    except InputError as error:
        findings.append(Finding(position, "schema", error.message))
        return None
    listed = item.get("leaf_hash")
    if listed != b64(signed.leaf_hash()):
        findings.append(
            Finding(position, "leaf_hash", "the listed leaf hash is not the hash of the entry")
        )
    return signed


def _check_checkpoint(
    note: str, label: str, keys: list[str], origin: str, tree: MerkleTree, findings: list[Finding]
) -> Checkpoint | None:
    try:
        checkpoint = open_checkpoint(note, keys, origin=origin)
    except AccordError as error:
        findings.append(Finding(None, "checkpoint", f"{label}: {error}"))
        return None
    if checkpoint.size > tree.size:
        findings.append(
            Finding(
                tree.size,
                "deleted",
                f"{label} covers {checkpoint.size} entries but the log has {tree.size}: "
                f"entries from {tree.size} on are missing",
            )
        )
        return checkpoint
    if tree.root(checkpoint.size) != checkpoint.root:
        findings.append(
            Finding(
                None,
                "checkpoint",
                f"{label}: the first {checkpoint.size} entries do not hash to its root: "
                f"the log was rewritten before index {checkpoint.size}",
            )
        )
        return checkpoint
    proof = tree.consistency_proof(checkpoint.size)
    if checkpoint.size and not verify_consistency(
        checkpoint.size, tree.size, proof, checkpoint.root, tree.root()
    ):
        findings.append(
            Finding(None, "checkpoint", f"{label}: not consistent with the present tree")
        )
    return checkpoint


def _locate_rewrite(checked: list[tuple[Checkpoint, bool]], findings: list[Finding]) -> None:
    """Bound a rewrite between the largest matching and the smallest mismatching checkpoint."""
    good = [c.size for c, ok in checked if ok]
    bad = [c.size for c, ok in checked if not ok]
    if bad:
        low, high = max([s for s in good if s < min(bad)], default=0), min(bad)
        findings.append(
            Finding(
                low if high - low == 1 else None,
                "rewritten",
                f"the change lies in entries {low} to {high - 1}: checkpoints up to size "
                f"{low} still match, the one of size {high} does not",
            )
        )


def compare_exports(previous: Mapping[str, Any], present: Mapping[str, Any]) -> list[Finding]:
    """Locate and name the change between a previous export and the present one of a log.

    >>> old = {"entries": [{"leaf_hash": h} for h in "abcd"]}
    >>> compare_exports(old, {"entries": [{"leaf_hash": h} for h in "abdc"]})
    [Finding(index=2, kind='reordered', message='entry 2 now holds entry 3 of before')]
    """
    old = [str(e.get("leaf_hash")) for e in _listed(previous, "entries", Mapping)]
    new = [
        str(e.get("leaf_hash")) if isinstance(e, Mapping) else ""
        for e in _listed(present, "entries", object)
    ]
    for i, leaf in enumerate(old):
        if i >= len(new):
            return [Finding(i, "deleted", f"entries from {i} on are missing")]
        if new[i] != leaf:
            return [_classify(i, old, new)]
    return []


def _classify(i: int, old: list[str], new: list[str]) -> Finding:
    """Name the first difference at ``i``: the rest shifted by one, permuted, or replaced."""
    rest = len(old) - i
    if sorted(new[i : i + rest]) == sorted(old[i:]):
        return Finding(i, "reordered", f"entry {i} now holds entry {old.index(new[i])} of before")
    if new[i + 1 : i + 1 + rest] == old[i:]:
        return Finding(i, "inserted", f"an entry was inserted at {i}")
    if new[i : i + rest - 1] == old[i + 1 :]:
        return Finding(i, "deleted", f"entry {i} of the previous export was deleted")
    return Finding(i, "altered", f"entry {i} differs from the previous export")


def audit_export(
    export: Mapping[str, Any],
    *,
    saved: str | None = None,
    checkpoint_keys: Iterable[str] | None = None,
    founders: Iterable[Participant] | None = None,
    previous: Mapping[str, Any] | None = None,
) -> AuditReport:
    """Verify an exported log offline; see the module docstring. Raises InputError if unreadable.

    Every entry is replayed through the admission rules, the Merkle tree is rebuilt and every
    signed checkpoint (and ``saved``) is checked against it; with ``previous``, the two
    exports are compared entry by entry. Each problem found is a :class:`Finding`.

    Parameters
    ----------
    export : mapping
        The export's JSON object (:func:`build_export`, ``accord ledger export``).
    saved : str, optional
        A signed checkpoint the caller kept from earlier: the log must still extend it.
    checkpoint_keys : iterable of str, optional
        The verifier keys to trust for checkpoints (default: those the export names).
    founders : iterable of Participant, optional
        The founding participants to trust (default: those the export names).
    previous : mapping, optional
        An earlier export of the same log, to compare with.

    Returns
    -------
    AuditReport
        The rebuilt tree's size and root, how many checkpoints were checked, and the
        findings (``ok`` when there are none); ``to_dict()`` is the JSON of
        ``accord ledger verify --json``.

    Raises
    ------
    InputError
        Not an export of this format: no ``format``, ``origin``, ``entries`` or founders, or a
        top-level field of the wrong type. (A damaged entry is a finding, not an error.)

    Examples
    --------
    >>> from accord.ledger._checkpoint import Checkpoint, sign_checkpoint, verifier_key
    >>> from accord.ledger._demo import Cast, jcpoa_story
    >>> from accord.ledger._keys import SigningKey
    >>> from accord.ledger.merkle import root_hash
    >>> cast = Cast()  # fixed keys: never for a real ledger
    >>> entries = jcpoa_story(cast)
    >>> founders = [cast.members["registrar"].participant]
    >>> log_key = SigningKey.from_seed(bytes(32))
    >>> head = Checkpoint(cast.ledger, 12, root_hash([e.leaf_data() for e in entries]))
    >>> notes = [sign_checkpoint(head, cast.ledger, log_key)]
    >>> keys = [verifier_key(cast.ledger, log_key.public_key)]
    >>> export = build_export(cast.ledger, founders, entries, keys, notes)
    >>> report = audit_export(export)
    >>> report.ok, report.size, report.checkpoints_checked
    (True, 12, 1)

    The checkpoint signed over all 12 entries shows that the last one was deleted:

    >>> shortened = build_export(cast.ledger, founders, entries[:11], keys, notes)
    >>> print(audit_export(shortened).findings[0])  # doctest: +NORMALIZE_WHITESPACE
    entry 11: deleted: the latest checkpoint covers 12 entries but the log has 11: entries
    from 11 on are missing

    An altered entry matches neither its listed leaf hash, nor its signature, nor the
    checkpoint:

    >>> export["entries"][8]["entry"]["body"]["amount"] = 2
    >>> [(f.index, f.kind) for f in audit_export(export).findings]
    [(8, 'leaf_hash'), (8, 'bad_signature'), (None, 'checkpoint'), (None, 'rewritten')]
    >>> audit_export({"format": "accord-ledger-export/1"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    accord.errors.InputError: not an Accord ledger export (expected "format": ...)
    """
    damage = [
        Finding(None, "integrity", f"the database's integrity check fails: {problem}")
        for problem in _listed(export, "integrity", str)
    ]
    if damage and not export.get("entries"):
        return AuditReport(str(export.get("origin", "")), 0, EMPTY_ROOT, 0, tuple(damage))
    origin, listed_founders, items = _require(export)
    _listed(export, "participants", Mapping)
    trusted = list(founders) if founders is not None else listed_founders
    keys = (
        list(checkpoint_keys)
        if checkpoint_keys is not None
        else _listed(export, "checkpoint_keys", str)
    )
    findings: list[Finding] = list(damage)
    tree, state = _replay_entries(origin, trusted, items, findings)
    notes = [(n, f"checkpoint {i}") for i, n in enumerate(_listed(export, "checkpoints", str))]
    latest = export.get("checkpoint")
    if latest is not None and not isinstance(latest, str):
        raise InputError("the export's checkpoint must be a signed note (a string) or null")
    if latest:
        notes.append((latest, "the latest checkpoint"))
    if saved is not None:
        notes.append((saved, "the saved checkpoint"))
    checked: list[tuple[Checkpoint, bool]] = []
    for note, label in notes:
        before = len(findings)
        checkpoint = _check_checkpoint(str(note), label, keys, origin, tree, findings)
        if checkpoint is not None:
            checked.append((checkpoint, len(findings) == before))
    _locate_rewrite(checked, findings)
    if previous is not None:
        findings.extend(compare_exports(previous, export))
    findings.extend(_participant_findings(export, state))
    return AuditReport(origin, tree.size, tree.root(), len(checked), tuple(findings))


def _participant_findings(export: Mapping[str, Any], state: LedgerState) -> list[Finding]:
    out = []
    for raw in _listed(export, "participants", object):
        ident = raw.get("id") if isinstance(raw, Mapping) else None
        known = state.participants.get(str(ident))
        if known is None or known.to_dict() != raw:
            out.append(
                Finding(
                    None,
                    "participants",
                    f"the listed participant {ident!r} is not the one the log registered",
                )
            )
    return out


__all__ = [
    "EXPORT_FORMAT",
    "AuditReport",
    "Finding",
    "audit_export",
    "build_export",
    "compare_exports",
]
