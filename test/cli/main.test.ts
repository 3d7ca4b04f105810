// Runs the built `twiml-jsx` executable (`npm test` builds first) in child processes. A preloaded script
// records which files the process loaded, to show that each command loads only what it needs.
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const repo = realpathSync(fileURLToPath(new URL("../..", import.meta.url)));
const cli = join(repo, "dist", "cjs", "cli.js");
const { version } = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string };
/** A check type-checks a project from cold: a few seconds on a busy machine. */
const TIMEOUT = 60_000;

const HELP = `Usage: twiml-jsx <command> [options]

Commands:
  check    type-check a project and report the TwiML nesting errors TypeScript cannot see
  call     place a simulated call to a running TwiML app and print what the caller hears
  phone    open a phone and debugger in the browser for a TwiML app (calls, texts, timeline, flow map)
  lint     report every problem of TwiML documents (files, URLs, stdin) at once, as tsc reports
  convert  write a TwiML document (a file, a URL, stdin) as a TSX component that renders it again

Options:
  -h, --help     print this help; twiml-jsx <command> --help prints a command's options
  -v, --version  print the version
`;

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The files the process loaded from the package's dist/cjs, and "typescript" when it loaded TypeScript; sorted. */
  readonly loaded: readonly string[];
}

let temp = "";
let preload = "";
let project = "";
let runs = 0;
let server: Server | undefined;
let origin = "";

beforeAll(async () => {
  temp = realpathSync(mkdtempSync(join(tmpdir(), "twiml-jsx-main-")));
  preload = join(temp, "record-loaded.cjs");
  writeFileSync(
    preload,
    'process.on("exit", () => require("node:fs").writeFileSync(process.env.LOADED_FILES, Object.keys(require.cache).join("\\n")));\n',
  );
  project = join(temp, "project");
  mkdirSync(join(project, "src"), { recursive: true });
  mkdirSync(join(project, "node_modules"));
  symlinkSync(repo, join(project, "node_modules", "twiml-jsx"), "dir");
  symlinkSync(join(repo, "node_modules", "typescript"), join(project, "node_modules", "typescript"), "dir");
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "nodenext",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
        jsx: "react-jsx",
        jsxImportSource: "twiml-jsx",
      },
      include: ["src"],
    }),
  );
  writeFileSync(
    join(project, "src", "app.tsx"),
    'import { Say, VoiceResponse } from "twiml-jsx";\n\nexport const hello = <VoiceResponse><Say>Hello</Say></VoiceResponse>;\n',
  );
  writeFileSync(join(project, "package.json"), '{ "type": "module" }\n');
  server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/xml" }).end("<Response><Say>Goodbye</Say><Hangup/></Response>");
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (temp !== "") rmSync(temp, { recursive: true, force: true });
});

function run(args: readonly string[], cwd = temp): Promise<Run> {
  const record = join(temp, `loaded-${runs++}.txt`);
  const env: NodeJS.ProcessEnv = { ...process.env, LOADED_FILES: record };
  for (const name of ["TWIML_JSX_TYPESCRIPT", "NO_COLOR", "FORCE_COLOR", "NODE_PATH", "TWILIO_AUTH_TOKEN"]) delete env[name];
  return new Promise((resolve) => {
    execFile(process.execPath, ["-r", preload, cli, ...args], { cwd, encoding: "utf8", env }, (error, stdout, stderr) => {
      const files = readFileSync(record, "utf8").split("\n");
      const loaded = [
        ...files.filter((file) => file.startsWith(join(repo, "dist"))).map((file) => relative(join(repo, "dist", "cjs"), file)),
        ...(files.some((file) => file.includes(join("node_modules", "typescript"))) ? ["typescript"] : []),
      ].sort();
      resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr, loaded });
    });
  });
}

