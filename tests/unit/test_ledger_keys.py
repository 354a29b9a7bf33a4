"""Participant keys: RFC 8032 vectors, refusal of unsound keys, proof of possession."""

from __future__ import annotations

import nacl.bindings
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from nacl.exceptions import BadSignatureError

from accord.errors import InputError, VerificationFailed
from accord.ledger._keys import (
    SMALL_ORDER_POINTS,
    SigningKey,
    check_public_key,
    decode_public_key,
    key_id,
    registration_message,
    require_signature,
    verify_possession,
    verify_signature,
)

# RFC 8032 §7.1, TEST 1 (empty message).
RFC_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
RFC_PUBLIC = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
RFC_SIGNATURE = bytes.fromhex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555"
    "fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)
IDENTITY = bytes.fromhex("01" + "00" * 31)
P = 2**255 - 19
LEDGER = "accord.example/jcpoa"


def test_rfc8032_test_1_key_and_signature() -> None:
    key = SigningKey.from_seed(RFC_SEED)
    assert key.public_key == RFC_PUBLIC
    assert key.sign(b"") == RFC_SIGNATURE
    assert verify_signature(RFC_PUBLIC, b"", RFC_SIGNATURE)
    assert not verify_signature(RFC_PUBLIC, b"x", RFC_SIGNATURE)
    assert key.seed == RFC_SEED
    assert key_id(RFC_PUBLIC) == key.key_id
    assert key.key_id.startswith("ed25519:")
    assert len(key.key_id) == len("ed25519:") + 16


def _double(point: bytes) -> bytes:
    return bytes(nacl.bindings.crypto_core_ed25519_add(point, point))


def test_the_eight_small_order_points_are_exactly_the_torsion_subgroup() -> None:
    """Checked with libsodium's own arithmetic: [8]P is the identity for each of the eight,
    and their orders are 1, 2, 4, 4, 8, 8, 8, 8 (the whole torsion subgroup)."""
    assert len(SMALL_ORDER_POINTS) == 8
    orders = []
    for point in SMALL_ORDER_POINTS:
        multiples = [point]
        for _ in range(3):
            multiples.append(_double(multiples[-1]))
        assert multiples[3] == IDENTITY  # [8]P = O
        orders.append(next(2**k for k, m in enumerate(multiples) if m == IDENTITY))
        assert not nacl.bindings.crypto_core_ed25519_is_valid_point(point)
    assert sorted(orders) == [1, 2, 4, 4, 8, 8, 8, 8]


def test_libsodium_itself_refuses_the_identity_key_and_a_malleated_signature() -> None:
    """What the ledger relies on: libsodium's verification, not a check of our own."""
    with pytest.raises(BadSignatureError):
        nacl.bindings.crypto_sign_open(IDENTITY + bytes(32) + b"anything", IDENTITY)
    order = 2**252 + 27742317777372353535851937790883648493
    s = int.from_bytes(RFC_SIGNATURE[32:], "little") + order
    with pytest.raises(BadSignatureError):
        nacl.bindings.crypto_sign_open(RFC_SIGNATURE[:32] + s.to_bytes(32, "little"), RFC_PUBLIC)
    assert nacl.bindings.crypto_sign_open(RFC_SIGNATURE, RFC_PUBLIC) == b""


@pytest.mark.parametrize("encoded", sorted(SMALL_ORDER_POINTS), ids=lambda b: b.hex()[:8])
def test_small_order_keys_are_refused(encoded: bytes) -> None:
    with pytest.raises(InputError, match="small order"):
        check_public_key(encoded)
    assert not verify_signature(encoded, b"message", IDENTITY + bytes(32))


def test_cryptography_alone_accepts_a_signature_by_the_identity_key_for_any_message() -> None:
    # The caution of the facts file, demonstrated: R = identity, S = 0 verifies for any message
    # under the identity key, so the ledger must refuse such keys itself.
    forged = IDENTITY + bytes(32)
    Ed25519PublicKey.from_public_bytes(IDENTITY).verify(forged, b"we surrender every warhead")
    assert not verify_signature(IDENTITY, b"we surrender every warhead", forged)


