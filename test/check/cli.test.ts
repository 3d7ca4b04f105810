// Runs the built command line (`npm test` builds first) on copies of small projects in a temporary folder,
// each with node_modules links to the repository (as `npm link twiml-jsx` would make) and to one of the
// TypeScript versions installed here.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, test } from "vitest";

const repo = realpathSync(fileURLToPath(new URL("../..", import.meta.url)));
const cli = join(repo, "dist", "cjs", "cli.js");
const fixtures = fileURLToPath(new URL("cli-fixtures/", import.meta.url));
const { version } = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string };
/** Each run type-checks a project from cold: a few seconds on a busy machine. */
const TIMEOUT = 60_000;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

let temp = "";
let copies = 0;

beforeAll(() => {
  temp = realpathSync(mkdtempSync(join(tmpdir(), "twiml-jsx-cli-")));
});

afterAll(() => {
  if (temp !== "") rmSync(temp, { recursive: true, force: true });
});

/**
 * A fresh copy of a fixture project (or an empty folder for `null`), whose node_modules links `twiml-jsx` to
 * the repository and each given package name to a folder of the repository's node_modules.
 */
function project(fixture: string | null, packages: Record<string, string> = { typescript: "typescript" }): string {
  const dir = join(temp, `${fixture ?? "empty"}-${copies++}`);
  if (fixture === null) mkdirSync(dir);
  else cpSync(join(fixtures, fixture), dir, { recursive: true });
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(repo, join(dir, "node_modules", "twiml-jsx"), "dir");
  for (const [name, target] of Object.entries(packages)) {
    symlinkSync(join(repo, "node_modules", target), join(dir, "node_modules", name), "dir");
  }
  return dir;
}

function run(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const inherited = { ...process.env };
  // The outcome must not depend on the environment the tests run in.
  for (const name of ["TWIML_JSX_TYPESCRIPT", "NO_COLOR", "FORCE_COLOR", "NODE_PATH"]) delete inherited[name];
  return new Promise((resolve) => {
    const options = { cwd, encoding: "utf8", env: { ...inherited, ...env } } as const;
    execFile(process.execPath, [cli, ...args], options, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr });
    });
  });
}

// The same project and the same output whichever TypeScript the project has: 6 (the JavaScript compiler API) or
// 7 (the native compiler, driven over IPC).
for (const [typescript, label] of [
  ["typescript", "TypeScript 6"],
  ["ts7", "TypeScript 7"],
] as const) {
  describe.concurrent(`checking a project on ${label}`, { timeout: TIMEOUT }, () => {
    const packages = { typescript };
    test("a clean project passes silently", async ({ expect }) => {
      expect(await run(project("clean", packages), ["check"])).toEqual({ status: 0, stdout: "", stderr: "" });
    });

    test("TypeScript's own errors are reported as tsc reports them, and fail the check", async ({ expect }) => {
      expect(await run(project("type-error", packages), ["check"])).toEqual({
        status: 1,
        stdout: "src/app.tsx(3,7): error TS2322: Type 'number' is not assignable to type 'string'.\n",
        stderr: "",
      });
    });

    test("--no-tsc leaves TypeScript's own errors out", async ({ expect }) => {
      expect(await run(project("type-error", packages), ["check", "--no-tsc"])).toEqual({ status: 0, stdout: "", stderr: "" });
    });

    test("the last of --no-tsc and --tsc wins", async ({ expect }) => {
      expect((await run(project("type-error", packages), ["check", "--no-tsc", "--tsc"])).status).toBe(1);
    });

    test("a nesting error is reported at the child's opening bracket, in order with TypeScript's, by file and position", async ({
      expect,
    }) => {
      expect(await run(project("nesting", packages), ["check"])).toEqual({
        status: 1,
        stdout: [
          "src/app.tsx(6,7): error TWIML001: <Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause)",
          "src/app.tsx(11,14): error TS2322: Type 'string' is not assignable to type 'number'.",
          "src/menu.tsx(3,14): error TS2322: Type 'number' is not assignable to type 'string'.",
          "",
        ].join("\n"),
        stderr: "",
      });
    });

    test("nesting errors fail the check without TypeScript's diagnostics", async ({ expect }) => {
      expect(await run(project("nesting", packages), ["check", "--no-tsc"])).toEqual({
        status: 1,
        stdout: "src/app.tsx(6,7): error TWIML001: <Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause)\n",
        stderr: "",
      });
    });

    test("a warning is reported and does not fail the check", async ({ expect }) => {
      expect(await run(project("warning", packages), ["check"])).toEqual({
        status: 0,
        stdout: "src/app.tsx(6,5): warning TWIML013: <Say> never runs: it comes after <Hangup>, which ends the document\n",
        stderr: "",
      });
    });

    test("an unidentifiable child passes by default", async ({ expect }) => {
      expect(await run(project("unknown-child", packages), ["check"])).toEqual({ status: 0, stdout: "", stderr: "" });
    });

    test("--strict reports an unidentifiable child", async ({ expect }) => {
      expect(await run(project("unknown-child", packages), ["check", "--strict"])).toEqual({
        status: 1,
        stdout:
          "src/app.tsx(7,13): error TWIML018: cannot tell which element prompt is inside <Gather>: " +
          'its type is only JSX.Element (declare it as TwiMLElement<"Tag"> so it can be checked)\n',
        stderr: "",
      });
    });

    test("paths are relative to the current folder, and -p takes the project's folder", async ({ expect }) => {
      const dir = project("type-error", packages);
      expect((await run(dirname(dir), ["check", "-p", basename(dir)])).stdout).toBe(
        `${basename(dir)}/src/app.tsx(3,7): error TS2322: Type 'number' is not assignable to type 'string'.\n`,
      );
    });

    test("--project= names the tsconfig.json", async ({ expect }) => {
      const dir = project("type-error", packages);
      expect(await run(dir, ["check", "--project=tsconfig.json", "--no-tsc"])).toEqual({ status: 0, stdout: "", stderr: "" });
    });

    test("--pretty prints tsc's coloured layout with the code excerpt and a count", async ({ expect }) => {
      expect((await run(project("warning", packages), ["check", "--pretty"])).stdout).toBe(
        [
          "\u001b[96msrc/app.tsx\u001b[0m:\u001b[93m6\u001b[0m:\u001b[93m5\u001b[0m - \u001b[93mwarning\u001b[0m" +
            "\u001b[90m TWIML013: \u001b[0m<Say> never runs: it comes after <Hangup>, which ends the document",
          "",
          "\u001b[7m6\u001b[0m     <Say>Goodbye.</Say>",
          "\u001b[7m \u001b[0m \u001b[93m    ~~~~~\u001b[0m",
          "",
          "",
          "Found 1 warning.",
          "",
          "",
        ].join("\n"),
      );
    });
  });
}

