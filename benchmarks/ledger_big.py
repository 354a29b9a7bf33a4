"""A large, valid SQLite ledger for the start-up and consistency benchmarks, built once and kept.

The JCPOA story goes through the service (registrations, the agreement, claims, reports); then
``size`` notes by the IAEA inspector are written straight into the entries table, each a real
signed entry (Ed25519 over the purpose line and the canonical envelope, the leaf the canonical
JSON of entry, log time and signature: the first is checked byte for byte against
``make_entry``), and the log key signs a checkpoint of the whole tree, as the service would
have. Signing is the slow part (about 60 µs an entry): the notes are signed by one process per
core, a chunk at a time, and inserted in one transaction.

:func:`cached_big_ledger` keeps the built database outside the repository
(``ACCORD_BENCH_CACHE``, default ``~/.cache/accord-bench``), in a directory named after the size
and a fingerprint of what the stored format depends on (this file, the store's schema, the
entry format, the demo cast and the checkpoint format): a change to any of them builds a new
one. A build goes to a temporary directory that is renamed only once complete, so an
interrupted build (Ctrl-C) leaves nothing half-made behind.
"""

from __future__ import annotations

import base64
import hashlib
import json
import multiprocessing
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import accord.ledger._checkpoint
import accord.ledger._demo
import accord.ledger._entries
import accord.ledger.store._schema
from accord.ledger._checkpoint import Checkpoint, sign_checkpoint
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._entries import ENTRY_PURPOSE, LoggedEntry
from accord.ledger.merkle import MerkleTree, leaf_hash
from accord.service._config import ServiceConfig
from accord.service._opening import load_or_create_key, open_state

LOG_TIME = "2016-02-01T00:00:00.000Z"
STAMP = "2016-02-01T00:00:00Z"
CHUNK = 20_000
FORMAT_SOURCES = (accord.ledger.store._schema, accord.ledger._entries, accord.ledger._demo,
                  accord.ledger._checkpoint)  # fmt: skip


def _jcs(value: object) -> bytes:
    """RFC 8785 for what these entries hold (ASCII strings, small integers): sorted, compact."""
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def _note(cast: Cast, sequence: int) -> bytes:
    envelope = {"body": {"text": f"routine observation {sequence}"}, "kind": "note",
                "ledger": cast.ledger, "sequence": sequence, "submitter": "iaea_inspector",
                "timestamp": STAMP}  # fmt: skip
    signature = cast.members["iaea_inspector"].key.sign(ENTRY_PURPOSE + _jcs(envelope))
    leaf = {"entry": envelope, "log_time": LOG_TIME,
            "signature": base64.b64encode(signature).decode()}  # fmt: skip
    return _jcs(leaf)


def _notes(span: tuple[int, int]) -> list[bytes]:
    """The notes with sequence numbers ``span[0] .. span[1] - 1`` (run in a worker process)."""
    cast = Cast()
    return [_note(cast, sequence) for sequence in range(*span)]


def _chunks(first: int, count: int) -> Iterator[tuple[int, int]]:
    for start in range(first, first + count, CHUNK):
        yield start, min(start + CHUNK, first + count)


def config_of(directory: Path) -> ServiceConfig:
    """The service configuration of the big ledger in ``directory``."""
    cast = Cast()
    return ServiceConfig(database=str(directory / "big.db"), log_key=directory / "big.key",
                         origin=cast.ledger, admin_id="registrar",
                         admin_key=cast.members["registrar"].key.public_key_b64)  # fmt: skip


def _story(config: ServiceConfig) -> tuple[int, int]:
    """Log the JCPOA story through the service; (entries stored, the inspector's next sequence)."""
    cast = Cast()
    state = open_state(config)
    for logged in jcpoa_story(cast):
        state.committer.clock = lambda moment=logged.when: moment
        state.submit(logged.signed)[0].result(30)
    start = state.store.size
    state.close()
    first = cast.members["iaea_inspector"].sequence + 1
    check = LoggedEntry(
        cast.entry("iaea_inspector", "note", {"text": f"routine observation {first}"}, STAMP),
        LOG_TIME,
    )
    assert check.leaf_data() == _note(Cast(), first)
    return start, first


def build_big_ledger(directory: Path, size: int) -> ServiceConfig:
    """A ledger of about ``size`` entries in ``directory`` (its config, to open it)."""
    config = config_of(directory)
    start, first = _story(config)
    count = max(0, size - start)
    db = sqlite3.connect(config.database)
    made, begun = 0, time.perf_counter()
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        for notes in pool.imap(_notes, _chunks(first, count)):
            rows = [(start + made + i, leaf_hash(data), data, "note", "iaea_inspector", None,
                     first + made + i) for i, data in enumerate(notes)]  # fmt: skip
            db.executemany("INSERT INTO ledger_entries VALUES (?,?,?,?,?,?,?)", rows)
            made += len(notes)
            if made % (10 * CHUNK) == 0 or made == count:
                print(f"  signed {made:,} of {count:,} notes "
                      f"({time.perf_counter() - begun:.0f} s)", flush=True)  # fmt: skip
    hashes = [bytes(h) for (h,) in db.execute("SELECT leaf_hash FROM ledger_entries ORDER BY idx")]
    tree = MerkleTree.from_leaf_hashes(hashes)
    key = load_or_create_key(config.log_key_path())
    note = sign_checkpoint(Checkpoint(config.origin, tree.size, tree.root()), config.origin, key)
    db.execute("INSERT INTO ledger_checkpoints VALUES (?, ?)", (tree.size, note))
    db.commit()
    db.close()
    return config


def fingerprint() -> str:
    """A short digest of the sources the stored format depends on (see the module docstring)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for module in FORMAT_SOURCES:
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:12]


def cache_root() -> Path:
    """Where built ledgers are kept: ``ACCORD_BENCH_CACHE``, else ``~/.cache/accord-bench``."""
    given = os.environ.get("ACCORD_BENCH_CACHE")
    return Path(given) if given else Path.home() / ".cache" / "accord-bench"


def cached_big_ledger(size: int) -> tuple[ServiceConfig, float]:
    """The config of a kept ledger of ``size`` entries, built first if there is none (and the
    seconds the build took, 0 when it was kept)."""
    directory = cache_root() / f"ledger-{size}-{fingerprint()}"
    if (directory / "big.db").exists():
        return config_of(directory), 0.0
    partial = directory.with_name(directory.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    begun = time.perf_counter()
    build_big_ledger(partial, size)
    partial.rename(directory)
    return config_of(directory), time.perf_counter() - begun


__all__ = ["build_big_ledger", "cache_root", "cached_big_ledger", "config_of", "fingerprint"]
