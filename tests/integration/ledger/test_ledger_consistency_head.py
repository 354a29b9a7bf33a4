"""The consistency check in one request: the proof from a saved size comes with the signed
checkpoint it leads to, and the client trusts neither without checking (issue 15, item 5).

A transport between the client and a real service counts the requests and, for the attack
cases, rewrites the service's answer as a hostile operator would.
"""

from __future__ import annotations

import base64
import json
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from accord.errors import VerificationFailed
from accord.frontend._ledger_client import LedgerClient
from accord.ledger._checkpoint import Checkpoint, open_checkpoint, sign_checkpoint, verifier_key
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._keys import SigningKey
from accord.ledger.merkle import verify_consistency
from accord.service._app import create_app
from accord.service._state import ServiceConfig

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

Rewrite = Callable[[str, dict[str, Any]], dict[str, Any]]


@pytest.fixture
def service(tmp_path: Path) -> Iterator[TestClient]:
    """A service holding the JCPOA story (12 entries) and one note more: 13 entries."""
    cast = Cast()
    config = ServiceConfig(database=str(tmp_path / "ledger.db"), log_key=tmp_path / "log.key",
                           origin=cast.ledger, admin_id="registrar",
                           admin_key=cast.members["registrar"].key.public_key_b64)  # fmt: skip
    with TestClient(create_app(config), base_url="http://log.test") as http:
        state = http.app.state.ledger  # type: ignore[attr-defined]
        for logged in jcpoa_story(cast):
            state.committer.clock = lambda moment=logged.when: moment
            state.submit(logged.signed)[0].result(30)
        state.committer.clock = lambda: datetime(2016, 2, 1, tzinfo=UTC)
        note = cast.entry("iaea_inspector", "note", {"text": "quiet"}, "2016-02-01T00:00:00Z")
        state.submit(note)[0].result(30)
        yield http


def _client(
    service: TestClient, seen: list[str], rewrite: Rewrite | None = None, log_key: str = ""
) -> LedgerClient:
    """A client of ``service`` trusting its key (or ``log_key``), whose requests are listed in
    ``seen`` and whose JSON answers ``rewrite(path, answer)`` changes."""

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        answer = service.get(request.url.path, params=request.url.params)
        kind = answer.headers["content-type"]
        if rewrite is None or kind != "application/json":
            return httpx.Response(answer.status_code, content=answer.content,
                                  headers={"content-type": kind})  # fmt: skip
        return httpx.Response(answer.status_code, json=rewrite(request.url.path, answer.json()))

    vkey = log_key or service.app.state.ledger.verifier_key  # type: ignore[attr-defined]
    http = httpx.Client(transport=httpx.MockTransport(handle), base_url="http://log.test")
    return LedgerClient("http://log.test", log_key=vkey, http=http)


def _saved(service: TestClient, size: int) -> Checkpoint:
    """The log's checkpoint at ``size``, as a party saved it then."""
    state = service.app.state.ledger  # type: ignore[attr-defined]
    root = state.store.root(size)
    note = sign_checkpoint(Checkpoint(state.config.origin, size, root), state.config.origin,
                           state.log_key)  # fmt: skip
    return open_checkpoint(note, [state.verifier_key])


def test_the_proof_from_a_size_comes_with_the_signed_checkpoint_it_leads_to(
    service: TestClient,
) -> None:
    vkey = service.app.state.ledger.verifier_key  # type: ignore[attr-defined]
    answer = service.get("/v1/proofs/consistency", params={"old_size": 5}).json()
    head = open_checkpoint(answer["checkpoint"], [vkey])
    assert (answer["old_size"], answer["new_size"], head.size) == (5, 13, 13)
    assert base64.b64decode(answer["new_root"]) == head.root
    proof = [base64.b64decode(h) for h in answer["proof"]]
    assert verify_consistency(5, 13, proof, base64.b64decode(answer["old_root"]), head.root)
    between = service.get("/v1/proofs/consistency", params={"old_size": 5, "new_size": 13})
    assert between.json()["checkpoint"] is None
    assert between.json()["proof"] == answer["proof"]


def test_a_saved_checkpoint_is_checked_in_one_request_with_the_log_key_given(
    service: TestClient,
) -> None:
    seen: list[str] = []
    with _client(service, seen) as client:
        note, head = client.checkpoint_extending(_saved(service, 6))
        assert seen == ["/v1/proofs/consistency"]
        assert (note, head) == client.checkpoint()
    assert head.size == 13


