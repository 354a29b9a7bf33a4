"""API fuzzing of ``accord serve`` against its own OpenAPI description (schemathesis): no 500s.

Bounded: a fixed number of positive and negative examples per operation (a few hundred requests
in all) against a server holding the JCPOA demo story.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from accord.ledger._demo import Cast, jcpoa_story
from accord.ledger._entries import LoggedEntry, SignedEntry
from accord.ledger._receipts import parse_receipt

pytestmark = pytest.mark.timeout(300)  # servers and clients are bounded in time

EXAMPLES_PER_OPERATION = 15


@pytest.mark.slow
def test_ledger_service_fuzz_openapi_never_answers_500(
    tmp_path: Path, serve: Callable[..., Any]
) -> None:
    cast = Cast()
    server = serve(
        "--database", str(tmp_path / "fuzz.db"), "--log-key", str(tmp_path / "log.key"),
        "--origin", cast.ledger, "--admin-id", "registrar",
        "--admin-key", cast.members["registrar"].key.public_key_b64,
    )  # fmt: skip
    with httpx.Client(base_url=server.url, timeout=30) as http:
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

        def log(signed: SignedEntry) -> LoggedEntry:
            path = "/v1/participants" if signed.envelope.kind == "registration" else "/v1/entries"
            answer = http.post(path, json=signed.to_dict())
            assert answer.status_code == 200, answer.text
            return parse_receipt(answer.json()).entry

        jcpoa_story(cast, timestamp=now, log=log)
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9
    seen: list[int] = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None,
                suppress_health_check=list(HealthCheck),
            )  # fmt: skip
            @given(case=operation.as_strategy(generation_mode=mode))
            def check(case: Any) -> None:
                response = case.call(base_url=server.url, timeout=30)
                seen.append(response.status_code)
                assert response.status_code < 500, (case.method, case.formatted_path, response.text)

            try:
                check()
            except Unsatisfiable:  # no invalid input exists (an operation without parameters)
                assert mode is GenerationMode.NEGATIVE
    server.stop()
    assert "unexpected error" not in server.stderr_text, server.stderr_text[-3000:]
    assert len(seen) >= 100
    assert any(code == 200 for code in seen)
    assert any(400 <= code < 500 for code in seen)
