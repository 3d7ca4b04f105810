// `npm run build`: the published package.
// - Declarations from tsc, under dist/esm (ESM scope) and copied to dist/cjs (a `"type": "commonjs"` scope),
//   so that `import` and `require` users both get types.
// - JavaScript bundled by rolldown into one file per entry and format: loading 14 small modules cost more
//   than everything they do at import, and importing the package must stay cheap for cold starts.
// - The vocabulary table ships without its documentation strings (they serve editor hover and
//   docs/elements.md, not the renderer), as JSON, which V8 parses faster than an object literal, and it is
//   parsed at the first render rather than at import.
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { rolldown } from "rolldown";
import ts from "typescript";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });

const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
  cwd: root,
  stdio: "inherit",
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}
for (const file of files(join(dist, "esm"))) {
  const target = join(dist, "cjs", relative(join(dist, "esm"), file));
  mkdirSync(dirname(target), { recursive: true });
  cpSync(file, target);
}
writeFileSync(join(dist, "cjs", "package.json"), '{ "type": "commonjs" }\n');

const pick = (object, keys) => Object.fromEntries(keys.filter((k) => object[k] !== undefined).map((k) => [k, object[k]]));

/** Loads a vocabulary module that has only type imports. */
async function importVocabulary(file) {
  const { outputText } = ts.transpileModule(ts.sys.readFile(join(root, "src/vocabulary", file)), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  const temporary = join(dist, `${file}.tmp.mjs`);
  writeFileSync(temporary, outputText.replace(/^import .*$/m, ""));
  const module = await import(pathToFileURL(temporary).href);
  rmSync(temporary);
  return module;
}

async function runtimeVocabulary() {
  const { ELEMENTS } = await importVocabulary("elements.ts");
  // The fields the renderer reads, as typed in src/vocabulary/runtime.ts; the rest is documentation.
  const { RUNTIME_ELEMENT_FIELDS, RUNTIME_ATTRIBUTE_FIELDS } = await importVocabulary("runtime.ts");
  const table = ELEMENTS.map((e) => ({
    ...pick(e, RUNTIME_ELEMENT_FIELDS),
    attributes: e.attributes.map((a) => pick(a, RUNTIME_ATTRIBUTE_FIELDS)),
  }));
  // Parsed on first use: a program that imports the package but has not rendered yet pays nothing for it.
  return `let table;\nexport function elementTable() {\n  return (table ??= JSON.parse(${JSON.stringify(JSON.stringify(table))}));\n}\n`;
}

const vocabulary = await runtimeVocabulary();
// Code that wants the whole table at once (the Babel plugin) gets it through the same single copy.
const eagerVocabulary = `import { elementTable } from ${JSON.stringify(join(root, "src/vocabulary/table.ts"))};\nexport const ELEMENTS = elementTable();\n`;
// The published entries, one line each: `name` is the file under dist/esm/ and dist/cjs/ that package.json's
// `exports` (and the entry's stub folder, for `moduleResolution: "node"`) point at.
// Runtime entries are bundled each on its own, without a shared chunk: one file to load per entry. The JSX
// runtime then carries its own tiny copy of the element factory and Fragment, which is fine: elements are
// recognised by a `Symbol.for` mark and a Fragment is an ordinary component to the renderer.
const RUNTIME_ENTRIES = [
  { name: "index", input: "src/index.ts" },
  { name: "jsx-runtime", input: "jsx-runtime/index.ts" },
  // The server imports `twiml-jsx` itself, so that it uses the renderer of the main entry.
  { name: "server", input: "src/server/index.ts", external: [/^twiml-jsx$/] },
  // `ws` is an optional peer, imported only when a simulated call reaches a ConversationRelay socket.
  { name: "testing", input: "src/testing/index.ts", external: [/^ws$/] },
  { name: "read", input: "src/read/index.ts" },
  { name: "babel", input: "src/babel/index.ts", external: [/^@babel\//] },
];
// The tools (checker API, command line, editor plugin) form one bundle with shared chunks, which the runtime
// never loads. They keep the whole vocabulary, and `typescript` stays external: it is found at run time (see
// src/check/typescript.ts). So does `ws`, which `twiml-jsx call` loads only for a ConversationRelay session.
const TOOL_ENTRIES = [
  { name: "check", input: "src/check/index.ts" },
  { name: "cli", input: "src/cli/main.ts", executable: true },
  { name: "plugin", input: "src/check/plugin.ts" },
];

// Readable output: not minified, so a stack trace names the real functions (`renderElement`, not `Nt`) and
// points into lines of ordinary length. What it costs, measured as the benchmark measures import cost (main
// entry and JSX runtime over an empty package, medians of 31 interleaved cold starts, four rounds on a loaded
// 2-core machine): minified 1.3–3.4 ms, unminified 2.1–2.9 ms, unminified with source maps 2.0–3.6 ms; the
// spread between rounds is larger than the differences. No source maps: Node reads them only under
// `--enable-source-maps` (about 10 ms more at import then), the unminified code already reads like the
// source, and maps carrying the sources (src/ is not published) more than double the package (285 kB
// packed without them, 638 kB with).
const output = { entryFileNames: "[name].js", minify: false };

const runtimeVocabularyPlugin = {
  name: "runtime-vocabulary",
  load(id) {
    if (id.endsWith(join("src", "vocabulary", "table.ts"))) return vocabulary;
    return id.endsWith(join("src", "vocabulary", "elements.ts")) ? eagerVocabulary : null;
  },
};
for (const { name, input, external = [] } of RUNTIME_ENTRIES) {
  const bundle = await rolldown({
    input: { [name]: join(root, input) },
    platform: "neutral",
    external,
    plugins: [runtimeVocabularyPlugin],
  });
  for (const format of ["esm", "cjs"]) await bundle.write({ ...output, dir: join(dist, format), format });
  await bundle.close();
}

const tools = await rolldown({
  input: Object.fromEntries(TOOL_ENTRIES.map(({ name, input }) => [name, join(root, input)])),
  platform: "node",
  external: [/^typescript($|\/)/, /^node:/, /^ws$/],
});
// The tools' chunks go in tools/, apart from the entries. A chunk that stands for one module (a command's
// entry loaded by `import()`) is named after its folder and file, `tools/phone-cli.js`, so that two `cli.ts`
// never become `cli.js` and `cli2.js`; shared code keeps its name.
const chunkFileNames = (chunk) => {
  const id = chunk.facadeModuleId;
  if (id === null || id === undefined || !id.startsWith(join(root, "src"))) return "tools/chunk-[name].js";
  const path = relative(join(root, "src"), id).replace(/\.ts$/, "").split(/[\\/]/);
  return `tools/${path.join("-")}.js`;
};
const executables = TOOL_ENTRIES.filter((entry) => entry.executable).map((entry) => entry.name);
const banner = (chunk) => (executables.includes(chunk.name) ? "#!/usr/bin/env node" : "");
for (const format of ["esm", "cjs"]) {
  await tools.write({ ...output, dir: join(dist, format), format, chunkFileNames, banner });
  // Written files get the default mode (0644): without this `npx twiml-jsx` in a clone fails with
  // "Permission denied" (npm sets the bit only when it installs a package).
  for (const name of executables) chmodSync(join(dist, format, `${name}.js`), 0o755);
}
await tools.close();

// tsserver and Babel take the `module.exports` of the editor plugin and Babel plugin bundles as the plugin
// itself: their CommonJS declarations say `export =` to match.
for (const [file, name] of [
  ["check/plugin.d.ts", "twimlPlugin"],
  ["babel/index.d.ts", "twimlJsx"],
]) {
  const types = join(dist, "cjs", "src", file);
  writeFileSync(
    types,
    `${readFileSync(types, "utf8").replace(`export default function ${name}`, `declare function ${name}`)}export = ${name};\n`,
  );
}
