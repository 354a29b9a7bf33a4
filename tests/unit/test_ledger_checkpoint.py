"""Checkpoints: the C2SP signed-note format (anchored to the Go note vector), strict parsing."""

from __future__ import annotations

import base64

import pytest

from accord.errors import VerificationFailed
from accord.ledger._checkpoint import (
    Checkpoint,
    note_key_id,
    open_checkpoint,
    open_note,
    parse_checkpoint_text,
    parse_verifier_key,
    sign_checkpoint,
    sign_note,
    verifier_key,
)
from accord.ledger._keys import SigningKey
from accord.ledger.merkle import root_hash

# golang.org/x/mod/sumdb/note (note_test.go and the package documentation's example).
GO_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_SIGNATURE_LINE = (
    "— PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)
GO_NOTE = GO_TEXT + "\n" + GO_SIGNATURE_LINE

KEY = SigningKey.from_seed(bytes(range(32)))
ORIGIN = "accord.example/jcpoa-demo"
VKEY = verifier_key(ORIGIN, KEY.public_key)


def _go_key() -> SigningKey:
    raw = base64.b64decode(GO_SIGNER.split("+", 4)[4])
    assert raw[0] == 1  # the Ed25519 type byte
    return SigningKey.from_seed(raw[1:])


def test_our_signature_reproduces_the_go_note_byte_for_byte() -> None:
    key = _go_key()
    assert verifier_key("PeterNeumann", key.public_key) == GO_VERIFIER
    assert note_key_id("PeterNeumann", key.public_key).hex() == "c74f20a3"
    assert sign_note(GO_TEXT, "PeterNeumann", key) == GO_SIGNATURE_LINE
    assert open_note(GO_NOTE, [GO_VERIFIER]) == GO_TEXT
    with pytest.raises(VerificationFailed, match="does not verify"):
        open_note(GO_NOTE.replace("cryptography", "cryptographY"), [GO_VERIFIER])


def test_checkpoint_round_trip_with_the_facts_root() -> None:
    root = root_hash([bytes.fromhex(h) for h in ("", "00", "10", "2021", "3031", "40414243",
                                                 "5051525354555657",
                                                 "606162636465666768696a6b6c6d6e6f")])  # fmt: skip
    checkpoint = Checkpoint(ORIGIN, 8, root)
    note = sign_checkpoint(checkpoint, ORIGIN, KEY)
    assert note.startswith(
        f"{ORIGIN}\n8\nXcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\n\n— {ORIGIN} "
    )
    assert open_checkpoint(note, [VKEY], origin=ORIGIN) == checkpoint
    assert checkpoint.to_dict()["root"] == base64.b64encode(root).decode()


def test_extension_lines_and_cosignatures_are_kept_or_ignored() -> None:
    checkpoint = Checkpoint(ORIGIN, 3, bytes(32), ("Timestamp: 1700000000",))
    note = sign_checkpoint(checkpoint, ORIGIN, KEY)
    witness = SigningKey.from_seed(b"w" * 32)
    cosigned = note + sign_note(checkpoint.text(), "witness.example", witness)
    assert open_checkpoint(cosigned, [VKEY]) == checkpoint
    wkey = verifier_key("witness.example", witness.public_key)
    assert open_checkpoint(cosigned, [wkey]) == checkpoint


def test_wrong_key_wrong_origin_and_unsigned_notes_are_refused() -> None:
    note = sign_checkpoint(Checkpoint(ORIGIN, 3, bytes(32)), ORIGIN, KEY)
    other = verifier_key(ORIGIN, SigningKey.from_seed(b"o" * 32).public_key)
    with pytest.raises(VerificationFailed, match="no signature by a known key"):
        open_checkpoint(note, [other])
    with pytest.raises(VerificationFailed, match=r"for 'accord\.example/jcpoa-demo', not 'x'"):
        open_checkpoint(note, [VKEY], origin="x")
    tampered = note.replace("\n3\n", "\n4\n")
    with pytest.raises(VerificationFailed, match="does not verify"):
        open_checkpoint(tampered, [VKEY])


GOOD_ROOT = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"{ORIGIN}\n3\n{GOOD_ROOT}", "ends with a newline"),
        (f"{ORIGIN}\r\n3\n{GOOD_ROOT}\n", "carriage return"),
        (f"{ORIGIN}\n3\n", "an origin, a size and a root hash"),
        (f"\n3\n{GOOD_ROOT}\n", "the origin is empty"),
        (f" {ORIGIN}\n3\n{GOOD_ROOT}\n", "outer spaces"),
        (f"{ORIGIN}\n03\n{GOOD_ROOT}\n", "'03' is not canonical"),
        (f"{ORIGIN}\n+3\n{GOOD_ROOT}\n", "'\\+3' is not canonical"),
        (f"{ORIGIN}\n-1\n{GOOD_ROOT}\n", "'-1' is not canonical"),
        (f"{ORIGIN}\n18446744073709551616\n{GOOD_ROOT}\n", "not canonical"),
        (f"{ORIGIN}\n3\nAAAA\n", "not 32 bytes"),
        (f"{ORIGIN}\n3\n{GOOD_ROOT[:-1]}\n", "not valid base64"),
        (f"{ORIGIN}\n3\n{GOOD_ROOT[:-2]}B=\n", "not canonical base64"),
        (f"{ORIGIN}\n3\n{GOOD_ROOT}\n\nextra\n", "no empty line"),
    ],
)
def test_checkpoint_text_is_parsed_strictly(text: str, message: str) -> None:
    with pytest.raises(VerificationFailed, match=message):
        parse_checkpoint_text(text)


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda n: n[:-1], "text, a blank line and signature lines"),
        (lambda n: n.replace("\n\n", "\n"), "text, a blank line and signature lines"),
        (lambda n: n.replace("— ", "- "), "is not '— <name> <base64>'"),
        (lambda n: n.replace("— ", "—  "), "is not '— <name> <base64>'"),
        (lambda n: n + "— x\n", "signature line 2 is not"),
        (lambda n: n + "— x AAAA\n", "signature line 2 is too short"),
        (lambda n: n + "— x !!!!\n", "signature line 2 is not valid base64"),
        (lambda n: n + "— a+b AAAAAAAA\n", "signature line 2 is not"),
        (lambda n: n + "x" * 70_000 + "\n", "larger than"),
    ],
)
def test_signed_notes_are_parsed_strictly(mangle: object, message: str) -> None:
    note = sign_checkpoint(Checkpoint(ORIGIN, 3, bytes(32)), ORIGIN, KEY)
    with pytest.raises(VerificationFailed, match=message):
        open_checkpoint(mangle(note), [VKEY])  # type: ignore[operator]


