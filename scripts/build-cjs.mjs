// Builds the CommonJS copy of the package from the ESM build: each module is transpiled on its own (the
// code has no CommonJS-specific paths), and the declarations are copied beside it under a
// `"type": "commonjs"` scope so that `require` users get types too.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

const from = "dist/esm";
const to = "dist/cjs";
rmSync(to, { recursive: true, force: true });

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

for (const file of files(from)) {
  const target = join(to, relative(from, file));
  mkdirSync(dirname(target), { recursive: true });
  if (file.endsWith(".js")) {
    const { outputText } = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    });
    writeFileSync(target, outputText);
  } else if (file.endsWith(".d.ts")) {
    cpSync(file, target);
  }
}
writeFileSync(join(to, "package.json"), '{ "type": "commonjs" }\n');
