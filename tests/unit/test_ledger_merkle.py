"""Merkle log: the published vectors, the transparency-dev probe files, and the incremental tree."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any

import pytest

from accord.errors import InputError, VerificationFailed
from accord.ledger.merkle import (
    EMPTY_ROOT,
    MerkleTree,
    check_consistency,
    check_inclusion,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root_hash,
    verify_consistency,
    verify_inclusion,
)

# From /work/shared/facts/ledger-vectors.md (transparency-dev/merkle testonly/constants.go).
LEAVES = [
    bytes.fromhex(h)
    for h in ("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
              "606162636465666768696a6b6c6d6e6f")
]  # fmt: skip
ROOTS = {
    1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
}
INCLUSION_0_OF_8 = [
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
]
CONSISTENCY_6_TO_8 = [
    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
]

# The probe files live in the shared folder beside the repository root (as in CI).
PROBES = Path(__file__).resolve().parents[2].parent / "shared" / "testdata" / "merkle"


def _probe_files(kind: str) -> list[Path]:
    folder = PROBES / kind
    if not folder.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"probe folder {folder} is missing (it must be present in CI)")
        return []
    return sorted(folder.rglob("*.json"))


def _b64(value: str | None) -> bytes:
    return base64.b64decode(value or "")


def _proof(values: list[str] | None) -> list[bytes]:
    return [_b64(v) for v in values or []]


def _probe_id(path: Path) -> str:
    return str(path.relative_to(PROBES))


def _skip_when_absent(files: list[Path]) -> list[Any]:
    if files:
        return files
    return [pytest.param(None, marks=pytest.mark.skip(reason=f"probe folder {PROBES} is absent"))]


# -- the facts file ---------------------------------------------------------------------------


@pytest.mark.parametrize("n", sorted(ROOTS))
def test_root_of_the_first_n_leaves_matches_the_published_vector(n: int) -> None:
    assert root_hash(LEAVES[:n]).hex() == ROOTS[n]
    assert MerkleTree.from_leaf_hashes(map(leaf_hash, LEAVES)).root(n).hex() == ROOTS[n]


def test_empty_tree_hashes_to_sha256_of_nothing() -> None:
    assert root_hash([]) == EMPTY_ROOT
    assert EMPTY_ROOT.hex().startswith("e3b0c442")
    assert MerkleTree().root() == EMPTY_ROOT


def test_inclusion_proof_of_leaf_0_in_tree_of_8_matches_the_published_vector() -> None:
    assert [h.hex() for h in inclusion_proof(LEAVES, 0)] == INCLUSION_0_OF_8
    tree = MerkleTree.from_leaf_hashes(map(leaf_hash, LEAVES))
    assert [h.hex() for h in tree.inclusion_proof(0)] == INCLUSION_0_OF_8
    proof = [bytes.fromhex(h) for h in INCLUSION_0_OF_8]
    assert verify_inclusion(leaf_hash(LEAVES[0]), 0, 8, proof, bytes.fromhex(ROOTS[8]))


def test_consistency_proof_from_6_to_8_matches_the_published_vector() -> None:
    assert [h.hex() for h in consistency_proof(LEAVES, 6)] == CONSISTENCY_6_TO_8
    tree = MerkleTree.from_leaf_hashes(map(leaf_hash, LEAVES))
    assert [h.hex() for h in tree.consistency_proof(6, 8)] == CONSISTENCY_6_TO_8
    proof = [bytes.fromhex(h) for h in CONSISTENCY_6_TO_8]
    assert verify_consistency(6, 8, proof, bytes.fromhex(ROOTS[6]), bytes.fromhex(ROOTS[8]))


def test_every_proof_among_the_eight_vector_leaves_verifies() -> None:
    tree = MerkleTree.from_leaf_hashes(map(leaf_hash, LEAVES))
    for size in range(1, 9):
        root = bytes.fromhex(ROOTS[size])
        for i in range(size):
            assert verify_inclusion(
                leaf_hash(LEAVES[i]), i, size, tree.inclusion_proof(i, size), root
            )
        for old in range(1, size + 1):
            old_root = bytes.fromhex(ROOTS[old])
            assert verify_consistency(old, size, tree.consistency_proof(old, size), old_root, root)


# -- the probe files --------------------------------------------------------------------------


@pytest.mark.parametrize("path", _skip_when_absent(_probe_files("inclusion")), ids=_probe_id)
def test_inclusion_probe_file(path: Path) -> None:
    case = json.loads(path.read_text())
    args = (_b64(case["leafHash"]), case["leafIdx"], case["treeSize"], _proof(case["proof"]),
            _b64(case["root"]))  # fmt: skip
    assert verify_inclusion(*args) is (not case["wantErr"]), case["desc"]
    if case["wantErr"]:
        with pytest.raises(VerificationFailed):
            check_inclusion(*args)
    else:
        check_inclusion(*args)


@pytest.mark.parametrize("path", _skip_when_absent(_probe_files("consistency")), ids=_probe_id)
def test_consistency_probe_file(path: Path) -> None:
    case = json.loads(path.read_text())
    args = (case["size1"], case["size2"], _proof(case["proof"]), _b64(case["root1"]),
            _b64(case["root2"]))  # fmt: skip
    assert verify_consistency(*args) is (not case["wantErr"]), case["desc"]
    if case["wantErr"]:
        with pytest.raises(VerificationFailed):
            check_consistency(*args)
    else:
        check_consistency(*args)


def test_the_probe_set_holds_twelve_valid_proofs() -> None:
    files = _probe_files("inclusion") + _probe_files("consistency")
    if not files:
        pytest.skip(f"probe folder {PROBES} is absent")
    assert sum(not json.loads(p.read_text())["wantErr"] for p in files) == 12


# -- malformed input never raises from verify_* -----------------------------------------------

GOOD_ROOT = bytes.fromhex(ROOTS[8])
GOOD_PROOF = [bytes.fromhex(h) for h in INCLUSION_0_OF_8]


@pytest.mark.parametrize(
    ("leaf", "index", "size", "proof", "root"),
    [
        (leaf_hash(b""), -1, 8, GOOD_PROOF, GOOD_ROOT),
        (leaf_hash(b""), 0, -8, GOOD_PROOF, GOOD_ROOT),
        (leaf_hash(b""), True, 8, GOOD_PROOF, GOOD_ROOT),
        (leaf_hash(b""), 0, 8.0, GOOD_PROOF, GOOD_ROOT),
        (leaf_hash(b""), 0, 8, "not a list", GOOD_ROOT),
        (leaf_hash(b""), 0, 8, [*GOOD_PROOF, None], GOOD_ROOT),
        (leaf_hash(b""), 0, 8, GOOD_PROOF, "a string"),
        (leaf_hash(b""), 0, 8, GOOD_PROOF[:2], GOOD_ROOT),
        (leaf_hash(b""), 0, 2**70, GOOD_PROOF, GOOD_ROOT),
        (None, 0, 8, GOOD_PROOF, GOOD_ROOT),
    ],
)
def test_malformed_inclusion_input_is_refused_without_an_exception(
    leaf: Any, index: Any, size: Any, proof: Any, root: Any
) -> None:
    assert verify_inclusion(leaf, index, size, proof, root) is False


@pytest.mark.parametrize(
    ("old", "new", "proof", "old_root", "new_root"),
    [
        (-1, 8, [], EMPTY_ROOT, GOOD_ROOT),
        (6, 8, None, bytes.fromhex(ROOTS[6]), GOOD_ROOT),
        (6, 8, [b"x" * 31], bytes.fromhex(ROOTS[6]), GOOD_ROOT),
        (6, 8, [bytes.fromhex(h) for h in CONSISTENCY_6_TO_8], b"", GOOD_ROOT),
        (0, 8, [], b"", GOOD_ROOT),
        (0, 8, [], EMPTY_ROOT, b"short"),
        (0, 0, [], b"x", b"x"),
        (3, 3, [GOOD_ROOT], GOOD_ROOT, GOOD_ROOT),
        (3, 3, [], "same text", "same text"),
        (3, 3, [], b"", b""),
    ],
)
def test_malformed_consistency_input_is_refused_without_an_exception(
    old: Any, new: Any, proof: Any, old_root: Any, new_root: Any
) -> None:
    assert verify_consistency(old, new, proof, old_root, new_root) is False


def test_consistency_from_the_empty_tree_needs_the_empty_root_and_no_proof() -> None:
    assert verify_consistency(0, 8, [], EMPTY_ROOT, GOOD_ROOT)
    assert verify_consistency(0, 0, [], EMPTY_ROOT, EMPTY_ROOT)


# -- the incremental tree ---------------------------------------------------------------------


def test_appends_match_the_bulk_build_at_every_size() -> None:
    hashes = [leaf_hash(i.to_bytes(4, "big")) for i in range(70)]
    tree = MerkleTree()
    for i, h in enumerate(hashes):
        assert tree.append(h) == i
        assert tree.root() == root_hash([j.to_bytes(4, "big") for j in range(i + 1)])
    bulk = MerkleTree.from_leaf_hashes(hashes)
    assert bulk.to_bytes() == tree.to_bytes()
    assert len(tree) == tree.size == 70
    assert tree.leaf_hash(69) == hashes[69]


def test_a_snapshot_restores_the_same_tree_and_a_trusted_prefix_is_reused() -> None:
    hashes = [leaf_hash(bytes([i])) for i in range(37)]
    tree = MerkleTree.from_leaf_hashes(hashes)
    again = MerkleTree.from_bytes(tree.to_bytes(), check=True)
    assert again.root(20) == tree.root(20)
    for size in (0, 1, 20, 32, 36, 37):
        prefix = MerkleTree.from_bytes(tree.to_bytes(size), check=True)
        assert prefix.size == size
        assert MerkleTree.from_leaf_hashes(hashes, prefix).to_bytes() == tree.to_bytes()
    other = MerkleTree.from_leaf_hashes([bytes(32)] * 30)  # not a prefix: ignored
    assert MerkleTree.from_leaf_hashes(hashes, other).to_bytes() == tree.to_bytes()
    longer = MerkleTree.from_leaf_hashes([*hashes, bytes(32)])  # more leaves: ignored
    assert MerkleTree.from_leaf_hashes(hashes, longer).to_bytes() == tree.to_bytes()


def test_a_known_tree_is_taken_as_it_is_where_its_leaves_are_a_prefix() -> None:
    """The known tree's nodes are trusted (an authenticated snapshot): they are not re-hashed."""
    hashes = [leaf_hash(bytes([i])) for i in range(8)]
    known = MerkleTree.from_leaf_hashes(hashes[:4])
    known._levels[2][:] = bytes(32)  # a node no leaf leads to: taken, as the doc says
    assert MerkleTree.from_leaf_hashes(hashes, known).root(4) == bytes(32)


