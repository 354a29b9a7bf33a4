"""Shared pytest configuration: Hypothesis profiles (CI runs more examples, derandomised)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=100,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _known_logs_in_tmp(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the ledger client's pinned log keys (trust on first use) out of the user's home."""
    monkeypatch.setenv("ACCORD_KNOWN_LOGS", str(tmp_path_factory.mktemp("trust") / "known-logs"))


collect_ignore_glob = ["data/*/*.py"]
"""Scripts that made test data (run by hand with tools Accord does not depend on)."""
