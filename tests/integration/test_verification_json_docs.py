"""The JSON forms documented in docs/reference/verification-json.md are the ones produced."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from accord.cli._main import app

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "reference" / "verification-json.md"
runner = CliRunner()


def _documented() -> list[object]:
    blocks = re.findall(r"```json\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)
    return [json.loads(block) for block in blocks]


def _produced(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["verify", *args, "--json"])
    assert result.exit_code in (0, 1), result.output
    payload: dict[str, object] = json.loads(result.stdout)
    return payload


def _same_shape(doc: object, real: object, path: str = "") -> None:
    """Keys match exactly (``means`` may show a few); shown values match unless elided."""
    if isinstance(doc, dict):
        assert isinstance(real, dict), path
        if path.endswith("means"):
            assert set(doc) <= set(real), path
        else:
            assert set(doc) == set(real), path
        for key, value in doc.items():
            _same_shape(value, real[key], f"{path}.{key}")
    elif isinstance(doc, list):
        assert isinstance(real, list), path
        if doc:
            _same_shape(doc[0], real[0], f"{path}[0]")
    elif not (isinstance(doc, str) and "..." in doc):
        assert doc == real, path


def test_documented_cli_forms_are_the_real_output_exactly() -> None:
    sample, detection, game, scenario, phased = _documented()
    assert sample == _produced(
        "sample-size", "--items", "500", "--falsified", "4", "--nondetection", "0.1"
    )
    assert detection == _produced(
        "detection", "--items", "100", "--falsified", "1", "--sample", "90"
    )
    game_args = ["--gain", "1", "--penalty", "9", "--inspection-cost", "1", "--missed-cost", "10"]
    assert game == _produced("game", *game_args, "--caught-cost", "1")
    _same_shape(scenario, _produced("examples/korea-2019.yaml"))
    plans = _produced(str(ROOT / "examples/yongbyon-for-relief.yaml"))["phased_plans"]
    assert isinstance(plans, list)
    _same_shape(phased, plans[0])


def test_issue_keys_are_in_the_cli_forms() -> None:
    # The forms issue 6 asks for: {"iaea", "exact", "detection_probability"} and
    # {"inspect_probability", "violate_probability", "payoffs", "deterrence_threshold"}.
    sample = _produced("sample-size", "--items", "100", "--falsified", "1", "--nondetection", "0.1")
    assert {"iaea": 90, "exact": 90, "detection_probability": 0.9}.items() <= sample.items()
    detection = _produced("detection", "--items", "500", "--falsified", "4", "--sample", "219")
    assert detection["exact_fractions"] == {"detection_probability": "66250201/73515175"}
    game_args = ["--gain", "1", "--penalty", "9", "--inspection-cost", "1", "--missed-cost", "10"]
    game = _produced("game", *game_args, "--caught-cost", "1")
    expected = {
        "inspect_probability": 0.1,
        "violate_probability": 0.1,
        "payoffs": {"inspector": -1, "inspectee": 0},
        "deterrence_threshold": 0.1,
    }
    assert expected.items() <= game.items()
