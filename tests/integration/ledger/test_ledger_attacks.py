"""The attack review's breaks, each replayed against the fix (issue 15).

A hostile operator: a fake server whose receipts prove nothing, a checkpoint that is not one,
an edited participants table, a zeroed index page, two services sharing a key that show
different histories. A hostile party: a backdated claim. And a plan dated 9999-12-31.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accord.cli._main import app
from accord.errors import InputError, LedgerError, Rejected
from accord.ledger._checkpoint import verifier_key
from accord.ledger._demo import Cast, jcpoa_story, one_sided_story
from accord.ledger._entries import LoggedEntry, make_entry, parse_signed_entry
from accord.ledger._keys import SigningKey
from accord.ledger.merkle import leaf_hash
from accord.service._config import ServiceConfig
from accord.service._opening import open_state
from accord.service._state import ServiceState

runner = CliRunner()
FAKE_KEY = SigningKey.from_seed(b"f" * 32)
ORIGIN = "example.org/fake"


class FakeLog(BaseHTTPRequestHandler):
    """A server that stores nothing and says what the attack review saw."""

    checkpoint_text = "not a checkpoint at all\n"

    def log_message(self, *_args: object) -> None:  # quiet
        return

    def _answer(self, status: int, payload: object, text: bool = False) -> None:
        body = payload.encode() if text else json.dumps(payload).encode()  # type: ignore[union-attr]
        self.send_response(status)
        self.send_header("content-type", "text/plain" if text else "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if self.path == "/v1/log":
            vkey = verifier_key(ORIGIN, FAKE_KEY.public_key)
            self._answer(200, {"origin": ORIGIN, "verifier_key": vkey, "tree_size": 0})
        elif self.path.startswith("/v1/participants/"):
            self._answer(200, {"participant": "alice", "last_sequence": 0})
        elif self.path == "/v1/checkpoint":
            self._answer(200, self.checkpoint_text, text=True)
        else:
            self._answer(404, {"detail": "no"})

    def do_POST(self) -> None:
        sent = json.loads(self.rfile.read(int(self.headers["content-length"])))
        leaf = leaf_hash(parse_signed_entry(sent).canonical())
        root = base64.b64encode(leaf).decode()
        self._answer(200, {"index": 0, "tree_size": 1, "root_hash": root, "inclusion_proof": []})


@pytest.fixture
def fake_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeLog)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_a_receipt_from_a_server_that_stores_nothing_is_refused(
    fake_url: str, tmp_path: Path
) -> None:
    key = tmp_path / "alice.key"
    key.write_bytes(SigningKey.from_seed(b"a" * 32).to_pem())
    result = runner.invoke(
        app,
        [
            "ledger",
            "submit",
            fake_url,
            "note",
            '{"text": "hi"}',
            "--key",
            str(key),
            "--as",
            "alice",
        ],
    )
    assert result.exit_code == 2, result.output
    assert "without a valid signed receipt" in result.output
    assert "appended" not in result.output


def test_a_checkpoint_that_is_not_one_is_not_saved(fake_url: str, tmp_path: Path) -> None:
    out = tmp_path / "saved.checkpoint"
    result = runner.invoke(app, ["ledger", "checkpoint", fake_url, "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "FAILED" in result.output
    assert not out.exists()


def _service(tmp_path: Path, cast: Cast, name: str = "ledger.db") -> ServiceState:
    config = ServiceConfig(
        database=str(tmp_path / name),
        log_key=tmp_path / "log.key",
        origin=cast.ledger,
        admin_key=cast.members["registrar"].key.public_key_b64,
        admin_id="registrar",
    )
    return open_state(config)


def _log(state: ServiceState, entries: list[LoggedEntry]) -> None:
    for logged in entries:
        state.committer.clock = lambda moment=logged.when: moment
        state.submit(logged.signed)[0].result(30)


def _claim(cast: Cast, timestamp: str) -> Any:
    body = {"agreement": 4, "commitment": "s2.iran.leu_shipped_kg", "party": "iran",
            "amount": 11340, "delivered_on": "2016-01-10"}  # fmt: skip
    return cast.entry("iran_delegate", "delivery_claim", body, timestamp)


@pytest.mark.parametrize("stamp", ["2016-01-10T12:00:00Z", "1970-01-01T00:00:00Z",
                                   "9999-12-31T23:59:59Z"])  # fmt: skip
def test_a_backdated_or_far_future_claim_is_refused(tmp_path: Path, stamp: str) -> None:
    cast = Cast()
    state = _service(tmp_path, cast)
    try:
        _log(state, jcpoa_story(cast))
        state.committer.clock = lambda: datetime(2026, 11, 23, 11, 40, tzinfo=UTC)
        with pytest.raises(Rejected) as refused:
            state.submit(_claim(cast, stamp))[0].result(30)
        assert refused.value.status == 422
        assert "more than 300 s apart" in refused.value.reason
        assert state.store.size == 12
    finally:
        state.close()


def test_a_claim_made_today_of_a_2016_delivery_leaves_2016_as_it_was(tmp_path: Path) -> None:
    """The honest form of the backdated claim: today's timestamp, the 2016 date as content."""
    cast = Cast()
    state = _service(tmp_path, cast)
    try:
        _log(state, jcpoa_story(cast))
        state.committer.clock = lambda: datetime(2026, 11, 23, 11, 40, tzinfo=UTC)
        state.submit(_claim(cast, "2026-11-23T11:40:00Z"))[0].result(30)
        leu = "s2.iran.leu_shipped_kg"
        assert state.compliance(4, date(2016, 3, 1)).status(leu) == "overdue"
        assert state.compliance(4, date(2026, 11, 23)).status(leu) == "claimed_late"
    finally:
        state.close()


