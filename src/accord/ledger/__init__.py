"""Accord ledger: a signed, append-only Merkle log of who declared, delivered and verified what.

The pure core (no I/O, no clock) used by the ledger service, the client CLI and offline audits:

- :mod:`accord.ledger.merkle` — RFC 9162 hashes, proofs, verifiers, the incremental ``MerkleTree``
  (a package: ``hashing``, ``proofs``, ``tree``); :mod:`accord.ledger.store` — the database (a
  package: ``engine``, ``schema``, ``log``, ``commit``, ``export``);
- :mod:`accord.ledger._keys` — Ed25519 keys, key ids, proof of possession, unsound-key refusal;
- :mod:`accord.ledger._entries` (+ ``entry_bodies``, ``participants``, ``agreements``) — typed,
  signed, RFC 8785-encoded entries;
- :mod:`accord.ledger._authorization` — the role rule and ``LedgerState.admission_problem``
  (refusals: :mod:`accord.ledger._refusals`);
- :mod:`accord.ledger._consent` — an agreement binds only the parties that co-signed it;
  amendments, withdrawals;
- :mod:`accord.ledger._keyring` — participants' keys over the years: rotation, revocation;
- :mod:`accord.ledger._checkpoint` — C2SP signed-note / tlog-checkpoint tree heads;
- :mod:`accord.ledger._audit` — offline verification of an export;
- :mod:`accord.ledger._compliance` — the status of every commitment over time.

Formats: ``docs/reference/ledger-format.md`` and ``docs/reference/ledger-export.md``.
"""

from accord.ledger._audit import AuditReport, Finding, audit_export, build_export
from accord.ledger._authorization import LedgerState, Refusal, authorization_problem
from accord.ledger._checkpoint import Checkpoint, open_checkpoint, sign_checkpoint, verifier_key
from accord.ledger._compliance import ComplianceReport, compliance
from accord.ledger._entries import (
    Envelope,
    SignedEntry,
    make_entry,
    parse_signed_entry,
    verify_entry_signature,
)
from accord.ledger._keys import SigningKey, check_public_key, key_id, verify_possession
from accord.ledger._participants import Participant, Role
from accord.ledger.merkle import (
    MerkleTree,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_hash,
    verify_consistency,
    verify_inclusion,
)

__all__ = [
    "AuditReport",
    "Checkpoint",
    "ComplianceReport",
    "Envelope",
    "Finding",
    "LedgerState",
    "MerkleTree",
    "Participant",
    "Refusal",
    "Role",
    "SignedEntry",
    "SigningKey",
    "audit_export",
    "authorization_problem",
    "build_export",
    "check_public_key",
    "compliance",
    "consistency_proof",
    "inclusion_proof",
    "key_id",
    "leaf_hash",
    "make_entry",
    "open_checkpoint",
    "parse_signed_entry",
    "root_hash",
    "sign_checkpoint",
    "verifier_key",
    "verify_consistency",
    "verify_entry_signature",
    "verify_inclusion",
    "verify_possession",
]