describe.concurrent("twiml-jsx", { timeout: TIMEOUT }, () => {
  test("--help lists every command with a one-line summary, loading no command", async () => {
    expect(await run(["--help"])).toEqual({ status: 0, stdout: HELP, stderr: "", loaded: ["cli.js"] });
  });

  test("-h is --help", async () => {
    expect((await run(["-h"])).stdout).toBe(HELP);
  });

  test("help <command> prints the command's help", async () => {
    const [help, own] = await Promise.all([run(["help", "call"]), run(["call", "--help"])]);
    expect(help.stdout).toBe(own.stdout);
  });

  test("--version prints the package's version", async () => {
    expect(await run(["--version"])).toEqual({
      status: 0,
      stdout: `twiml-jsx ${version}\n`,
      stderr: "",
      loaded: ["cli.js", "tools/cli-version.js"],
    });
  });

  test("without a command: exit status 2 and the commands", async () => {
    expect(await run([])).toEqual({
      status: 2,
      stdout: "",
      stderr: "twiml-jsx: missing command; the commands are check, call, phone, lint, convert (see twiml-jsx --help)\n",
      loaded: ["cli.js"],
    });
  });

  test("an unknown command: exit status 2 and the commands", async () => {
    expect(await run(["deploy"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "twiml-jsx: unknown command deploy; the commands are check, call, phone, lint, convert (see twiml-jsx --help)\n",
      loaded: ["cli.js"],
    });
  });

  test("a mistyped command: the command it most likely meant", async () => {
    expect((await run(["chek"])).stderr).toBe("twiml-jsx: unknown command chek; did you mean check? (see twiml-jsx --help)\n");
  });

  test("the start of more than one command's name: each of them", async () => {
    expect((await run(["c"])).stderr).toBe("twiml-jsx: unknown command c; did you mean check, call or convert? (see twiml-jsx --help)\n");
  });

  test("an option before the command", async () => {
    expect((await run(["--strict", "check"])).stderr).toBe(
      "twiml-jsx: unknown option --strict; the commands are check, call, phone, lint, convert (see twiml-jsx --help)\n",
    );
  });
});

describe.concurrent("each command loads only what it needs", { timeout: TIMEOUT }, () => {
  test("check --help prints the checker's help, without the simulator, the analysis or TypeScript", async () => {
    const help = await run(["check", "--help"]);
    expect([help.status, help.stdout.split("\n")[0], help.loaded]).toEqual([
      0,
      "Usage: twiml-jsx check [options]",
      ["cli.js", "tools/check-cli.js", "tools/chunk-walked.js", "tools/cli-version.js"],
    ]);
  });

  test("check type-checks a project with TypeScript, without the simulator", async () => {
    expect(await run(["check"], project)).toEqual({
      status: 0,
      stdout: "",
      stderr: "",
      loaded: [
        "cli.js",
        "tools/check-cli.js",
        "tools/chunk-analyze.js",
        "tools/chunk-classic.js",
        "tools/chunk-nesting.js",
        "tools/chunk-walked.js",
        "tools/cli-version.js",
        "typescript",
      ],
    });
  });

  test("call --help prints the simulator's help, without the checker", async () => {
    const help = await run(["call", "--help"]);
    expect([help.status, help.stdout.split("\n")[0], help.loaded]).toEqual([
      0,
      "Usage: twiml-jsx call <url> [options]",
      ["cli.js", "tools/chunk-call.js", "tools/chunk-parse.js", "tools/cli-call.js"],
    ]);
  });

  test("call walks a call through a running app, without the checker or TypeScript", async () => {
    expect(await run(["call", `${origin}/voice`])).toEqual({
      status: 0,
      stdout: `→ POST ${origin}/voice\n  says: Goodbye\ncall ended: hangup\n`,
      stderr: "",
      loaded: ["cli.js", "tools/chunk-call.js", "tools/chunk-parse.js", "tools/cli-call.js"],
    });
  });

  test("a command's wrong option: exit status 2, with its own help named", async () => {
    expect(await run(["call", "--bogus"])).toEqual({
      status: 2,
      stdout: "",
      stderr: "twiml-jsx call: unknown option --bogus (see twiml-jsx call --help)\n",
      loaded: ["cli.js", "tools/chunk-call.js", "tools/chunk-parse.js", "tools/cli-call.js"],
    });
  });
});

describe.concurrent("V8's optimizing compiler", { timeout: TIMEOUT }, () => {
  let probe = "";
  beforeAll(() => {
    probe = join(temp, "probe-optimization.cjs");
    writeFileSync(
      probe,
      [
        'process.on("exit", () => {',
        "  function probe(x) { return x * 2 + 1; }",
        "  %PrepareFunctionForOptimization(probe); probe(1); probe(2);",
        "  %OptimizeFunctionOnNextCall(probe); probe(3);",
        '  process.stderr.write("optimization status " + %GetOptimizationStatus(probe) + "\\n");',
        "});",
        "",
      ].join("\n"),
    );
  });

  /**
   * Whether TurboFan optimizes a function in the process of `twiml-jsx <args>`, once the command is done: the
   * script preloaded with V8's test functions asks for a function to be optimized at exit and reads its status
   * (bit 64: optimized by TurboFan, on the V8 of the Node these tests run on). Also the command's exit status.
   */
  async function turbofanAfter(args: readonly string[], typescript?: string): Promise<[boolean, number | null]> {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env["TWIML_JSX_TYPESCRIPT"];
    if (typescript !== undefined) env["TWIML_JSX_TYPESCRIPT"] = typescript;
    const [status, stderr] = await new Promise<[number | null, string]>((resolve) => {
      execFile(
        process.execPath,
        ["--allow-natives-syntax", "-r", probe, cli, ...args],
        { cwd: temp, encoding: "utf8", env },
        (error, _stdout, stderr) => resolve([error === null ? 0 : typeof error.code === "number" ? error.code : null, stderr]),
      );
    });
    const optimization = /optimization status (\d+)/.exec(stderr);
    if (optimization === null) throw new Error(`no optimization status in: ${stderr}`);
    return [(Number(optimization[1]) & 64) !== 0, status];
  }

  test("is off in the process of a check on TypeScript 7, whose compiler works in a process of its own", async () => {
    expect(await turbofanAfter(["check", "-p", project], join(repo, "node_modules", "ts7"))).toEqual([false, 0]);
  });

  test("stays on in a check on TypeScript 6, whose compiler runs in the check's process", async () => {
    expect(await turbofanAfter(["check", "-p", project])).toEqual([true, 0]);
  });

  test("stays on for the other commands", async () => {
    expect(await Promise.all([turbofanAfter(["lint", "--help"]), turbofanAfter(["call", "--help"])])).toEqual([
      [true, 0],
      [true, 0],
    ]);
  });
});
