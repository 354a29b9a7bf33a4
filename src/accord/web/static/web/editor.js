// The editor page: CodeMirror 6 (vendor/codemirror.min.js) over the textarea, with YAML
// highlighting and completion from the scenario's JSON Schema (embedded in the page). The
// textarea stays the form's field: every change is copied into it (and announced as an input
// event, so htmx checks the text as before), and without scripts the page is the textarea. The
// problems the server finds are shown in the editor's gutter, at their line and column.
(function () {
  "use strict";
  var CM = window.AccordCodeMirror;
  var area = document.getElementById("editor");
  var schemaScript = document.getElementById("scenario-schema");
  if (!CM || !area || !schemaScript) { return; }
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  var schema = JSON.parse(schemaScript.textContent);

  var copyToTextarea = CM.EditorView.updateListener.of(function (update) {
    if (!update.docChanged) { return; }
    area.value = update.state.doc.toString();
    area.dispatchEvent(new Event("input", {bubbles: true}));
  });
  var view = new CM.EditorView({
    doc: area.value,
    extensions: [
      CM.basicSetup,
      CM.yaml(),
      CM.yamlLanguage.data.of({autocomplete: CM.yamlCompletion()}),
      CM.stateExtensions(schema),
      CM.lintGutter(),
      copyToTextarea,
      CM.EditorView.contentAttributes.of({"aria-label": area.labels[0].textContent}),
      dark ? CM.oneDark : []
    ]
  });
  var box = area.closest(".editor");
  box.classList.add("with-codemirror");
  box.insertBefore(view.dom, box.firstChild);
  area.hidden = true;
  var gutter = document.getElementById("gutter");
  if (gutter) { gutter.remove(); }

  function position(line, column) {
    var doc = view.state.doc;
    var found = doc.line(Math.min(Math.max(1, line), doc.lines));
    return Math.min(found.from + Math.max(0, column - 1), found.to);
  }

  function showProblems() {
    var diagnostics = [];
    document.querySelectorAll("#problems a.goto").forEach(function (link) {
      var at = position(parseInt(link.getAttribute("data-line"), 10),
                        parseInt(link.getAttribute("data-column"), 10));
      var item = link.closest("li");
      var message = item ? item.textContent.slice(link.textContent.length + 2) : link.textContent;
      var end = Math.min(view.state.doc.lineAt(at).to, at + 1);
      diagnostics.push({from: at, to: Math.max(end, at), message: message,
                        severity: link.getAttribute("data-severity") || "error"});
    });
    view.dispatch(CM.setDiagnostics(view.state, diagnostics));
  }

  window.accordEditor = {
    goto: function (line, column) {
      var at = position(line, column);
      view.dispatch({selection: {anchor: at}, scrollIntoView: true});
      view.focus();
    },
    caret: function () {
      var at = view.state.selection.main.head;
      var line = view.state.doc.lineAt(at);
      return [line.number, at - line.from + 1];
    }
  };
  showProblems();
  document.addEventListener("htmx:afterSettle", showProblems);
})();
