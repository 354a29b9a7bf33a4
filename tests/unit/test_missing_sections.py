"""An analysis asked of a scenario without its section, or an explanation asked under a
concept the result was not analysed under, is a clear InputError with a hint."""

from __future__ import annotations

import pytest

from accord import conflict, phasing, verification
from accord.conflict._model import OptionSpec, from_options
from accord.errors import InputError
from accord.scenario import loads

BARE = loads("accord: 1\ntitle: T\nparties: {us: {name: US}, dprk: {name: DPRK}}\n")


@pytest.mark.parametrize(
    ("run", "section"),
    [
        (phasing.analyze, "phasing"),
        (phasing.audit_scenario, "phasing"),
        (verification.analyze, "verification"),
    ],
)
def test_a_missing_section_is_an_input_error_with_a_hint(run: object, section: str) -> None:
    with pytest.raises(InputError) as error:
        run(BARE)  # type: ignore[operator]
    assert error.value.message == f"the scenario has no {section}: section"
    assert error.value.hint is not None
    assert f"--sections {section}" in error.value.hint


def test_explaining_under_a_concept_not_analysed_names_the_concepts_available() -> None:
    opts = [OptionSpec("d1", "p1"), OptionSpec("d2", "p2")]
    pd = from_options(["p1", "p2"], opts, [0, 1, 2, 3], [[2, 3, 0, 1], [2, 0, 3, 1]])
    result = conflict.analyze(pd, concepts=["nash", "gmr"])
    with pytest.raises(InputError, match="not analysed under the concept 'smr'") as error:
        conflict.explain(result, "smr", 0, 0)
    assert error.value.hint is not None
    assert "nash, gmr" in error.value.hint
    assert conflict.explain(result, "gmr", 0, 0).kind == "sanctioned"
