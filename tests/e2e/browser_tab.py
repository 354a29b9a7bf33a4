"""A workbench page in headless Chromium that records console errors and any request leaving
the workbench, and keeps screenshots in ``.artefacts/web-browser/`` (the browser tests' ``Tab``).
"""

from __future__ import annotations

from typing import Any

from tests.conftest import ARTEFACTS

SHOTS = ARTEFACTS / "web-browser"


class Tab:
    """A page that records console errors and requests leaving the workbench."""

    def __init__(
        self, browser: Any, base: str, scheme: str = "light", scripts: bool = True
    ) -> None:
        self.base = base
        self.page = browser.new_page(
            viewport={"width": 1280, "height": 900}, color_scheme=scheme,
            java_script_enabled=scripts,
        )  # fmt: skip
        self.problems: list[str] = []
        self.outside: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.route("**/*", self._route)

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"{message.type}: {message.text}")

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(self.base):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def open(self, path: str) -> Any:
        self.page.goto(self.base + path)
        return self.page

    def shot(self, name: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{name}.png"))
        self.page.screenshot(path=str(SHOTS / f"{name}-full.png"), full_page=True)

    def figures_drawn(self) -> int:
        count: int = self.page.locator("figure.accord-figure").count()
        if count:
            self.page.wait_for_function(
                f"document.querySelectorAll('figure.accord-interactive').length >= {count}",
                timeout=120_000,
            )
        return count

    def unlabelled(self) -> list[str]:
        """Form controls without a label, and pages without exactly one h1 (basic checks)."""
        found: list[str] = self.page.evaluate(
            """() => {
              const bad = [];
              document.querySelectorAll("input:not([type=hidden]), select, textarea, button")
                .forEach((c) => {
                  const named = (c.labels && c.labels.length) || c.getAttribute("aria-label")
                    || (c.tagName === "BUTTON" && c.textContent.trim());
                  if (!named) { bad.push(c.outerHTML.slice(0, 80)); }
                });
              if (document.querySelectorAll("h1").length !== 1) { bad.push("h1 count"); }
              return bad;
            }"""
        )
        return found

    def close(self) -> None:
        assert (self.problems, self.outside) == ([], [])
        if not self.page.url.endswith(("/docs", "/redoc")):
            assert self.unlabelled() == []
        self.page.close()
