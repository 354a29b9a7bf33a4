"""Every function a package exports documents itself as the Python API's functions do: numpy
style, with Parameters, Returns and a runnable Examples section (the doctests run in the suite).

Many engine functions do not yet: they are listed in :data:`NOT_YET` (as ``package:name``, so
that no module path rewriting touches them), and the list may only shrink. A newly exported
function without the sections fails, and so does a listed one that gained them (take it off the
list)."""

from __future__ import annotations

import importlib
import inspect

import pytest

PACKAGES = (
    "accord",
    "accord.choices",
    "accord.scenario",
    "accord.conflict",
    "accord.deal",
    "accord.phasing",
    "accord.verification",
    "accord.ledger",
    "accord.solver",
    "accord.sweep",
)
SECTIONS = ("Parameters", "Returns", "Examples")
"""The sections every exported function has (Parameters only when it takes any, as numpydoc)."""
NOT_YET = frozenset(
    {
    }
)
"""Exported functions still without the numpy sections (issue 12): to be documented."""


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
    return all(f"\n    {section}\n    ---" in doc for section in sections)


@pytest.mark.parametrize("name", _exported_functions())
def test_an_exported_function_documents_itself_or_is_listed(name: str) -> None:
    if name in NOT_YET:
        assert not _documented(name), f"{name} is documented now: take it off NOT_YET"
    else:
        assert _documented(name), f"{name} lacks one of {SECTIONS} (numpy style)"


def test_the_list_names_only_exported_functions() -> None:
    assert set(_exported_functions()) >= NOT_YET
