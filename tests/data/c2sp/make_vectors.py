"""Regenerate c2sp-vectors.json with an independent implementation of the C2SP formats.

The vectors were produced by aics-tlog 0.2.1 (PyPI, Apache-2.0; a pure-Python implementation
of signed-note, tlog-checkpoint, tlog-cosignature and tlog-tiles written apart from Accord),
which needs Python >= 3.12 and is not a dependency of Accord. To regenerate:

    python3.12 -m venv /tmp/v && /tmp/v/bin/pip install aics-tlog==0.2.1
    /tmp/v/bin/python tests/data/c2sp/make_vectors.py > tests/data/c2sp/c2sp-vectors.json

tests/unit/test_ledger_c2sp_interop.py compares Accord's own output with these bytes.
"""

from __future__ import annotations

import base64
import hashlib
import json

from aics_tlog import Checkpoint, MerkleTree, TileWriter, sign_checkpoint, sign_cosignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

LOG_SEED = bytes(range(32))
WITNESS_SEED = bytes(range(32, 64))
ORIGIN = "example.org/accord-vectors"
WITNESS = "witness.example.org/w1"
TIMESTAMP = 1679315147
TILE_SIZES = (1, 7, 256, 257, 520, 65_536 + 300)


def leaf(i: int) -> bytes:
    return f"entry {i}\n".encode()


def main() -> None:
    log_key = Ed25519PrivateKey.from_private_bytes(LOG_SEED)
    witness_key = Ed25519PrivateKey.from_private_bytes(WITNESS_SEED)
    tree = MerkleTree([leaf(i) for i in range(7)])
    checkpoint = Checkpoint(ORIGIN, 7, tree.root())
    note = sign_checkpoint(checkpoint, log_key, ORIGIN)
    _blob, line = sign_cosignature(witness_key, WITNESS, TIMESTAMP, ORIGIN, 7, tree.root())
    cosig = f"— {line.name} {base64.b64encode(line.key_id + line.signature).decode()}\n"
    tiles = {}
    for size in TILE_SIZES:
        store = TileWriter([leaf(i) for i in range(size)]).to_memory_reader()
        files = dict(sorted(store.tiles.items()))  # path -> bytes
        tiles[str(size)] = {
            "root": base64.b64encode(MerkleTree([leaf(i) for i in range(size)]).root()).decode(),
            "files": {p: hashlib.sha256(b).hexdigest() for p, b in files.items()},
        }
    vectors = {
        "generator": "aics-tlog 0.2.1 (tests/data/c2sp/make_vectors.py)",
        "leaf": "entry <i>\\n (UTF-8)",
        "log_seed": LOG_SEED.hex(),
        "witness_seed": WITNESS_SEED.hex(),
        "origin": ORIGIN,
        "witness": WITNESS,
        "timestamp": TIMESTAMP,
        "signed_note": note.serialise().decode()
        if isinstance(note.serialise(), bytes)
        else note.serialise(),
        "cosignature_line": cosig,
        "tiles": tiles,
    }
    print(json.dumps(vectors, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
