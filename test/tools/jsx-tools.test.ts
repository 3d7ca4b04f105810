// The settings the README gives for compiling TSX with Vite, esbuild and tsx, tried on a file outside any
// tsconfig (the case where esbuild and tsx fall back to React's classic transform and fail with "React is not
// defined"), in a temporary project whose node_modules links `twiml-jsx` to this repository's build (`npm test`
// builds first).
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { transformWithOxc } from "vite";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const repo = realpathSync(fileURLToPath(new URL("../..", import.meta.url)));
const tsx = createRequire(import.meta.url).resolve("tsx/cli");
const TIMEOUT = 60_000;

/** The SSML names are XML-namespaced, which a React-minded transform may refuse. */
const DOCUMENT = `import { render, Say, VoiceResponse } from "twiml-jsx";

console.log(
  render(
    <VoiceResponse>
      <Say voice="Polly.Joanna"><amazon:effect name="whispered">psst</amazon:effect><lang xml:lang="fr-FR">Bonjour</lang></Say>
    </VoiceResponse>,
  ),
);
`;
const PRAGMAS = "/** @jsxRuntime automatic */\n/** @jsxImportSource twiml-jsx */\n";
const XML =
  '<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna"><amazon:effect name="whispered">psst</amazon:effect>' +
  '<lang xml:lang="fr-FR">Bonjour</lang></Say></Response>\n';

let temp = "";
let files = 0;

beforeAll(() => {
  temp = realpathSync(mkdtempSync(join(tmpdir(), "twiml-jsx-tools-")));
  mkdirSync(join(temp, "node_modules"));
  symlinkSync(repo, join(temp, "node_modules", "twiml-jsx"), "dir");
});

afterAll(() => {
  if (temp !== "") rmSync(temp, { recursive: true, force: true });
});

/** Writes a source file in a folder of its own (with more files beside it when given), and returns its path. */
function source(text: string, beside: Record<string, string> = {}): string {
  const dir = join(temp, `project-${files++}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(beside)) writeFileSync(join(dir, name), content);
  const file = join(dir, "menu.tsx");
  writeFileSync(file, text);
  return file;
}

function node(args: readonly string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`${error.message}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

/** Bundles the file with esbuild's API and runs the bundle. */
async function bundleAndRun(file: string, options: { jsx?: "automatic"; jsxImportSource?: string }): Promise<string> {
  const outfile = file.replace(/\.tsx$/, ".mjs");
  await build({ entryPoints: [file], bundle: true, platform: "node", format: "esm", outfile, logLevel: "silent", ...options });
  return (await node([outfile], temp)).stdout;
}

describe("Vite's oxc option", { timeout: TIMEOUT }, () => {
  test("the README's oxc options compile namespaced SSML without a warning, and the output renders", async () => {
    const file = source(DOCUMENT);
    const jsx = { runtime: "automatic", importSource: "twiml-jsx", throwIfNamespace: false } as const;
    const { code, warnings } = await transformWithOxc(readFileSync(file, "utf8"), file, { jsx });
    const compiled = file.replace(/\.tsx$/, ".mjs");
    writeFileSync(compiled, code);
    expect([warnings, (await node([compiled], temp)).stdout]).toEqual([[], XML]);
  });
});

describe.concurrent("esbuild (https://esbuild.github.io/api/#jsx)", { timeout: TIMEOUT }, () => {
  test('jsx: "automatic" with jsxImportSource: "twiml-jsx" renders the document', async () => {
    expect(await bundleAndRun(source(DOCUMENT), { jsx: "automatic", jsxImportSource: "twiml-jsx" })).toBe(XML);
  });

  test("the pragma pair at the top of the file renders the document without settings", async () => {
    expect(await bundleAndRun(source(PRAGMAS + DOCUMENT), {})).toBe(XML);
  });
});

describe.concurrent("tsx (https://tsx.is/typescript)", { timeout: TIMEOUT }, () => {
  test("the pragma pair runs a file that no tsconfig covers", async () => {
    const file = source(PRAGMAS + DOCUMENT);
    expect(await node([tsx, file], temp)).toEqual({ stdout: XML, stderr: "" });
  });

  test("a tsconfig.json in the folder it runs in sets the JSX for every file", async () => {
    const tsconfig = JSON.stringify({ compilerOptions: { jsx: "react-jsx", jsxImportSource: "twiml-jsx" } });
    const file = source(DOCUMENT, { "tsconfig.json": tsconfig });
    expect(await node([tsx, file], join(file, ".."))).toEqual({ stdout: XML, stderr: "" });
  });
});
