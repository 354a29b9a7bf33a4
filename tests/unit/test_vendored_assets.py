"""The vendored files are the published builds VENDORED.md names, byte for byte."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from accord.figures import render

VENDOR = Path(__file__).resolve().parents[2] / "src" / "accord" / "web" / "static" / "vendor"
ROW = re.compile(r"^\| `([\w.-]+)` \|.*\(`(LICENSE-[\w-]+\.txt)`.*\| `([0-9a-f]{64})` \|$", re.M)


def rows() -> list[tuple[str, str, str]]:
    return ROW.findall((VENDOR / "VENDORED.md").read_text(encoding="utf-8"))


def test_every_vendored_file_has_its_recorded_checksum_and_licence() -> None:
    found = rows()
    names = [name for name, _, _ in found]
    assert names[: len(render.VENDORED)] == list(render.VENDORED)
    assert {"htmx.min.js", "swagger-ui-bundle.js", "redoc.standalone.js"} <= set(names)
    for name, licence, digest in found:
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
        assert (VENDOR / licence).read_text(encoding="utf-8").strip(), licence


def test_every_file_in_the_folder_is_listed() -> None:
    listed = {name for name, _, _ in rows()} | {licence for _, licence, _ in rows()}
    extra = {"VENDORED.md", "NOTICE-swagger-ui.txt"}
    assert {p.name for p in VENDOR.iterdir()} == listed | extra


def test_the_inlined_scripts_carry_no_source_map_reference() -> None:
    scripts = render.scripts_html()
    assert "sourceMappingURL" not in scripts
    assert scripts.count("<script>") == len(render.VENDORED) + 1
    assert "vegaEmbed(" in scripts
