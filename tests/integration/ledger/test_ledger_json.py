"""Every ``accord ledger`` command's ``--json`` output is in the shared envelope.

One service, every command with ``--json`` run against it (or offline), each output read as
``{"accord": 1, "kind": ..., ...}`` with the kind documented for it in docs/reference/json.md;
a second test keeps the list below complete.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.core import TyperGroup
from typer.testing import CliRunner

from accord.cli._main import app, command_group
from accord.frontend._envelope import JSON_KINDS

pytestmark = pytest.mark.timeout(600)  # a service and some twenty commands on a busy machine

COVERED = {
    "keygen", "register", "submit", "cosign", "rotate-key", "revoke", "get", "search", "prove",
    "verify", "verify-receipt", "status", "monitor", "backup",
}  # fmt: skip
AGREEMENT = {
    "title": "Test agreement",
    "parties": ["iran", "us"],
    "plan": {"steps": [{"date": "2030-01-01", "deliveries": {"us": {"waivers": 1}}}]},
}


def _json(*args: str, kind: str, code: int = 0) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["ledger", *args, "--json"])
    assert result.exit_code == code, result.output
    payload: dict[str, Any] = json.loads(result.stdout)
    assert list(payload)[:2] == ["accord", "kind"], payload
    assert (payload["accord"], payload["kind"]) == (1, kind)
    assert kind in JSON_KINDS
    return payload


def test_every_ledger_json_command_is_covered() -> None:
    ledger = command_group().commands["ledger"]
    assert isinstance(ledger, TyperGroup)
    with_json = {
        name
        for name, command in ledger.commands.items()
        if any("--json" in p.opts for p in command.params)
    }
    assert with_json == COVERED


@pytest.mark.slow
def test_every_ledger_json_output_is_in_the_envelope(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve: Callable[..., Any]
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("admin", "iran", "us", "iran2"):
        assert _json("keygen", name, kind="ledger.key")["private_key_file"] == f"{name}.key"
    url = serve("--database", str(tmp_path / "l.db"), "--admin-key", "admin.pub").url
    register = ["register", url, "--role", "delegate", "--admin-key", "admin.key"]
    _json(*register, "iran_delegate", "--party", "iran", "--key", "iran.key", kind="ledger.receipt")
    _json(*register, "us_delegate", "--party", "us", "--key", "us.key", kind="ledger.receipt")
    Path("agreement.json").write_text(json.dumps(AGREEMENT), encoding="utf-8")
    us = ["--key", "us.key", "--as", "us_delegate"]
    filed = _json("submit", url, "agreement", "agreement.json", *us, "--receipt", "r.json",
                  kind="ledger.receipt")  # fmt: skip
    assert filed["index"] == 2
    assert _json("verify-receipt", "r.json", kind="ledger.receipt_check")["ok"] is True
    _json("cosign", url, "2", *us, kind="ledger.receipt")
    assert _json("get", url, "2", kind="ledger.entry")["entry_kind"] == "agreement"
    assert _json("search", url, filed["leaf_hash"], kind="ledger.entry")["index"] == 2
    assert _json("prove", url, "2", kind="ledger.receipt")["index"] == 2
    assert CliRunner().invoke(app, ["ledger", "checkpoint", url, "--out", "c"]).exit_code == 0
    iran = ["--key", "iran.key", "--as", "iran_delegate"]
    _json("rotate-key", url, "iran_delegate", "--new-key", "iran2.key", *iran,
          kind="ledger.receipt")  # fmt: skip
    _json("revoke", url, "iran_delegate", "--reason", "test", "--key", "iran2.key",
          kind="ledger.receipt")  # fmt: skip
    assert _json("verify", url, "--checkpoint", "c", kind="ledger.consistency")["ok"] is True
    assert _json("verify", url, kind="ledger.verify")["ok"] is True
    assert _json("status", url, kind="ledger.log")["log"]["tree_size"] == 6
    consent = _json("status", url, "2", kind="ledger.compliance")["consent"]
    assert consent["status"] == "proposed"
    assert _json("monitor", url, "--state", "m.json", "--once", kind="ledger.monitor")["ok"]
    _json("backup", "l.db", "copy.db", kind="ledger.backup")
    refused = _json("submit", url, "note", '{"text": "x"}', *iran, kind="error", code=2)
    assert refused["ok"] is False
