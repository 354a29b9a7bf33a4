"""The ledger CLI against a real ``accord serve`` process: keys, registration, submission."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accord.cli._main import app

pytestmark = pytest.mark.timeout(300)  # servers and clients are bounded in time

runner = CliRunner()


def accord(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in ("admin", "iran", "us", "iaea"):
        accord("ledger", "keygen", name)
    return tmp_path


def test_ledger_cli_register_submit_export(keys: Path, serve: Callable[..., Any]) -> None:
    server = serve(
        "--database",
        str(keys / "l.db"),
        "--admin-key",
        str(keys / "admin.pub"),
        "--origin",
        "example.org/test",
    )
    url = server.url
    out = accord(
        "ledger",
        "register",
        url,
        "iran_delegate",
        "--role",
        "delegate",
        "--party",
        "iran",
        "--key",
        "iran.key",
        "--admin-key",
        "admin.key",
    )
    assert "registered iran_delegate as delegate: entry 0" in out
    out = accord(
        "ledger",
        "submit",
        url,
        "note",
        '{"text": "hello"}',
        "--key",
        "iran.key",
        "--as",
        "iran_delegate",
        "--json",
    )
    assert json.loads(out)["index"] == 1
    out = accord(
        "ledger",
        "submit",
        url,
        "declaration",
        '{"party": "us", "subject": "x", "statement": "y"}',
        "--key",
        "iran.key",
        "--as",
        "iran_delegate",
        code=2,
    )
    assert "403" in out
    assert "not of us" in out
    accord("ledger", "export", url, "--out", "export.json")
    export = json.loads((keys / "export.json").read_text())
    assert len(export["entries"]) == 2
    assert export["founders"][0]["id"] == "admin"
    out = accord("ledger", "status", url)
    assert "example.org/test: 2 entries" in out
    assert "iran_delegate: delegate (iran), 1 entries" in out
    status = json.loads(accord("ledger", "status", url, "--json"))
    assert status["log"]["tree_size"] == 2
    accord("ledger", "checkpoint", url, "--out", "saved.checkpoint")
    assert (keys / "saved.checkpoint").read_text().startswith("example.org/test\n2\n")


def test_ledger_cli_get_prove_search_and_export_to_stdout(
    keys: Path, serve: Callable[..., Any]
) -> None:
    server = serve("--database", str(keys / "l.db"), "--admin-key", str(keys / "admin.pub"),
                   "--origin", "example.org/reads")  # fmt: skip
    url = server.url
    accord("ledger", "register", url, "iran_delegate", "--role", "delegate", "--party", "iran",
           "--key", "iran.key", "--admin-key", "admin.key")  # fmt: skip
    accord("ledger", "submit", url, "note", '{"text": "hello"}', "--key", "iran.key",
           "--as", "iran_delegate")  # fmt: skip
    out = accord("ledger", "get", url, "1")
    assert "entry 1: a note by iran_delegate (sequence 1)" in out
    assert "inclusion proof checked" in out
    got = json.loads(accord("ledger", "get", url, "1", "--json"))
    assert (got["kind"], got["ok"], got["entry_kind"]) == ("ledger.entry", True, "note")
    accord("ledger", "prove", url, "0", "--receipt", "entry-0.json")
    accord("ledger", "log-key", url)
    vkey = accord("ledger", "log-key", url).strip()
    out = accord("ledger", "verify-receipt", "entry-0.json", "--log-key", vkey)
    assert "ok: entry-0.json: entry 0" in out
    found = json.loads(accord("ledger", "search", url, got["leaf_hash"], "--json"))
    assert (found["index"], found["leaf_hash"]) == (1, got["leaf_hash"])
    missing = accord("ledger", "search", url, "A" * 43 + "=", code=2)
    assert "404" in missing
    assert "the log has no entry 9" in accord("ledger", "get", url, "9", code=2)
    streamed = json.loads(accord("ledger", "export", url))
    assert [e["index"] for e in streamed["entries"]] == [0, 1]
    assert streamed["checkpoint"].startswith("example.org/reads\n2\n")


def test_ledger_cli_unreachable_service_is_a_clean_error(keys: Path) -> None:
    out = accord(
        "ledger",
        "submit",
        "http://127.0.0.1:9",
        "note",
        '{"text": "x"}',
        "--key",
        "iran.key",
        "--as",
        "x",
        code=2,
    )
    assert "cannot reach" in out
    assert "Traceback" not in out
    out = accord("ledger", "keygen", "iran", code=2)
    assert "exists" in out


def test_ledger_cli_serve_without_the_web_extra_prints_an_install_hint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "fastapi", None)  # import fastapi now raises ImportError
    out = accord("serve", code=2)
    assert "pip install '.[web]' in a clone of Accord" in out
    assert "Traceback" not in out


def test_ledger_cli_serve_reports_a_bad_database_cleanly(tmp_path: Path) -> None:
    out = accord(
        "serve",
        "--database",
        "mysql://root@localhost/x",
        "--log-key",
        str(tmp_path / "k.key"),
        code=2,
    )
    assert "unsupported database" in out


def test_ledger_cli_serve_refuses_a_new_ledger_without_an_administrator(tmp_path: Path) -> None:
    out = accord("serve", "--database", str(tmp_path / "new.db"), code=2)
    assert "no founding administrator" in out
    assert "--admin-key" in out


def test_ledger_cli_an_agreement_binds_once_every_party_co_signed(
    keys: Path, serve: Callable[..., Any]
) -> None:
    url = serve("--database", str(keys / "c.db"), "--admin-key", str(keys / "admin.pub"),
                "--origin", "example.org/consent").url  # fmt: skip
    for who, party in (("iran_delegate", "iran"), ("us_delegate", "us")):
        accord("ledger", "register", url, who, "--role", "delegate", "--party", party,
               "--key", f"{party}.key", "--admin-key", "admin.key")  # fmt: skip
    plan = {"steps": [{"date": "2015-10-18", "deliveries": {"iran": {"ap_notification": 1}}}]}
    body = json.dumps({"title": "Test", "parties": ["iran", "us"], "plan": plan})
    out = accord(
        "ledger", "submit", url, "agreement", body, "--key", "us.key", "--as", "us_delegate"
    )
    assert "agreement appended: entry 2" in out
    assert f"accord ledger cosign {url} 2" in out
    status = json.loads(accord("ledger", "status", url, "2", "--json"))
    assert [c["status"] for c in status["commitments"]] == ["proposed"]
    out = accord("ledger", "cosign", url, "2", "--key", "us.key", "--as", "us_delegate")
    assert "us co-signed entry 2: entry 3" in out
    assert "us co-signs agreement 2 'Test' between iran, us: 1 commitment(s)" in out
    out = accord("ledger", "status", url, "2")
    assert "proposed, binding on nobody until iran co-sign(s) it" in out
    accord("ledger", "cosign", url, "2", "--key", "iran.key", "--as", "iran_delegate")
    status = json.loads(accord("ledger", "status", url, "2", "--json"))
    assert status["consent"]["status"] == "in_force"
    assert [c["status"] for c in status["commitments"]] == ["overdue"]  # due in 2015
    out = accord("ledger", "cosign", url, "2", "--key", "iran.key", "--as", "iran_delegate",
                 code=2)  # fmt: skip
    assert "iran already co-signed entry 2 (entry 4)" in out
    out = accord("ledger", "cosign", url, "0", "--key", "iran.key", "--as", "iran_delegate",
                 code=2)  # fmt: skip
    assert "entry 0 is a registration, not an agreement or an amendment" in out


def test_ledger_cli_rotate_and_revoke_keys(keys: Path, serve: Callable[..., Any]) -> None:
    url = serve("--database", str(keys / "k.db"), "--admin-key", str(keys / "admin.pub"),
                "--origin", "example.org/keys").url  # fmt: skip
    accord("ledger", "register", url, "iran_delegate", "--role", "delegate", "--party", "iran",
           "--key", "iran.key", "--admin-key", "admin.key")  # fmt: skip
    accord("ledger", "keygen", "iran-2")
    out = accord("ledger", "rotate-key", url, "iran_delegate", "--new-key", "iran-2.key",
                 "--key", "iran.key")  # fmt: skip
    assert "iran_delegate's key is now ed25519:" in out
    note = ("ledger", "submit", url, "note", '{"text": "hi"}', "--as", "iran_delegate")
    assert "does not verify" in accord(*note, "--key", "iran.key", code=2)
    accord(*note, "--key", "iran-2.key")
    out = accord("ledger", "revoke", url, "iran_delegate", "--reason", "stolen", "--key",
                 "admin.key", "--as", "admin")  # fmt: skip
    assert "iran_delegate's key is revoked: entry 3" in out
    assert "key was revoked at entry 3" in accord(*note, "--key", "iran-2.key", code=2)
    accord("ledger", "keygen", "iran-3")
    accord("ledger", "rotate-key", url, "iran_delegate", "--new-key", "iran-3.key",
           "--key", "admin.key", "--as", "admin")  # fmt: skip
    accord(*note, "--key", "iran-3.key")
    people = json.loads(accord("ledger", "status", url, "--json"))["participants"]
    iran = next(p for p in people if p["participant"] == "iran_delegate")
    assert (iran["key_since"], iran["revoked_at"], iran["last_sequence"]) == (4, None, 3)
    assert accord("ledger", "verify", url).startswith("ok: ")