describe.concurrent("usage and configuration problems exit with 2", { timeout: TIMEOUT }, () => {
  test("--help prints the usage", async ({ expect }) => {
    const help = await run(project(null), ["check", "--help"]);
    expect([help.status, help.stdout.split("\n")[0]]).toEqual([0, "Usage: twiml-jsx check [options]"]);
  });

  test("an unknown option", async ({ expect }) => {
    expect(await run(project("clean"), ["check", "--watch"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "twiml-jsx check: unknown option --watch (see twiml-jsx check --help)\n",
    });
  });

  test("an argument that is not an option", async ({ expect }) => {
    expect(await run(project("clean"), ["check", "src"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "twiml-jsx check: unexpected argument src (see twiml-jsx check --help)\n",
    });
  });

  test("-p without a path", async ({ expect }) => {
    expect(await run(project("clean"), ["check", "-p"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "twiml-jsx check: -p needs a path (see twiml-jsx check --help)\n",
    });
  });

  test("no tsconfig.json", async ({ expect }) => {
    expect(await run(project(null), ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "twiml-jsx: cannot find tsconfig.json; run the command in the project's folder or pass -p\n",
    });
  });

  test("a tsconfig.json TypeScript 6 rejects", async ({ expect }) => {
    expect(await run(project("invalid-config"), ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "tsconfig.json(8,5): error TS5025: Unknown compiler option 'stritc'. Did you mean 'strict'?\n",
    });
  });

  test("a tsconfig.json TypeScript 7 rejects, in its own words", async ({ expect }) => {
    expect(await run(project("invalid-config", { typescript: "ts7" }), ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "tsconfig.json(8,5): error TS5023: Unknown compiler option 'stritc'.\n",
    });
  });
});

describe.concurrent("finding TypeScript", { timeout: TIMEOUT }, () => {
  test("--version names the project's TypeScript", async ({ expect }) => {
    expect(await run(project("clean"), ["check", "--version"])).toEqual({
      status: 0,
      stdout: `twiml-jsx ${version} (TypeScript 6.0.3 from ${repo}/node_modules/typescript)\n`,
      stderr: "",
    });
  });

  test("--version names the project's TypeScript 7", async ({ expect }) => {
    expect((await run(project("clean", { typescript: "ts7" }), ["check", "--version"])).stdout).toBe(
      `twiml-jsx ${version} (TypeScript 7.0.2 from ${repo}/node_modules/ts7)\n`,
    );
  });

  test("TWIML_JSX_TYPESCRIPT can name TypeScript 7", async ({ expect }) => {
    const env = { TWIML_JSX_TYPESCRIPT: "ts7" };
    const dir = project("type-error", { typescript: "typescript", ts7: "ts7" });
    expect(await run(dir, ["check"], env)).toEqual({
      status: 1,
      stdout: "src/app.tsx(3,7): error TS2322: Type 'number' is not assignable to type 'string'.\n",
      stderr: "",
    });
  });

  test("no TypeScript at all", async ({ expect }) => {
    const dir = project("clean", {});
    expect(await run(dir, ["check"])).toEqual({
      status: 2,
      stdout: "",
      stderr: `twiml-jsx: cannot find TypeScript from ${dir}: install it with npm install -D typescript\n`,
    });
  });

  test("TWIML_JSX_TYPESCRIPT names the compiler", async ({ expect }) => {
    const env = { TWIML_JSX_TYPESCRIPT: join(repo, "node_modules", "ts59") };
    expect((await run(project("clean"), ["check", "--version"], env)).stdout).toBe(
      `twiml-jsx ${version} (TypeScript 5.9.3 from ${repo}/node_modules/ts59)\n`,
    );
  });

  test("the compiler TWIML_JSX_TYPESCRIPT names checks the project", async ({ expect }) => {
    const env = { TWIML_JSX_TYPESCRIPT: join(repo, "node_modules", "ts59") };
    expect(await run(project("type-error", { typescript: "ts7" }), ["check"], env)).toEqual({
      status: 1,
      stdout: "src/app.tsx(3,7): error TS2322: Type 'number' is not assignable to type 'string'.\n",
      stderr: "",
    });
  });

  test("TWIML_JSX_TYPESCRIPT naming nothing that loads", async ({ expect }) => {
    const dir = project("clean");
    expect(await run(dir, ["check"], { TWIML_JSX_TYPESCRIPT: "./missing" })).toEqual({
      status: 2,
      stdout: "",
      stderr: `twiml-jsx: TWIML_JSX_TYPESCRIPT names ${dir}/missing, which cannot be loaded\n`,
    });
  });
});