def test_an_edited_participants_table_grants_nothing(tmp_path: Path) -> None:
    cast = Cast()
    state = _service(tmp_path, cast)
    _log(state, jcpoa_story(cast))
    state.close()
    db = sqlite3.connect(tmp_path / "ledger.db")
    db.execute("UPDATE ledger_participants SET role = 'administrator', scope = NULL")
    db.execute("DELETE FROM ledger_participants WHERE participant_id = 'iaea_inspector'")
    db.commit()
    db.close()
    state = _service(tmp_path, cast)
    try:
        roles = {p.participant: p.role for p in state.participants()}
        assert roles["us_delegate"] == "delegate"  # from the registration entry, not the table
        assert roles["iaea_inspector"] == "inspector"
        newcomer = SigningKey.from_seed(b"n" * 32)
        body = {
            "participant": {"id": "mallory", "role": "administrator",
                            "public_key": newcomer.public_key_b64},
            "challenge": "c",
            "proof": base64.b64encode(
                newcomer.prove_possession(cast.ledger, "mallory", "c")).decode(),
        }  # fmt: skip
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        state.committer.clock = lambda: datetime.now(UTC)
        sneaky = cast.entry("us_delegate", "registration", body, now)
        with pytest.raises(Rejected) as refused:
            state.submit(sneaky)[0].result(30)
        assert refused.value.status == 403
        assert "only an administrator registers" in refused.value.reason
    finally:
        state.close()


def test_an_edited_entries_table_stops_the_service_from_starting(tmp_path: Path) -> None:
    cast = Cast()
    state = _service(tmp_path, cast)
    _log(state, jcpoa_story(cast))
    state.close()
    db = sqlite3.connect(tmp_path / "ledger.db")
    (data,) = db.execute("SELECT data FROM ledger_entries WHERE idx = 3").fetchone()
    edited = bytes(data).replace(b'"observer"', b'"administrator"')
    db.execute(
        "UPDATE ledger_entries SET data = ?, leaf_hash = ? WHERE idx = 3",
        (edited, leaf_hash(edited)),
    )
    db.commit()
    db.close()
    with pytest.raises(LedgerError, match="do not hash to the root of the latest signed"):
        _service(tmp_path, cast)


