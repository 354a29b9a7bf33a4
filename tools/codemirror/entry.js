// What the workbench's editor page (src/accord/web/static/web/editor.js) uses, as the global
// AccordCodeMirror: CodeMirror 6 with YAML highlighting, completion from the scenario's JSON
// Schema (codemirror-json-schema) and the lint gutter the server's problems are shown in.
export { EditorView, basicSetup } from "codemirror";
export { yaml, yamlLanguage } from "@codemirror/lang-yaml";
export { setDiagnostics, lintGutter } from "@codemirror/lint";
export { oneDark } from "@codemirror/theme-one-dark";
export { yamlCompletion } from "codemirror-json-schema/yaml";
export { stateExtensions } from "codemirror-json-schema";
