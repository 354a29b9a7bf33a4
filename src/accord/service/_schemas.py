"""Response models of the ledger service (they document the API in its OpenAPI description).

Hashes, keys and signatures are standard base64 text, as in C2SP checkpoints.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Problem(_Out):
    """Why a request was refused (every 4xx answer has this form)."""

    detail: Any = Field(description="What was wrong: a sentence, or a list of field errors.")


class LogInfo(_Out):
    """The identity and current size of the log."""

    origin: str = Field(description="The log's origin name (first line of its checkpoints).")
    log_public_key: str = Field(description="Ed25519 public key that signs checkpoints (base64).")
    verifier_key: str = Field(description="The C2SP note verifier key (name+id+key).")
    tree_size: int = Field(description="Number of entries in the log.")
    root_hash: str = Field(description="Root hash of the log's Merkle tree (base64).")
    witnesses: list[str] = Field(
        default_factory=list,
        description="Verifier keys of the witnesses the log sends its checkpoints to (C2SP "
        "cosignature/v1); a client trusts only the witnesses it names itself.",
    )


class Receipt(_Out):
    """A signed receipt, sent only once the entry is durable (``accord.ledger._receipts``)."""

    accord: int = Field(description="The JSON format's major version (1).")
    kind: str = Field(description='Always "ledger.receipt".')
    origin: str = Field(description="The log's origin (the checkpoint's first line).")
    index: int = Field(description="0-based position of the entry in the log.")
    entry: dict[str, Any] = Field(description="The envelope as signed by the submitter.")
    signature: str = Field(description="The submitter's signature (base64).")
    log_time: str = Field(description="When the log recorded the entry (UTC, milliseconds).")
    leaf_hash: str = Field(description="RFC 9162 leaf hash of entry, log time and signature.")
    checkpoint: str = Field(description="A C2SP checkpoint signed by the log key, covering it.")
    tree_size: int = Field(description="Size of the checkpoint's tree.")
    root_hash: str = Field(description="Root hash of that tree (base64, as in the checkpoint).")
    inclusion_proof: list[str] = Field(description="Audit path of the entry in that tree.")


class EntryOut(_Out):
    """A stored entry with its proof of inclusion in the current tree."""

    index: int = Field(description="0-based position of the entry in the log.")
    kind: str = Field(description="Entry type (declaration, delivery_claim, ...).")
    submitter: str = Field(description="Participant id of the signer.")
    entry: dict[str, Any] = Field(description="The signed entry as submitted.")
    leaf_hash: str = Field(description="RFC 6962 leaf hash of the entry's canonical bytes.")
    tree_size: int = Field(description="Size of the tree the proof is for.")
    root_hash: str = Field(description="Root hash of that tree.")
    inclusion_proof: list[str] = Field(description="Audit path of the entry in that tree.")


class ConsistencyOut(_Out):
    """Proof that the tree of ``old_size`` entries is a prefix of that of ``new_size``."""

    old_size: int = Field(description="Size of the older tree.")
    new_size: int = Field(description="Size of the newer tree.")
    old_root: str = Field(description="Root hash of the older tree.")
    new_root: str = Field(description="Root hash of the newer tree.")
    proof: list[str] = Field(description="The RFC 9162 consistency proof.")
    checkpoint: str | None = Field(
        default=None,
        description="When ``new_size`` was not given: the log's current checkpoint (C2SP signed "
        "note) of ``new_size`` entries, so that one request gives a client the log's signed "
        "head and the proof that it extends the tree the client saw (as Trillian's "
        "GetLatestSignedLogRoot with first_tree_size).",
    )


class ParticipantOut(_Out):
    """A registered participant."""

    participant: str = Field(description="Participant id.")
    public_key: str = Field(description="Ed25519 public key (base64).")
    role: str = Field(description="administrator, delegate, inspector or observer.")
    scope: str | None = Field(description="The party of a delegate, the means of an inspector.")
    registered_at: int = Field(description="Index of the registration entry (-1: a founder).")
    last_sequence: int = Field(description="The sequence number of its last entry (0: none).")
    key_since: int = Field(
        description="Index of the entry from which public_key is its key (-1: a founder's)."
    )
    revoked_at: int | None = Field(
        description="Index of the revocation of its key (null: the key is valid)."
    )
