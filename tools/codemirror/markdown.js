// Replaces codemirror-json-schema's utils/markdown.js (markdown-it and the shiki highlighter,
// about 600 kB) in the bundle: a schema description is shown as plain text.
export function renderMarkdown(markdown) {
  const escaped = String(markdown).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return escaped.replace(/`([^`]+)`/g, "<code>$1</code>");
}
