"""Accord's C2SP bytes against other implementations and the specifications' own examples.

- ``tests/data/c2sp/c2sp-vectors.json``: made by an independent implementation (aics-tlog 0.2.1;
  see ``make_vectors.py`` beside it): a log's signed checkpoint, a witness cosignature, tiles.
- transparency-dev/witness's test data (the ``monkeys`` log: two signed checkpoints, the
  consistency proof between them, a witness private key in Go ``note`` format).
- transparency-dev/formats's test data: a live witness's cosignature/v1 verifier key.
- C2SP tlog-cosignature's example cosignature line and the signed message it describes.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from accord.errors import VerificationFailed
from accord.ledger._checkpoint import (
    Checkpoint,
    open_checkpoint,
    parse_verifier_key,
    sign_checkpoint,
    split_note,
    verifier_key,
)
from accord.ledger._cosignature import (
    cosign,
    cosigned_message,
    cosigner_key,
    parse_cosigner_key,
    verify_quorum,
)
from accord.ledger._keys import SigningKey
from accord.ledger.merkle import MerkleTree, check_consistency, leaf_hash

VECTORS = json.loads(
    (Path(__file__).parents[1] / "data" / "c2sp" / "c2sp-vectors.json").read_text("utf-8")
)


def _tree(size: int) -> MerkleTree:
    return MerkleTree.from_leaf_hashes(leaf_hash(f"entry {i}\n".encode()) for i in range(size))


def test_the_log_signature_is_byte_for_byte_the_other_implementations() -> None:
    log_key = SigningKey.from_seed(bytes.fromhex(VECTORS["log_seed"]))
    origin = VECTORS["origin"]
    note = sign_checkpoint(Checkpoint(origin, 7, _tree(7).root()), origin, log_key)
    assert note == VECTORS["signed_note"]


def test_the_cosignature_is_byte_for_byte_the_other_implementations() -> None:
    witness = SigningKey.from_seed(bytes.fromhex(VECTORS["witness_seed"]))
    text = Checkpoint(VECTORS["origin"], 7, _tree(7).root()).text()
    line = cosign(text, VECTORS["witness"], witness, VECTORS["timestamp"])
    assert line == VECTORS["cosignature_line"]
    vkey = cosigner_key(VECTORS["witness"], witness.public_key)
    note = VECTORS["signed_note"] + VECTORS["cosignature_line"]
    [found] = verify_quorum(note, [vkey], 1)
    assert (found.witness, found.timestamp) == (VECTORS["witness"], VECTORS["timestamp"])


def test_a_cosignature_is_the_spec_message_signed_by_hand() -> None:
    """C2SP tlog-cosignature, computed here from the text of the spec, not through Accord."""
    seed = bytes(range(100, 132))
    text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    message = (
        b"cosignature/v1\ntime 1679315147\n"
        b"example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    )
    assert cosigned_message(text, 1679315147) == message
    raw = Ed25519PrivateKey.from_private_bytes(seed)
    public = SigningKey.from_seed(seed).public_key
    import hashlib

    key_id = hashlib.sha256(b"witness.example.com/w1\n\x04" + public).digest()[:4]
    blob = key_id + (1679315147).to_bytes(8, "big") + raw.sign(message)
    expected = f"— witness.example.com/w1 {base64.b64encode(blob).decode()}\n"
    assert cosign(text, "witness.example.com/w1", SigningKey.from_seed(seed), 1679315147) == (
        expected
    )


def test_the_spec_example_cosignature_has_the_spec_layout() -> None:
    """The example line of C2SP tlog-cosignature: key id, 8-byte time, 64-byte signature."""
    note = (
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n"
        "— example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5"
        "/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
        "— witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dl"
        "rDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
    )
    _text, signatures = split_note(note)
    name, _key_id, blob = signatures[1]
    assert name == "witness.example.com/w1"
    assert len(blob) == 8 + 64
    assert int.from_bytes(blob[:8], "big") == 1679315147  # the spec's "time 1679315147"


def test_a_live_witness_verifier_key_parses_with_its_id() -> None:
    """transparency-dev/formats: a cosignature/v1 vkey (type 0x04) and a note vkey (0x01)."""
    name, key_id, _ = parse_cosigner_key(
        "remora.n621.de+da77ade7+BOvN63jn/bLvkieywe8R6UYAtVtNbZpXh34x7onlmtw2"
    )
    assert (name, key_id.hex()) == ("remora.n621.de", "da77ade7")
    assert parse_verifier_key("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6")[0] == (
        "TEST"
    )
    with pytest.raises(VerificationFailed):
        parse_cosigner_key("TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6")


MONKEYS_KEY = "monkeys+db4d9f7e+AULaJMvTtDLHPUcUrjdDad9vDlh/PTfC2VV60JUtCfWT"
MONKEYS_5 = (
    "monkeys\n5\n41smjBUiAU70EtKlT6lIOIYtRTYxYXsDB+XHfcvu/BE=\n\n— monkeys 202fftzGl3LVoqjXfwCFZ"
    "ZXs8I+5G22+Ek2K0AOyBuSJ/8/CZawNF+6fNlTKOCd622pbzJNkkJFWuw9DbicZCkEx9AY=\n"
)
MONKEYS_8 = (
    "monkeys\n8\nV8K9aklZ4EPB+RMOk1/8VsJUdFZR77GDtZUQq84vSbo=\n\n— monkeys 202ffoUEboiQYpHzICeaF"
    "moy3RNviHTpAxYrq/eO4QQVQMvu9UebKBMX2MJC76NLthZaKsnKbCA8GxrjePZhvDCH7Ag=\n"
)
MONKEYS_PROOF = [
    bytes.fromhex(h)
    for h in (
        "b9e1d62618f7fee8034e4c5010f727ab24d8e4705cb296c374bf2025a87a10d2",
        "aac66cd7a79ce4012d80762fe8eec3a77f22d1ca4145c3f4cee022e7efcd599d",
        "89d0f753f66a290c483b39cd5e9eafb12021293395fad3d4a2ad053cfbcfdc9e",
        "29e40bb79c966f4c6fe96aff6f30acfce5f3e8d84c02215175d6e018a5dee833",
    )
]
WITNESS_SKEY = "PRIVATE+KEY+witness+f13a86db+AaLa/dfyBhyo/m0Z7WCi98ENVZWtrP8pxgRNrx7tIWiA"


def test_the_transparency_dev_witness_test_log_verifies() -> None:
    old = open_checkpoint(MONKEYS_5, [MONKEYS_KEY], origin="monkeys")
    new = open_checkpoint(MONKEYS_8, [MONKEYS_KEY], origin="monkeys")
    check_consistency(old.size, new.size, MONKEYS_PROOF, old.root, new.root)
    with pytest.raises(VerificationFailed):
        check_consistency(old.size, new.size, MONKEYS_PROOF[::-1], old.root, new.root)


def test_a_go_note_private_key_gives_the_same_key_hash() -> None:
    """Go's ``PRIVATE+KEY+name+hash+base64(0x01 || seed)``: the same key, the same id here."""
    _p, _k, name, key_hash, material = WITNESS_SKEY.split("+")
    raw = base64.b64decode(material)
    key = SigningKey.from_seed(raw[1:])
    assert raw[:1] == b"\x01"
    assert verifier_key(name, key.public_key).split("+")[1] == key_hash
