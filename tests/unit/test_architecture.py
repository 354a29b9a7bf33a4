"""The layers of docs/explanation/architecture.md, checked: import-linter runs the contracts of
pyproject.toml over the real import graph (analyses never import typer, rich, FastAPI or
SQLAlchemy; layers only import downward; no import cycle within a package)."""

from __future__ import annotations

import pkgutil
import re
import tomllib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

import accord

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "pyproject.toml"
ARCHITECTURE = ROOT / "docs" / "explanation" / "architecture.md"


def _contracts() -> dict[str, dict[str, object]]:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["tool"]["importlinter"]
    return {contract["id"]: contract for contract in config["contracts"]}


def _layers() -> list[list[str]]:
    layers = _contracts()["layers"]["layers"]
    assert isinstance(layers, list)
    # "a | b": independent siblings; "(a)": a layer that may be absent
    return [[name.strip(" ()") for name in re.split(r"[|:]", layer)] for layer in layers]


def test_the_import_contracts_are_kept(capsys: pytest.CaptureFixture[str]) -> None:
    code = lint_imports(config_filename=str(CONFIG), no_cache=True, no_logo=True)
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"Contracts: {len(_contracts())} kept, 0 broken." in out, out


def test_every_package_has_a_layer() -> None:
    """A new package must be given its place in the layers (and so in the contracts)."""
    placed = {name for layer in _layers() for name in layer}
    packages = {
        f"accord.{module.name}"
        for module in pkgutil.iter_modules(accord.__path__)
        if not module.name.startswith("_") or module.ispkg
    }
    assert packages - placed == set(), "give these packages a line in [tool.importlinter]"


def test_the_explanation_draws_the_same_layers() -> None:
    """The diagram of architecture.md lists the contract's layers, top to bottom."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    diagram = text.split("```", 2)[1]
    drawn = [
        [name.strip() for name in re.split(r"[|:]", line.split("(")[0])]
        for line in diagram.strip().splitlines()
    ]
    expected = [[name.removeprefix("accord.") for name in layer] for layer in _layers()]
    assert drawn == expected


def test_the_analyses_may_not_import_front_end_libraries() -> None:
    """The contract names every engine and the libraries the issue forbids them."""
    forbidden = _contracts()["pure-analyses"]
    sources, libraries = forbidden["source_modules"], forbidden["forbidden_modules"]
    assert isinstance(sources, list)
    assert isinstance(libraries, list)
    engines = {"accord.conflict", "accord.deal", "accord.phasing", "accord.verification"}
    assert engines | {"accord.scenario", "accord.solver"} <= set(sources)
    assert {"typer", "rich", "fastapi", "sqlalchemy"} <= set(libraries)
