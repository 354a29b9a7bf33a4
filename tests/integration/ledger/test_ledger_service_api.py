"""The ledger service API in-process: the JCPOA demo story, receipts, proofs, refusals."""

from __future__ import annotations

import base64
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

with warnings.catch_warnings():  # starlette asks for httpx2, which the lock file does not have
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._entries import LoggedEntry, make_entry
from accord.ledger.merkle import verify_consistency, verify_inclusion
from accord.service._app import create_app
from accord.service._config import ServiceConfig


def b64d(text: str) -> bytes:
    return base64.b64decode(text)


@pytest.fixture
def cast() -> Cast:
    return Cast()


def service_config(cast: Cast, database: str, tmp_path: Path) -> ServiceConfig:
    registrar = cast.members["registrar"]
    return ServiceConfig(
        database=database,
        log_key=tmp_path / "log.key",
        origin=cast.ledger,
        admin_key=registrar.key.public_key_b64,
        admin_id="registrar",
    )


@pytest.fixture
def client(cast: Cast, tmp_path: Path, any_url: str) -> Iterator[TestClient]:
    """The service on SQLite, then on PostgreSQL (tests marked postgres)."""
    config = service_config(cast, any_url, tmp_path)
    with TestClient(create_app(config)) as test_client:
        yield test_client


def at(client: TestClient, moment: datetime) -> None:
    """Set the service's clock (the log time of what is submitted next)."""
    client.app.state.ledger.committer.clock = lambda: moment  # type: ignore[attr-defined]


def post(client: TestClient, logged: LoggedEntry) -> dict[str, object]:
    """Submit a story entry with the service's clock at the time the entry states."""
    at(client, logged.when)
    path = "/v1/participants" if logged.envelope.kind == "registration" else "/v1/entries"
    response = client.post(path, json=logged.signed.to_dict())
    assert response.status_code == 200, response.text
    result: dict[str, object] = response.json()
    return result


def test_ledger_service_story_receipts_prove_inclusion(client: TestClient, cast: Cast) -> None:
    story = jcpoa_story(cast)
    for expected_index, signed in enumerate(story):
        receipt = post(client, signed)
        assert receipt["index"] == expected_index
        assert b64d(str(receipt["leaf_hash"])) == signed.leaf_hash()
        assert verify_inclusion(
            signed.leaf_hash(),
            expected_index,
            int(str(receipt["tree_size"])),
            [b64d(h) for h in receipt["inclusion_proof"]],  # type: ignore[attr-defined]
            b64d(str(receipt["root_hash"])),
        )
    info = client.get("/v1/log").json()
    assert info["tree_size"] == len(story)
    entry = client.get("/v1/entries/4", params={"tree_size": 6}).json()
    assert entry["kind"] == "agreement"
    assert entry["submitter"] == "us_delegate"
    assert entry["entry"] == story[4].to_dict()
    assert verify_inclusion(
        story[4].leaf_hash(),
        4,
        6,
        [b64d(h) for h in entry["inclusion_proof"]],
        b64d(entry["root_hash"]),
    )
    proof = client.get("/v1/proofs/consistency", params={"old_size": 3, "new_size": 10}).json()
    assert verify_consistency(
        3, 10, [b64d(h) for h in proof["proof"]], b64d(proof["old_root"]), b64d(proof["new_root"])
    )
    status = client.get("/v1/agreements/4/compliance", params={"as_of": "2016-03-01"}).json()
    assert {s: n for s, n in status["counts"].items() if n} == {
        "claimed": 1,
        "verified": 2,
        "overdue": 3,
    }
    assert status["consent"]["status"] == "in_force"
    early = client.get("/v1/agreements/4/compliance", params={"as_of": "2015-09-01"}).json()
    assert early["counts"]["pending"] == 6
    assert client.get("/v1/agreements/3/compliance").status_code == 404
    assert client.get("/v1/agreements/99/compliance").status_code == 404
    assert client.get("/v1/agreements/4/compliance", params={"as_of": "soon"}).status_code == 422
    people = {p["participant"]: p for p in client.get("/v1/participants").json()}
    assert people["registrar"]["registered_at"] == -1
    assert people["iaea_inspector"]["scope"] == "iaea"
    assert people["iran_delegate"]["last_sequence"] == 3


