"""``accord conflict`` and the conflict part of ``accord analyze``, through the CLI."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from accord.cli._main import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_conflict_cli_json_form_for_elmira() -> None:
    code, out = run("conflict", "examples/elmira.yaml", "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == [
        "accord",
        "kind",
        "decision_makers",
        "states",
        "preferences",
        "stability",
        "status_quo",
        "explanations",
        "coalitions",
        "inverse",
        "hypergame",
        "move_options",
        "interrupted",
    ]
    assert data["interrupted"] is False
    assert data["preferences"]["moe"] == [[7], [3], [4], [8], [5], [1], [2], [6], [9]]
    assert data["states"][0] == {"number": 1, "label": "delay", "options": {}}
    assert data["stability"]["gmr"]["per_dm"]["lg"] == list(range(1, 10))
    assert data["stability"]["nash"]["equilibria"] == [5, 8, 9]
    assert data["status_quo"]["state"] == 1
    assert len(data["explanations"]) == 9 * 3 * 4
    assert set(data["explanations"][0]) == {
        "state",
        "dm",
        "concept",
        "stable",
        "kind",
        "improvement",
        "sanctions",
        "escape",
        "horizon",
        "text",
    }


def test_conflict_cli_json_options_for_option_form() -> None:
    code, out = run("conflict", "examples/chicken.yaml", "--json", "--concept", "nash")
    assert code == 0
    data = json.loads(out)
    assert data["states"][1]["options"] == {"p1_straight": True, "p2_straight": False}
    assert list(data["stability"]) == ["nash"]
    assert data["stability"]["nash"]["equilibria"] == [2, 3]


def test_conflict_cli_table_for_korea() -> None:
    code, out = run("conflict", "examples/korea-2019.yaml")
    assert code == 0
    assert "Stability (N = Nash, G = GMR, S = SMR, Q = SEQ; · = unstable)" in out
    assert "The status quo is an equilibrium under Nash, GMR, SMR, SEQ." in out
    assert "50 (GMR, SMR) via us+dprk: 1 → 50 (+lift_sanctions +declare +dismantle_yongbyon)" in out


def test_conflict_cli_explain_a_state() -> None:
    code, out = run("conflict", "examples/korea-2019.yaml", "--explain", "50")
    assert code == 0
    assert (
        "State 50 is unstable for us under Nash: us can move to state 49 (-lift_sanctions)" in out
    )


def test_conflict_cli_errors_exit_2_without_traceback() -> None:
    code, out = run("conflict", "examples/elmira.yaml", "--explain", "99")
    assert code == 2
    assert "error: state 99 does not exist" in out
    code, out = run("conflict", "examples/elmira.yaml", "--concept", "pareto")
    assert code == 2
    assert "error: unknown stability concept 'pareto'" in out


def test_conflict_cli_file_without_conflict_section(tmp_path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("accord: 1\ntitle: T\nparties: {us: {name: US}}\n", encoding="utf-8")
    code, out = run("conflict", str(path), "--json")
    assert code == 2
    payload = json.loads(out)
    assert payload["error"] == "the scenario has no conflict: section"
    assert payload["hint"] == (
        "add one: `accord new sections.yaml --sections conflict` writes a commented example of it"
    )


def test_conflict_cli_analyze_includes_the_summary() -> None:
    code, out = run("analyze", "examples/elmira.yaml", "--json")
    assert code == 0
    summary = json.loads(out)["analyses"]["conflict"]
    assert summary == {
        "states": 9,
        "decision_makers": ["moe", "ur", "lg"],
        "equilibria": {
            "nash": [5, 8, 9],
            "gmr": [1, 4, 5, 8, 9],
            "smr": [1, 4, 5, 8, 9],
            "seq": [5, 8, 9],
        },
        "status_quo": {
            "state": 1,
            "equilibrium_under": ["gmr", "smr"],
            "unilateral": [1, 5],
            "coalition": [1, 5, 8],
        },
    }
    code, out = run("analyze", "examples/elmira.yaml")
    assert code == 0
    assert "Conflict (Graph Model stability)" in out
    assert (
        "Joint move moe+ur: 5 → 8 (modify, accept, insist), an equilibrium (Nash, GMR, SMR, SEQ)"
        in out
    )


def _big_scenario(tmp_path) -> str:
    options = "".join(f"    - {{id: o{k}, dm: {'ab'[k % 2]}}}\n" for k in range(8))
    text = (
        "accord: 1\ntitle: Big\nparties: {a: {name: A}, b: {name: B}}\nconflict:\n"
        f"  options:\n{options}  preferences:\n"
        '    a: {statements: ["o0 iff o1", o2, "-o3", "o4 or o5"]}\n'
        '    b: {statements: ["-o0", "o1 and o6", o7]}\n  status_quo: 1\n'
    )
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_conflict_cli_large_model_shows_a_bounded_table(tmp_path) -> None:
    code, out = run("conflict", _big_scenario(tmp_path))
    assert code == 0
    assert "of 256 states; --all shows every state." in out
    code, out = run("conflict", _big_scenario(tmp_path), "--json")
    data = json.loads(out)
    assert len(data["states"]) == 256
    assert {e["state"] for e in data["explanations"]} == {1}


def _interrupt_at(monkeypatch, concept: str | None) -> None:
    """Make Ctrl-C arrive while ``concept`` is analysed (None: after all, in the status quo
    analysis)."""
    import accord.questions._conflict as cli

    real_analyze, real_complete = cli.analyze, cli.complete_analysis

    def analyze(model, concepts, progress=None, horizon=2):
        if concepts == [concept]:
            raise KeyboardInterrupt
        return real_analyze(model, concepts, progress, horizon)

    def complete(result, *args):
        if concept is None:
            raise KeyboardInterrupt
        return real_complete(result, *args)

    monkeypatch.setattr(cli, "analyze", analyze)
    monkeypatch.setattr(cli, "complete_analysis", complete)


INTERRUPTED = (
    "Interrupted: showing the concepts completed (status quo paths and explanations skipped)."
)


def test_conflict_cli_ctrl_c_keeps_the_concepts_done(monkeypatch) -> None:
    _interrupt_at(monkeypatch, "smr")
    code, out = run("conflict", "examples/elmira.yaml")
    assert code == 0
    assert out.rstrip().endswith(INTERRUPTED)
    assert "GMR equilibria (5)" in out
    assert "SMR equilibria" not in out
    assert "From the status quo" not in out


def test_conflict_cli_ctrl_c_in_the_status_quo_search_keeps_every_concept(monkeypatch) -> None:
    _interrupt_at(monkeypatch, None)
    code, out = run("conflict", "examples/elmira.yaml")
    assert code == 0
    assert out.rstrip().endswith(INTERRUPTED)
    assert "SEQ equilibria (3): 5, 8, 9" in out
    code, out = run("conflict", "examples/elmira.yaml", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["interrupted"] is True
    assert list(data["stability"]) == ["nash", "gmr", "smr", "seq"]
    assert (data["status_quo"], data["explanations"]) == (None, [])


def test_conflict_cli_ctrl_c_before_any_result_exits_130(monkeypatch) -> None:
    _interrupt_at(monkeypatch, "nash")
    code, out = run("conflict", "examples/elmira.yaml")
    assert code == 130
    assert "Traceback" not in out


def test_conflict_cli_status_quo_paths_are_bounded_on_the_terminal(monkeypatch) -> None:
    import accord.report._conflict as report

    monkeypatch.setattr(report, "PATHS_SHOWN", 2)
    code, out = run("conflict", "examples/elmira.yaml")
    assert code == 0
    assert (
        "  5 (Nash, GMR, SMR, SEQ) via lg: 1 → 5\n  ... and 1 more (--json lists every path)" in out
    )
    assert "via lg: 1 → 5; moe+ur: 5 → 8" not in out


def test_conflict_cli_concepts_once_each_in_the_usual_order() -> None:
    code, out = run("conflict", "examples/elmira.yaml", "-c", "seq", "-c", "nash", "-c", "seq")
    assert code == 0
    assert "Stability (N = Nash, Q = SEQ; · = unstable)" in out
    code, out = run("conflict", "examples/elmira.yaml", "--json", "-c", "seq", "-c", "nash")
    data = json.loads(out)
    assert list(data["stability"]) == ["nash", "seq"]
    assert [e["concept"] for e in data["explanations"][:2]] == ["nash", "seq"]


def _documented_blocks() -> list[str]:
    from pathlib import Path

    text = Path("docs/reference/conflict-json.md").read_text(encoding="utf-8")
    return [block.split("```", 1)[0] for block in text.split("```json\n")[1:]]


def test_conflict_cli_documented_json_examples_are_real_output() -> None:
    """The reference page's explanation and `accord analyze` examples, against real output;
    its top-level example names the keys in the order produced."""
    top, explanation, *_, summary = _documented_blocks()
    data = json.loads(run("conflict", "examples/elmira.yaml", "--json")[1])
    keys = [line.split('"')[1] for line in top.splitlines() if line.startswith('  "')]
    assert keys == list(data)
    lg_gmr = next(
        e for e in data["explanations"] if (e["state"], e["dm"], e["concept"]) == (1, "lg", "gmr")
    )
    assert json.loads(explanation) == lg_gmr
    analyzed = json.loads(run("analyze", "examples/elmira.yaml", "--json")[1])
    assert json.loads(summary) == analyzed["analyses"]["conflict"]


def test_conflict_cli_documented_coalition_inverse_and_hypergame_examples() -> None:
    """The reference page's coalition, inverse and hypergame examples hold their real values."""
    _, _, coalitions, inverse, hypergame, _ = _documented_blocks()
    data = json.loads(run("conflict", "examples/elmira.yaml", "--json", "--coalitions")[1])
    every = data["coalitions"]["stable_for_every_coalition"]
    assert json.dumps(every) in " ".join(coalitions.split())
    assert data["coalitions"]["coalitions"][-1]["stable"]["nash"] == [1, 3, 4, 5, 7, 8, 9]
    korea = json.loads(run("conflict", "examples/korea-2019.yaml", "--json")[1])
    (found,) = korea["inverse"]
    assert f'"text": "{found["text"]}"' in inverse
    assert f'"must_prefer_to": {found["per_dm"][0]["must_prefer_to"]}' in inverse
    assert f'"{found["per_dm"][0]["text"][0]}"' in inverse
    misread = json.loads(
        run("conflict", "examples/korea-2019-misperception.yaml", "--json", "-c", "sim")[1]
    )
    first = misread["hypergame"]["stability"]["sim"]["unexpected"][0]
    assert (first["state"], first["by"]) == (34, ["dprk"])
    (why,) = first["why"]
    assert (why["dm"], why["in_view_of"]) == ("us", "dprk")
    assert why["expected"].startswith("State 34 is unstable for us under SIM: ")
    assert why["actual"].startswith("State 34 is stable for us under SIM: ")
    assert '"unexpected": [{"state": 34, "by": ["dprk"],' in hypergame
    assert '"why": [{"dm": "us", "in_view_of": "dprk",' in hypergame


