"""Drawing a figure spec: static SVG (offline, through vl-convert) and HTML that embeds it.

One spec, every medium: :func:`to_svg` gives the static picture (the PDF report, and the
fallback of the HTML one); :func:`figure_html` gives an HTML ``<figure>`` holding that SVG and the
spec, which :func:`scripts_html` (the vendored Vega, Vega-Lite and vega-embed, inlined, plus a few
lines that call ``vegaEmbed``) turns into the interactive chart when the page is opened in a
browser, in the light or dark colour scheme of the reader. Nothing is fetched: the libraries come
from ``accord/web/static/vendor`` (see its ``VENDORED.md``) and specs carry their data inline.

Examples
--------
>>> spec = {"datasets": {"d": [{"x": 1, "y": 2}]}, "data": {"name": "d"}, "mark": "point",
...         "encoding": {"x": {"field": "x", "type": "quantitative"}}}
>>> to_svg(spec).startswith("<svg")
True
>>> '<script type="application/json" class="accord-spec">' in figure_html(spec, "f1")
True
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from importlib import resources
from typing import Any

from accord.figures._spec import Spec

VENDORED = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
"""The vendored libraries, in the order they must load."""
_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S*\s*$")

EMBED_SCRIPT = """
(function () {
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  document.querySelectorAll("figure.accord-figure").forEach(function (figure) {
    var source = figure.querySelector("script.accord-spec");
    var target = figure.querySelector(".accord-live");
    if (!source || !target || typeof vegaEmbed === "undefined") { return; }
    var options = {
      mode: "vega-lite", renderer: "svg", theme: dark ? "dark" : undefined,
      actions: {export: true, source: false, compiled: false, editor: false}
    };
    vegaEmbed(target, JSON.parse(source.textContent), options).then(function () {
      figure.classList.add("accord-interactive");
    }).catch(function (error) {
      target.textContent = "";
      figure.classList.add("accord-static-only");
      console.warn("figure " + figure.id + " kept its static picture: " + error);
    });
  });
})();
"""
"""Turns every ``<figure class="accord-figure">`` into its interactive chart (a figure whose
chart cannot be drawn keeps its static SVG)."""


def to_svg(spec: Spec) -> str:
    """The figure as a static SVG document (light scheme), drawn offline.

    ``allowed_base_urls=[]`` forbids any data request: a spec must carry its data inline.
    """
    import vl_convert

    svg: str = vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
    return svg


def spec_json(spec: Spec) -> str:
    """The spec as JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def figure_html(spec: Spec, key: str, svg: str | None = None, caption: str = "") -> str:
    """An HTML ``<figure>``: the static SVG (drawn now unless given), the spec, a caption.

    ``key`` becomes the element's id (``figure-<key>``); the caption is plain text.
    """
    static = svg if svg is not None else to_svg(spec)
    caption_html = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="accord-figure" id="figure-{html.escape(key)}">'
        f'<div class="accord-static" role="img" aria-label="{html.escape(_title(spec))}">'
        f"{_strip_xml_header(static)}</div>"
        '<div class="accord-live"></div>'
        f'<script type="application/json" class="accord-spec">{spec_json(spec)}</script>'
        f"{caption_html}</figure>"
    )


def scripts_html() -> str:
    """The vendored libraries and the embedding script, as inline ``<script>`` elements."""
    parts = [f"<script>{_vendored(name)}</script>" for name in VENDORED]
    parts.append(f"<script>{EMBED_SCRIPT}</script>")
    return "\n".join(parts)


@cache
def _vendored(name: str) -> str:
    """A vendored library's text, without its source-map comment (no map is shipped)."""
    text = resources.files("accord.web").joinpath("static", "vendor", name).read_text("utf-8")
    return _SOURCE_MAP.sub("\n", text).replace("</script", "<\\/script")


def _title(spec: Spec) -> str:
    title: Any = spec.get("title", "")
    return str(title.get("text", "")) if isinstance(title, dict) else str(title)


def _strip_xml_header(svg: str) -> str:
    return svg[svg.index("<svg") :] if "<svg" in svg else svg
