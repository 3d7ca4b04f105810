// `npm run build`: the published package.
// - Declarations from tsc, under dist/esm (ESM scope) and copied to dist/cjs (a `"type": "commonjs"` scope),
//   so that `import` and `require` users both get types.
// - JavaScript bundled by rolldown into one minified file per entry and format: loading 14 small modules
//   cost more than everything they do at import, and importing the package must stay cheap for cold starts.
// - The vocabulary table ships without its documentation strings (they serve editor hover and
//   docs/elements.md, not the renderer), as JSON, which V8 parses faster than an object literal, and it is
//   parsed at the first render rather than at import.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
// Each runtime entry is bundled on its own, without a shared chunk: one file to load per entry. The JSX runtime
// then carries its own tiny copy of the element factory and Fragment, which is fine: elements are recognised
// by a `Symbol.for` mark and a Fragment is an ordinary component to the renderer.
const minify = process.env.TWIML_NO_MINIFY !== "1";
const entries = [
  ["index", "src/index.ts"],
  ["jsx-runtime", "jsx-runtime/index.ts"],
  // The server imports `twiml-jsx` itself, so that it uses the renderer of the main entry.
  ["server", "src/server/index.ts", [/^twiml-jsx$/]],
  ["testing", "src/testing/index.ts"],
  ["read", "src/read/index.ts"],
  ["babel", "src/babel/index.ts", [/^@babel\//]],
];
for (const [name, input, external = []] of entries) {
  const bundle = await rolldown({
    input: { [name]: join(root, input) },
    platform: "neutral",
    external,
    plugins: [
      {
        name: "runtime-vocabulary",
        load(id) {
          if (id.endsWith(join("src", "vocabulary", "table.ts"))) return vocabulary;
          return id.endsWith(join("src", "vocabulary", "elements.ts")) ? eagerVocabulary : null;
        },
      },
    ],
  });
  for (const format of ["esm", "cjs"]) {
    await bundle.write({ dir: join(dist, format), format, entryFileNames: "[name].js", minify });
  }
  await bundle.close();
}

// The checker (API, command line, editor plugin) is a separate bundle that the runtime never loads. It keeps
// the whole vocabulary, and `typescript` stays external: it is found at run time (see src/check/typescript.ts).
const checker = await rolldown({
  input: {
    check: join(root, "src/check/index.ts"),
    cli: join(root, "src/cli/main.ts"),
    plugin: join(root, "src/check/plugin.ts"),
  },
  platform: "node",
  external: [/^typescript($|\/)/, /^node:/],
});
const banner = (chunk) => (chunk.name === "cli" ? "#!/usr/bin/env node" : "");
for (const format of ["esm", "cjs"]) {
  await checker.write({ dir: join(dist, format), format, entryFileNames: "[name].js", chunkFileNames: "check-[name].js", banner });
}
await checker.close();

// tsserver and Babel take the `module.exports` of the editor plugin and Babel plugin bundles as the plugin
// itself: their CommonJS declarations say `export =` to match.
for (const [file, name] of [["check/plugin.d.ts", "twimlPlugin"], ["babel/index.d.ts", "twimlJsx"]]) {
  const types = join(dist, "cjs", "src", file);
  writeFileSync(
    types,
    `${readFileSync(types, "utf8").replace(`export default function ${name}`, `declare function ${name}`)}export = ${name};\n`,
  );
}
