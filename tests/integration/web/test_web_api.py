"""The workbench's flows through its JSON API (httpx, in process): the same answers as the CLI's
``--json``, located errors for bad input, safe saves."""

from __future__ import annotations

import json
import shutil
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():  # starlette asks for httpx2, which the lock file does not have
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient
from typer.testing import CliRunner

import accord
from accord.cli._main import app as cli
from accord.web._app import create_app

ROOT = Path(__file__).resolve().parents[3]
KOREA = ROOT / "examples" / "korea-2019.yaml"
JSON = {"accept": "application/json"}
HANOI = {"item.yongbyon": "on", "item.test_moratorium": "on", "item.unsc_2016_2017": "on"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("korea-2019.yaml", "chicken.yaml"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def client(folder: Path) -> Iterator[TestClient]:
    with TestClient(create_app(folder)) as test_client:
        yield test_client


def cli_json(*args: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, [*args, "--json"])
    parsed: dict[str, object] = json.loads(result.stdout)
    return parsed


def test_the_scenario_list_has_each_file_with_its_sections_and_badge(client: TestClient) -> None:
    listed = client.get("/", headers=JSON).json()
    assert listed["kind"] == "web.scenarios"
    files = {f["file"]: f for f in listed["files"]}
    assert files["korea-2019.yaml"]["ok"] is True
    assert files["korea-2019.yaml"]["sections"] == ["conflict", "deal", "phasing", "verification"]
    assert files["chicken.yaml"]["sections"] == ["conflict"]
    page = client.get("/").text
    assert 'href="/s/korea-2019.yaml/deal"' in page
    assert "valid" in page


def test_validation_locates_each_problem_as_the_cli_does(client: TestClient) -> None:
    text = "accord: 1\ntitle: T\nparties: {us: {nam: X}}\n"
    answer = client.post("/validate?name=x.yaml", content=text, headers=JSON).json()
    assert answer["kind"] == "validation"
    last = answer["files"][0]["diagnostics"][-1]
    assert (last["line"], last["column"], last["path"]) == (3, 16, "parties.us.nam")
    assert last["hint"] == "did you mean 'name'?"
    fragment = client.post("/validate", data={"text": text, "name": "x.yaml"}).text
    assert 'data-line="3"' in fragment
    assert "parties.us.nam" in fragment


@pytest.mark.parametrize(
    "text", ["", "- a\n- b\n", "a: [\n", "\x00\x01", "accord: 1\n" * 3, "&a [*a]"]
)
def test_validation_never_fails_on_hostile_text(client: TestClient, text: str) -> None:
    answer = client.post("/validate", content=text.encode("utf-8"), headers=JSON)
    assert answer.status_code == 200
    assert answer.json()["ok"] is False
    assert answer.json()["files"][0]["diagnostics"]


def test_saving_keeps_the_previous_version_and_refuses_a_stale_one(
    client: TestClient, folder: Path
) -> None:
    before = (folder / "chicken.yaml").read_text(encoding="utf-8")
    version = client.get("/s/chicken.yaml", headers=JSON).json()["files"][0]["version"]
    invalid = client.post("/s/chicken.yaml/save", data={"text": "title: [", "version": version},
                          headers=JSON)  # fmt: skip
    assert invalid.status_code == 422
    assert (folder / "chicken.yaml").read_text(encoding="utf-8") == before
    edited = before.replace("title:", "title: Edited", 1).replace("Edited ", "Edited — ", 1)
    saved = client.post("/s/chicken.yaml/save", data={"text": edited, "version": version},
                        headers=JSON).json()  # fmt: skip
    assert saved["kind"] == "web.saved"
    assert (folder / saved["backup"]).read_text(encoding="utf-8") == before
    stale = client.post("/s/chicken.yaml/save", data={"text": before, "version": version},
                        headers=JSON)  # fmt: skip
    assert stale.status_code == 409
    assert "changed since you opened it" in stale.json()["error"]
    assert (folder / "chicken.yaml").read_text(encoding="utf-8") == edited


def test_the_edit_page_answers_json_with_the_text_its_version_and_problems(
    client: TestClient, folder: Path
) -> None:
    before = (folder / "chicken.yaml").read_text(encoding="utf-8")
    edit = client.get("/s/chicken.yaml/edit", headers=JSON).json()
    assert (edit["kind"], edit["file"], edit["text"], edit["ok"]) == (
        "web.edit", "chicken.yaml", before, True,
    )  # fmt: skip
    listed = client.get("/s/chicken.yaml", headers=JSON).json()["files"][0]
    assert edit["version"] == listed["version"]
    broken = before.replace("p2: {name:", "p2: {nmae:", 1)
    saved = client.post(
        "/s/chicken.yaml/save",
        headers=JSON,
        data={"text": broken, "version": edit["version"], "confirm": "invalid"},
    )
    assert saved.status_code == 200
    again = client.get("/s/chicken.yaml/edit", headers=JSON).json()
    assert (again["text"], again["ok"]) == (broken, False)
    assert again["version"] == saved.json()["version"] != edit["version"]
    line = broken.split("\n").index("  p2: {nmae: Driver 2}") + 1
    problem = again["diagnostics"][-1]
    assert (problem["line"], problem["path"], problem["hint"]) == (
        line, "parties.p2.nmae", "did you mean 'name'?",
    )  # fmt: skip
    assert client.get("/s/nope.yaml/edit", headers=JSON).status_code == 404


def test_the_editor_form_works_without_scripts_and_keeps_the_text_sent(
    client: TestClient, folder: Path
) -> None:
    before = (folder / "chicken.yaml").read_text(encoding="utf-8")
    edit = client.get("/s/chicken.yaml/edit").text
    assert 'method="post" action="/s/chicken.yaml/save"' in edit
    assert '<script type="application/json" id="scenario-schema">' in edit
    broken = before.replace("title:", "title: [", 1)
    version = client.get("/s/chicken.yaml", headers=JSON).json()["files"][0]["version"]
    form = {"text": broken, "version": version, "name": "chicken.yaml"}
    page = client.post("/s/chicken.yaml/save", data=form).text
    assert page.startswith("<!doctype html>")
    assert "Not saved: the text is not a valid scenario." in page
    assert "title: [ Chicken" in page
    assert (folder / "chicken.yaml").read_text(encoding="utf-8") == before
    fragment = client.post("/s/chicken.yaml/save", data=form, headers={"hx-request": "true"})
    assert "Not saved" in fragment.text
    assert "<!doctype" not in fragment.text
    confirmed = client.post("/s/chicken.yaml/save", data={**form, "confirm": "invalid"}).text
    assert "Saved chicken.yaml; the previous version is kept as" in confirmed
    assert (folder / "chicken.yaml").read_text(encoding="utf-8") == broken


def test_a_new_file_comes_from_the_template_and_never_replaces_one(client: TestClient) -> None:
    created = client.post("/new", data={"name": "talks"}, headers=JSON)
    assert created.json()["file"] == "talks.yaml"
    again = client.post("/new", data={"name": "talks.yaml"}, headers=JSON)
    assert again.status_code == 400
    assert "already exists" in again.json()["error"]
    assert client.post("/new", data={"name": "../up.yaml"}, headers=JSON).status_code == 400


def test_unknown_files_and_bad_input_are_clear_4xx(client: TestClient) -> None:
    missing = client.get("/s/nope.yaml", headers=JSON)
    assert missing.status_code == 404
    assert missing.json()["error"] == "no scenario file 'nope.yaml' here"
    page = client.get("/s/../../etc/passwd")
    assert page.status_code in (400, 404)
    assert "Traceback" not in page.text


def test_the_api_pages_work_offline(client: TestClient) -> None:
    for path in ("/docs", "/redoc"):
        page = client.get(path).text
        assert "/static/vendor/" in page
        assert "https://" not in page.replace("https://fastapi", "")
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/vendor/htmx.min.js").status_code == 200


@pytest.mark.slow
def test_each_analysis_answers_what_its_command_prints(client: TestClient) -> None:
    conflict = client.get("/s/korea-2019.yaml/conflict", headers=JSON).json()
    assert conflict == cli_json("conflict", str(KOREA))
    deal = client.get("/s/korea-2019.yaml/deal", headers=JSON).json()
    assert deal == cli_json("deal", str(KOREA))
    verification = client.get("/s/korea-2019.yaml/verification", headers=JSON).json()
    expected = cli_json("verify", str(KOREA))
    assert {**verification, "file": ""} == {**expected, "file": ""}


@pytest.mark.slow
def test_the_hanoi_offer_is_refused_by_the_us_with_the_reason(client: TestClient) -> None:
    answer = client.post("/s/korea-2019.yaml/deal/package", data=HANOI, headers=JSON).json()
    expected = cli_json(
        "deal", str(KOREA), "--package", "yongbyon, test_moratorium, unsc_2016_2017"
    )
    package = expected["package"]
    assert isinstance(package, dict)
    assert {k: answer[k] for k in package} == package
    assert answer["refused_by"] == ["us", "japan"]
    assert answer["refusals"]["us"]["costs"][0]["item"] == "unsc_2016_2017"
    nearest = answer["dominated_by"]["utilities"]
    assert answer["distance"] == min(nearest[p] - answer["utilities"][p] for p in nearest)
    assert answer["nearest"] == answer["dominated_by"]["package"]
    page = client.post("/s/korea-2019.yaml/deal/package", data=HANOI).text
    assert "Refused by us, japan" in page


@pytest.mark.slow
def test_moving_the_relief_after_yongbyon_changes_the_audit(client: TestClient) -> None:
    steps = {"plan": "hanoi_offer", "steps": "3", "name.0": "Written moratorium and relief",
             "date.0": "2019-03-01", "name.1": "Yongbyon dismantled", "date.1": "2019-09-01",
             "name.2": "Relief", "date.2": "2020-03-01"}  # fmt: skip
    as_written = client.post("/s/korea-2019.yaml/phasing/plan", data=steps, headers=JSON).json()
    first = as_written["audits"][0]["first_unsafe"]
    assert (first["index"], first["party"]) == (1, "us")
    moved = {**steps, "at.1": "2"}  # the relief (delivery 2) to the new step 3
    after = client.post("/s/korea-2019.yaml/phasing/plan", data=moved, headers=JSON).json()
    audit = after["audits"][0]
    assert [s["deliveries"] for s in audit["steps"][1:]] == [
        {"test_moratorium": 1.0}, {"yongbyon": 1.0}, {"unsc_2016_2017": 1.0}
    ]  # fmt: skip
    assert audit["first_unsafe"]["index"] == 3
    bad_date = client.post("/s/korea-2019.yaml/phasing/plan", data={**moved, "date.2": "soon"})
    assert bad_date.status_code == 400
    assert "steps[2].date" in bad_date.text


def test_a_long_analysis_shows_progress_and_stops_when_asked(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from accord.solver._control import stop_requested
    from accord.web import _analyses as analyses

    def endless(name: str, scenario: object, tell: Callable[[str], None]) -> object:
        rounds = 0
        while not stop_requested():
            rounds += 1
            tell(f"round {rounds}")
            time.sleep(0.01)
        return accord.analyze_conflict(scenario)  # type: ignore[arg-type]

    monkeypatch.setattr(analyses, "run", endless)
    running = client.get("/s/chicken.yaml/conflict/result", headers=JSON).json()
    assert running["kind"] == "web.job"
    assert running["state"] == "running"
    assert running["stage"].startswith(("starting", "round"))
    page = client.get("/s/chicken.yaml/conflict").text
    assert "<progress" in page
    assert ">Stop</button>" in page
    assert client.get("/", headers=JSON).status_code == 200  # other pages still answer
    stopped = client.post("/s/chicken.yaml/conflict/stop", headers=JSON).json()
    assert stopped["state"] == "stopped"
    assert "Stopped." in client.get("/s/chicken.yaml/conflict").text
    again = client.get("/s/chicken.yaml/conflict/result?again=1", headers=JSON).json()
    assert again["state"] == "running"
    client.post("/s/chicken.yaml/conflict/stop", headers=JSON)


def test_an_unexpected_failure_is_a_logged_500_problem_document(
    folder: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from accord.web import _pages as pages

    def broken(*_args: object) -> object:
        raise RuntimeError("a bug")

    monkeypatch.setattr(pages, "_entry", broken)
    with TestClient(create_app(folder), raise_server_exceptions=False) as test_client:
        answer = test_client.get("/")
    assert answer.status_code == 500
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["title"] == "Internal Server Error"
    assert "a bug" not in answer.text
    assert "RuntimeError: a bug" in caplog.text


@pytest.mark.slow
def test_the_report_downloads_as_html_and_pdf(client: TestClient) -> None:
    html = client.get("/s/chicken.yaml/report.html")
    assert html.status_code == 200
    assert html.text.startswith("<!doctype html>")
    assert 'filename="chicken-report.html"' in html.headers["content-disposition"]
    pdf = client.get("/s/chicken.yaml/report.pdf")
    assert pdf.content.startswith(b"%PDF")
    assert client.get("/s/chicken.yaml/report.docx").status_code == 400
