"""The C2SP tlog-tiles layout: a log's tree and entries as static, cacheable files.

A *tile* at level ``L`` and index ``N`` is the concatenation of up to 256 consecutive hashes of
the tree at height ``8 * L``: hash ``i`` is MTH(D[(N*256 + i) * 256**L : (N*256 + i + 1) *
256**L]) (level 0: leaf hashes). A full tile holds 256 hashes (8,192 bytes); the rightmost tile
of a level is *partial*, ``floor(size / 256**L) mod 256`` hashes wide, at ``.p/<W>``. Paths::

    tile/<L>/<N>[.p/<W>]          the hashes
    tile/entries/<N>[.p/<W>]      the entries (each a big-endian uint16 length, then its bytes)

with ``N`` written in 3-digit groups, all but the last prefixed by ``x`` (1234067 ->
``x001/x234/067``). From the tiles a client computes any inclusion or consistency proof itself;
every tile is immutable (a partial tile of width W never changes either), so any HTTP cache or a
plain file server can serve them.

Examples
--------
>>> tile_path(0, 1234067), tile_path(1, 5, 17), entries_path(0, 3)
('tile/0/x001/x234/067', 'tile/1/005.p/17', 'tile/entries/000.p/3')
>>> parse_tile_path("tile/1/005.p/17")
(1, 5, 17)
>>> [tile_path(*t) for t in tiles_for_size(256)]
['tile/0/000', 'tile/1/000.p/1']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from accord.errors import InputError

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
MAX_BUNDLE_ENTRY = 0xFFFF
"""Largest entry an entry bundle can hold (its length is a uint16)."""

_INDEX = re.compile(r"^(?:x[0-9]{3}/)*[0-9]{3}$")


def encode_index(index: int) -> str:
    """``N`` as path elements: 3-digit groups, all but the last prefixed by ``x``.

    >>> encode_index(0), encode_index(1000)
    ('000', 'x001/000')
    """
    if index < 0:
        raise InputError(f"a tile index is >= 0, not {index}")
    groups = []
    while True:
        groups.append(f"{index % 1000:03d}")
        index //= 1000
        if index == 0:
            break
    groups.reverse()
    return "/".join([*(f"x{g}" for g in groups[:-1]), groups[-1]])


def _suffix(width: int) -> str:
    if not 1 <= width <= TILE_WIDTH:
        raise InputError(f"a tile is 1 to {TILE_WIDTH} hashes wide, not {width}")
    return "" if width == TILE_WIDTH else f".p/{width}"


def tile_path(level: int, index: int, width: int = TILE_WIDTH) -> str:
    """The path of a hash tile."""
    if not 0 <= level <= 63:
        raise InputError(f"a tile level is 0 to 63, not {level}")
    return f"tile/{level}/{encode_index(index)}{_suffix(width)}"


def entries_path(index: int, width: int = TILE_WIDTH) -> str:
    """The path of an entry bundle."""
    return f"tile/entries/{encode_index(index)}{_suffix(width)}"


def parse_tile_path(path: str) -> tuple[int | None, int, int]:
    """(level, or None for an entry bundle; index; width) of a tile path, strictly.

    >>> parse_tile_path("tile/entries/x001/234")
    (None, 1234, 256)
    >>> parse_tile_path("tile/0/1")
    Traceback (most recent call last):
    ...
    accord.errors.InputError: not a tile path: 'tile/0/1'
    """
    match = re.fullmatch(r"tile/(entries|0|[1-9][0-9]?)/(.+?)(?:\.p/([1-9][0-9]{0,2}))?", path)
    if match is None or not _INDEX.match(match[2]):
        raise InputError(f"not a tile path: {path!r}")
    level = None if match[1] == "entries" else int(match[1])
    width = TILE_WIDTH if match[3] is None else int(match[3])
    index = int(match[2].replace("x", "").replace("/", ""))
    bad_width = width > TILE_WIDTH - (match[3] is not None)
    if (level is not None and level > 63) or bad_width or encode_index(index) != match[2]:
        raise InputError(f"not a tile path: {path!r}")
    return level, index, width


def tiles_for_size(size: int) -> list[tuple[int, int, int]]:
    """Every hash tile (level, index, width) of a tree of ``size`` leaves, partial ones included.

    >>> len(tiles_for_size(70_000))  # the spec's example: 273 + 1 + 1 + 1 + 1
    277
    """
    found = []
    level = 0
    while size >> (TILE_HEIGHT * level):
        hashes = size >> (TILE_HEIGHT * level)
        found += [(level, n, TILE_WIDTH) for n in range(hashes // TILE_WIDTH)]
        if hashes % TILE_WIDTH:
            found.append((level, hashes // TILE_WIDTH, hashes % TILE_WIDTH))
        level += 1
    return found


def check_tile(size: int, level: int, index: int, width: int) -> None:
    """Raise :class:`InputError` unless a tree of ``size`` leaves has that tile."""
    have = size >> (TILE_HEIGHT * level)
    if index * TILE_WIDTH + width > have:
        raise InputError(
            f"the log of {size} entries has no tile {tile_path(level, index, width)} yet"
        )


def read_tile(
    path: str,
    size: int,
    hashes: Callable[[int, int, int], bytes],
    entries: Callable[[int, int], Iterable[bytes]],
) -> bytes:
    """The bytes at ``path`` (a tile or an entry bundle) of a tree of ``size`` leaves.

    ``hashes(height, start, stop)`` gives stored tree hashes (:meth:`MerkleTree.level_hashes
    <accord.ledger.merkle._tree.MerkleTree.level_hashes>`), ``entries(start, stop)`` the
    entries' bytes. :class:`InputError` for a malformed path or a tile the tree has not.

    >>> from accord.ledger.merkle import MerkleTree, leaf_hash
    >>> tree = MerkleTree.from_leaf_hashes(leaf_hash(bytes([i])) for i in range(3))
    >>> read_tile("tile/0/000.p/2", 3, tree.level_hashes, None) == tree.level_hashes(0, 0, 2)
    True
    """
    level, index, width = parse_tile_path(path)
    check_tile(size, level or 0, index, width)
    start = index * TILE_WIDTH
    if level is None:
        return entry_bundle(entries(start, start + width))
    return hashes(TILE_HEIGHT * level, start, start + width)


def entry_bundle(entries: Iterable[bytes]) -> bytes:
    """Entries as a bundle: each a big-endian uint16 length, then its bytes.

    >>> entry_bundle([b"ab", b""])
    b'\\x00\\x02ab\\x00\\x00'
    """
    out = bytearray()
    for number, data in enumerate(entries):
        if len(data) > MAX_BUNDLE_ENTRY:
            raise InputError(
                f"entry {number} of the bundle is {len(data)} bytes, more than an entry bundle "
                f"holds ({MAX_BUNDLE_ENTRY}); read it from GET /v1/entries"
            )
        out += len(data).to_bytes(2, "big") + data
    return bytes(out)


__all__ = [
    "MAX_BUNDLE_ENTRY",
    "TILE_HEIGHT",
    "TILE_WIDTH",
    "check_tile",
    "encode_index",
    "entries_path",
    "entry_bundle",
    "parse_tile_path",
    "read_tile",
    "tile_path",
    "tiles_for_size",
]
