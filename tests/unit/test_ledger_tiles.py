"""Tiles (C2SP tlog-tiles) against an independent implementation's bytes and against the spec's
own definition, computed here from scratch: hash i of tile (l, n) is
MTH(D[(n*256 + i) * 256**l : (n*256 + i + 1) * 256**l])."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest

from accord.errors import InputError
from accord.ledger.merkle import MerkleTree, leaf_hash
from accord.ledger.merkle._tiles import (
    entries_path,
    parse_tile_path,
    read_tile,
    tile_path,
    tiles_for_size,
)

VECTORS = json.loads(
    (Path(__file__).parents[1] / "data" / "c2sp" / "c2sp-vectors.json").read_text("utf-8")
)


def _leaves(size: int) -> list[bytes]:
    return [f"entry {i}\n".encode() for i in range(size)]


def _mth(data: list[bytes]) -> bytes:
    """RFC 6962 MTH, recursively, straight from the definition (no shared code)."""
    if len(data) == 1:
        return hashlib.sha256(b"\x00" + data[0]).digest()
    k = 1 << ((len(data) - 1).bit_length() - 1)
    return hashlib.sha256(b"\x01" + _mth(data[:k]) + _mth(data[k:])).digest()


@pytest.mark.parametrize("size", sorted(VECTORS["tiles"], key=int))
def test_every_tile_is_byte_for_byte_the_other_implementations(size: str) -> None:
    leaves = _leaves(int(size))
    tree = MerkleTree.from_leaf_hashes(leaf_hash(d) for d in leaves)
    files = VECTORS["tiles"][size]["files"]
    ours = {tile_path(*t) for t in tiles_for_size(int(size))}
    ours |= {entries_path(n, w) for lv, n, w in tiles_for_size(int(size)) if lv == 0}
    assert ours == set(files)
    for path, digest in files.items():
        body = read_tile(path, int(size), tree.level_hashes, lambda a, b: leaves[a:b])
        assert hashlib.sha256(body).hexdigest() == digest, path


def test_tile_hashes_are_the_spec_formula() -> None:
    rng = random.Random(15)
    data = [rng.randbytes(rng.randrange(1, 40)) for _ in range(700)]
    tree = MerkleTree.from_leaf_hashes(leaf_hash(d) for d in data)
    for level, index, width in tiles_for_size(len(data)):
        body = read_tile(tile_path(level, index, width), len(data), tree.level_hashes, None)  # type: ignore[arg-type]
        span = 256**level
        for i in range(width):
            start = (index * 256 + i) * span
            assert body[32 * i : 32 * i + 32] == _mth(data[start : start + span])


def test_the_spec_example_of_a_tree_of_70000() -> None:
    tiles = tiles_for_size(70_000)
    full0 = [t for t in tiles if t[0] == 0 and t[2] == 256]
    assert len(full0) == 273
    assert [t for t in tiles if t[2] != 256] == [(0, 273, 112), (1, 1, 17), (2, 0, 1)]
    assert (1, 0, 256) in tiles


@pytest.mark.parametrize(
    "path",
    ["tile/0/1", "tile/00/000", "tile/0/000.p/0", "tile/0/000.p/256", "tile/64/000",
     "tile/0/x000/005", "tile/entries/001.p/01", "tile/0/000/", "tiles/0/000"],
)  # fmt: skip
def test_paths_are_parsed_strictly(path: str) -> None:
    with pytest.raises(InputError):
        parse_tile_path(path)


def test_a_tile_the_tree_has_not_yet_is_refused() -> None:
    tree = MerkleTree.from_leaf_hashes(leaf_hash(d) for d in _leaves(10))
    with pytest.raises(InputError, match="has no tile"):
        read_tile("tile/0/000.p/11", 10, tree.level_hashes, None)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="has no tile"):
        read_tile("tile/0/000", 10, tree.level_hashes, None)  # type: ignore[arg-type]
    assert len(read_tile("tile/0/000.p/4", 10, tree.level_hashes, None)) == 128  # type: ignore[arg-type]


def test_an_entry_too_long_for_a_bundle_is_a_clear_error() -> None:
    big = [b"x" * 70_000]
    tree = MerkleTree.from_leaf_hashes(leaf_hash(d) for d in big)
    with pytest.raises(InputError, match="GET /v1/entries"):
        read_tile("tile/entries/000.p/1", 1, tree.level_hashes, lambda a, b: big[a:b])
