"""The HTML report's style sheet (light and dark, screen and print) and its table pager."""

from __future__ import annotations

CSS = """
:root {
  --ink: #1d2430; --muted: #5b6472; --paper: #ffffff; --panel: #f4f6f9; --line: #d5dae1;
  --ok: #2e7d32; --bad: #c62828; --info: #3d5a80; --accent: #1f5fa8;
  color-scheme: light dark;
}
@media (prefers-color-scheme: dark) {
  :root {
    --ink: #e3e7ee; --muted: #a3acb9; --paper: #14181e; --panel: #1e242c; --line: #38414d;
    --ok: #7bc67e; --bad: #ff8a80; --info: #9ab8e0; --accent: #8ab4f8;
  }
}
* { box-sizing: border-box; }
html { background: var(--paper); color: var(--ink); }
body {
  margin: 0 auto; max-width: 72rem; padding: 1.5rem 1.5rem 4rem;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.45rem; margin: 2.2rem 0 0.8rem; padding-bottom: 0.3rem;
     border-bottom: 2px solid var(--line); }
h3 { font-size: 1.15rem; margin: 1.8rem 0 0.6rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 0.4rem; }
a { color: var(--accent); }
.cover .kicker { text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted);
                 margin: 0; font-size: 0.8rem; }
.cover p { color: var(--muted); margin: 0.1rem 0; }
nav.toc { background: var(--panel); border: 1px solid var(--line); border-radius: 6px;
          padding: 0.6rem 1.2rem; margin: 1.2rem 0; }
nav.toc h2 { font-size: 1rem; border: 0; margin: 0.2rem 0; }
nav.toc ul { margin: 0.2rem 0 0.4rem; padding-left: 0.2rem; list-style: none; }
nav.toc li { margin: 0.1rem 0; }
.verdict { display: flex; gap: 0.6rem; align-items: baseline; margin: 0.8rem 0;
           padding: 0.5rem 0.8rem; border-left: 4px solid var(--info); background: var(--panel);
           border-radius: 0 6px 6px 0; }
.verdict p { margin: 0; }
.verdict .mark { font-weight: bold; color: var(--info); }
.verdict.ok { border-left-color: var(--ok); } .verdict.ok .mark { color: var(--ok); }
.verdict.bad { border-left-color: var(--bad); } .verdict.bad .mark { color: var(--bad); }
.table-wrap { overflow-x: auto; margin: 1rem 0 1.4rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.86rem; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: 0.3rem 0.5rem; text-align: left;
         vertical-align: top; }
th { background: var(--panel); position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.table-note, .note { color: var(--muted); font-size: 0.85rem; margin: 0.3rem 0; }
.pager { display: flex; gap: 0.5rem; align-items: center; font-size: 0.85rem; margin-top: 0.4rem;
         color: var(--muted); }
.pager button { font: inherit; color: var(--ink); background: var(--panel);
                border: 1px solid var(--line); border-radius: 4px; padding: 0.15rem 0.6rem;
                cursor: pointer; }
.pager button:disabled { opacity: 0.4; cursor: default; }
figure.accord-figure { margin: 1.2rem 0; overflow-x: auto; }
figure.accord-figure .accord-static svg { max-width: 100%; height: auto; background: #fff;
                                          border-radius: 6px; }
/* a figure wider than the page (a 64-state option form) shrinks to fit instead of being cut */
figure.accord-figure .accord-live .vega-embed { display: block; max-width: 100%; }
figure.accord-figure .accord-live svg { max-width: 100%; height: auto; }
figure.accord-figure.accord-interactive .accord-static { display: none; }
figure.accord-figure .accord-live:empty { display: none; }
article.clause { margin: 0.8rem 0 1rem; }
article.clause ol { margin: 0.2rem 0; padding-left: 1.6rem; }
article.clause li { margin: 0.15rem 0; }
@media print {
  :root { --ink: #000; --muted: #444; --paper: #fff; --panel: #f2f2f2; --line: #bbb; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  nav.toc, .pager { display: none; }
  section.page { break-before: page; }
  table tr[hidden] { display: table-row !important; }
  th { position: static; }
  figure.accord-figure .accord-live { display: none !important; }
  figure.accord-figure .accord-static { display: block !important; }
  figure, .verdict, tr { break-inside: avoid; }
}
"""

PAGER_SCRIPT = """
(function () {
  document.querySelectorAll("table.paged").forEach(function (table) {
    var size = parseInt(table.getAttribute("data-page-rows"), 10) || 25;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var pages = Math.ceil(rows.length / size), page = 0;
    var bar = document.createElement("div");
    bar.className = "pager";
    var back = document.createElement("button"), next = document.createElement("button");
    var all = document.createElement("button"), label = document.createElement("span");
    back.textContent = "Previous"; next.textContent = "Next"; all.textContent = "Show all";
    function show() {
      rows.forEach(function (row, k) {
        row.hidden = page >= 0 && Math.floor(k / size) !== page;
      });
      var first = page * size + 1, last = Math.min(rows.length, (page + 1) * size);
      label.textContent = page < 0 ? "All " + rows.length + " rows" :
        "Rows " + first + "–" + last + " of " + rows.length;
      back.disabled = page <= 0; next.disabled = page < 0 || page >= pages - 1;
      all.textContent = page < 0 ? "Show pages" : "Show all";
    }
    back.onclick = function () { page -= 1; show(); };
    next.onclick = function () { page += 1; show(); };
    all.onclick = function () { page = page < 0 ? 0 : -1; show(); };
    bar.appendChild(back); bar.appendChild(label); bar.appendChild(next); bar.appendChild(all);
    table.parentNode.insertBefore(bar, table.nextSibling);
    show();
  });
})();
"""
"""Shows long tables a page of rows at a time; every row stays in the page (and in print)."""
