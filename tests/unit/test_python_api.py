"""The Python API: its names match the reference page, results show themselves, names are
checked, and ``import accord`` loads nothing heavy."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

import accord
from accord.choices import Concept, PlanObjective, PlanStatus, choose

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "reference" / "python-api.md"
DOCUMENTED = (
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


def _listed() -> dict[str, list[str]]:
    """``{package: [names]}`` from the page's "Every public name" section."""
    listed: dict[str, list[str]] = {}
    section = PAGE.read_text(encoding="utf-8").split("## Every public name", 1)[1]
    package = None
    for line in section.splitlines():
        heading = re.fullmatch(r"### `([\w.]+)`", line)
        if heading:
            package = heading.group(1)
            listed[package] = []
        item = re.match(r"- `([\w.]+)` — \S", line)
        if item and package is not None:
            name = item.group(1)
            assert name.startswith(package + "."), f"{name} listed under {package}"
            listed[package].append(name.removeprefix(package + "."))
    return listed


def test_the_reference_page_lists_exactly_the_public_names() -> None:
    listed = _listed()
    assert list(listed) == list(DOCUMENTED)
    for package in DOCUMENTED:
        exported = importlib.import_module(package).__all__
        assert listed[package] == list(exported), (
            f"{package}.__all__ and docs/reference/python-api.md differ: update both together"
        )


