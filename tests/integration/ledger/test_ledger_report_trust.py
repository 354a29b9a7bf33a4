"""``accord report --ledger URL`` trusts the log's key, not the server (issue 15).

A hostile server answers the JCPOA story with checkpoints signed by a key of its own (and lists
that key in its export): the report must check the checkpoints against the key pinned at first
contact (or ``--log-key``) and refuse, exit 2, rather than report the operator's story.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accord.cli._main import app
from accord.frontend._trust import known_logs_file
from accord.ledger._audit import build_export
from accord.ledger._checkpoint import Checkpoint, sign_checkpoint, verifier_key
from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._keys import SigningKey
from accord.ledger.merkle import root_hash

runner = CliRunner()
LOG_KEY = SigningKey.from_seed(b"L" * 32)  # the real log's key, pinned by the reader
HOSTILE_KEY = SigningKey.from_seed(b"H" * 32)


def _export(cast: Cast, signer: SigningKey | None) -> dict[str, Any]:
    """The JCPOA story's export, its latest checkpoint signed by ``signer`` (None: unsigned),
    listing the signer's key as the log's (what a hostile server would say)."""
    story = jcpoa_story(cast)
    keys = [verifier_key(cast.ledger, (signer or HOSTILE_KEY).public_key)]
    export = build_export(cast.ledger, [cast.members["registrar"].participant], story, keys, [])
    if signer is not None:
        root = root_hash([logged.leaf_data() for logged in story])
        head = Checkpoint(cast.ledger, len(story), root)
        export["checkpoint"] = sign_checkpoint(head, cast.ledger, signer)
    return export


def _server(origin: str, shown: SigningKey, export: dict[str, Any]) -> ThreadingHTTPServer:
    log = {"origin": origin, "verifier_key": verifier_key(origin, shown.public_key),
           "tree_size": len(export["entries"])}  # fmt: skip

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args: object) -> None:
            return

        def do_GET(self) -> None:
            payload = {"/v1/log": log, "/v1/export": export}.get(self.path)
            body = json.dumps(payload if payload is not None else {"detail": "no"}).encode()
            self.send_response(200 if payload is not None else 404)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


@pytest.fixture
def serve() -> Iterator[Any]:
    servers: list[ThreadingHTTPServer] = []

    def start(origin: str, shown: SigningKey, export: dict[str, Any]) -> str:
        server = _server(origin, shown, export)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def _report(url: str, out: Path, *extra: str) -> Any:
    args = ["report", "examples/jcpoa-2015.yaml", "-o", str(out), "--sections", "summary,ledger",
            "--ledger", url, "--as-of", "2016-03-01", *extra]  # fmt: skip
    return runner.invoke(app, args)


def _pin(origin: str, key: SigningKey) -> None:
    path = known_logs_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{origin} {verifier_key(origin, key.public_key)}\n", encoding="utf-8")


def test_an_honest_log_signed_by_the_pinned_key_is_reported(serve: Any, tmp_path: Path) -> None:
    cast = Cast()
    _pin(cast.ledger, LOG_KEY)
    out = tmp_path / "report.html"
    result = _report(serve(cast.ledger, LOG_KEY, _export(cast, LOG_KEY)), out)
    assert result.exit_code == 0, result.output
    assert "The log verifies" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("shown", ["the pinned key", "its own key"])
def test_checkpoints_signed_by_another_key_are_refused(
    serve: Any, tmp_path: Path, shown: str
) -> None:
    cast = Cast()
    _pin(cast.ledger, LOG_KEY)
    served_key = LOG_KEY if shown == "the pinned key" else HOSTILE_KEY
    out = tmp_path / "report.html"
    result = _report(serve(cast.ledger, served_key, _export(cast, HOSTILE_KEY)), out)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "pinned" in result.output
    assert not out.exists()


def test_a_log_without_a_signed_checkpoint_is_refused(serve: Any, tmp_path: Path) -> None:
    cast = Cast()
    _pin(cast.ledger, LOG_KEY)
    out = tmp_path / "report.html"
    result = _report(serve(cast.ledger, LOG_KEY, _export(cast, None)), out)
    assert result.exit_code == 2, result.output
    assert "shows no signed checkpoint" in result.output
    assert not out.exists()


def test_the_log_key_given_on_the_command_line_is_the_one_checked(
    serve: Any, tmp_path: Path
) -> None:
    cast = Cast()
    url = serve(cast.ledger, HOSTILE_KEY, _export(cast, HOSTILE_KEY))  # never met: no pin
    given = verifier_key(cast.ledger, LOG_KEY.public_key)
    result = _report(url, tmp_path / "report.html", "--log-key", given)
    assert result.exit_code == 2, result.output
    assert "do not verify against its trusted key" in result.output
