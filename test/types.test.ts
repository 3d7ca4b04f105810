import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const typesDir = join(root, "test", "types");
const typeTests = readdirSync(typesDir)
  .filter((file) => file.endsWith(".test-d.tsx"))
  .sort();

// Every supported compiler line; all three are node scripts (7.x starts its native binary itself).
const compilers = [
  { version: "5.9.3", bin: "node_modules/ts59/bin/tsc" },
  { version: "6.0.3", bin: "node_modules/typescript/bin/tsc" },
  { version: "7.0.2", bin: "node_modules/ts7/bin/tsc" },
] as const;

// A cold compile of the whole library takes several seconds per compiler, more on a busy machine.
const TIMEOUT = 120_000;

interface Run {
  readonly status: number | null;
  readonly output: string;
}

function tsc(bin: string, args: readonly string[]): Run {
  const result = spawnSync(process.execPath, [join(root, bin), ...args], { cwd: root, encoding: "utf8" });
  return { status: result.status, output: result.stdout + result.stderr };
}

const DIRECTIVE = /^\s*\/\/ @ts-expect-error\b/;
const DIAGNOSTIC = /^(.+?)\((\d+),\d+\): error TS\d+:/gm;

/** Where the negative cases are: `file:line` of the line after each directive. */
function negativeCases(): string[] {
  const cases: string[] = [];
  for (const file of typeTests) {
    const lines = readFileSync(join(typesDir, file), "utf8").split("\n");
    lines.forEach((line, i) => {
      if (DIRECTIVE.test(line)) cases.push(`${file}:${i + 2}`);
    });
  }
  return cases.sort();
}

/** The distinct `file:line` places a compiler reported errors at. */
function errorLines(output: string): string[] {
  const places = new Set<string>();
  for (const match of output.matchAll(DIAGNOSTIC)) places.add(`${basename(match[1] ?? "")}:${match[2]}`);
  return [...places].sort();
}

// The type tests with every directive blanked out (line numbers kept), in a project that extends theirs.
let stripped = "";

beforeAll(() => {
  stripped = mkdtempSync(join(root, "test", ".types-stripped-"));
  // The .tsx files must be ES modules, as they are inside this package.
  writeFileSync(join(stripped, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(join(stripped, "tsconfig.json"), JSON.stringify({ extends: join(typesDir, "tsconfig.json"), include: ["*.test-d.tsx"] }));
  for (const file of typeTests) {
    const source = readFileSync(join(typesDir, file), "utf8");
    const lines = source.split("\n").map((line) => (DIRECTIVE.test(line) ? "" : line));
    writeFileSync(join(stripped, file), lines.join("\n"));
  }
});

afterAll(() => {
  if (stripped !== "") rmSync(stripped, { recursive: true, force: true });
});

test("there is a type test file per kind of constraint", () => {
  expect(typeTests.join(" ")).toBe(
    "attributes.test-d.tsx children.test-d.tsx elements.test-d.tsx optional-props.test-d.tsx server-params.test-d.tsx",
  );
});

describe.each(compilers)("TypeScript $version", ({ version, bin }) => {
  test(
    "is the compiler under test",
    () => {
      expect(tsc(bin, ["--version"]).output).toBe(`Version ${version}\n`);
    },
    TIMEOUT,
  );

  test(
    "compiles the type tests with no error and no unused @ts-expect-error",
    () => {
      const run = tsc(bin, ["-p", "test/types/tsconfig.json", "--pretty", "false"]);
      expect(run.output).toBe("");
      expect(run.status).toBe(0);
    },
    TIMEOUT,
  );

  test(
    "compiles the optional-props tests under exactOptionalPropertyTypes, as tsc --init configures TypeScript 6 and 7",
    () => {
      const run = tsc(bin, ["-p", "test/types/tsconfig.exact.json", "--pretty", "false"]);
      expect(run.output).toBe("");
      expect(run.status).toBe(0);
    },
    TIMEOUT,
  );

  test(
    "reports an error on the line of every negative case once its @ts-expect-error is removed",
    () => {
      const run = tsc(bin, ["-p", join(stripped, "tsconfig.json"), "--pretty", "false"]);
      expect(errorLines(run.output).join("\n")).toBe(negativeCases().join("\n"));
    },
    TIMEOUT,
  );
});
