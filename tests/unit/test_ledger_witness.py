"""The witness protocol (C2SP tlog-witness) case by case, against a pure witness and its state."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.ledger._checkpoint import Checkpoint, sign_checkpoint, verifier_key
from accord.ledger._cosignature import cosigner_key, verify_quorum
from accord.ledger._keys import SigningKey
from accord.ledger._witness import Refused, Witness, b64, parse_request
from accord.ledger.merkle import MerkleTree, leaf_hash
from accord.ledger.store._witness_state import WitnessStore

LOG = SigningKey.from_seed(b"L" * 32)
OTHER = SigningKey.from_seed(b"O" * 32)
ME = SigningKey.from_seed(b"W" * 32)
ORIGIN = "example.org/log"


def _tree(size: int, salt: bytes = b"") -> MerkleTree:
    return MerkleTree.from_leaf_hashes(leaf_hash(salt + bytes([i])) for i in range(size))


def _note(tree: MerkleTree, size: int, key: SigningKey = LOG, origin: str = ORIGIN) -> str:
    return sign_checkpoint(Checkpoint(origin, size, tree.root(size)), origin, key)


def _body(old: int, proof: list[bytes], note: str) -> bytes:
    return (f"old {old}\n" + "".join(b64(h) + "\n" for h in proof) + "\n" + note).encode()


def _witness(store: WitnessStore | None = None) -> Witness:
    return Witness(
        "witness.example/w1",
        ME,
        [verifier_key(ORIGIN, LOG.public_key)],
        store or WitnessStore(":memory:"),
        clock=lambda: 1_700_000_000,
    )


def test_cosigns_a_first_checkpoint_then_only_consistent_ones() -> None:
    tree, witness = _tree(9), _witness()
    first = _note(tree, 4)
    line = witness.add_checkpoint(_body(0, [], first))
    [cosig] = verify_quorum(first + line, [witness.verifier_key], 1)
    assert cosig.timestamp == 1_700_000_000
    assert witness.verifier_key == cosigner_key("witness.example/w1", ME.public_key)
    later = _note(tree, 9)
    witness.add_checkpoint(_body(4, tree.consistency_proof(4, 9), later))
    assert witness.store.latest(ORIGIN).size == 9
    again = witness.add_checkpoint(_body(9, [], later))  # the same head: cosigned afresh
    assert verify_quorum(later + again, [witness.verifier_key], 1)


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        (b"old 1\n\n", 400, "not a signed checkpoint"),
        (b"new 0\n\nx", 400, "old <size>"),
        (b"old 01\n\nx", 400, "old <size>"),
        (b"old 0\nnot-a-hash\n\nx", 400, "line 2"),
        (b"\xff", 400, "UTF-8"),
    ],
)
def test_malformed_requests_are_400(body: bytes, status: int, says: str) -> None:
    with pytest.raises(Refused) as refused:
        _witness().add_checkpoint(body)
    assert refused.value.status == status
    assert says in refused.value.message


def test_unknown_logs_are_404_and_bad_signatures_403() -> None:
    tree = _tree(3)
    with pytest.raises(Refused) as unknown:
        _witness().add_checkpoint(_body(0, [], _note(tree, 3, origin="other.org/log")))
    assert unknown.value.status == 404
    with pytest.raises(Refused) as forged:
        _witness().add_checkpoint(_body(0, [], _note(tree, 3, key=OTHER)))
    assert forged.value.status == 403


def test_a_wrong_old_size_gets_the_witness_size_and_old_above_new_is_400() -> None:
    tree, witness = _tree(8), _witness()
    witness.add_checkpoint(_body(0, [], _note(tree, 5)))
    with pytest.raises(Refused) as stale:
        witness.add_checkpoint(_body(0, [], _note(tree, 8)))
    assert (stale.value.status, stale.value.size) == (409, 5)
    with pytest.raises(Refused) as above:
        witness.add_checkpoint(_body(9, [], _note(tree, 8)))
    assert above.value.status == 400


def test_a_fork_and_a_rewrite_are_refused_and_kept_as_evidence() -> None:
    honest, forked, witness = _tree(12), _tree(12, b"x"), _witness()
    seen = _note(honest, 10)
    witness.add_checkpoint(_body(0, [], seen))
    other = _note(forked, 10)
    with pytest.raises(Refused) as fork:
        witness.add_checkpoint(_body(10, [], other))
    assert fork.value.status == 409
    assert "fork" in fork.value.message
    rewrite = _note(forked, 12)
    with pytest.raises(Refused) as rewritten:
        witness.add_checkpoint(_body(10, forked.consistency_proof(10, 12), rewrite))
    assert rewritten.value.status == 422
    evidence = witness.store.evidence()
    assert [(e["kind"], e["cosigned"], e["offered"]) for e in evidence] == [
        ("fork", seen, other),
        ("inconsistent", seen, rewrite),
    ]
    assert witness.store.latest(ORIGIN).note == seen  # nothing of the fork was taken


def test_a_first_checkpoint_with_a_proof_is_422() -> None:
    tree = _tree(5)
    with pytest.raises(Refused) as refused:
        _witness().add_checkpoint(_body(0, tree.consistency_proof(2, 5), _note(tree, 5)))
    assert refused.value.status == 422


def test_the_state_survives_a_restart(tmp_path: Path) -> None:
    tree = _tree(6)
    store = WitnessStore(tmp_path / "w.db")
    _witness(store).add_checkpoint(_body(0, [], _note(tree, 6)))
    store.close()
    reopened = WitnessStore(tmp_path / "w.db")
    with pytest.raises(Refused) as stale:
        _witness(reopened).add_checkpoint(_body(0, [], _note(tree, 6)))
    assert stale.value.size == 6
    reopened.close()


def test_a_request_has_at_most_63_proof_lines() -> None:
    body = "old 1\n" + "".join(b64(bytes(32)) + "\n" for _ in range(64)) + "\nx"
    with pytest.raises(Refused, match="63"):
        parse_request(body.encode())
