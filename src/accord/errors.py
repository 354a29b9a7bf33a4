"""The exception tree of Accord.

Every error Accord raises on purpose derives from :class:`AccordError`; the CLI turns each into a
message and an exit code (2 for input and usage errors, 1 when an analysis finds the problem the
user asked about), never a traceback. This module imports nothing from ``accord``::

    AccordError
    ├── ScenarioError          a scenario file cannot be read or is invalid (carries diagnostics)
    ├── ExpressionError        an expression does not parse or names an unknown identifier
    ├── InputError             a bad argument to an analysis (probability outside [0, 1], ...)
    │   └── FigureUnavailable  a figure cannot be drawn from this result (says why: too large, ...)
    ├── MissingExtra           an optional extra is not installed (names the ``pip install``)
    ├── AnalysisError          an analysis cannot be carried out on valid input (solver failure)
    └── LedgerError            a ledger operation failed
        ├── VerificationFailed a log, proof or signature does not verify
        └── Rejected           the service refused a submission (carries an HTTP status)
"""

from __future__ import annotations

from dataclasses import dataclass, field


class AccordError(Exception):
    """Base class of every error Accord raises on purpose."""


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a scenario file, located as precisely as the file allows.

    >>> Diagnostic("k.yaml", 3, 5, "parties.us.name", "field required", "add name:").render()
    'k.yaml:3:5: parties.us.name: field required (hint: add name:)'
    """

    file: str
    line: int | None
    column: int | None
    path: str
    message: str
    hint: str | None = None

    def render(self) -> str:
        """Return the diagnostic as ``file:line:col: path: message (hint: ...)``."""
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def to_dict(self) -> dict[str, object]:
        """Return the stable JSON form used by ``--json``."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
        }


class ScenarioError(AccordError):
    """A scenario file cannot be read or does not validate; holds every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = list(diagnostics)
        super().__init__("\n".join(d.render() for d in self.diagnostics))


class ExpressionError(AccordError):
    """An expression does not parse, or names an identifier that is not defined.

    ``column`` is 1-based within the expression text.
    """

    def __init__(self, message: str, text: str, column: int, hint: str | None = None) -> None:
        self.message = message
        self.text = text
        self.column = column
        self.hint = hint
        super().__init__(f"column {column}: {message}")


class InputError(AccordError):
    """A bad argument to an analysis function (out of range, inconsistent, impossible target)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(message if hint is None else f"{message} (hint: {hint})")


def no_section(name: str) -> InputError:
    """The error for an analysis whose section the scenario lacks, with a way to add one.

    >>> no_section("deal").message
    'the scenario has no deal: section'
    """
    return InputError(
        f"the scenario has no {name}: section",
        f"add one: `accord new sections.yaml --sections {name}` writes a commented example of it",
    )


class FigureUnavailable(InputError):
    """A figure cannot be drawn from this result; the message says why (a report shows it)."""


class MissingExtra(AccordError):
    """A feature needs an optional extra that is not installed; the message says which.

    >>> print(MissingExtra("frames", "pandas", "to_frame()"))
    to_frame() needs pandas, which is not installed (hint: pip install 'accord[frames]')
    """

    def __init__(self, extra: str, package: str, feature: str) -> None:
        self.extra = extra
        self.hint = f"pip install 'accord[{extra}]'"
        super().__init__(f"{feature} needs {package}, which is not installed (hint: {self.hint})")


class AnalysisError(AccordError):
    """An analysis cannot be carried out on valid input (for example a solver failure)."""


class LedgerError(AccordError):
    """A ledger operation failed."""


class VerificationFailed(LedgerError):
    """A log, proof, checkpoint or signature does not verify; ``where`` locates the fault."""

    def __init__(self, message: str, where: str | None = None) -> None:
        self.where = where
        super().__init__(message if where is None else f"{where}: {message}")


@dataclass
class Rejected(LedgerError):
    """The ledger service refused a submission; nothing was stored."""

    status: int
    reason: str
    detail: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(f"{self.status}: {self.reason}")
