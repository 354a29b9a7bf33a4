"""``POST /v1/entries/batch``: entries appended in order, one receipt or refusal each; a
malformed entry refuses the whole request and stores nothing."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():  # starlette asks for httpx2, which the lock file does not have
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from accord.ledger._demo import Cast
from accord.ledger._receipts import parse_receipt, verify_receipt
from accord.service._app import create_app
from accord.service._routes_batch import MAX_BATCH
from accord.service._state import ServiceConfig


@pytest.fixture
def cast() -> Cast:
    return Cast()


@pytest.fixture
def client(cast: Cast, tmp_path: Path) -> Iterator[TestClient]:
    config = ServiceConfig(
        database=str(tmp_path / "ledger.db"),
        log_key=tmp_path / "log.key",
        origin=cast.ledger,
        admin_key=cast.members["registrar"].key.public_key_b64,
        admin_id="registrar",
    )
    with TestClient(create_app(config)) as test_client:
        yield test_client


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def batch(client: TestClient, entries: list[Any]) -> Any:
    return client.post("/v1/entries/batch", json={"entries": entries})


def test_a_batch_is_appended_in_order_with_a_signed_receipt_each(
    client: TestClient, cast: Cast
) -> None:
    """Delegates registered in the batch file notes later in the same batch."""
    signed = [
        cast.registration("iran_delegate", now()),
        cast.registration("us_delegate", now()),
        cast.entry("iran_delegate", "note", {"text": "one"}, now()),
        cast.entry("us_delegate", "note", {"text": "two"}, now()),
        cast.entry("iran_delegate", "note", {"text": "three"}, now()),
    ]
    response = batch(client, [s.to_dict() for s in signed])
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == [200] * 5
    log_key = client.get("/v1/log").json()["verifier_key"]
    for index, (result, sent) in enumerate(zip(results, signed, strict=True)):
        receipt = parse_receipt(result["receipt"])
        assert receipt.index == index
        head = verify_receipt(receipt, [log_key], sent=sent)
        assert head.size > index
    assert client.get("/v1/log").json()["tree_size"] == 5


def test_a_refused_entry_leaves_the_others_appended(client: TestClient, cast: Cast) -> None:
    registration = cast.registration("iran_delegate", now())
    assert client.post("/v1/participants", json=registration.to_dict()).status_code == 200
    first = cast.entry("iran_delegate", "note", {"text": "first"}, now())
    second = cast.entry("iran_delegate", "note", {"text": "second"}, now())
    response = batch(client, [first.to_dict(), first.to_dict(), second.to_dict()])
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [r["status"] for r in results] == [200, 409, 200]
    assert results[1]["code"] == "replay"
    assert "sequence" in results[1]["detail"]
    assert [r["receipt"]["index"] for r in (results[0], results[2])] == [1, 2]


def test_a_malformed_entry_refuses_the_whole_batch(client: TestClient, cast: Cast) -> None:
    registration = cast.registration("iran_delegate", now())
    unsigned = {"entry": registration.to_dict()["entry"]}
    cases = [
        ([registration.to_dict(), {"entry": {"kind": "note"}, "signature": "AAAA"}], 422),
        ([registration.to_dict(), unsigned], 401),
        ([], 422),
        ([registration.to_dict()] * (MAX_BATCH + 1), 422),
    ]
    for entries, status in cases:
        response = batch(client, entries)
        assert response.status_code == status, response.text
        if entries:
            assert response.json()["detail"].startswith(("entries[1]: ", '"entries"'))
    for body in (b"[]", b"{", b'{"entries": [], "more": 1}'):
        response = client.post("/v1/entries/batch", content=body)
        assert response.status_code == 422, response.text
    assert client.get("/v1/log").json()["tree_size"] == 0
