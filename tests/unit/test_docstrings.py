"""Every function a package exports documents itself as the Python API's functions do: numpy
style, with Parameters, Returns and a runnable Examples section (the doctests run in the suite).

The list of engine functions not yet documented (issue 12) is empty now, and stays so: a newly
exported function without the sections, or whose Examples hold no doctest, fails."""

from __future__ import annotations

import importlib
import inspect

import pytest

from tests.unit.test_python_api import DOCUMENTED as PACKAGES

SECTIONS = ("Parameters", "Returns", "Examples")
"""The sections every exported function has (Parameters only when it takes any, as numpydoc)."""


def _exported_functions() -> list[str]:
    names = []
    for package in PACKAGES:
        module = importlib.import_module(package)
        names += [
            f"{package}:{name}"
            for name in module.__all__
            if inspect.isfunction(getattr(module, name))
        ]
    return names


def _documented(name: str) -> bool:
    package, _, attribute = name.partition(":")
    function = getattr(importlib.import_module(package), attribute)
    doc = function.__doc__ or ""
    sections = SECTIONS if inspect.signature(function).parameters else SECTIONS[1:]
    if not all(f"\n    {section}\n    ---" in doc for section in sections):
        return False
    return ">>>" in doc.partition("\n    Examples\n    ---")[2]


@pytest.mark.parametrize("name", _exported_functions())
def test_an_exported_function_documents_itself(name: str) -> None:
    assert _documented(name), f"{name} lacks one of {SECTIONS} (numpy style) or a doctest"


def test_the_packages_export_functions() -> None:
    assert len(_exported_functions()) >= 80  # 84 when the list of undocumented ones emptied