def test_the_reference_page_runs() -> None:
    pytest.importorskip("pandas")
    failures, tried = doctest.testfile(
        str(PAGE),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert tried > 5
    assert failures == 0


def test_no_top_level_name_is_a_subpackage_or_module() -> None:
    modules = {m.name for m in pkgutil.iter_modules(accord.__path__)}
    assert not modules & set(accord.__all__)


API_FUNCTIONS = (
    "load",
    "analyze_conflict",
    "analyze_deal",
    "plan",
    "audit",
    "analyze_verification",
    "analyze_robustness",
    "verification.sample_size",
    "verification.detection",
    "verification.game_parameters",
    "verification.solve_game",
    "choices.choose",
)


@pytest.mark.parametrize("name", API_FUNCTIONS)
def test_every_api_function_documents_parameters_returns_raises_and_examples(name: str) -> None:
    function = accord
    for part in name.split("."):
        function = getattr(function, part)
    for section in ("Parameters", "Returns", "Raises", "Examples"):
        assert f"\n    {section}\n    ---" in (function.__doc__ or ""), f"{name} lacks {section}"


def test_import_accord_loads_no_heavy_library() -> None:
    heavy = ("numpy", "pydantic", "pandas", "typer", "rich", "yaml", "scipy", "highspy")
    code = f"import sys, accord; print([m for m in {heavy!r} if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unknown_names_are_errors_with_a_hint() -> None:
    with pytest.raises(accord.InputError, match="did you mean 'smr'"):
        choose(Concept, "smrr", "stability concept")
    assert choose(PlanObjective, PlanObjective.STEPS, "objective") is PlanObjective.STEPS
    scenario = accord.load(ROOT / "examples" / "elmira.yaml")
    with pytest.raises(accord.InputError, match="unknown stability concept 'nsh'"):
        accord.analyze_conflict(scenario, ["nsh"])
    with pytest.raises(accord.InputError, match="no deal: section"):
        accord.analyze_deal(scenario)


def test_load_reads_text_and_paths_alike() -> None:
    path = ROOT / "examples" / "chicken.yaml"
    assert accord.load(path) == accord.load(path.read_text(encoding="utf-8"))
    assert accord.load(str(path)) == accord.load(path)
    with pytest.raises(accord.ScenarioError, match="no such file"):
        accord.load("missing.yaml")


@pytest.mark.parametrize("path", sorted((ROOT / "examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_a_scenario_goes_to_data_and_back(path: Path) -> None:
    scenario = accord.load(path)
    assert accord.load(scenario.model_dump(mode="json", exclude_unset=True)) == scenario


def test_data_built_in_code_is_checked_like_a_file() -> None:
    with pytest.raises(accord.ScenarioError) as caught:
        accord.load({"accord": 1, "title": "T", "parties": {"a": {"nam": "A"}}})
    assert [d.render() for d in caught.value.diagnostics] == [
        "<data>: parties.a.name: missing required field 'name' (hint: add `name:` here)",
        "<data>: parties.a.nam: unknown key 'nam' (hint: did you mean 'name'?)",
    ]


@pytest.fixture(scope="module")
def conflict() -> accord.ConflictAnalysis:
    return accord.analyze_conflict(accord.load(ROOT / "examples" / "elmira.yaml"))


def test_a_result_is_frozen_and_reads_well(conflict: accord.ConflictAnalysis) -> None:
    with pytest.raises(AttributeError):
        conflict.interrupted = True  # type: ignore[misc]
    assert repr(conflict) == "<ConflictAnalysis: 9 states, decision makers moe, ur, lg.>"
    assert "SEQ equilibria: 5, 8, 9." in conflict.summary()


def test_tables_come_from_the_result(conflict: accord.ConflictAnalysis) -> None:
    rows = conflict.to_rows()
    assert [r["state"] for r in rows if r["SEQ"]] == conflict.to_dict()["stability"]["seq"][
        "equilibria"
    ]
    with pytest.raises(accord.InputError, match="did you mean 'states'"):
        conflict.to_rows("state")


def test_to_frame_needs_the_frames_extra(
    conflict: accord.ConflictAnalysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    pandas = pytest.importorskip("pandas")
    frame = conflict.to_frame("stability")
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["state", "decision_maker", "concept", "stable"]
    assert len(frame) == 9 * 3 * 4
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(accord.MissingExtra, match=r"pip install 'accord\[frames\]'"):
        conflict.to_frame()


def test_the_notebook_shows_summary_table_and_figures(conflict: accord.ConflictAnalysis) -> None:
    shown = conflict._repr_html_()
    assert "SEQ equilibria: 5, 8, 9." in shown
    assert "<table>" in shown
    assert shown.count("<svg") == 3  # elmira is in graph form: no option-form figure
    assert "not drawn: the conflict is in graph form" in shown
    assert "http://" not in shown.replace('xmlns="http://www.w3.org/2000/svg"', "").replace(
        'xmlns:xlink="http://www.w3.org/1999/xlink"', ""
    )


@pytest.mark.parametrize(
    ("result", "svgs"),
    [
        (lambda: accord.audit(accord.load(ROOT / "examples" / "jcpoa-2015.yaml")), 1),
        (lambda: accord.verification.sample_size(500, 4, "0.1"), 0),
        (lambda: accord.verification.detection(100, 1, 90), 0),
        (
            lambda: accord.verification.solve_game(
                accord.verification.game_parameters(1, 9, 1, 10, 1)
            ),
            1,
        ),
    ],
)
def test_other_results_show_themselves(result, svgs: int) -> None:
    value = result()
    shown = value._repr_html_()
    assert shown.count("<svg") == svgs
    assert value.summary().split(".")[0] in shown.replace("&#x27;", "'")
    assert value.to_rows()


def test_every_closed_set_is_one_list() -> None:
    """The Literal types the scenario format and the ledger validate with name exactly the
    members of the shared StrEnums; the engines' results hold the StrEnums themselves."""
    from typing import get_args, get_type_hints

    from accord.choices import BargainingSolution, EntryType, VerificationObjective
    from accord.conflict._concepts import CONCEPTS
    from accord.deal._solutions import SOLUTIONS
    from accord.ledger._entry_bodies import BODY_MODELS, EntryKind
    from accord.phasing._result import PlanResult
    from accord.scenario._phasing import Phasing
    from accord.scenario._verification import Verification
    from accord.verification._allocation import Allocation

    def names(kind: type) -> list[str]:
        return [member.value for member in kind]

    assert list(CONCEPTS) == names(Concept)
    assert list(SOLUTIONS) == names(BargainingSolution)
    hints = get_type_hints(PlanResult)
    assert (hints["status"], hints["objective"]) == (PlanStatus, PlanObjective)
    assert get_type_hints(Allocation)["objective"] is VerificationObjective
    assert list(get_args(EntryKind)) == list(BODY_MODELS) == names(EntryType)
    phasing = get_args(Phasing.model_fields["objective"].annotation)
    assert list(phasing) == names(PlanObjective)
    verification = get_args(Verification.model_fields["objective"].annotation)
    assert list(verification) == names(VerificationObjective)


def test_subpackages_are_reached_from_the_top_without_an_import() -> None:
    code = "import accord; print(accord.verification.sample_size(100, 1, 0.1).exact)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "90"
    with pytest.raises(AttributeError, match="no attribute 'conflicts'"):
        accord.conflicts  # noqa: B018


def test_the_readme_example_runs() -> None:
    failures, tried = doctest.testfile(str(ROOT / "README.md"), module_relative=False)
    assert tried >= 3
    assert failures == 0
