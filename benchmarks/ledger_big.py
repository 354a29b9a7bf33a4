"""A large, valid SQLite ledger for the start-up and consistency benchmarks.

The JCPOA story goes through the service (registrations, the agreement, claims, reports); then
``size`` notes by the IAEA inspector are written straight into the entries table, each a real
signed entry (Ed25519 over the purpose line and the canonical envelope, the leaf the canonical
JSON of entry, log time and signature: the first is checked byte for byte against
``make_entry``), and the log key signs a checkpoint of the whole tree, as the service would
have. Signing is the slow part (about 60 µs an entry).
"""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path

from accord.ledger._checkpoint import Checkpoint, sign_checkpoint
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._entries import ENTRY_PURPOSE, LoggedEntry
from accord.ledger._keys import SigningKey
from accord.ledger.merkle import MerkleTree, leaf_hash
from accord.service._state import ServiceConfig, load_or_create_key, open_state

LOG_TIME = "2016-02-01T00:00:00.000Z"
STAMP = "2016-02-01T00:00:00Z"


def _jcs(value: object) -> bytes:
    """RFC 8785 for what these entries hold (ASCII strings, small integers): sorted, compact."""
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def _note(key: SigningKey, ledger: str, sequence: int) -> bytes:
    envelope = {"body": {"text": f"routine observation {sequence}"}, "kind": "note",
                "ledger": ledger, "sequence": sequence, "submitter": "iaea_inspector",
                "timestamp": STAMP}  # fmt: skip
    signature = key.sign(ENTRY_PURPOSE + _jcs(envelope))
    leaf = {"entry": envelope, "log_time": LOG_TIME,
            "signature": base64.b64encode(signature).decode()}  # fmt: skip
    return _jcs(leaf)


def build_big_ledger(directory: Path, size: int) -> ServiceConfig:
    """A ledger of about ``size`` entries in ``directory`` (its config, to open it)."""
    cast = Cast()
    config = ServiceConfig(database=str(directory / "big.db"), log_key=directory / "big.key",
                           origin=cast.ledger, admin_id="registrar",
                           admin_key=cast.members["registrar"].key.public_key_b64)  # fmt: skip
    state = open_state(config)
    for logged in jcpoa_story(cast):
        state.committer.clock = lambda moment=logged.when: moment
        state.submit(logged.signed)[0].result(30)
    start = state.store.size
    state.close()
    inspector = cast.members["iaea_inspector"]
    first = inspector.sequence + 1
    check = LoggedEntry(
        cast.entry("iaea_inspector", "note", {"text": f"routine observation {first}"}, STAMP),
        LOG_TIME,
    )
    assert check.leaf_data() == _note(inspector.key, cast.ledger, first)  # fmt: skip
    db = sqlite3.connect(config.database)
    rows = []
    for offset in range(max(0, size - start)):
        data = _note(inspector.key, cast.ledger, first + offset)
        rows.append((start + offset, leaf_hash(data), data, "note", "iaea_inspector",
                     None, first + offset))  # fmt: skip
    db.executemany("INSERT INTO ledger_entries VALUES (?,?,?,?,?,?,?)", rows)
    hashes = [bytes(h) for (h,) in db.execute("SELECT leaf_hash FROM ledger_entries ORDER BY idx")]
    tree = MerkleTree.from_leaf_hashes(hashes)
    key = load_or_create_key(config.log_key_path())
    note = sign_checkpoint(Checkpoint(cast.ledger, tree.size, tree.root()), cast.ledger, key)
    db.execute("INSERT INTO ledger_checkpoints VALUES (?, ?)", (tree.size, note))
    db.commit()
    db.close()
    return config


__all__ = ["build_big_ledger"]