def test_a_zeroed_index_page_fails_verify(tmp_path: Path) -> None:
    cast = Cast()
    state = _service(tmp_path, cast)
    _log(state, jcpoa_story(cast))
    state.close()
    path = tmp_path / "ledger.db"
    db = sqlite3.connect(path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    (root_page,) = db.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'ledger_entries_subject'"
    ).fetchone()
    db.close()
    with path.open("r+b") as raw:
        raw.seek((root_page - 1) * page_size)
        raw.write(bytes(page_size))
    result = runner.invoke(app, ["ledger", "verify", str(path), "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["kind"] == "ledger.verify"
    assert any(f["kind"] == "integrity" for f in report["findings"])


def test_two_services_sharing_a_key_cannot_show_different_histories(tmp_path: Path) -> None:
    """Entry 12 differs between two services with one key: a saved checkpoint catches it."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from accord.errors import VerificationFailed
    from accord.frontend._ledger_client import LedgerClient
    from accord.ledger._checkpoint import open_checkpoint
    from accord.service._app import create_app

    cast_a, cast_b = Cast(), Cast()
    a = _service(tmp_path, cast_a, "a.db")
    _log(a, jcpoa_story(cast_a))
    a.committer.clock = lambda: datetime(2016, 2, 1, tzinfo=UTC)
    quiet = cast_a.entry("iaea_inspector", "note", {"text": "quiet"}, "2016-02-01T00:00:00Z")
    a.submit(quiet)[0].result(30)
    saved_note = a.published_checkpoint()  # what a party saw from service A
    vkey = a.verifier_key
    a.close()
    b = _service(tmp_path, cast_b, "b.db")  # the same log key file, the same origin
    _log(b, jcpoa_story(cast_b))
    b.close()
    app_b = create_app(b.config)
    with TestClient(app_b, base_url="http://b.test") as http:
        ledger_b = app_b.state.ledger
        ledger_b.committer.clock = lambda: datetime(2016, 2, 1, tzinfo=UTC)
        other = cast_b.entry(
            "iaea_inspector", "note", {"text": "restarted"}, "2016-02-01T00:00:00Z"
        )
        ledger_b.submit(other)[0].result(30)
        client = LedgerClient("http://b.test", log_key=vkey, http=http)
        _note, head_b = client.checkpoint()  # B's own checkpoint verifies under the shared key
        saved = open_checkpoint(saved_note, [vkey])
        assert (saved.size, head_b.size) == (13, 13)
        with pytest.raises(VerificationFailed, match="not an extension of the one of 13"):
            client.check_consistency(saved, head_b)
        with pytest.raises(VerificationFailed, match="not an extension of the one of 13"):
            client.checkpoint_extending(saved)  # the proof with B's checkpoint, one request


def test_a_plan_dated_9999_is_a_clear_error(tmp_path: Path) -> None:
    plan = {"steps": [{"date": "9999-12-31", "deliveries": {"dprk": {"warheads": 100}}}]}
    body = {"title": "t", "parties": ["us", "dprk"], "plan": plan}
    key = SigningKey.from_seed(b"u" * 32)
    with pytest.raises(InputError, match="9999-12-31 is outside 1900-01-01 to 2999-12-31") as got:
        make_entry(key, ledger="l", submitter="u", kind="agreement", body=body, sequence=1,
                   timestamp="2026-01-01T00:00:00Z")  # fmt: skip
    assert "Value error" not in str(got.value)
    assert got.value.hint is not None
    assert "accord example ledger" in got.value.hint


_: Callable[..., Any] = FakeLog.do_GET  # the handler's methods are used by the server


def test_one_party_cannot_bind_another(tmp_path: Path) -> None:
    """The US files an agreement whose only commitment is the DPRK surrendering 100 warheads by
    2019-06-01; the DPRK never co-signs: a year later the service says "proposed", not overdue."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from accord.service._app import create_app

    cast = Cast()
    state = _service(tmp_path, cast)
    _log(state, one_sided_story(cast))
    state.close()
    with TestClient(create_app(state.config)) as http:
        answer = http.get("/v1/agreements/2/compliance", params={"as_of": "2020-06-01"}).json()
    (warheads,) = answer["commitments"]
    assert (warheads["id"], warheads["amount"]) == ("s1.dprk.warheads_surrendered", 100)
    assert warheads["status"] == "proposed"
    assert [h["status"] for h in warheads["history"]] == ["proposed"]
    assert answer["consent"]["texts"][0]["awaiting"] == ["dprk"]
