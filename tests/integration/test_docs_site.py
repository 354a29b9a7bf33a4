"""The documentation site builds (`make docs`): strict, so that a warning, a broken internal
link or anchor, or a docstring that cannot be rendered fails it; and offline, so that the built
pages load nothing from the network."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import accord

ROOT = Path(__file__).resolve().parents[2]
EXTERNAL = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.I)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(mkdocs, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return out


@pytest.mark.slow
def test_the_site_builds_strictly_with_every_part(site: Path) -> None:
    for page in (
        "index.html",
        "tutorial/first-scenario.html",
        "how-to/phasing.html",
        "reference/python-api-details.html",
        "explanation/architecture.html",
    ):
        assert (site / page).is_file(), page


@pytest.mark.slow
def test_the_site_loads_nothing_from_the_network(site: Path) -> None:
    found = {
        str(page.relative_to(site)): EXTERNAL.findall(page.read_text(encoding="utf-8"))
        for page in site.rglob("*.html")
    }
    assert {page: hits for page, hits in found.items() if hits} == {}
    assert (site / "search" / "search_index.js").is_file()  # search works from file://


@pytest.mark.slow
def test_the_api_reference_documents_every_public_name(site: Path) -> None:
    page = (site / "reference" / "python-api-details.html").read_text(encoding="utf-8")
    missing = [
        name
        for name in accord.__all__
        if name != "__version__" and f'id="accord.{name}"' not in page
    ]
    assert missing == []
    assert "&gt;&gt;&gt; </span>" in page  # doctests shown as console code, not as quotes
