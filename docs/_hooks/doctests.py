"""MkDocs hook: show the ``>>>`` examples of docstrings as Python console code.

A docstring's examples are doctests (``>>>`` lines and their output, run by the test suite);
Markdown would read them as nested quotes. This hook adds a Markdown preprocessor, to the pages
and to the API reference that mkdocstrings renders from the docstrings, that fences each run of
doctest lines (up to the next blank line) as a ``pycon`` block, and shows reStructuredText
roles (``:func:`~accord.x.f```) as code (``f``). Fenced code is left alone.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

FENCE = re.compile(r"^\s*(```|~~~)")
PROMPT = re.compile(r"^(\s*)>>> ")
ROLE = re.compile(r":(?:py:)?[a-z]+:`(~?)([^`]+)`")


def _role(match: re.Match[str]) -> str:
    target = match.group(2).split(".")[-1] if match.group(1) else match.group(2)
    return f"`{target}`"


class DoctestBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fenced = False
        i = 0
        while i < len(lines):
            line = lines[i]
            if FENCE.match(line):
                fenced = not fenced
            prompt = None if fenced else PROMPT.match(line)
            if prompt is None:
                out.append(line if fenced else ROLE.sub(_role, line))
                i += 1
                continue
            indent = prompt.group(1)
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i].removeprefix(indent))
                i += 1
            out += ["", f"{indent}```pycon", *(indent + b for b in block), f"{indent}```", ""]
        return out


class DoctestExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.register(DoctestBlocks(md), "accord_doctests", 40)


def on_config(config: Any) -> Any:
    config.markdown_extensions.append(DoctestExtension())
    return config
