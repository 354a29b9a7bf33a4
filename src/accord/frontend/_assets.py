"""The package's static assets, served under ``/static`` (no CDN: every page works offline).

Both apps use this: the ledger service (``accord serve``) for its Swagger UI and ReDoc pages,
the workbench (``accord web``) for htmx, Vega, its stylesheet and its script. The vendored files
and their licences are listed in ``static/vendor/VENDORED.md``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

STATIC_URL = "/static"


def static_folder() -> Path:
    """The folder of the package's static files."""
    return Path(str(resources.files("accord.web").joinpath("static")))


def add_static(app: FastAPI) -> None:
    """Serve the package's static files under ``/static``."""
    app.mount(STATIC_URL, StaticFiles(directory=static_folder()), name="static")


def add_offline_docs(app: FastAPI) -> None:
    """Swagger UI at ``/docs`` and ReDoc at ``/redoc`` from the vendored files.

    The app must be created with ``docs_url=None, redoc_url=None`` (FastAPI's own pages load
    their scripts from a CDN, so offline they are blank).
    """
    vendor = f"{STATIC_URL}/vendor"
    icon = f"{vendor}/favicon-32x32.png"
    title = app.title

    @app.get("/docs", include_in_schema=False)
    async def swagger() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{title} — API",
            swagger_js_url=f"{vendor}/swagger-ui-bundle.js",
            swagger_css_url=f"{vendor}/swagger-ui.css",
            swagger_favicon_url=icon,
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title=f"{title} — API reference",
            redoc_js_url=f"{vendor}/redoc.standalone.js",
            redoc_favicon_url=icon,
            with_google_fonts=False,
        )
