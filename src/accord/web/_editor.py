"""The editor: a scenario's YAML in the browser, checked as it is typed and saved safely.

``POST /validate`` checks a text and answers every problem at its line and column (what
``accord validate`` says of a file): the hostile-input tests send it what they send the loader.
Saving writes the file only when the text is valid or the user confirms, never over a newer
version another tab saved (unless the user confirms that too), and keeps the previous version
(:class:`~accord.web._workspace.Workspace`). The page's editor is CodeMirror (vendored), which
completes from the scenario's JSON Schema embedded in the page; without scripts it is a textarea
whose form posts to ``/save`` and gets the whole page back, the text as sent kept in it.
"""

from __future__ import annotations

import functools
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from accord.errors import InputError
from accord.frontend._envelope import envelope
from accord.scenario._schema import json_schema
from accord.web._bench import bench_of, page, wants_json
from accord.web._workspace import StaleVersion, validate_text

router = APIRouter()


@functools.cache
def _schema_json() -> Markup:
    """The scenario's JSON Schema, as JSON safe inside the page's ``<script>`` element."""
    return htmlsafe_json_dumps(json_schema())


async def _text(request: Request) -> tuple[str, dict[str, str]]:
    """The scenario text of a request: a form's ``text`` field, or a raw YAML body."""
    kind = request.headers.get("content-type", "")
    if kind.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        return form.get("text", ""), form
    body = await request.body()
    try:
        return body.decode("utf-8"), {}
    except UnicodeDecodeError:
        raise InputError("the text is not UTF-8") from None


@router.post("/validate", response_model=None)
async def validate(request: Request) -> Response:
    """Validate the text sent (a form's ``text``, or a YAML body; ``?name=`` names the file)."""
    text, form = await _text(request)
    name = form.get("name") or request.query_params.get("name") or "<editor>"
    checked = validate_text(text, name)
    if wants_json(request):
        entry = {"file": name, **checked.to_dict()}
        return JSONResponse(envelope("validation", {"ok": checked.ok, "files": [entry]}))
    return page(request, "_problems.html", checked=checked)


@router.get("/s/{name}/edit", response_model=None)
def edit(request: Request, name: str) -> Response:
    """The editor page of ``name``; as JSON, its text, version and validation."""
    bench = bench_of(request)
    text, version, checked = bench.checked(name)
    if wants_json(request):
        payload = {"file": name, "version": version, "text": text, **checked.to_dict()}
        return JSONResponse(envelope("web.edit", payload))
    return _saved_page(request, name=name, text=text, version=version, checked=checked,
                       saved=None, problem=None)  # fmt: skip


def _saved_page(request: Request, **context: Any) -> Response:
    """The answer to a save: the part of the page that changed for htmx, else the whole page
    (the editor without scripts), with the text as sent."""
    if request.headers.get("hx-request") == "true":
        context.pop("text", None)
        return page(request, "_save.html", partial=True, **context)
    return page(request, "editor.html", schema=_schema_json(), partial=False, **context)


@router.post("/s/{name}/save", response_model=None)
async def save(request: Request, name: str) -> Response:
    """Save the editor's text: ``version`` is the one it started from; ``confirm=invalid``
    saves an invalid text, ``confirm=overwrite`` over a newer version."""
    bench = bench_of(request)
    text, form = await _text(request)
    checked = validate_text(text, name)
    confirm = form.get("confirm", "")
    base = form.get("version") or None
    if not checked.ok and confirm != "invalid":
        return _answer(request, name, text, base, checked, problem="invalid")
    try:
        if confirm == "overwrite":
            _, base, _ = bench.checked(name)
        saved = bench.workspace.save(name, text, base)
    except StaleVersion as error:
        return _answer(request, name, text, base, checked, problem="stale", error=error)
    if wants_json(request):
        payload = {"file": name, "version": saved.version, "backup": saved.backup,
                   **checked.to_dict()}  # fmt: skip
        return JSONResponse(envelope("web.saved", payload))
    return _saved_page(request, name=name, text=text, version=saved.version, checked=checked,
                       saved=saved, problem=None)  # fmt: skip


def _answer(
    request: Request,
    name: str,
    text: str,
    base: str | None,
    checked: object,
    problem: str,
    error: StaleVersion | None = None,
) -> Response:
    """Nothing was written: say why, and offer to confirm."""
    if wants_json(request):
        from accord.web._bench import error_payload

        status = 409 if error is not None else 422
        payload = error_payload(error) if error is not None else {
            "ok": False, "error": "the text is not a valid scenario: nothing was written",
            "hint": "fix the problems, or save with confirm=invalid",
            "diagnostics": checked.to_dict()["diagnostics"],  # type: ignore[attr-defined]
        }  # fmt: skip
        return JSONResponse(envelope("error", payload), status_code=status)
    return _saved_page(request, name=name, text=text, version=base, checked=checked,
                       saved=None, problem=problem, error=error)  # fmt: skip


@router.post("/new", response_model=None)
async def new(request: Request) -> Response:
    """Create a scenario file from the commented template and open it in the editor."""
    form = await request.form()
    name = str(form.get("name", "")).strip()
    bench = bench_of(request)
    bench.workspace.create(name)
    if not name.endswith((".yaml", ".yml")):
        name += ".yaml"
    if wants_json(request):
        return JSONResponse(
            envelope(
                "web.saved",
                {
                    "file": name,
                    "version": None,
                    "backup": None,
                    "ok": True,
                    "diagnostics": [],
                    "warnings": [],
                },
            )
        )
    return RedirectResponse(f"/s/{name}/edit", status_code=303)
