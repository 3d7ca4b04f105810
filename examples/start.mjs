// Compiles the examples against the built package and prints every document they render.
// Node cannot run TSX, so the examples are compiled first with the project's own TypeScript into .build/,
// where `twiml-jsx` resolves through package.json `exports` to dist/, exactly as it would for a user.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = new URL("../.build/examples/", import.meta.url);

if (!existsSync(new URL("../dist/esm/index.js", import.meta.url))) {
  console.error("dist/ is missing: run `npm run build` first (or use `npm start`, which builds).");
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const compiled = spawnSync(process.execPath, [tsc, "-p", fileURLToPath(new URL("tsconfig.json", import.meta.url))], {
  cwd: root,
  stdio: "inherit",
});
if (compiled.status !== 0) {
  console.error("The examples did not compile.");
  process.exit(compiled.status ?? 1);
}

const { examples } = await import(pathToFileURL(fileURLToPath(new URL("index.js", out))).href);

const width = 78;
console.log(`twiml-jsx: ${examples.length} example documents, rendered with render(element, { indent: 2 })\n`);
for (const example of examples) {
  console.log(`── ${example.name} ${"─".repeat(Math.max(3, width - example.name.length - 4))}`);
  console.log(example.description);
  console.log();
  console.log(example.render({ indent: 2 }));
  console.log();
}
