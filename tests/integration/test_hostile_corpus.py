"""Every hostile input through every entry point: a clean end (exit 0, 1 or 2), a message, no
traceback, within a memory and CPU limit (issue 17; the corpus is described in tests/hostile.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import CORPUS, ENTRY_POINTS, GENERATED, Entry, corpus, run

NAMES = sorted(
    [p.name for p in CORPUS.iterdir() if p.suffix in (".yaml", ".bin")] + list(GENERATED)
)


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {p.name: p for p in corpus(tmp_path_factory.mktemp("hostile"))}


@pytest.mark.slow
@pytest.mark.timeout(1200)
@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda e: e.name)
@pytest.mark.parametrize("name", NAMES)
def test_hostile_input_ends_cleanly(
    entry: Entry, name: str, cases: dict[str, Path], tmp_path: Path
) -> None:
    result = run(entry, cases[name], tmp_path)
    assert result.code in (0, 1, 2), f"{entry.name} {name}: exit {result.code}\n{result.output}"
    assert result.output.strip(), f"{entry.name} {name}: no message"
    assert "Traceback" not in result.output, f"{entry.name} {name}:\n{result.output}"


EXPECTED = {
    "merge-bomb-7.yaml": "parties.p2.k7: unknown key 'k7'",  # merged keys are counted once
    "merge-bomb-6-unused.yaml": "",
    "merge-bomb-of-lists.yaml": "with aliases and merge keys expanded, has 111,111 values",
    "parens-200.yaml": "",
    "not-1000.yaml": "the expression has 101 levels, more than the limit of 100",
    "integer-5000-digits.yaml": "this integer has 5,000 digits, more than the limit of 100",
    "float-1e400.yaml": "Input should be a finite number",
    "options-24.yaml": "has 16,777,216 states, more than the limit of 8,192",
    "quantity-1e300-divisible.yaml": "the number 1e+300 is larger in size than the limit",
    "quantity-1e300-indivisible.yaml": "the number 1e+300 is larger in size than the limit",
    "items-8x1e6.yaml": "",  # valid; its analysis is refused (see below)
    "verification-per-item-1e9.yaml": "",  # valid; accord verify refuses it (test_limits_analyses)
    "coalitions-all-of-7.yaml": "",  # valid; accord conflict refuses it (test_limits_analyses)
    "quantity-inf.yaml": "deal.items[0].quantity: Input should be a finite number (got inf)",
    "value-inf.yaml": "deal.items[0].value.p2: Input should be a finite number (got inf)",
    "value-nan.yaml": "deal.items[0].value.p2: Input should be a finite number (got nan)",
    "billion-laughs.yaml": "has 111,111 values, more than the limit of 50,000",
    "deep-by-aliases.yaml": "nested too deeply (more than 100 levels, aliases expanded)",
    "python-tag.yaml": "unsupported YAML tag '!!python/object/apply:os.system'",
    "python-tag-on-list.yaml": "unsupported YAML tag '!!python/object/apply:os.system'",
    "alias-cycle.yaml": "an alias refers to a node that contains it",
    "complex-key-bomb.yaml": "a mapping key must be a plain value",
    "date-invalid.yaml": "cannot read '2019-02-30' as timestamp",
    "date-invalid-key.yaml": "6:3: x-dates: cannot read '2019-02-30' as timestamp",
    "tag-bool-unreadable.yaml": "6:7: x-flags.ok: cannot read 'maybe' as bool",
    "tag-timestamp-unreadable-key.yaml": "6:3: x-dates: cannot read 'someday' as timestamp",
    "tag-int-empty.yaml": "5:10: x-count: cannot read '' as int",
    "two-documents.yaml": "but found another document",
    "statements-2000.yaml": "",
    "empty.yaml": "a scenario is a YAML mapping, found an empty file",
    "not-utf8.yaml": "cannot read",
    "binary.bin": "cannot read",
    "long-id.yaml": "YAML syntax error",  # libyaml: a plain key is at most 1,024 characters
}


@pytest.mark.parametrize(("name", "message"), sorted(EXPECTED.items()))
def test_each_static_case_gets_its_own_message(name: str, message: str) -> None:
    from accord.errors import ScenarioError
    from accord.scenario import load

    if not message:
        load(CORPUS / name)
        return
    with pytest.raises(ScenarioError) as caught:
        load(CORPUS / name)
    assert message in str(caught.value)


def test_every_static_case_has_an_expectation() -> None:
    static = {p.name for p in CORPUS.iterdir() if p.suffix in (".yaml", ".bin")}
    assert static == set(EXPECTED)
