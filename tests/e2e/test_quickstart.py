"""The README's two quick-start commands, run from a clean clone in a temporary folder."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def readme_quickstart() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block is not None, "the quick start has a ```sh block"
    return [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_quickstart_is_exactly_two_commands() -> None:
    assert readme_quickstart() == ["make run", "make test"]


@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_quickstart_from_a_clean_clone(tmp_path: Path) -> None:
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.fail("git and make are needed for the quick start")
    clone = tmp_path / "accord"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    shared = ROOT.parent / "shared"
    if shared.exists():  # the layout CI uses: shared/ beside the repository
        (tmp_path / "shared").symlink_to(shared)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTEST"))}
    # Inside the clone, the test command must not run this test again, nor the slow tests.
    env["PYTEST_ADDOPTS"] = "-m 'not slow' -q -p no:cacheprovider"
    run, test = readme_quickstart()
    for command in (run, run, test):  # `make run` twice: the second run must also succeed
        done = subprocess.run(
            command.split(), cwd=clone, env=env, capture_output=True, text=True, timeout=1500
        )
        assert done.returncode == 0, (
            f"`{command}` failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
        if command == run:
            assert "US–DPRK talks ahead of the Hanoi summit" in done.stdout
    assert re.search(r"\d+ passed", done.stdout)