@pytest.mark.parametrize(
    ("encoded", "message"),
    [
        ((P).to_bytes(32, "little"), "not a canonical"),  # y = p
        ((P + 1).to_bytes(32, "little"), "not a canonical"),  # y = p + 1 ≡ 1: identity again
        ((1 | 1 << 255).to_bytes(32, "little"), "not a canonical"),  # "negative zero" x
        ((2).to_bytes(32, "little"), "not a canonical"),  # y = 2 is not on the curve
        (b"\x01" * 31, "32 bytes, got 31"),
        (b"\x01" * 33, "32 bytes, got 33"),
    ],
)
def test_non_canonical_or_malformed_encodings_are_refused(encoded: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        check_public_key(encoded)


def test_a_key_with_a_small_order_component_is_refused() -> None:
    good = SigningKey.from_seed(bytes(range(32))).public_key
    check_public_key(good)
    torsion = bytes.fromhex("ec" + "ff" * 30 + "7f")  # (0, -1), of order 2
    mixed = bytes(nacl.bindings.crypto_core_ed25519_add(good, torsion))
    with pytest.raises(InputError, match="small-order component"):
        check_public_key(mixed)


def test_generated_keys_are_accepted_and_sign() -> None:
    for _ in range(5):
        key = SigningKey.generate()
        check_public_key(key.public_key)
        assert verify_signature(key.public_key, b"m", key.sign(b"m"))


def test_a_malleated_signature_is_refused() -> None:
    order = 2**252 + 27742317777372353535851937790883648493
    s = int.from_bytes(RFC_SIGNATURE[32:], "little") + order
    malleated = RFC_SIGNATURE[:32] + s.to_bytes(32, "little")
    assert not verify_signature(RFC_PUBLIC, b"", malleated)
    assert not verify_signature(RFC_PUBLIC, b"", RFC_SIGNATURE[:63])
    assert not verify_signature(RFC_PUBLIC, "not bytes", RFC_SIGNATURE)  # type: ignore[arg-type]
    with pytest.raises(VerificationFailed, match="entry 3: the signature does not verify"):
        require_signature(RFC_PUBLIC, b"", malleated, "entry 3")


def test_proof_of_possession_binds_ledger_participant_key_and_challenge() -> None:
    alice, mallory = SigningKey.from_seed(b"a" * 32), SigningKey.from_seed(b"m" * 32)
    proof = alice.prove_possession(LEDGER, "us_delegate", "challenge-1")
    assert verify_possession(LEDGER, "us_delegate", alice.public_key, "challenge-1", proof)
    assert not verify_possession(LEDGER, "dprk_delegate", alice.public_key, "challenge-1", proof)
    assert not verify_possession(
        "other-ledger", "us_delegate", alice.public_key, "challenge-1", proof
    )
    assert not verify_possession(LEDGER, "us_delegate", alice.public_key, "challenge-2", proof)
    # Mallory cannot register Alice's key without Alice's private key...
    forged = mallory.prove_possession(LEDGER, "us_delegate", "challenge-1")
    assert not verify_possession(LEDGER, "us_delegate", alice.public_key, "challenge-1", forged)
    # ...nor a small-order key whose "signature" verifies for anything.
    assert not verify_possession(LEDGER, "x", IDENTITY, "challenge-1", IDENTITY + bytes(32))
    assert not verify_possession(LEDGER, "x", alice.public_key, "", proof)


def test_registration_message_is_canonical_and_purpose_tagged() -> None:
    message = registration_message(LEDGER, "iaea", RFC_PUBLIC, "c")
    assert message == (
        b"accord-ledger/registration/v1\n"
        b'{"challenge":"c","ledger":"accord.example/jcpoa","participant":"iaea",'
        b'"public_key":"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="}'
    )
    with pytest.raises(InputError, match="challenge"):
        registration_message(LEDGER, "iaea", RFC_PUBLIC, "c" * 257)


def test_pem_round_trip_and_bad_pem() -> None:
    key = SigningKey.generate()
    again = SigningKey.from_pem(key.to_pem().decode("ascii"))
    assert again.public_key == key.public_key
    assert repr(again) == f"SigningKey({key.key_id})"
    with pytest.raises(InputError, match="PKCS#8"):
        SigningKey.from_pem(b"-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n")
    ec_pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(InputError, match="not Ed25519"):
        SigningKey.from_pem(ec_pem)
    with pytest.raises(InputError, match="32 bytes"):
        SigningKey.from_seed(b"short")


def test_public_key_text_form() -> None:
    key = SigningKey.from_seed(RFC_SEED)
    assert decode_public_key(key.public_key_b64) == RFC_PUBLIC
    with pytest.raises(InputError, match="small order"):
        decode_public_key("AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
    with pytest.raises(InputError, match="base64"):
        decode_public_key("é")
