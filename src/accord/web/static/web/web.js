// The workbench's own script: draws the figures (the report's Vega-Lite specs) when a page or a
// fragment arrives, fills the package builder from a proposal, and takes the editor's caret to
// the line and column of a problem (CodeMirror's when editor.js set it up, else the textarea's).
// Nothing is fetched from the network.
(function () {
  "use strict";
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;

  function drawFigures(root) {
    if (typeof vegaEmbed === "undefined") { return; }
    root.querySelectorAll("figure.accord-figure:not(.accord-drawn)").forEach(function (figure) {
      var source = figure.querySelector("script.accord-spec");
      var target = figure.querySelector(".accord-live");
      if (!source || !target) { return; }
      figure.classList.add("accord-drawn");
      vegaEmbed(target, JSON.parse(source.textContent), {
        mode: "vega-lite", renderer: "svg", theme: dark ? "dark" : undefined,
        config: dark ? {background: "#1e242c"} : undefined,
        actions: {export: true, source: false, compiled: false, editor: false}
      }).then(function () {
        figure.classList.add("accord-interactive");
      }).catch(function (error) {
        target.textContent = "This figure could not be drawn: " + error;
      });
    });
  }

  function fillPackage(button) {
    var form = document.getElementById("builder");
    var chosen = JSON.parse(button.getAttribute("data-package"));
    form.querySelectorAll("input[name^='item.']").forEach(function (input) {
      var item = input.name.slice(5);
      var amount = chosen[item] || 0;
      if (input.type === "checkbox") { input.checked = amount > 0; }
      else { input.value = amount; if (input.nextElementSibling) { input.nextElementSibling.value = amount; } }
    });
    htmx.trigger(form, "change");
  }

  function gotoProblem(link) {
    var editor = document.getElementById("editor");
    var line = parseInt(link.getAttribute("data-line"), 10);
    var column = parseInt(link.getAttribute("data-column"), 10);
    if (window.accordEditor) { window.accordEditor.goto(line, column); return; }
    var lines = editor.value.split("\n");
    var offset = 0;
    for (var k = 0; k < line - 1 && k < lines.length; k++) { offset += lines[k].length + 1; }
    offset += Math.max(0, column - 1);
    editor.focus();
    editor.setSelectionRange(offset, offset);
    var height = editor.scrollHeight / Math.max(1, lines.length);
    editor.scrollTop = Math.max(0, (line - 5) * height);
  }

  function markLines() {
    var editor = document.getElementById("editor");
    var gutter = document.getElementById("gutter");
    if (!editor || !gutter) { return; }
    gutter.hidden = false;
    var bad = {};
    document.querySelectorAll("#problems a.goto").forEach(function (a) { bad[a.getAttribute("data-line")] = true; });
    var count = editor.value.split("\n").length;
    var html = [];
    for (var k = 1; k <= count; k++) { html.push(bad[k] ? '<span class="bad-line">' + k + "</span>" : String(k)); }
    gutter.innerHTML = html.join("\n");
    gutter.scrollTop = editor.scrollTop;
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    if (!target) { return; }
    var proposal = target.closest("[data-package]");
    if (proposal) { fillPackage(proposal); return; }
    var problem = target.closest("a.goto");
    if (problem) { event.preventDefault(); gotoProblem(problem); return; }
    var state = target.closest("button.state");
    if (state) {
      document.querySelectorAll("button.state.chosen").forEach(function (b) {
        b.classList.remove("chosen");
        b.setAttribute("aria-pressed", "false");
      });
      state.classList.add("chosen");
      state.setAttribute("aria-pressed", "true");
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    drawFigures(document);
    markLines();
    var editor = document.getElementById("editor");
    if (editor) {
      editor.addEventListener("scroll", function () { document.getElementById("gutter").scrollTop = editor.scrollTop; });
      editor.addEventListener("input", markLines);
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    drawFigures(event.target);
    markLines();
  });
})();
