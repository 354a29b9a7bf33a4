"""The scenario files the workbench serves: the YAML files of one folder, or one file.

Reading gives the text and its *version* (a hash of the bytes); saving writes only when the
text is valid or the user confirms, refuses to overwrite a version newer than the one the
editor started from (another tab saved in between), and first copies the previous version to
``.accord-history/`` beside the file, so that nothing the user wrote is lost.

Examples
--------
>>> checked = validate_text("accord: 1\\ntitle: T\\nparties: {us: {nam: X}}\\n", "f.yaml")
>>> checked.ok, checked.diagnostics[-1].render()
(False, "f.yaml:3:16: parties.us.nam: unknown key 'nam' (hint: did you mean 'name'?)")
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord import limits
from accord.errors import Diagnostic, InputError, ScenarioError
from accord.scenario import Scenario
from accord.scenario._loader import loads_with_warnings
from accord.scenario._schema import template

SUFFIXES = (".yaml", ".yml")
HISTORY = ".accord-history"
"""The folder, beside the scenario files, that keeps every version a save replaced."""
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class Checked:
    """A scenario text validated: the scenario (when valid), its problems and warnings."""

    scenario: Scenario | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the text is a valid scenario."""
        return self.scenario is not None

    def to_dict(self) -> dict[str, Any]:
        """As ``accord validate --json`` has one file."""
        return {
            "ok": self.ok,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
            "warnings": [w.to_dict() for w in self.warnings],
        }


def validate_text(text: str, filename: str) -> Checked:
    """Validate scenario ``text``: every problem located (line, column, field path, hint).

    Never raises on bad input: whatever the text, the answer is a :class:`Checked`.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.current().workbench_bytes:
        error = limits.exceeded("workbench_bytes", size, "the text", "split the file")
        return Checked(None, [Diagnostic(filename, None, None, "", error.message, error.hint)])
    try:
        scenario, warnings = loads_with_warnings(text, filename)
    except ScenarioError as error:
        return Checked(None, error.diagnostics)
    return Checked(scenario, [], warnings)


def version_of(data: bytes) -> str:
    """The version of a file's content: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True)
class Saved:
    """What a save did: the new version, and where the previous one was kept."""

    version: str
    backup: str | None


class UnknownFile(InputError):
    """No scenario file of that name is served here."""


class StaleVersion(InputError):
    """The file changed on disk since the editor read it (another tab or program saved it)."""


class Workspace:
    """The files of ``root`` (a folder of scenarios, or one scenario file)."""

    def __init__(self, root: Path) -> None:
        if not root.exists():
            raise InputError(f"{root}: no such file or folder")
        self.single = root.is_file()
        self.folder = root.parent if self.single else root
        self._only = root.name if self.single else None

    def names(self) -> list[str]:
        """The scenario files, by name, sorted."""
        if self._only is not None:
            return [self._only]
        return sorted(p.name for p in self.folder.iterdir() if p.suffix in SUFFIXES and p.is_file())

    def path(self, name: str, new: bool = False) -> Path:
        """The file called ``name`` (a listed one, or a new one in the folder when ``new``)."""
        if name in self.names():
            return self.folder / name
        if new and not self.single and _NAME.match(name) and Path(name).suffix in SUFFIXES:
            return self.folder / name
        raise UnknownFile(f"no scenario file '{name}' here", "open one from the scenario list")

    def read(self, name: str) -> tuple[str, str]:
        """The text of ``name`` and its version."""
        path = self.path(name)
        data = path.read_bytes()
        limits.check("workbench_bytes", len(data), name, "split the file")
        try:
            return data.decode("utf-8"), version_of(data)
        except UnicodeDecodeError:
            raise InputError(f"{name} is not UTF-8 text") from None

    def save(self, name: str, text: str, base: str | None) -> Saved:
        """Write ``text`` to ``name`` if it is still at version ``base`` (``None``: a new file),
        keeping the previous version in the history folder."""
        path = self.path(name, new=base is None)
        current = version_of(path.read_bytes()) if path.exists() else None
        if current != base:
            raise StaleVersion(
                f"{name} changed since you opened it (another tab or program saved it)",
                "reload to see the newer version, or save again to overwrite it",
            )
        backup = self._keep(path) if path.exists() else None
        data = text.encode("utf-8")
        _write_whole(path, data)
        return Saved(version_of(data), backup)

    def create(self, name: str) -> Saved:
        """A new file ``name`` from the commented template (never over an existing one)."""
        if not name.endswith(SUFFIXES):
            name += ".yaml"
        if self.single or not _NAME.match(name):
            raise InputError(f"cannot create '{name}'", "use letters, digits, '-', '_' and '.'")
        if (self.folder / name).exists():
            raise InputError(f"{name} already exists", "open it from the scenario list")
        return self.save(name, template(), None)

    def _keep(self, path: Path) -> str:
        history = self.folder / HISTORY
        history.mkdir(exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        kept = history / f"{path.stem}.{stamp}{path.suffix}"
        kept.write_bytes(path.read_bytes())
        return str(kept.relative_to(self.folder))


def _write_whole(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole or not at all (a temporary file, then a rename)."""
    handle, temporary = tempfile.mkstemp(prefix=".accord-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
