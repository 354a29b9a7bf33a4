"""Witnesses against a log that shows two histories: two services sharing one log key.

Service A and service B have the same origin and the same log key; their entry 10 differs. The
parties' witness cosigns A's checkpoint first; when B sends its own, the witness refuses it (a
fork at the same size, a rewrite at a larger one) and keeps both signed checkpoints as evidence;
a client that demands that witness's cosignature gets none from B; and a client that saved A's
checkpoint catches B by the consistency proof.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from accord.errors import VerificationFailed
from accord.frontend._ledger_client import LedgerClient
from accord.ledger._checkpoint import open_checkpoint
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._entries import LoggedEntry
from accord.ledger._keys import SigningKey
from accord.ledger._witness import Witness
from accord.ledger.store._witness_state import WitnessStore
from accord.service._config import ServiceConfig
from accord.service._opening import open_state
from accord.service._state import ServiceState
from accord.service._witnessing import WitnessEndpoint, Witnessing

STORY = len(jcpoa_story(Cast()))

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def _service(tmp_path: Path, cast: Cast, name: str) -> ServiceState:
    config = ServiceConfig(
        database=str(tmp_path / name),
        log_key=tmp_path / "log.key",  # one key for both services
        origin=cast.ledger,
        admin_key=cast.members["registrar"].key.public_key_b64,
        admin_id="registrar",
    )
    return open_state(config)


def _log(state: ServiceState, entries: list[LoggedEntry]) -> None:
    for logged in entries:
        state.committer.clock = lambda moment=logged.when: moment
        state.submit(logged.signed)[0].result(30)


def _note(state: ServiceState, cast: Cast, text: str) -> None:
    state.committer.clock = lambda: datetime(2016, 2, 1, tzinfo=UTC)
    entry = cast.entry("iaea_inspector", "note", {"text": text}, "2016-02-01T00:00:00Z")
    state.submit(entry)[0].result(30)


@pytest.fixture
def witness(tmp_path: Path) -> Iterator[tuple[Witness, Any]]:
    """The parties' witness, following the log's key, behind its HTTP app."""
    from accord.service._witness_app import create_witness_app

    key = SigningKey.from_seed(b"w" * 32)
    probe = _service(tmp_path, Cast(), "probe.db")  # creates the shared log key
    vkey = probe.verifier_key
    probe.close()
    store = WitnessStore(tmp_path / "witness.db")
    found = Witness("witness.example/iaea", key, [vkey], store)
    with TestClient(create_witness_app(found), base_url="http://witness.test") as http:
        yield found, http
    store.close()


def _witnessing(state: ServiceState, witness: Witness, http: Any) -> Witnessing:
    endpoint = WitnessEndpoint("http://witness.test", witness.verifier_key)
    state.witnessing = Witnessing(state.store, (endpoint,), http=lambda _url: http)
    return state.witnessing


def test_a_witness_refuses_the_second_history_and_keeps_the_evidence(
    tmp_path: Path, witness: tuple[Witness, Any]
) -> None:
    found, http = witness
    cast_a, cast_b = Cast(), Cast()
    a = _service(tmp_path, cast_a, "a.db")
    _log(a, jcpoa_story(cast_a))
    _note(a, cast_a, "quiet")
    rounds_a = _witnessing(a, found, http)
    assert rounds_a.round() == 1
    size_a, witnessed_a = rounds_a.witnessed or (0, "")
    assert size_a == STORY + 1
    a.close()

    b = _service(tmp_path, cast_b, "b.db")
    _log(b, jcpoa_story(cast_b))
    _note(b, cast_b, "restarted")  # entry 10 differs from A's
    rounds_b = _witnessing(b, found, http)
    assert (
        rounds_b.round() == 0
    )  # old 0 -> 409 with A's size -> that size again: the same size, another root: a fork
    _note(b, cast_b, "more")
    assert rounds_b.round() == 0  # one more entry, with B's proof: it does not extend what A showed
    assert rounds_b.witnessed is None
    kinds = [e["kind"] for e in found.store.evidence()]
    assert kinds == ["fork", "inconsistent"]
    evidence = found.store.evidence()[0]
    vkey = b.verifier_key
    one, two = (open_checkpoint(evidence[k], [vkey]) for k in ("cosigned", "offered"))
    assert one.size == two.size == STORY + 1
    assert one.root != two.root  # two signed heads of one log: proof of a split view
    assert evidence["cosigned"] in witnessed_a
    b.close()


def test_a_client_demanding_the_witness_accepts_a_and_refuses_b(
    tmp_path: Path, witness: tuple[Witness, Any]
) -> None:
    from accord.service._app import create_app

    found, http = witness
    clients = {}
    for name, text in (("a.db", "quiet"), ("b.db", "restarted")):
        cast = Cast()
        state = _service(tmp_path, cast, name)
        _log(state, jcpoa_story(cast))
        _note(state, cast, text)
        state.close()
        clients[name] = create_app(state.config)
    saved = None
    for name, app in clients.items():
        with TestClient(app, base_url="http://log.test") as log_http:
            running = app.state.ledger
            _witnessing(running, found, http).round()
            client = LedgerClient("http://log.test", log_key=running.verifier_key, http=log_http)
            if name == "a.db":
                note, head = client.checkpoint([found.verifier_key], 1)
                assert head.size == STORY + 1
                assert "— witness.example/iaea " in note
                saved = head
                continue
            with pytest.raises(VerificationFailed, match="no witnessed checkpoint"):
                client.checkpoint([found.verifier_key], 1)
            _note_b, head_b = client.checkpoint()  # B's own checkpoint verifies under the key
            assert saved is not None
            with pytest.raises(VerificationFailed, match="not an extension"):
                client.check_consistency(saved, head_b)
