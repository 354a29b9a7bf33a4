"""``accord example [NAME]``: list the bundled examples, or copy one into the current folder.

The examples ship inside the package (the wheel maps the repository's ``examples/`` folder to
``accord/examples``), so the tutorials and how-to guides work from an empty folder after
``pip install``. An example is a scenario file (``examples/NAME.yaml``) or a folder of files that
go together (``examples/NAME/``): all of them are written, side by side, into the current folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer

import accord
from accord._suggest import unknown_hint
from accord.cli._common import JSON_OPTION, console, emit_json, fail
from accord.errors import AccordError, InputError


@dataclass(frozen=True)
class Example:
    """One bundled example: its name, its files and a line saying what it is."""

    name: str
    files: tuple[Path, ...]
    description: str

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "files": [f.name for f in self.files],
            "description": self.description,
        }


def examples_folder() -> Path:
    """The bundled examples: inside an installed package, else the source checkout's folder."""
    package = Path(accord.__file__).resolve().parent
    for folder in (package / "examples", package.parents[1] / "examples"):
        if folder.is_dir():
            return folder
    raise AccordError("the bundled examples are missing from this installation of Accord")


def bundled_examples() -> dict[str, Example]:
    """Every bundled example, by name, in name order."""
    found: dict[str, Example] = {}
    for path in sorted(examples_folder().iterdir()):
        if path.is_file() and path.suffix == ".yaml":
            found[path.stem] = Example(path.stem, (path,), _title(path))
        elif path.is_dir() and not path.name.startswith(("_", ".")):
            files = tuple(sorted(p for p in path.iterdir() if p.is_file()))
            titles = [t for t in map(_title, files) if t]
            found[path.name] = Example(path.name, files, titles[0] if titles else "")
    return found


def _title(path: Path) -> str:
    """The ``title:`` of a YAML file, or "" (for JSON and other files)."""
    if path.suffix != ".yaml":
        return ""
    import yaml  # when the examples are listed, not for `accord example --help`

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ""
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) else ""


def _names(incomplete: str) -> list[str]:
    return [name for name in bundled_examples() if name.startswith(incomplete)]


def example_command(
    name: str | None = typer.Argument(
        None, help="The example to copy here (none: list them).", autocompletion=_names
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite files that exist here."),
    as_json: bool = JSON_OPTION,
) -> None:
    """List the bundled examples, or write example NAME's files into the current folder
    (never overwriting a file without --force).

    Example: [bold]accord example korea-2019 && accord analyze korea-2019.yaml[/bold]
    """
    try:
        examples = bundled_examples()
        if name is None:
            _list(examples, as_json)
            return
        written = _write(examples, name, force)
    except AccordError as error:
        fail(error, as_json)
    if as_json:
        emit_json("example", {"name": name, "files": written})
        return
    console.print(f"wrote {', '.join(written)}", markup=False)
    scenario = [f for f in written if f.endswith(".yaml") and f"{name}.yaml" == f]
    if scenario:
        console.print(f"next: accord analyze {scenario[0]}", markup=False)


def _list(examples: dict[str, Example], as_json: bool) -> None:
    if as_json:
        emit_json("examples", {"examples": [e.to_dict() for e in examples.values()]})
        return
    width = max(map(len, examples), default=0)
    for example in examples.values():
        what = example.description or ", ".join(f.name for f in example.files)
        console.print(f"{example.name:<{width}}  {what}", markup=False)
    console.print("\nwrite one into this folder: accord example NAME", markup=False)


def _write(examples: dict[str, Example], name: str, force: bool) -> list[str]:
    """Copy the example's files here; refuse (writing nothing) if one exists, unless forced."""
    if name not in examples:
        raise InputError(f"unknown example '{name}'", unknown_hint(name, examples, "examples"))
    files = examples[name].files
    taken = [f.name for f in files if Path(f.name).exists()]
    if taken and not force:
        raise InputError(
            f"{', '.join(taken)} already exist{'s' if len(taken) == 1 else ''} here; nothing "
            "was written",
            "pass --force to overwrite, or run the command in another folder",
        )
    for source in files:
        try:
            Path(source.name).write_bytes(source.read_bytes())
        except OSError as error:
            raise InputError(f"cannot write {source.name}: {error.strerror}") from None
    return [f.name for f in files]


def register(app: typer.Typer) -> None:
    """Add ``example`` to the app."""
    app.command("example")(example_command)
