"""Property: any sequence of batches stores contiguous entries whose tree matches the RFC functions,
before and after reopening, and a failed batch changes nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import LedgerError
from accord.ledger import merkle
from accord.ledger.store import LedgerStore, NewEntry

batches = st.lists(st.lists(st.binary(min_size=0, max_size=40), min_size=0, max_size=6), max_size=8)


@settings(max_examples=25)  # each example creates and reopens a database file
@given(batches=batches, poison=st.integers(min_value=0, max_value=7))
def test_ledger_store_property_batches_roots_proofs_reopen(
    batches: list[list[bytes]], poison: int
) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        url = str(Path(scratch) / "p.db")
        store = LedgerStore.open(url)
        leaves: list[bytes] = []
        for number, batch in enumerate(batches):
            fresh = [d for d in dict.fromkeys(batch) if d not in leaves]
            if number == poison and leaves:  # a batch repeating a stored leaf is refused whole
                try:
                    store.append([NewEntry(d, "note", "p") for d in [*fresh, leaves[0]]])
                except LedgerError:
                    pass
                else:
                    raise AssertionError("a duplicate leaf was stored")
                assert store.size == len(leaves)
            stored = store.append([NewEntry(d, "note", "p") for d in fresh])
            assert [s.index for s in stored] == list(range(len(leaves), len(leaves) + len(fresh)))
            leaves.extend(fresh)
            assert store.root() == merkle.root_hash(leaves)
        store.close()
        reopened = LedgerStore.open(url)
        assert reopened.size == len(leaves)
        assert reopened.root() == merkle.root_hash(leaves)
        for index in range(len(leaves)):
            assert reopened.inclusion_proof(index) == merkle.inclusion_proof(leaves, index)
        for old in range(len(leaves) + 1):
            assert reopened.consistency_proof(old) == merkle.consistency_proof(leaves, old)
        assert [e.data for e in reopened.entries()] == leaves
        reopened.close()
