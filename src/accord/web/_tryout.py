"""Trying things in the browser: the package builder, a state's explanation, the plan editor and
the verification sliders. Each answers a page fragment (htmx swaps it in) or, asked for JSON,
the same data in the envelope of the CLI's ``--json``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from accord.conflict._analysis import ConflictAnalysis
from accord.deal._analysis import DealAnalysis
from accord.errors import InputError
from accord.frontend._envelope import envelope
from accord.phasing._analysis import WrittenAudit
from accord.report.document._phasing import steps_table, written_section
from accord.report.document._verification import commitments_table, deterrence_verdict
from accord.scenario import Scenario
from accord.web import _analyses as analyses
from accord.web import _variants as variants
from accord.web._bench import Workbench, bench_of, finished, form_of, page, wants_json

router = APIRouter()


def start_view(scenario: Scenario, analysis: str, result: object) -> dict[str, Any]:
    """What the interactive part of an analysis page starts from."""
    if analysis == "conflict" and isinstance(result, ConflictAnalysis):
        states = result.states_json()
        quo = result.model.status_quo
        return {"states": states, "chosen": None if quo is None else quo + 1}
    if analysis == "deal" and scenario.deal is not None and isinstance(result, DealAnalysis):
        return {"items": scenario.deal.items, "proposals": scenario.deal.proposals}
    if analysis == "verification" and scenario.verification is not None:
        budget = scenario.verification.budget
        given = {} if scenario.phasing is None else scenario.phasing.penalty
        penalty = {party: number.mode for party, number in given.items()}
        return {"budget": None if budget is None else budget.per_period, "penalty": penalty}
    return {}


# --- conflict: why a state is stable or not -------------------------------------------------


@router.get("/s/{name}/conflict/state/{number}", response_model=None)
async def explain_state(request: Request, name: str, number: int) -> Response:
    """Why state ``number`` is stable or not, for each decision maker and concept."""
    result = await finished(bench_of(request), name, "conflict")
    why = analyses.explain_state(result, number)
    if wants_json(request):
        payload = {"state": number, "explanations": [e.to_dict() for e in why]}
        return JSONResponse(envelope("web.explanations", payload))
    label = result.model.labels[number - 1]
    return page(request, "_explain.html", number=number, label=label, explanations=why)


# --- deal: the package builder ---------------------------------------------------------------


async def _builder(bench: Workbench, name: str) -> analyses.PackageBuilder:
    scenario, version = bench.scenario(name)
    key = ("builder", name, version)
    found = bench.extras.get(key)
    if isinstance(found, analyses.PackageBuilder):
        return found
    result = await finished(bench, name, "deal")
    built = await run_in_threadpool(analyses.PackageBuilder, scenario, result)
    bench.extras[key] = built
    return built


def _package(form: dict[str, Any], builder: analyses.PackageBuilder) -> dict[str, float]:
    package: dict[str, float] = {}
    for key, value in form.items():
        if not key.startswith("item."):
            continue
        item = key.removeprefix("item.")
        try:
            amount = 1.0 if value == "on" else float(value)
        except ValueError:
            raise InputError(f"the amount of '{item}' must be a number, not '{value}'") from None
        if amount:
            package[item] = amount
    return package


@router.post("/s/{name}/deal/package", response_model=None)
async def evaluate(request: Request, name: str) -> Response:
    """Every party's utility of the package, its verdict (and why), the distance to the
    frontier and the nearest efficient package."""
    builder = await _builder(bench_of(request), name)
    if "json" in request.headers.get("content-type", ""):
        body = await request.json()
        raw = body.get("package") if isinstance(body, dict) else None
        if not isinstance(raw, dict):
            raise InputError('send {"package": {"item": amount, ...}}')
        form = {f"item.{k}": str(v) for k, v in raw.items()}
    else:
        form = await form_of(request)
    verdict = builder.evaluate(_package(form, builder))
    distance = builder.distance(verdict)
    if wants_json(request):
        payload = {**verdict.to_dict(), "distance": distance.gain, "nearest": distance.nearest}
        return JSONResponse(envelope("web.package", payload))
    return page(request, "_package.html", verdict=verdict, distance=distance)


# --- phasing: the plan editor ----------------------------------------------------------------


@router.post("/s/{name}/phasing/plan", response_model=None)
async def audit_plan(request: Request, name: str) -> Response:
    """The written plan with its deliveries moved between steps, audited again."""
    bench = bench_of(request)
    text, _, _ = bench.checked(name)
    form = await form_of(request)
    plan = str(form.get("plan", ""))
    count = int(str(form.get("steps", "0")) or 0)
    steps = [(str(form.get(f"name.{k}", "")), str(form.get(f"date.{k}", ""))) for k in range(count)]
    at = {int(k.removeprefix("at.")): int(str(v)) for k, v in form.items() if k.startswith("at.")}
    scenario, now = variants.rearranged(text, name, plan, steps, at)
    audits = await run_in_threadpool(analyses.audit, scenario)
    audit = next(a for a in audits if a.name == plan)
    if wants_json(request):
        return JSONResponse(
            envelope("audit", {"safe": audit.audit.safe, "audits": [audit.to_dict()]})
        )
    return _plan_page(request, name, now, audit)


@router.get("/s/{name}/phasing/plan/{plan}", response_model=None)
async def plan_editor(request: Request, name: str, plan: str) -> Response:
    """The plan editor of written ``plan`` as the file has it, with its audit."""
    bench = bench_of(request)
    text, _, _ = bench.checked(name)
    scenario, _ = bench.scenario(name)
    view = variants.written_plans(text).get(plan)
    if view is None:
        raise InputError(f"no written plan '{plan}'")
    audits = await run_in_threadpool(analyses.audit, scenario)
    return _plan_page(request, name, view, next(a for a in audits if a.name == plan))


def _plan_page(
    request: Request, name: str, view: variants.WrittenPlanView, audit: WrittenAudit
) -> Response:
    return page(
        request, "_plan.html", name=name, plan=view, audit=audit,
        steps_table=steps_table(audit.to_dict(), "Exposure and margin after each step"),
        section=written_section(audit, 1),
    )  # fmt: skip


# --- verification: budget and penalties ------------------------------------------------------


@router.post("/s/{name}/verification/try", response_model=None)
async def deterrence(request: Request, name: str) -> Response:
    """Which commitments are deterred with another budget per period or other penalties."""
    bench = bench_of(request)
    text, _, _ = bench.checked(name)
    form = await form_of(request)
    budget = _number(form.get("budget"), "budget")
    penalties = {
        k.removeprefix("penalty."): _number(v, k) or 0.0
        for k, v in form.items()
        if k.startswith("penalty.")
    }
    scenario = variants.with_budget_and_penalties(text, name, budget, penalties)
    fraction = None if budget is None else Fraction(str(budget))
    report = await run_in_threadpool(analyses.verification, scenario, fraction)
    data = report.to_dict()
    if wants_json(request):
        return JSONResponse(envelope("verification", {"file": name, **data}))
    return page(
        request,
        "_deterrence.html",
        verdict=deterrence_verdict(data),
        table=commitments_table(data),
    )


def _number(value: object, what: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(str(value))
    except ValueError:
        raise InputError(f"{what} must be a number, not '{value}'") from None
    if not number >= 0:
        raise InputError(f"{what} must be at least 0, not {value}")
    return number
