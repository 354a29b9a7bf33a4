"""Accord installs as a package: the wheel carries the examples, and `pip install .` and
`pip install '.[web]'` from a clone give a working `accord` (README, "Install as a package")."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UV = ROOT / ".tools" / "bin" / "uv"


def _run(args: list[str | Path], cwd: Path, code: int = 0) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == code, (
        f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    )
    return done.stdout + done.stderr


def _clone(tmp_path: Path) -> Path:
    clone = tmp_path / "accord"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    return clone


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_the_wheel_carries_every_bundled_example_and_web_asset(tmp_path: Path) -> None:
    clone = _clone(tmp_path)
    uv = UV if UV.exists() else Path("uv")
    _run([uv, "build", "--wheel", "--quiet", "--out-dir", tmp_path / "dist"], clone)
    (wheel,) = (tmp_path / "dist").glob("accord-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = [p.relative_to(clone) for p in (clone / "examples").rglob("*") if p.is_file()]
    assert shipped
    for path in shipped:
        assert f"accord/{path.as_posix()}" in names
    static = clone / "src" / "accord" / "web" / "static"
    assets = [p.relative_to(clone / "src") for p in static.rglob("*") if p.is_file()]
    assert "accord/web/static/vendor/codemirror.min.js" in {a.as_posix() for a in assets}
    assert {a.as_posix() for a in assets} <= names


@pytest.mark.slow
@pytest.mark.timeout(1200)
def test_pip_install_from_a_clone_then_the_web_extra(tmp_path: Path) -> None:
    clone = _clone(tmp_path)
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], tmp_path)
    pip, accord = venv / "bin" / "pip", venv / "bin" / "accord"
    _run([pip, "install", "--quiet", "--disable-pip-version-check", "."], clone)
    work = tmp_path / "work"
    work.mkdir()
    _run([accord, "example", "korea-2019"], work)
    assert "US–DPRK talks ahead of the Hanoi summit" in _run(
        [accord, "analyze", "korea-2019.yaml"], work
    )
    hint = _run([accord, "serve", "--admin-key", "x"], work, code=2)
    assert "pip install '.[web]'" in hint
    _run([pip, "install", "--quiet", "--disable-pip-version-check", ".[web]"], clone)
    _run([venv / "bin" / "python", "-c", "import fastapi, sqlalchemy, uvicorn"], work)
    assert "Run the ledger service" in _run([accord, "serve", "--help"], work)