def test_conflict_cli_bad_extras_are_clear_errors() -> None:
    cases = [
        (["examples/elmira.yaml", "-c", "sim"], "SIM (simultaneous sanctioning) needs option form"),
        (["examples/elmira.yaml", "-c", "lh", "--horizon", "0"], "at least 1"),
        (["examples/elmira.yaml", "--desired", "10"], "state 10 does not exist"),
        (["examples/elmira.yaml", "--desired", "1", "--desired-concept", "seq"], "not 'seq'"),
        (["examples/elmira.yaml", "-c", "gmt"], "did you mean 'gmr'?"),
    ]
    for args, message in cases:
        code, out = run("conflict", *args, "--json")
        assert code == 2, args
        data = json.loads(out)
        assert message in data["error"] + (data.get("hint") or ""), args


def test_conflict_cli_all_concepts_on_graph_form_leave_sim_out() -> None:
    code, out = run("conflict", "examples/elmira.yaml", "--json", "-c", "all", "--horizon", "3")
    assert code == 0
    data = json.loads(out)
    assert list(data["stability"]) == ["nash", "gmr", "smr", "seq", "lh", "nm"]
    assert data["stability"]["lh"]["horizon"] == 3


def test_conflict_cli_desired_from_the_command_line() -> None:
    code, out = run(
        "conflict", "examples/elmira.yaml", "--json", "-d", "2", "--desired-concept", "gmr"
    )
    assert code == 0
    (found,) = json.loads(out)["inverse"]
    assert (found["state"], found["concept"], found["verified"]) == (2, "gmr", True)
    assert {d["dm"]: d["must_prefer_to"] for d in found["per_dm"]} == {
        "moe": [],
        "ur": [8, 9],
        "lg": [],
    }