def test_damaged_snapshots_are_refused() -> None:
    blob = MerkleTree.from_leaf_hashes([bytes([i]) * 32 for i in range(6)]).to_bytes()
    with pytest.raises(InputError, match="truncated"):
        MerkleTree.from_bytes(blob[:-1])
    with pytest.raises(InputError, match="not a Merkle tree snapshot"):
        MerkleTree.from_bytes(b"junk")
    flipped = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(InputError, match="level 2"):
        MerkleTree.from_bytes(flipped, check=True)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda t: t.append(b"short"), "32-byte hash"),
        (lambda t: t.root(6), "tree size 6 is outside 0..5"),
        (lambda t: t.inclusion_proof(5), "leaf index 5 is outside a tree of size 5"),
        (lambda t: t.inclusion_proof(2, 2), "leaf index 2 is outside a tree of size 2"),
        (lambda t: t.consistency_proof(4, 3), "old size 4 is outside 0..3"),
        (lambda t: t.leaf_hash(-1), "leaf index -1"),
    ],
)
def test_out_of_range_requests_raise_input_error(call: Any, message: str) -> None:
    tree = MerkleTree.from_leaf_hashes([bytes(32)] * 5)
    with pytest.raises(InputError, match=message):
        call(tree)


def test_functions_on_data_refuse_out_of_range_indices() -> None:
    with pytest.raises(InputError):
        inclusion_proof([b"a"], 1)
    with pytest.raises(InputError):
        consistency_proof([b"a"], 2)
    assert consistency_proof([b"a", b"b"], 0) == []
    assert node_hash(leaf_hash(b""), leaf_hash(b"\x00")).hex() == ROOTS[2]
