"""Load a scenario file: YAML with positions, pydantic validation, cross-reference checks.

Every problem is reported at once, as ``file:line:col: path: message (hint: ...)``.
"""

from __future__ import annotations

import gc
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from accord import limits
from accord._suggest import closest
from accord.errors import Diagnostic, ScenarioError
from accord.scenario import _checks as checks
from accord.scenario._model import FORMAT_VERSION, PLANNED_SECTIONS, Scenario
from accord.scenario._yamlpos import Located, dotted, read_yaml
from accord.scenario._yamlpos import Path as KeyPath

EXTENSION_PREFIX = "x-"
"""Top-level keys starting with this are ignored: a place for YAML anchors to reuse."""


def load(path: str | Path) -> Scenario:
    """Read and validate the scenario file at ``path``.

    Parameters
    ----------
    path : str or Path
        A scenario file (YAML).

    Returns
    -------
    Scenario
        The validated scenario (:func:`accord.load` also takes YAML text).

    Raises
    ------
    ScenarioError
        Every problem found, each with file, line, column, field path and a hint; also for a
        missing or unreadable file and one over the ``file_bytes`` limit.

    Examples
    --------
    >>> load("examples/korea-2019.yaml").title
    'US–DPRK talks ahead of the Hanoi summit (February 2019)'
    >>> load("no-such.yaml")
    Traceback (most recent call last):
    ...
    accord.errors.ScenarioError: no-such.yaml: no such file
    """
    return load_with_warnings(path)[0]


def load_with_warnings(path: str | Path) -> tuple[Scenario, list[Diagnostic]]:
    """:func:`load`, and the warnings: what is valid but may not be what the author meant
    (a written date inside a period, ...), located like errors."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > limits.current().file_bytes:
            error = limits.exceeded("file_bytes", size, "the file")
            raise ScenarioError([Diagnostic(name, None, None, "", error.message, error.hint)])
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([Diagnostic(name, None, None, "", "no such file", None)]) from None
    except (OSError, UnicodeDecodeError) as error:
        message = f"cannot read: {error}"
        raise ScenarioError([Diagnostic(name, None, None, "", message, None)]) from None
    return loads_with_warnings(text, name)


def loads(text: str, filename: str = "<string>") -> Scenario:
    """Validate scenario ``text``.

    Parameters
    ----------
    text : str
        The scenario, as YAML text.
    filename : str, default "<string>"
        The name the diagnostics give the text.

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        With every problem found, located in ``text``.

    Examples
    --------
    >>> s = loads("accord: 1\\ntitle: T\\nparties:\\n  us: {name: United States}\\n")
    >>> s.parties["us"].name
    'United States'
    >>> try:
    ...     loads("accord: 1\\ntitle: T\\nparties: {us: {nam: X}}\\n", "f.yaml")
    ... except ScenarioError as error:
    ...     print(error.diagnostics[1].render())
    f.yaml:3:16: parties.us.nam: unknown key 'nam' (hint: did you mean 'name'?)
    """
    return loads_with_warnings(text, filename)[0]


def loads_with_warnings(text: str, filename: str = "<string>") -> tuple[Scenario, list[Diagnostic]]:
    """:func:`loads`, and the warnings (see :func:`load_with_warnings`).

    The cyclic garbage collector is paused meanwhile: reading builds many small objects and no
    cycles, and its passes over them (and over everything already loaded) were 35-40 % of
    validating the largest files of the hostile corpus (issue 17)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _loads(text, filename)
    finally:
        if enabled:
            gc.enable()


def _loads(text: str, filename: str) -> tuple[Scenario, list[Diagnostic]]:
    if len(text) > limits.current().file_bytes:
        error = limits.exceeded("file_bytes", len(text), "the text")
        raise ScenarioError([Diagnostic(filename, None, None, "", error.message, error.hint)])
    located = read_yaml(text, filename)
    if located.problems:
        raise ScenarioError(located.problems)
    if not isinstance(located.data, dict):
        found = "an empty file" if located.data is None else f"a {type(located.data).__name__}"
        raise ScenarioError(
            [
                Diagnostic(
                    filename,
                    1,
                    1,
                    "",
                    f"a scenario is a YAML mapping, found {found}",
                    "start from `accord new FILE`, which writes a commented template",
                )
            ]
        )
    return _validated(located, filename)


def validate_data(
    data: Mapping[str, Any], name: str = "<data>"
) -> tuple[Scenario, list[Diagnostic]]:
    """A scenario built in code (plain data, as YAML would give it), checked like a file: the
    problems name the field path (without a line: there is no file).

    >>> scenario, _ = validate_data({"accord": 1, "title": "T", "parties": {"a": {"name": "A"}}})
    >>> scenario.party_ids
    ['a']
    """
    return _validated(Located(dict(data)), name)


