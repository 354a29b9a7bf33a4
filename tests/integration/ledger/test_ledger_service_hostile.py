"""Hostile bodies posted to the ledger service get a clean 4xx, under the limits of
:mod:`accord.limits` (issue 17): oversized, deeply nested, huge integers, NaN, binary."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

with warnings.catch_warnings():  # starlette asks for httpx2, which the lock file does not have
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from accord import limits
from accord.ledger._demo import Cast
from accord.service._app import create_app
from accord.service._config import ServiceConfig


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    cast = Cast()
    config = ServiceConfig(
        database=f"sqlite:///{tmp_path / 'hostile.db'}",
        log_key=tmp_path / "log.key",
        origin=cast.ledger,
        admin_key=cast.members["registrar"].key.public_key_b64,
        admin_id="registrar",
    )
    with TestClient(create_app(config)) as test_client:
        yield test_client


BODIES = {
    "over the request limit": b'{"entry": "' + b"x" * (limits.Limits().request_bytes + 1) + b'"}',
    "nested 100,000 deep": b"[" * 100_000 + b"]" * 100_000,
    "entry nested past its depth limit": b'{"entry": ' + b'{"a": ' * 40 + b"1" + b"}" * 41,
    "an integer of 5,000 digits": b'{"entry": ' + b"9" * 5000 + b"}",
    "NaN and infinity": b'{"entry": {"amount": NaN, "other": Infinity}, "signature": "AA=="}',
    "binary": bytes(range(256)) * 8,
    "an alias bomb in YAML": b"a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]",
}


@pytest.mark.parametrize("name", sorted(BODIES))
@pytest.mark.parametrize("path", ["/v1/entries", "/v1/participants"])
def test_hostile_body_gets_a_clean_4xx(client: TestClient, name: str, path: str) -> None:
    response = client.post(path, content=BODIES[name], headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500, (name, response.status_code, response.text)
    assert response.json()["detail"]
    assert client.get("/v1/log").json()["tree_size"] == 0


def test_the_service_reads_its_limits_from_the_one_list() -> None:
    from accord.ledger._entries import MAX_DEPTH, MAX_ENTRY_BYTES
    from accord.service._config import DEFAULT_MAX_BODY

    defaults = limits.Limits()
    assert (
        defaults.request_bytes,
        defaults.entry_bytes,
        defaults.entry_depth,
    ) == (DEFAULT_MAX_BODY, MAX_ENTRY_BYTES, MAX_DEPTH)


@pytest.mark.parametrize("path", ["/v1/entries", "/v1/participants"])
def test_an_unexpected_error_while_appending_is_a_400_not_a_500(
    client: TestClient, path: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """``POST /v1/entries`` is answered before the framework (``_fast_submit.LedgerApp``): it
    keeps the app's guarantee that nothing escapes as a 500, and logs what happened."""
    cast = Cast()
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    signed = cast.registration("iran_delegate", now)

    def broken(*_args: object) -> None:
        raise RuntimeError("the writer thread broke")

    monkeypatch.setattr(client.app.state.ledger, "submit_soon", broken)  # type: ignore[attr-defined]
    response = client.post(path, json=signed.to_dict())
    assert response.status_code == 400, response.text
    assert response.json()["detail"] == "the request could not be processed"
    assert "the writer thread broke" in caplog.text


def test_both_submission_routes_refuse_alike(client: TestClient) -> None:
    """The hot path and the framework's route give the same status and detail."""
    unsigned = {"entry": {"kind": "note"}}
    answers = [client.post(p, json=unsigned) for p in ("/v1/entries", "/v1/participants")]
    assert [a.status_code for a in answers] == [401, 401]
    assert answers[0].json() == answers[1].json()
    assert answers[0].headers["content-type"] == "application/json"


@pytest.mark.parametrize("path", ["/v1/entries", "/v1/participants"])
def test_request_bytes_just_under_and_just_over(client: TestClient, path: str) -> None:
    """A body of exactly ``request_bytes`` is read (and refused for what it says: 422), one
    byte more is refused unread (413)."""
    size = limits.Limits().request_bytes
    head, tail = b'{"entry": "', b'"}'
    for extra, status in ((0, 422), (1, 413)):
        body = head + b"x" * (size - len(head) - len(tail) + extra) + tail
        assert len(body) == size + extra
        response = client.post(path, content=body, headers={"content-type": "application/json"})
        assert response.status_code == status, (extra, response.text)
        assert response.json()["detail"]
