"""The reading pages: the scenario list, a scenario's overview, each analysis and the report.

An analysis page starts its analysis as a job and shows its progress until the section (the
report's tables and figures) replaces it; the job can be stopped. Asked for JSON, a page waits
for its analysis and answers what the command's ``--json`` prints.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from accord.errors import AccordError, InputError
from accord.frontend._envelope import envelope
from accord.report._results import ScenarioResults
from accord.report.document._build import build_document
from accord.report.document._output import render
from accord.report.document._text import TITLES
from accord.web import _analyses as analyses
from accord.web import _tryout as tryout
from accord.web._bench import Workbench, bench_of, finished, page, start, wants_json
from accord.web._jobs import Job

router = APIRouter()


def _entry(bench: Workbench, name: str) -> dict[str, Any]:
    """One file of the list: as ``accord validate --json``, with its title and sections."""
    try:
        _, version, checked = bench.checked(name)
    except InputError as error:
        return {
            "file": name,
            "ok": False,
            "error": error.message,
            "diagnostics": [],
            "warnings": [],
            "title": None,
            "sections": [],
            "version": None,
        }
    scenario = checked.scenario
    return {
        "file": name,
        **checked.to_dict(),
        "title": None if scenario is None else scenario.title,
        "sections": [] if scenario is None else [n for n, _ in scenario.sections()],
        "version": version,
    }


@router.get("/", response_model=None)
def scenarios(request: Request) -> Response:
    """Every scenario file with its sections and a validation badge."""
    bench = bench_of(request)
    files = [_entry(bench, name) for name in bench.workspace.names()]
    if wants_json(request):
        return JSONResponse(envelope("web.scenarios", {"files": files}))
    return page(request, "scenarios.html", files=files, single=bench.workspace.single)


@router.get("/s/{name}", response_model=None)
def overview(request: Request, name: str) -> Response:
    """One scenario: its parties, its sections and what each page shows."""
    bench = bench_of(request)
    bench.workspace.path(name)
    entry = _entry(bench, name)
    if wants_json(request):
        return JSONResponse(envelope("web.scenarios", {"files": [entry]}))
    _, _, checked = bench.checked(name)
    return page(
        request,
        "overview.html",
        name=name,
        entry=entry,
        scenario=checked.scenario,
        analyses=analyses.ANALYSES,
        titles=TITLES,
    )


@router.get("/s/{name}/report.{suffix}", response_model=None)
async def report(request: Request, name: str, suffix: str) -> Response:
    """The agreement report of the scenario (HTML or PDF), from the analyses' results."""
    if suffix not in ("html", "pdf"):
        raise InputError(f"no report format '{suffix}'", "ask for report.html or report.pdf")
    bench = bench_of(request)
    scenario, _ = bench.scenario(name)
    found: dict[str, object] = {}
    problems: dict[str, str] = {}
    for analysis in analyses.ANALYSES:
        if getattr(scenario, analysis) is None:
            continue
        try:
            found[analysis] = await finished(bench, name, analysis)
        except AccordError as error:
            problems[analysis] = str(error)
    results = ScenarioResults(scenario, name, problems=problems, **found)  # type: ignore[arg-type]
    document = build_document(results)
    data = (await run_in_threadpool(render, document, {suffix}))[suffix]
    media = "text/html; charset=utf-8" if suffix == "html" else "application/pdf"
    stem = name.rsplit(".", 1)[0]
    disposition = f'attachment; filename="{stem}-report.{suffix}"'
    return Response(data, media_type=media, headers={"content-disposition": disposition})


@router.get("/s/{name}/{analysis}", response_model=None)
async def analysis_page(request: Request, name: str, analysis: str) -> Response:
    """An analysis: its progress while it runs, then its tables and figures."""
    bench = bench_of(request)
    if wants_json(request):
        result = await finished(bench, name, analysis)
        data = analyses.payload(analysis, result, name)
        return JSONResponse(envelope(analyses.KINDS[analysis], data))
    if analysis == "phasing" and not _started(bench, name, analysis):
        return page(request, "analysis.html", **_view(bench, name, analysis, None))
    job = start(bench, name, analysis)
    await run_in_threadpool(job.wait, 0.5)
    return page(request, "analysis.html", **_view(bench, name, analysis, job))


def _started(bench: Workbench, name: str, analysis: str) -> bool:
    """Whether the analysis of the current version of ``name`` was asked for already (the
    planner runs only when asked: "find a safe plan")."""
    _, version = bench.scenario(name)
    return bench.jobs.get((name, version, analysis)) is not None


@router.get("/s/{name}/{analysis}/result", response_model=None)
async def analysis_result(request: Request, name: str, analysis: str) -> Response:
    """The part of the analysis page that changes: progress, or the result when done."""
    bench = bench_of(request)
    job = start(bench, name, analysis, again="again" in request.query_params)
    if wants_json(request):
        return JSONResponse(envelope("web.job", _job_json(job)))
    await run_in_threadpool(job.wait, 1.0)
    return page(request, "_result.html", **_view(bench, name, analysis, job))


@router.post("/s/{name}/{analysis}/stop", response_model=None)
async def stop(request: Request, name: str, analysis: str) -> Response:
    """Stop the analysis under way: it ends with its best so far."""
    bench = bench_of(request)
    job = start(bench, name, analysis)
    job.stop()
    await run_in_threadpool(job.wait, 10.0)
    if wants_json(request):
        return JSONResponse(envelope("web.job", _job_json(job)))
    return page(request, "_result.html", **_view(bench, name, analysis, job))


def _job_json(job: Job) -> dict[str, Any]:
    return {
        "state": job.state,
        "stage": job.stage,
        "seconds": round(job.running_for, 3),
        "error": job.error,
    }


def _view(bench: Workbench, name: str, analysis: str, job: Job | None) -> dict[str, Any]:
    """What the analysis templates show: the job, and the section once it is done."""
    scenario, _ = bench.scenario(name)
    view: dict[str, Any] = {
        "name": name,
        "analysis": analysis,
        "title": TITLES[analysis],
        "job": job,
        "scenario": scenario,
        "section": None,
        "extra": {},
    }
    if job is not None and job.state in ("done", "stopped") and job.result is not None:
        view["section"] = analyses.section(scenario, analysis, job.result)
        view["extra"] = _extra(scenario, analysis, job.result)
    return view


def _extra(scenario: Any, analysis: str, result: Any) -> dict[str, Any]:
    """What the interactive part of a page starts from (see :mod:`accord.web._tryout`)."""
    return tryout.start_view(scenario, analysis, result)
