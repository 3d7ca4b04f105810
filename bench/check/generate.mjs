// Writes the project the checker benchmark measures: a multi-tenant phone-system app of about 200 TSX files
// and some plain TypeScript, the same every time for a given seed, with the built package installed in its
// node_modules.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { BARREL, COMPONENTS, LIB } from "./library.mjs";
import { random, tenantFiles } from "./tenants.mjs";

export const SEED = 20_240_313;
const TENANTS = 24;

/**
 * The project's compiler options. Deliberately lean, so the checker's share of the time is not diluted:
 * no `@types/*` (a real server would add `@types/node` and a web framework, a fixed cost for both tsc and
 * the checker), `lib` without the DOM, and `skipLibCheck` as most projects set it.
 */
export const TSCONFIG = {
  compilerOptions: {
    target: "es2022",
    lib: ["es2023"],
    module: "nodenext",
    moduleResolution: "nodenext",
    strict: true,
    skipLibCheck: true,
    types: [],
    jsx: "react-jsx",
    jsxImportSource: "twiml-jsx",
    rootDir: "src",
    noEmit: true,
  },
  include: ["src"],
};

function samplesModule(documents) {
  const imports = documents.map((path, i) => `import { samples as s${i} } from "${path}";`);
  return `// Every document of every tenant, rendered with sample inputs: the app's smoke test.
import { render } from "twiml-jsx";
${imports.join("\n")}

export function renderAll(): string[] {
  return [${documents.map((_, i) => `...s${i}()`).join(", ")}].map((element) => render(element));
}
`;
}

/**
 * Installs the built package as \`npm install\` would (package.json and its \`files\`), copied rather than
 * linked so that rebuilding the repository during a run cannot change what is measured. Returns the path
 * of its command line.
 */
function installPackage(root, dir) {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const target = join(dir, "node_modules", pkg.name);
  for (const entry of ["package.json", ...pkg.files]) cpSync(join(root, entry), join(target, entry), { recursive: true });
  return join(target, pkg.bin[pkg.name]);
}

/** Replaces `dir` with the generated project; returns what it holds and where its `twiml-jsx` command is. */
export function generateProject(dir, root) {
  rmSync(dir, { recursive: true, force: true });
  const { files: tenantSources, documents } = tenantFiles(random(SEED), TENANTS);
  const files = {
    "package.json": `${JSON.stringify({ name: "check-bench-app", private: true, type: "module" }, null, 2)}\n`,
    "tsconfig.json": `${JSON.stringify(TSCONFIG, null, 2)}\n`,
    ...LIB,
    ...BARREL,
    ...COMPONENTS,
    ...tenantSources,
    "src/samples.ts": samplesModule(documents),
  };
  const stats = { tsxFiles: 0, tsFiles: 0, lines: 0, bytes: 0, jsxTags: 0, documentModules: documents.length };
  for (const [path, text] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    if (path.endsWith(".tsx")) stats.tsxFiles++;
    else if (path.endsWith(".ts")) stats.tsFiles++;
    else continue;
    stats.lines += text.split("\n").length - 1;
    stats.bytes += Buffer.byteLength(text);
    if (path.endsWith(".tsx")) stats.jsxTags += (text.match(/(?<![\w$.])<[A-Za-z]/g) ?? []).length;
  }
  return { stats, cli: installPackage(root, dir) };
}
