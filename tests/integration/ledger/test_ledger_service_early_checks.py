"""Work moved off the single writer: the signature is verified on the submitting thread, yet the
writer's admission check still decides every entry, and a refusal stores nothing."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from datetime import UTC, datetime
from pathlib import Path

import pytest

from accord.errors import Rejected
from accord.ledger import _authorization as authorization
from accord.ledger import _entries as entries
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._entries import (
    LoggedEntry,
    SignedEntry,
    make_entry,
    parse_signed_entry,
    verify_entry_signature,
)
from accord.ledger._keys import SigningKey
from accord.ledger.store import StoredEntry
from accord.service._config import ServiceConfig
from accord.service._opening import open_state
from accord.service._state import ServiceState

WRITER = "ledger-writer"


@pytest.fixture
def cast() -> Cast:
    return Cast()


@pytest.fixture
def state(cast: Cast, tmp_path: Path) -> Iterator[ServiceState]:
    config = ServiceConfig(
        database=str(tmp_path / "ledger.db"),
        log_key=tmp_path / "log.key",
        origin=cast.ledger,
        admin_key=cast.members["registrar"].key.public_key_b64,
        admin_id="registrar",
    )
    opened = open_state(config)
    opened.committer.clock = lambda: CLOCK[0]
    yield opened
    opened.close()


CLOCK = [datetime(2016, 1, 1, tzinfo=UTC)]


def submit(state: ServiceState, logged: LoggedEntry | SignedEntry) -> Future[StoredEntry]:
    """Submit an entry with the service's clock at the time it states."""
    signed = logged.signed if isinstance(logged, LoggedEntry) else logged
    CLOCK[0] = signed.envelope.when
    return state.submit(signed)[0]


def spy(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[str]:
    """Record the name of the thread each call of ``module.name`` runs on."""
    threads: list[str] = []
    original = getattr(module, name)

    def recorded(*args: object, **kwargs: object) -> object:
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, recorded)
    return threads


def test_ledger_early_bad_signature_is_refused_by_the_writer_and_nothing_is_stored(
    state: ServiceState, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    story = jcpoa_story(cast)
    for signed in story[:5]:
        submit(state, signed).result(30)
    verified_on = spy(monkeypatch, entries, "verify_signature")
    decided_on = spy(monkeypatch, authorization.LedgerState, "admission_problem")
    forged = parse_signed_entry(
        dict(story[5].signed.to_dict(), signature=base64.b64encode(bytes(64)).decode())
    )
    with pytest.raises(Rejected) as refused:
        submit(state, forged).result(30)
    assert refused.value.status == 401
    assert "does not verify" in str(refused.value)
    assert state.store.size == 5  # nothing stored
    assert verified_on == [threading.current_thread().name]  # verified once, before the queue
    assert decided_on == [WRITER]  # ... and refused by the writer's one admission check
    submit(state, story[5]).result(30)  # the genuine entry still gets the next index
    assert state.store.size == 6


def test_ledger_state_dependent_checks_run_on_the_writer(
    state: ServiceState, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    decided_on = spy(monkeypatch, authorization.LedgerState, "admission_problem")
    verified_on = spy(monkeypatch, entries, "verify_signature")
    story = jcpoa_story(cast, timestamp="2016-01-01T00:00:00Z")  # logged then, in one batch
    futures = [submit(state, signed) for signed in story]  # queued at once: some not yet known
    assert [f.result(30).index for f in futures] == list(range(len(story)))
    assert decided_on == [WRITER] * len(story)
    assert len(verified_on) >= len(story)  # every entry's signature verified, here or there
    replayed = submit(state, story[5])
    with pytest.raises(Rejected) as refused:
        replayed.result(30)
    assert refused.value.status == 409
    assert state.store.size == len(story)


def test_ledger_a_key_verified_early_is_not_trusted_for_another_key(cast: Cast) -> None:
    """The remembered verdict is per key: an entry signed by the wrong key stays refused."""
    state = cast.genesis_state()
    story = jcpoa_story(cast)
    for signed in story[:5]:
        state.accept(signed)
    impostor = SigningKey.from_seed(b"i" * 32)
    claim = make_entry(impostor, ledger=cast.ledger, submitter="iran_delegate", kind="note",
                       body={"text": "forged"}, sequence=1,
                       timestamp="2016-01-01T00:00:00Z")  # fmt: skip
    assert "iran_delegate" not in state.last_sequence  # so 1 is the next sequence number
    assert verify_entry_signature(claim, impostor.public_key)  # remembered: True for this key
    refusal = state.admission_problem(claim)
    assert refusal is not None
    assert refusal.code == "bad_signature"