def fresh(client: TestClient, cast: Cast, who: str, kind: str, body: dict[str, object]) -> object:
    """An entry by ``who`` with the next sequence number the service expects."""
    last = client.get(f"/v1/participants/{who}").json()["last_sequence"]
    signed = make_entry(
        cast.members[who].key,
        ledger=cast.ledger,
        submitter=who,
        kind=kind,
        body=body,
        sequence=last + 1,
        timestamp="2015-08-01T00:00:00Z",
    )
    at(client, datetime(2015, 8, 1, tzinfo=UTC))
    return signed.to_dict()


def refusal(client: TestClient, signed: object, status: int, path: str = "/v1/entries") -> str:
    size = client.get("/v1/log").json()["tree_size"]
    response = client.post(path, json=signed)
    assert response.status_code == status, response.text
    assert client.get("/v1/log").json()["tree_size"] == size  # nothing stored
    detail: str = response.json()["detail"]
    return detail if isinstance(detail, str) else str(detail)


def test_ledger_service_refuses_bad_submissions_and_stores_nothing(
    client: TestClient, cast: Cast
) -> None:
    story = jcpoa_story(cast)
    for signed in story[:7]:
        post(client, signed)
    claim = story[7]
    unsigned = {"entry": claim.signed.to_dict()["entry"]}
    assert "not signed" in refusal(client, unsigned, 401)
    forged = dict(claim.signed.to_dict(), signature=base64.b64encode(bytes(64)).decode())
    assert "does not verify" in refusal(client, forged, 401)
    assert "invalid" in refusal(client, {"entry": {"kind": "note"}, "signature": "AA=="}, 422)
    assert refusal(client, {"entry": "x"}, 422)
    assert refusal(client, [1, 2], 422)
    declaration = {"party": "iran", "subject": "sites", "statement": "none"}
    wrong_role = fresh(client, cast, "us_delegate", "declaration", declaration)
    assert "not of iran" in refusal(client, wrong_role, 403)
    assert "observer" in refusal(client, fresh(client, cast, "press", "note", {"text": "hi"}), 403)
    report = {
        "agreement": 4,
        "commitment": "s1.iran.ap_notification",
        "means": "iaea",
        "finding": "confirmed",
        "summary": "seen",
    }
    assert "inspectors" in refusal(
        client, fresh(client, cast, "us_delegate", "inspection_report", report), 403
    )
    bad_reference = dict(report, agreement=2)
    assert "not an agreement" in refusal(
        client, fresh(client, cast, "iaea_inspector", "inspection_report", bad_reference), 422
    )
    post(client, claim)
    assert "replay" in refusal(client, claim.signed.to_dict(), 409)
    big = {"entry": {"text": "x" * 600_000}, "signature": "AA=="}
    assert "exceeds" in refusal(client, big, 413)
    proposal = {"party": "iran", "title": "t", "text": "t", "package": {"blob": "z" * 300_000}}
    large = dict(claim.signed.to_dict()["entry"], kind="proposal", body=proposal)
    assert "larger than" in refusal(client, {"entry": large, "signature": "A" * 86 + "=="}, 413)
    assert "registration" in refusal(client, story[6].signed.to_dict(), 422, "/v1/participants")


def test_ledger_service_streamed_oversized_and_malformed_bodies(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(100):
            yield b"x" * 10_000

    streamed = client.post(
        "/v1/entries", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    assert client.post("/v1/entries", content=b"{not json").status_code == 422
    assert (
        client.post("/v1/entries", content=b"x", headers={"content-length": "abc"}).status_code
        == 400
    )
    assert client.get("/v1/log").json()["tree_size"] == 0


def test_ledger_service_read_errors_are_4xx(client: TestClient) -> None:
    assert client.get("/v1/entries/0").status_code == 404
    assert client.get("/v1/entries/-1").status_code == 422
    assert client.get("/v1/entries/99999999999999999999999").status_code == 422
    assert client.get("/v1/proofs/consistency", params={"old_size": 5}).status_code == 404
    assert client.get("/v1/participants/nobody").status_code == 404
    assert client.get("/v1/proofs/consistency", params={"old_size": 0}).json()["proof"] == []
