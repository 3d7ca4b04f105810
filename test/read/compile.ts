// Compiles TSX modules the way a user's project would (strict TypeScript against the built package's
// declarations, all modules in one program for speed), then runs each through TypeScript's own JSX emit and
// renders its default export with the built package.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const dist = (path: string): string => join(repo, "dist", "esm", path);

export interface Compiled {
  /** TypeScript's diagnostics, one line each: `file(line,col): message`. */
  readonly diagnostics: string[];
  /** What each module's component renders, by module name; an error's message when rendering throws. */
  readonly rendered: Map<string, string>;
}

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.ReactJSX,
  lib: ["lib.es2023.d.ts"],
  types: [],
  paths: {
    "twiml-jsx": [dist("src/index.d.ts")],
    "twiml-jsx/jsx-runtime": [dist("jsx-runtime/index.d.ts")],
  },
};

function diagnosticLine(d: ts.Diagnostic, folder: string): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (d.file === undefined || d.start === undefined) return message;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${d.file.fileName.replace(folder, "")}(${line + 1},${character + 1}): ${message}`;
}

/** Type-checks every module in one program, then renders each one's default export. */
export async function compileAndRender(modules: ReadonlyMap<string, string>): Promise<Compiled> {
  const folder = mkdtempSync(join(tmpdir(), "twiml-jsx-read-"));
  try {
    const files = [...modules].map(([name, source]) => {
      const file = join(folder, `${name}.tsx`);
      writeFileSync(file, source);
      return file;
    });
    const program = ts.createProgram(files, OPTIONS);
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => diagnosticLine(d, `${folder}/`));
    const runtime = await import(pathToFileURL(dist("index.js")).href);
    const { jsx } = await import(pathToFileURL(dist("jsx-runtime.js")).href);
    const rendered = new Map<string, string>();
    for (const [name, source] of modules) {
      const js = ts
        .transpileModule(source, { compilerOptions: { ...OPTIONS, noEmit: false } })
        .outputText.replaceAll('"twiml-jsx/jsx-runtime"', JSON.stringify(pathToFileURL(dist("jsx-runtime.js")).href))
        .replaceAll('"twiml-jsx"', JSON.stringify(pathToFileURL(dist("index.js")).href));
      const file = join(folder, `${name}.mjs`);
      writeFileSync(file, js);
      const component = (await import(pathToFileURL(file).href)).default;
      try {
        rendered.set(name, runtime.render(jsx(component, {})));
      } catch (e) {
        rendered.set(name, `throws: ${(e as Error).message}`);
      }
    }
    return { diagnostics, rendered };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
