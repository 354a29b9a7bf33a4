// Builds src/accord/web/static/vendor/codemirror.min.js (see VENDORED.md there):
//   cd tools/codemirror && npm ci && node build.mjs
// Run only to update the editor; Accord's build, CI and quick start never run it.
import { build } from "esbuild";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const VENDOR = "../../src/accord/web/static/vendor/";

// codemirror-json-schema renders schema descriptions as Markdown with markdown-it and the shiki
// highlighter (about 600 kB minified); plain text (markdown.js) is enough here.
const plainMarkdown = {
  name: "plain-markdown",
  setup(b) {
    b.onResolve({ filter: /\/utils\/markdown$/ }, (args) =>
      args.importer.includes("codemirror-json-schema")
        ? { path: fileURLToPath(new URL("./markdown.js", import.meta.url)) }
        : undefined,
    );
  },
};

const result = await build({
  entryPoints: ["entry.js"],
  bundle: true,
  minify: true,
  format: "iife",
  globalName: "AccordCodeMirror",
  legalComments: "none",
  target: "es2020",
  outfile: VENDOR + "codemirror.min.js",
  plugins: [plainMarkdown],
  metafile: true,
});

// LICENSE-codemirror.txt: the licence of every package with code in the bundle.
const inputs = Object.keys(result.metafile.outputs[VENDOR + "codemirror.min.js"].inputs);
const names = new Set();
for (const input of inputs.filter((i) => i.includes("node_modules/"))) {
  const parts = input.split("node_modules/").pop().split("/");
  names.add(parts[0].startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
}
const text = [
  "The licences of the packages bundled in codemirror.min.js (built by tools/codemirror in",
  "Accord's repository; see VENDORED.md). All are MIT but for yaml (ISC) and",
  "best-effort-json-parser (BSD-2-Clause).",
  "",
];
for (const name of [...names].sort()) {
  const folder = `node_modules/${name}/`;
  const meta = JSON.parse(readFileSync(folder + "package.json", "utf8"));
  const file = readdirSync(folder).find((f) => /^licen[cs]e/i.test(f));
  const rule = "=".repeat(78);
  text.push(rule, `${name} ${meta.version} (${meta.license || "MIT, see below"})`, rule);
  text.push(readFileSync(folder + file, "utf8").replace(/\r\n/g, "\n").trim(), "");
}
writeFileSync(VENDOR + "LICENSE-codemirror.txt", text.join("\n"));
