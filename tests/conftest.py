"""Shared pytest configuration: Hypothesis profiles (CI runs more examples, derandomised), and
the headless browser of the browser tests and Poppler's pdftotext."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium, driven by Playwright for Python (Playwright's own download needs the
network, which CI does not have)."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTEFACTS = Path(__file__).resolve().parents[1] / ".artefacts"
"""Screenshots and pages the browser tests keep for a person to look at (git ignores it)."""


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless Chromium (Playwright ``Browser``): fails in CI when it is missing, skips
    locally with the command that installs it."""
    if not Path(CHROMIUM).exists():
        message = f"Chromium is not installed at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def pdftotext() -> Callable[[bytes], str]:
    """The text of a PDF by Poppler's ``pdftotext``: fails in CI when it is missing, skips
    locally with the command that installs it."""
    found = shutil.which("pdftotext")
    if found is None:
        message = "pdftotext is not installed: apt-get install -y poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    program: str = found

    def text(pdf: bytes) -> str:
        done = subprocess.run([program, "-", "-"], input=pdf, capture_output=True, check=True)
        return done.stdout.decode("utf-8")

    return text


@pytest.fixture(autouse=True)
def _known_logs_in_tmp(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the ledger client's pinned log keys (trust on first use) out of the user's home."""
    monkeypatch.setenv("ACCORD_KNOWN_LOGS", str(tmp_path_factory.mktemp("trust") / "known-logs"))


@pytest.fixture(autouse=True)
def _default_limits() -> Iterator[None]:
    """Each test starts from the default limits: a command run in-process (``CliRunner``) sets
    its ``--max-...`` flags for the rest of the thread's context, and they leaked into the next
    tests (``--max-deal-items 3`` failed every later deal of more items)."""
    from accord import limits

    limits.set_limits({})
    yield
    limits.set_limits({})


collect_ignore_glob = ["data/*/*.py"]
"""Scripts that made test data (run by hand with tools Accord does not depend on)."""