@pytest.mark.parametrize(
    ("vkey", "message"),
    [
        ("PeterNeumann+c74f20a3", "a verifier key is"),
        ("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "id does not match"),
        (
            "PeterNeumann+c74f20a3+Apc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW=",
            "not canonical base64",
        ),
        ("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW", "a verifier key is"),
    ],
)
def test_verifier_keys_are_parsed_strictly(vkey: str, message: str) -> None:
    with pytest.raises(VerificationFailed, match=message):
        parse_verifier_key(vkey)
    name, key_id, public_key = parse_verifier_key(GO_VERIFIER)
    assert (name, key_id.hex(), len(public_key)) == ("PeterNeumann", "c74f20a3", 32)
    with pytest.raises(VerificationFailed, match="key name"):
        verifier_key("has space", public_key)


def test_a_verifier_key_with_a_plus_in_its_base64_parses() -> None:
    # transparency-dev/formats note tests: the base64 of this key contains a '+'.
    name, key_id, _ = parse_verifier_key(
        "TEST+7997405c+AQcC+FTVKf0jlTdHDY3rbevmnKxxPjigCXlVtGe6RIr6"
    )
    assert (name, key_id.hex()) == ("TEST", "7997405c")


@pytest.mark.parametrize("bad", ["tab\there\n", "bell\x07\n", "no newline", "del\x7f\n"])
def test_note_text_with_control_characters_is_neither_signed_nor_opened(bad: str) -> None:
    with pytest.raises(VerificationFailed, match="control character"):
        sign_note(bad, ORIGIN, KEY)
    if bad.endswith("\n"):  # a control character inside an otherwise well-formed note
        with pytest.raises(VerificationFailed, match="control character"):
            open_note(bad + "\n" + sign_note("x\n", ORIGIN, KEY), [VKEY])
