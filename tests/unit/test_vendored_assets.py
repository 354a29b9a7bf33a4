"""The vendored JavaScript is the published build its VENDORED.md names, byte for byte."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from accord.figures import render

VENDOR = Path(__file__).resolve().parents[2] / "src" / "accord" / "web" / "static" / "vendor"


def test_every_vendored_file_has_its_recorded_checksum_and_licence() -> None:
    table = (VENDOR / "VENDORED.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([\w.-]+\.js)` \|.*\| `([0-9a-f]{64})` \|$", table, flags=re.M)
    assert [name for name, _ in rows] == list(render.VENDORED)
    for name, digest in rows:
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
        licence = VENDOR / f"LICENSE-{name.removesuffix('.min.js')}.txt"
        assert "Redistribution and use" in licence.read_text(encoding="utf-8")


def test_the_inlined_scripts_carry_no_source_map_reference() -> None:
    scripts = render.scripts_html()
    assert "sourceMappingURL" not in scripts
    assert scripts.count("<script>") == len(render.VENDORED) + 1
    assert "vegaEmbed(" in scripts
