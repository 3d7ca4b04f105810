// Compiles every `ts` and `tsx` code block of the README under the compiler options a new project gets:
// those `tsc --init` writes (run here, for TypeScript 6 and 7, so the test follows what each version writes:
// `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess`, `verbatimModuleSyntax`…), plus the two JSX
// settings the README asks for and Node's types. A snippet that fails here fails for a user who pastes it.
//
// A block without imports is a fragment of a file (`<VoiceResponse>…</VoiceResponse>`): it gets the import of
// the library exports it names. `./app.js`, which a block imports as "your routes", is a small module here.
// The project links `twiml-jsx` to this repository, so it compiles against the built declarations (`npm test`
// builds first).
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as library from "twiml-jsx";

const repo = realpathSync(fileURLToPath(new URL("..", import.meta.url)));
const readme = readFileSync(join(repo, "README.md"), "utf8");
/** Each compiler runs once over all the blocks: a few seconds from cold on a busy machine. */
const TIMEOUT = 120_000;

interface Block {
  /** The README line of the block's first line of code. */
  readonly line: number;
  readonly file: string;
  /** The lines added above the code (imports of a fragment). */
  readonly added: number;
  readonly code: string;
}

const EXPORTS = new Set(Object.keys(library));

function blocks(): Block[] {
  const found: Block[] = [];
  for (const match of readme.matchAll(/^```(tsx?)\n([\s\S]*?)^```/gm)) {
    const [, lang = "", code = ""] = match;
    const line = readme.slice(0, match.index).split("\n").length + 1;
    const names = /^\s*import\s/m.test(code) ? [] : [...new Set(code.match(/\b[A-Za-z_]\w*\b/g) ?? [])].filter((n) => EXPORTS.has(n));
    const header = names.length === 0 ? "" : `import { ${names.join(", ")} } from "twiml-jsx";\n`;
    found.push({ line, file: `readme-${line}.${lang}`, added: header === "" ? 0 : 1, code: header + code });
  }
  return found;
}

const BLOCKS = blocks();

const COMPILERS = [
  { name: "TypeScript 6 (typescript)", bin: join(repo, "node_modules", "typescript", "bin", "tsc") },
  { name: "TypeScript 7 (ts7)", bin: join(repo, "node_modules", "ts7", "bin", "tsc") },
] as const;

let temp = "";
/** Per compiler, the diagnostics of each block's file, as README positions. */
const reports = new Map<string, Map<string, string[]>>();

function tsc(bin: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd, encoding: "utf8" }, (_error, stdout) => resolve(stdout));
  });
}

/** The compiler options `tsc --init` writes, read with TypeScript's own parser (the file has comments). */
async function initOptions(bin: string, dir: string): Promise<Record<string, unknown>> {
  mkdirSync(dir);
  await tsc(bin, ["--init"], dir);
  const { config, error } = ts.parseConfigFileTextToJson("tsconfig.json", readFileSync(join(dir, "tsconfig.json"), "utf8"));
  if (error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  return (config as { compilerOptions: Record<string, unknown> }).compilerOptions;
}

/** `file(line,col): error TSnnnn: message` and its indented continuation lines, by file, at README positions. */
function byFile(output: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  let last: string[] | undefined;
  for (const text of output.split("\n")) {
    const match = /^(readme-\d+\.tsx?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(text);
    if (match === null) {
      if (last !== undefined && text.startsWith(" ")) last[last.length - 1] += `\n${text}`;
      continue;
    }
    const [, file = "", line = "", column = "", code = "", message = ""] = match;
    const block = BLOCKS.find((b) => b.file === file);
    const readmeLine = (block?.line ?? 0) + Number(line) - 1 - (block?.added ?? 0);
    last = found.get(file) ?? [];
    found.set(file, last);
    last.push(`README.md:${readmeLine}:${column} ${code}: ${message}`);
  }
  return found;
}

beforeAll(async () => {
  temp = realpathSync(mkdtempSync(join(tmpdir(), "twiml-jsx-readme-")));
  await Promise.all(
    COMPILERS.map(async (compiler, index) => {
      const options = await initOptions(compiler.bin, join(temp, `init-${index}`));
      const project = join(temp, `project-${index}`);
      mkdirSync(join(project, "node_modules", "@types"), { recursive: true });
      symlinkSync(repo, join(project, "node_modules", "twiml-jsx"), "dir");
      symlinkSync(join(repo, "node_modules", "vitest"), join(project, "node_modules", "vitest"), "dir");
      symlinkSync(join(repo, "node_modules", "@types", "node"), join(project, "node_modules", "@types", "node"), "dir");
      writeFileSync(join(project, "package.json"), '{ "type": "module" }\n');
      const compilerOptions = { ...options, jsxImportSource: "twiml-jsx", types: ["node"], noEmit: true };
      writeFileSync(join(project, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["*.ts", "*.tsx"] }, null, 2));
      writeFileSync(
        join(project, "app.ts"),
        "export function createHandler(): (request: Request) => Promise<Response> {\n  return async () => new Response(null, { status: 204 });\n}\n",
      );
      for (const block of BLOCKS) writeFileSync(join(project, block.file), block.code);
      reports.set(compiler.name, byFile(await tsc(compiler.bin, ["-p", "tsconfig.json", "--pretty", "false"], project)));
    }),
  );
}, TIMEOUT);

afterAll(() => {
  if (temp !== "") rmSync(temp, { recursive: true, force: true });
});

test("the README has code blocks to compile", () => {
  expect(BLOCKS.length).toBeGreaterThan(5);
});

for (const compiler of COMPILERS) {
  describe(`the README's code compiles under tsc --init of ${compiler.name}`, () => {
    for (const block of BLOCKS) {
      const first = block.code.split("\n")[block.added] ?? "";
      test(`README.md:${block.line}: ${first}`, () => {
        expect(reports.get(compiler.name)?.get(block.file) ?? []).toEqual([]);
      });
    }
  });
}