def _validated(located: Located, filename: str) -> tuple[Scenario, list[Diagnostic]]:
    data = {k: v for k, v in located.data.items() if not str(k).startswith(EXTENSION_PREFIX)}
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(_diagnostics(error, located, filename)) from None
    problems = [
        _diagnostic(located, filename, p.path, p.message, p.hint) for p in checks.problems(scenario)
    ]
    if problems:
        raise ScenarioError(problems)
    warnings = [
        _diagnostic(located, filename, p.path, p.message, p.hint) for p in checks.warnings(scenario)
    ]
    return scenario, warnings


def _diagnostic(
    located: Located,
    filename: str,
    path: KeyPath,
    message: str,
    hint: str | None,
    at_key: bool = False,
) -> Diagnostic:
    line, col = located.position(path, at_key) or (None, None)
    return Diagnostic(filename, line, col, dotted(path), message, hint)


def _diagnostics(error: ValidationError, located: Located, filename: str) -> list[Diagnostic]:
    seen: set[tuple[KeyPath, str]] = set()
    result: list[Diagnostic] = []
    for detail in error.errors(include_url=False):
        path = _clean_loc(detail["loc"], located.data)
        message, hint, at_key = _explain(detail, path, located.data)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        result.append(_diagnostic(located, filename, path, message, hint, at_key))
    return sorted(result, key=lambda d: (d.line or 0, d.column or 0))


def _clean_loc(loc: tuple[int | str, ...], data: Any) -> KeyPath:
    """Keep the parts of a pydantic error location that index the data read from the file.

    Pydantic adds tags for union members and validators (``function-before[...]``, type and
    model names); a part that does not index the data is such a tag, except a last part that
    names a missing or unknown field.
    """
    path: list[str | int] = []
    current = data
    for position, part in enumerate(loc):
        if _indexes(current, part):
            current = current[part]
        elif (
            position == len(loc) - 1
            and isinstance(current, dict | list)
            and not (isinstance(part, str) and _is_tag(part))
        ):
            current = None
        else:
            continue
        path.append(part)
    return tuple(path)


def _indexes(data: Any, part: str | int) -> bool:
    if isinstance(data, dict):
        return part in data
    return isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)


def _is_tag(part: str) -> bool:
    return "[" in part or part in _TYPE_TAGS or part in _model_names()


_TYPE_TAGS = frozenset({"float", "int", "str", "bool", "list", "dict", "none", "tuple"})


def _model_names() -> set[str]:
    names: set[str] = set()
    pending: list[type[BaseModel]] = [BaseModel]
    while pending:
        cls = pending.pop()
        names.add(cls.__name__)
        pending.extend(cls.__subclasses__())
    return names


def _explain(detail: ErrorDetails, path: KeyPath, data: Any) -> tuple[str, str | None, bool]:
    kind = detail["type"]
    if kind == "extra_forbidden":
        return _unknown_key(path)
    if kind == "missing":
        return f"missing required field '{path[-1]}'", f"add `{path[-1]}:` here", False
    if kind == "literal_error" and path == ("accord",):
        return (
            f"unsupported format version {detail['input']!r}; this Accord reads version "
            f"{FORMAT_VERSION}",
            f"write `accord: {FORMAT_VERSION}`",
            False,
        )
    if kind == "string_pattern_mismatch":
        return (
            f"'{detail['input']}' is not a valid id",
            "ids are short snake_case: a lower-case letter, then letters, digits or _",
            True,
        )
    message = detail["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return f"{message} (got {_show(detail['input'])})", None, False


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _unknown_key(path: KeyPath) -> tuple[str, str | None, bool]:
    key = str(path[-1]) if path else ""
    if len(path) == 1 and key in PLANNED_SECTIONS:
        return (
            f"the '{key}:' section is not supported by this version of Accord",
            "remove the section, or use a version of Accord that supports it; supported "
            f"sections: {', '.join(_supported_sections()) or 'none yet'}",
            True,
        )
    allowed = _allowed_keys(path[:-1])
    close = closest(key, allowed)
    hint = (
        f"did you mean '{close}'?"
        if close
        else (f"allowed keys here: {', '.join(allowed)}" if allowed else None)
    )
    return f"unknown key '{key}'", hint, True


def _supported_sections() -> list[str]:
    return [name for name in PLANNED_SECTIONS if name in Scenario.model_fields]


def _allowed_keys(path: KeyPath) -> list[str]:
    """The field names of the model found at ``path`` in the scenario model, if any."""
    current: Any = Scenario
    for part in path:
        current = _step(current, part)
        if current is None:
            return []
    model = _as_model(current)
    return list(model.model_fields) if model is not None else []


def _step(annotation: Any, part: str | int) -> Any:
    model = _as_model(annotation)
    if model is not None:
        field = model.model_fields.get(str(part))
        return None if field is None else field.annotation
    for arg in _unwrap(annotation):
        origin = typing.get_origin(arg)
        if origin in (list, tuple) and isinstance(part, int):
            return typing.get_args(arg)[0]
        if origin is dict:
            return typing.get_args(arg)[1]
    return None


def _unwrap(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for arg in typing.get_args(annotation) for a in _unwrap(arg)]
    return [annotation]


def _as_model(annotation: Any) -> type[BaseModel] | None:
    for arg in _unwrap(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None
