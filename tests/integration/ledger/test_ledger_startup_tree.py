"""Start-up from the kept Merkle tree: its nodes are reused only above leaves the database still
holds, byte for byte, and only from a snapshot the log's key made (issue 15)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

import accord.ledger.merkle._tree as tree_module
from accord.errors import LedgerError
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._keys import SigningKey
from accord.ledger.merkle import leaf_hash
from accord.ledger.merkle._tree import MerkleTree
from accord.service._snapshot import tree_snapshots
from accord.service._state import ServiceConfig, ServiceState, open_state


def _config(tmp_path: Path, cast: Cast, name: str = "ledger.db") -> ServiceConfig:
    return ServiceConfig(database=str(tmp_path / name), log_key=tmp_path / "log.key",
                         origin=cast.ledger, admin_id="registrar",
                         admin_key=cast.members["registrar"].key.public_key_b64)  # fmt: skip


def _filled(tmp_path: Path, cast: Cast, name: str = "ledger.db", notes: int = 0) -> ServiceState:
    state = open_state(_config(tmp_path, cast, name))
    for logged in jcpoa_story(cast):
        state.committer.clock = lambda moment=logged.when: moment
        state.submit(logged.signed)[0].result(30)
    _notes(state, cast, notes)
    return state


def _notes(state: ServiceState, cast: Cast, count: int, text: str = "quiet") -> None:
    state.committer.clock = lambda: datetime(2016, 2, 1, tzinfo=UTC)
    for i in range(count):
        entry = cast.entry(
            "iaea_inspector", "note", {"text": f"{text} {i}"}, "2016-02-01T00:00:00Z"
        )
        state.submit(entry)[0].result(30)


def _hashed_pairs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record how many node hashes each build of a tree level computes."""
    counts: list[int] = []
    real = tree_module._parent_level

    def counting(level: bytes | bytearray | memoryview) -> bytearray:
        counts.append(len(level) // 64)
        return real(level)

    monkeypatch.setattr(tree_module, "_parent_level", counting)
    return counts


def _tree_file(tmp_path: Path) -> Path:
    return Path(f"{tmp_path / 'log.key'}.tree")


def _full_tree(state: ServiceState) -> MerkleTree:
    return MerkleTree.from_leaf_hashes(leaf_hash(e.data) for e in state.store.entries())


def test_a_restart_hashes_only_the_nodes_above_new_leaves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cast = Cast()
    first = _filled(tmp_path, cast, notes=20)  # 32 entries
    first.close()
    kept = tmp_path / "kept.tree"
    shutil.copy(_tree_file(tmp_path), kept)
    counts = _hashed_pairs(monkeypatch)
    again = open_state(_config(tmp_path, cast))
    assert sum(counts) == 0  # every node taken from the kept tree
    _notes(again, cast, 5, "later")
    again.close()
    shutil.copy(kept, _tree_file(tmp_path))  # the tree kept at 32 entries; the log has 37
    counts.clear()
    grown = open_state(_config(tmp_path, cast))
    assert sum(counts) == 2 + 1  # (32,33) (34,35); ((32..35)); the odd 36 waits
    expected = _full_tree(grown)
    assert grown.store.root() == expected.root()
    assert grown.store.consistency_proof(7) == expected.consistency_proof(7)
    grown.close()


def test_a_leaf_hash_edited_under_a_kept_tree_stops_the_start(tmp_path: Path) -> None:
    """The kept tree's leaves are no longer a prefix: it is ignored, and the tree of the stored
    leaves does not have the signed root."""
    cast = Cast()
    _filled(tmp_path, cast, notes=3).close()
    assert _tree_file(tmp_path).exists()
    forged = b'{"forged": true}'
    db = sqlite3.connect(tmp_path / "ledger.db")
    db.execute("UPDATE ledger_entries SET data = ?, leaf_hash = ? WHERE idx = 3",
               (forged, leaf_hash(forged)))  # fmt: skip
    db.commit()
    db.close()
    with pytest.raises(LedgerError, match="the entries table was edited"):
        open_state(_config(tmp_path, cast))


def test_a_tree_kept_without_the_log_key_is_not_taken(tmp_path: Path) -> None:
    cast = Cast()
    state = _filled(tmp_path, cast, notes=3)
    size, root, blob = state.store.tree_snapshot()
    state.close()
    bad = MerkleTree.from_bytes(blob)
    bad._levels[1][:32] = bytes(32)  # wrong nodes above the right leaves
    forger = tree_snapshots(tmp_path / "log.key", SigningKey.from_seed(b"m" * 32), cast.ledger)
    forger.save(size, bad.root(), bad.to_bytes())
    reopened = open_state(_config(tmp_path, cast))  # not taken: the start checks out
    assert reopened.store.root() == root
    reopened.close()


def test_a_tree_of_another_history_is_not_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two logs sharing one key: A's kept tree does not have B's leaves, so B hashes all."""
    _filled(tmp_path, Cast(), "a.db", notes=1).close()
    from_a = _tree_file(tmp_path).read_bytes()
    cast_b = Cast()
    b = _filled(tmp_path, cast_b, "b.db")
    _notes(b, cast_b, 2, "restarted")  # entry 12 differs from A's
    expected = _full_tree(b)
    b.close()
    _tree_file(tmp_path).write_bytes(from_a)
    counts = _hashed_pairs(monkeypatch)
    reopened = open_state(_config(tmp_path, cast_b, "b.db"))
    n = expected.size
    assert sum(counts) == n - bin(n).count("1")  # every stored node of B's tree hashed
    assert reopened.store.root() == expected.root()
    reopened.close()


def test_a_tree_of_a_longer_history_is_replaced_at_the_next_stop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A kept tree the log does not extend (here: another history, longer) is not this log's:
    the stop keeps this log's tree in its place, so the next start reuses it."""
    _filled(tmp_path, Cast(), "a.db", notes=4).close()  # 16 entries
    from_a = _tree_file(tmp_path).read_bytes()
    cast_b = Cast()
    b = _filled(tmp_path, cast_b, "b.db")  # 12 entries
    root_b = b.store.root()
    b.close()
    _tree_file(tmp_path).write_bytes(from_a)
    open_state(_config(tmp_path, cast_b, "b.db")).close()  # nothing appended
    counts = _hashed_pairs(monkeypatch)
    again = open_state(_config(tmp_path, cast_b, "b.db"))
    assert sum(counts) == 0  # B's own tree, kept at the stop
    assert again.store.root() == root_b
    again.close()