def test_a_log_key_of_another_log_is_named_as_such(service: TestClient) -> None:
    other = verifier_key("example.org/other", SigningKey.from_seed(b"o" * 32).public_key)
    seen: list[str] = []
    with _client(service, seen, log_key=other) as client:
        assert client.origin == "example.org/other"
        with pytest.raises(VerificationFailed, match=r"but --log-key is for 'example\.org/other'"):
            client.checkpoint_extending(_saved(service, 6))
    assert seen == ["/v1/proofs/consistency", "/v1/log"]  # the identity asked to say why


def test_a_service_that_sends_no_checkpoint_is_asked_the_two_step_way(
    service: TestClient,
) -> None:
    def without_checkpoint(path: str, answer: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in answer.items() if k != "checkpoint"}

    seen: list[str] = []
    with _client(service, seen, without_checkpoint) as client:
        _note, head = client.checkpoint_extending(_saved(service, 6))
    assert head.size == 13
    assert seen == ["/v1/proofs/consistency", "/v1/checkpoint", "/v1/proofs/consistency"]


def test_a_checkpoint_the_log_key_did_not_sign_is_refused(service: TestClient) -> None:
    stranger = SigningKey.from_seed(b"s" * 32)

    def forged(path: str, answer: dict[str, Any]) -> dict[str, Any]:
        if answer.get("checkpoint"):
            head = Checkpoint(Cast().ledger, 13, base64.b64decode(answer["new_root"]))
            answer["checkpoint"] = sign_checkpoint(head, Cast().ledger, stranger)
        return answer

    with _client(service, [], forged) as client, pytest.raises(VerificationFailed, match="known"):
        client.checkpoint_extending(_saved(service, 6))


def test_a_proof_that_does_not_lead_to_the_signed_root_is_refused(service: TestClient) -> None:
    def flipped(path: str, answer: dict[str, Any]) -> dict[str, Any]:
        if "proof" in answer:
            first = bytearray(base64.b64decode(answer["proof"][0]))
            first[0] ^= 1
            answer["proof"][0] = base64.b64encode(bytes(first)).decode()
        return answer

    with (
        _client(service, [], flipped) as client,
        pytest.raises(VerificationFailed, match="not an extension of the one of 6"),
    ):
        client.checkpoint_extending(_saved(service, 6))


def test_an_older_signed_checkpoint_sent_with_the_proof_is_refused(service: TestClient) -> None:
    """A genuine checkpoint, but of another size than the proof leads to: refused."""
    older = service.app.state.ledger.store  # type: ignore[attr-defined]
    kept = [note for size, note in _kept_checkpoints(older) if size == 12]

    def stale(path: str, answer: dict[str, Any]) -> dict[str, Any]:
        if answer.get("checkpoint"):
            answer["checkpoint"] = kept[0]
        return answer

    with (
        _client(service, [], stale) as client,
        pytest.raises(VerificationFailed, match="not an extension of the one of 6"),
    ):
        client.checkpoint_extending(_saved(service, 6))


def _kept_checkpoints(store: Any) -> list[tuple[int, str]]:
    from sqlalchemy import select

    from accord.ledger.store._schema import checkpoints

    with store.engine.connect() as connection:
        rows = connection.execute(select(checkpoints.c.size, checkpoints.c.note)).all()
    return [(int(size), str(note)) for size, note in rows]


def test_a_log_that_shrank_is_named(service: TestClient) -> None:
    state = service.app.state.ledger  # type: ignore[attr-defined]
    bigger = Checkpoint(state.config.origin, 20, bytes(32))
    note = sign_checkpoint(bigger, state.config.origin, state.log_key)
    saved = open_checkpoint(note, [state.verifier_key])
    with _client(service, []) as client, pytest.raises(VerificationFailed, match="shrank"):
        client.checkpoint_extending(saved)


def test_the_proof_answer_is_json_of_the_documented_fields(service: TestClient) -> None:
    answer = service.get("/v1/proofs/consistency", params={"old_size": 0})
    assert answer.headers["content-type"] == "application/json"
    assert sorted(json.loads(answer.content)) == [
        "checkpoint", "new_root", "new_size", "old_root", "old_size", "proof"
    ]  # fmt: skip
