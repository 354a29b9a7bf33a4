"""The ledger store: durable batches, contiguous indices, reopening, migrations, group commit."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import delete, insert, select, text

from accord.errors import LedgerError
from accord.ledger import merkle
from accord.ledger.store import LedgerStore, NewEntry, Participant
from accord.ledger.store._commit import AdmissionView, GroupCommitter
from accord.ledger.store._engine import database_url
from accord.ledger.store._schema import checkpoints, entries, migrate, schema_versions


def note(i: int, who: str = "alice") -> NewEntry:
    return NewEntry(f"note {i}".encode(), "note", who)


def test_ledger_store_appends_are_contiguous_and_survive_reopening(any_url: str) -> None:
    store = LedgerStore.open(any_url)
    first = store.append([note(0), note(1)])
    second = store.append([note(2)])
    assert [e.index for e in first + second] == [0, 1, 2]
    root = store.root()
    store.close()
    reopened = LedgerStore.open(any_url)
    try:
        assert reopened.size == 3
        assert reopened.root() == root == merkle.root_hash([b"note 0", b"note 1", b"note 2"])
        assert [e.data for e in reopened.entries()] == [b"note 0", b"note 1", b"note 2"]
        assert reopened.entry(1).leaf_hash == merkle.leaf_hash(b"note 1")
        assert reopened.append([note(3)])[0].index == 3
    finally:
        reopened.close()


def test_ledger_store_proofs_match_the_rfc_functions(sqlite_url: str) -> None:
    store = LedgerStore.open(sqlite_url)
    leaves = [f"leaf {i}".encode() for i in range(13)]
    store.append([NewEntry(leaf, "note", "bob") for leaf in leaves])
    for size in (1, 5, 13):
        for index in range(size):
            assert store.inclusion_proof(index, size) == merkle.inclusion_proof(
                leaves[:size], index
            )
    assert store.consistency_proof(5, 13) == merkle.consistency_proof(leaves, 5)
    store.close()


def test_ledger_store_participants_are_written_with_their_registration(any_url: str) -> None:
    store = LedgerStore.open(any_url)
    alice = Participant("alice", b"\x01" * 32, "delegate", "us", registered_at=-1)
    store.append([note(0), NewEntry(b"register alice", "registration", "admin", registers=alice)])
    store.close()
    reopened = LedgerStore.open(any_url)
    assert reopened.participant("alice") == Participant("alice", b"\x01" * 32, "delegate", "us", 1)
    assert reopened.participant("nobody") is None
    reopened.close()


def test_ledger_store_failed_transaction_stores_nothing_and_reuses_no_index(
    sqlite_url: str,
) -> None:
    store = LedgerStore.open(sqlite_url)
    store.append([note(0)])
    with pytest.raises(LedgerError, match="not stored"):
        store.append([note(1), note(0)])  # the duplicate leaf violates the unique constraint
    assert store.size == 1
    assert [e.index for e in store.entries()] == [0]
    assert store.append([note(1)])[0].index == 1
    store.close()


def test_ledger_store_replaces_a_dead_writer_connection(sqlite_url: str) -> None:
    """The appends keep one connection; when it dies the append fails and the next one reopens."""
    store = LedgerStore.open(sqlite_url)
    store.append([note(0)])
    assert store._writer is not None
    store._writer.connection.driver_connection.close()  # type: ignore[union-attr]
    with pytest.raises(LedgerError, match="not stored"):
        store.append([note(1)])
    assert store.size == 1
    assert store.append([note(1)])[0].index == 1
    assert [e.index for e in store.entries()] == [0, 1]
    store.close()


def test_ledger_store_refuses_a_second_writer(sqlite_url: str) -> None:
    one, two = LedgerStore.open(sqlite_url), LedgerStore.open(sqlite_url)
    one.append([note(0)])
    with pytest.raises(LedgerError, match=r"not stored.*single service per database"):
        two.append([note(1)])
    one.close()
    two.close()


def test_ledger_store_detects_a_gap_when_opening(sqlite_url: str) -> None:
    store = LedgerStore.open(sqlite_url)
    store.append([note(i) for i in range(3)])
    with store.engine.begin() as connection:
        connection.execute(delete(entries).where(entries.c.idx == 1))
    store.close()
    with pytest.raises(LedgerError, match="index 1 is missing"):
        LedgerStore.open(sqlite_url)


def test_ledger_store_sqlite_is_durable_wal(sqlite_url: str) -> None:
    store = LedgerStore.open(sqlite_url)
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
    store.close()


def test_ledger_store_refuses_a_newer_schema(sqlite_url: str) -> None:
    store = LedgerStore.open(sqlite_url)
    with store.engine.begin() as connection:
        connection.execute(insert(schema_versions).values(version=99, applied_at="future"))
    with pytest.raises(LedgerError, match="schema version 99"):
        migrate(store.engine)
    store.close()


def test_ledger_store_database_url_rejects_other_databases() -> None:
    assert database_url("/tmp/x.db") == "sqlite:////tmp/x.db"
    with pytest.raises(LedgerError, match="unsupported database"):
        LedgerStore.open("mysql://root@localhost/test")


def test_ledger_store_group_commit_16_writers_no_loss_no_duplicate(any_url: str) -> None:
    store = LedgerStore.open(any_url)
    committer = GroupCommitter(store)
    indices: list[int] = []
    lock = threading.Lock()

    def writer(client: int) -> None:
        for i in range(20):
            stored = committer.append(NewEntry(f"{client}:{i}".encode(), "note", f"c{client}"))
            with lock:
                indices.append(stored.index)

    threads = [threading.Thread(target=writer, args=(c,)) for c in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    committer.close()
    assert sorted(indices) == list(range(320))
    assert [e.index for e in store.entries()] == list(range(320))
    assert committer.commits < 320  # several appends shared a durable commit
    store.close()


def test_ledger_store_admission_refusal_stores_nothing(sqlite_url: str) -> None:
    store = LedgerStore.open(sqlite_url)
    committer = GroupCommitter(store)

    def refuse_bob(entry: NewEntry, view: AdmissionView, log_time: str) -> NewEntry:
        if entry.submitter == "bob":
            raise LedgerError("bob may not write")
        if view.seen(merkle.leaf_hash(entry.data)):
            raise LedgerError("replay")
        assert log_time.endswith("Z")
        return entry

    assert committer.append(note(0), refuse_bob).index == 0
    with pytest.raises(LedgerError, match="bob may not"):
        committer.append(note(1, "bob"), refuse_bob)
    with pytest.raises(LedgerError, match="replay"):
        committer.append(note(0), refuse_bob)
    assert committer.append(note(2), refuse_bob).index == 1
    committer.close()
    assert store.size == 2
    store.close()


def test_ledger_store_keeps_the_checkpoint_of_each_batch_with_the_batch(sqlite_url: str) -> None:
    store = LedgerStore.open(sqlite_url)
    signed: list[int] = []

    def signer(size: int, root: bytes) -> str:
        signed.append(size)
        return f"{size} {root.hex()}"

    store.checkpoint_signer = signer
    store.append([note(0), note(1)])
    assert store.latest_checkpoint == (2, f"2 {store.root(2).hex()}")
    store.append([note(2)])
    store.record_checkpoint(3, "published")  # already kept with the batch: not replaced
    store.append([note(3)])
    assert signed == [2, 3, 4]
    with store.engine.connect() as connection:
        kept = dict(connection.execute(select(checkpoints.c.size, checkpoints.c.note)).all())
    assert kept == {n: f"{n} {store.root(n).hex()}" for n in (2, 3, 4)}
    store.close()
    assert LedgerStore.open(sqlite_url).latest_checkpoint == (4, f"4 {store.root(4).hex()}")


def test_ledger_store_a_failed_batch_leaves_the_tree_as_it_was(sqlite_url: str) -> None:
    store = LedgerStore.open(sqlite_url)
    store.append([note(0)])
    root = store.root()
    with pytest.raises(LedgerError):
        store.append([note(1), note(1)])  # the same leaf twice violates the unique constraint
    assert (store.size, store.root()) == (1, root)
    assert store.append([note(2)])[0].index == 1
    store.close()


def test_the_data_read_at_open_answers_the_first_check_and_later_checks_read_again(
    any_url: str,
) -> None:
    """``check_data``: one read of the leaf hashes with the data at open (issue 15)."""
    store = LedgerStore.open(any_url)
    store.append([note(i) for i in range(6)])

    def set_data(value: bytes) -> None:
        with store.engine.begin() as connection:
            connection.execute(entries.update().where(entries.c.idx == 3).values(data=value))

    set_data(b"forged")
    checked, plain = LedgerStore.open(any_url, check_data=True), LedgerStore.open(any_url)
    try:
        set_data(b"note 3")  # repaired after the opening
        assert checked.first_bad_leaf(6) == 3  # the entries as read at open
        assert checked.first_bad_leaf(6) is None  # read again
        set_data(b"forged")
        assert plain.first_bad_leaf(6) == 3
        assert plain.first_bad_leaf(3) is None
    finally:
        for opened in (store, checked, plain):
            opened.close()


def test_the_data_read_at_open_no_longer_answers_once_the_store_appended(
    sqlite_url: str,
) -> None:
    """The open's read says what the entries were at open; after an append (the service checks
    again only after a failed batch), a check reads the database again."""
    store = LedgerStore.open(sqlite_url)
    store.append([note(i) for i in range(4)])
    store.close()
    checked = LedgerStore.open(sqlite_url, check_data=True)
    try:
        checked.append([note(4)])
        with checked.engine.begin() as connection:
            connection.execute(entries.update().where(entries.c.idx == 1).values(data=b"forged"))
        assert checked.first_bad_leaf(4) == 1
    finally:
        checked.close()
