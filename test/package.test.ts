// Installs the packed tarball into fresh projects outside the repository and uses it the ways users will:
// ESM and CommonJS, compiled by TypeScript 5.9, 6 and 7, and plain JavaScript. The package has no runtime
// dependencies, so extracting the tarball into node_modules is a complete install.
import { execFile, execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const repo = fileURLToPath(new URL("..", import.meta.url));
const fixtures = fileURLToPath(new URL("package/", import.meta.url));
const manifest = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as {
  name: string;
  version: string;
  main: string;
  module: string;
  types: string;
  exports: Record<string, unknown>;
};

interface Compiler {
  /** Folder under node_modules. */
  package: string;
  version: string;
}

const compilers: Compiler[] = ["ts59", "typescript", "ts7"].map((name) => ({
  package: name,
  version: (JSON.parse(readFileSync(join(repo, "node_modules", name, "package.json"), "utf8")) as { version: string })
    .version,
}));

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const SLOW = 120_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runAsync(file: string, args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, encoding: "utf8" }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs a script with node and returns what it printed; throws, with its stderr, when it fails. */
function node(cwd: string, ...args: string[]): string {
  return execFileSync(process.execPath, args, { cwd, encoding: "utf8" });
}

/** Runs the jobs at most `limit` at a time: the TypeScript 5.9 and 6 compilers are single-threaded and slow. */
async function pooled<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

let root = "";
let tarball = "";
let packed: { size: number; unpackedSize: number } = { size: 0, unpackedSize: 0 };
let files: string[] = [];
const projects: Record<string, string> = {};
/** Compiler output (diagnostics) per project, config and compiler. */
const compiled = new Map<string, Run>();
const key = (project: string, config: string, compiler: Compiler): string =>
  `${project}/${config} ${compiler.package}`;

/** Copies a fixture project and installs the tarball into its node_modules. */
function install(name: string): string {
  const dir = join(root, name);
  cpSync(join(fixtures, name), dir, { recursive: true });
  const target = join(dir, "node_modules", manifest.name);
  mkdirSync(target, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"]);
  return dir;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "twiml-jsx-package-"));
  const destination = join(root, "pack");
  mkdirSync(destination);
  const report = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", destination], { cwd: repo, encoding: "utf8" }),
  ) as { filename: string; size: number; unpackedSize: number }[];
  const first = report[0]!;
  packed = { size: first.size, unpackedSize: first.unpackedSize };
  tarball = join(destination, first.filename);
  files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => line.replace(/^package\//, ""));
  const kB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`;
  console.log(`${first.filename}: ${kB(packed.size)} packed, ${kB(packed.unpackedSize)} unpacked, ${files.length} files`);

  for (const name of ["esm", "cjs", "bundler", "runtime"]) projects[name] = install(name);

  const jobs: { id: string; cwd: string; args: string[] }[] = [];
  for (const compiler of compilers) {
    const tsc = join(repo, "node_modules", compiler.package, "bin", "tsc");
    for (const project of ["esm", "cjs"]) {
      const args = [tsc, "-p", "tsconfig.json", "--outDir", `out-${compiler.package}`];
      jobs.push({ id: key(project, "tsconfig.json", compiler), cwd: projects[project]!, args });
    }
    for (const config of ["tsconfig.json", "tsconfig.dev.json"]) {
      jobs.push({ id: key("bundler", config, compiler), cwd: projects.bundler!, args: [tsc, "-p", config] });
    }
  }
  const runs = await pooled(
    jobs.map((job) => () => runAsync(process.execPath, job.args, job.cwd)),
    Math.max(2, availableParallelism()),
  );
  jobs.forEach((job, i) => compiled.set(job.id, runs[i]!));
}, SLOW);

afterAll(() => {
  if (root !== "") rmSync(root, { recursive: true, force: true });
});

describe("npm pack", () => {
  test("writes one tarball named after the package and version", () => {
    expect(tarball.endsWith(`${manifest.name}-${manifest.version}.tgz`)).toBe(true);
  });

  test.each([
    "package.json",
    "dist/esm/index.js",
    "dist/esm/src/index.d.ts",
    "dist/esm/jsx-runtime.js",
    "dist/esm/jsx-runtime/index.d.ts",
    "dist/cjs/package.json",
    "dist/cjs/index.js",
    "dist/cjs/src/index.d.ts",
    "dist/cjs/jsx-runtime.js",
    "dist/cjs/jsx-runtime/index.d.ts",
    "jsx-runtime/package.json",
    "jsx-dev-runtime/package.json",
  ])("the tarball contains %s", (file) => {
    expect(files.includes(file)).toBe(true);
  });

  test("every file named by main, module, types and exports is in the tarball", () => {
    const targets = new Set<string>([manifest.main, manifest.module, manifest.types]);
    const collect = (value: unknown): void => {
      if (typeof value === "string") targets.add(value);
      else if (typeof value === "object" && value !== null) Object.values(value).forEach(collect);
    };
    collect(manifest.exports);
    const missing = [...targets].map((target) => target.replace(/^\.\//, "")).filter((file) => !files.includes(file));
    expect(missing).toEqual([]);
  });

  test("the tarball holds nothing but dist/, the runtime folders' package.json and top-level docs", () => {
    const allowed = /^(dist\/|package\.json$|(jsx-(dev-)?runtime|plugin)\/package\.json$|(README|LICENSE|CHANGELOG)[^/]*$)/i;
    expect(files.filter((file) => !allowed.test(file))).toEqual([]);
  });

  test("the tarball has no src/ or test/ folder", () => {
    expect(files.filter((file) => /^(src|test)\//.test(file))).toEqual([]);
  });

  test("the tarball has no node_modules", () => {
    expect(files.filter((file) => file.includes("node_modules"))).toEqual([]);
  });

  test("the tarball has no TypeScript sources, only declarations", () => {
    expect(files.filter((file) => /\.(c|m)?tsx?$/.test(file) && !/\.d\.(c|m)?ts$/.test(file))).toEqual([]);
  });

  test("the tarball has no build of vocabulary/suggestions, which only the type generator reads", () => {
    expect(files.filter((file) => file.includes("vocabulary/suggestions"))).toEqual([]);
  });

  test("each runtime entry is one file per format, apart from the checker's and the Babel plugin's files", () => {
    expect(files.filter((file) => file.endsWith(".js") && !/\/(check|cli|plugin|babel)[^/]*\.js$/.test(file)).sort()).toEqual([
      "dist/cjs/index.js",
      "dist/cjs/jsx-runtime.js",
      "dist/cjs/read.js",
      "dist/cjs/server.js",
      "dist/cjs/testing.js",
      "dist/esm/index.js",
      "dist/esm/jsx-runtime.js",
      "dist/esm/read.js",
      "dist/esm/server.js",
      "dist/esm/testing.js",
    ]);
  });
});

describe.each(compilers)("TypeScript $version", (compiler) => {
  const compile = (project: string, config = "tsconfig.json"): Run => {
    const run = compiled.get(key(project, config, compiler));
    if (run === undefined) throw new Error(`no compiler run for ${key(project, config, compiler)}`);
    return run;
  };

  test("compiles the ESM project without errors", () => {
    const run = compile("esm");
    expect(run.stdout + run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  test("emits ESM that imports twiml-jsx/jsx-runtime", () => {
    const js = readFileSync(join(projects.esm!, `out-${compiler.package}`, "main.js"), "utf8");
    expect(/^import .* from "twiml-jsx\/jsx-runtime";$/m.test(js)).toBe(true);
  });

  test("the compiled ESM project prints the expected XML", () => {
    expect(node(projects.esm!, `out-${compiler.package}/main.js`)).toBe(
      `${XML}<Response><Gather input="dtmf speech" numDigits="1" action="/menu?a=1&amp;b=2">` +
        '<Say voice="Polly.Joanna">Hello <emphasis level="strong">Ada &amp; Bob</emphasis><break time="1s"/></Say>' +
        '<Say>Press <say-as interpret-as="digits">1</say-as> for sales.</Say></Gather>' +
        '<Dial callerId="+15550100"><Number sendDigits="ww1">+15550101</Number></Dial></Response>\n' +
        "<Response><Message>Hi</Message></Response>\n" +
        "TWIML002\n",
    );
  });

  test("compiles the CommonJS project without errors", () => {
    const run = compile("cjs");
    expect(run.stdout + run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  test("emits CommonJS that requires twiml-jsx/jsx-runtime", () => {
    const js = readFileSync(join(projects.cjs!, `out-${compiler.package}`, "main.js"), "utf8");
    expect(js.includes('require("twiml-jsx/jsx-runtime")')).toBe(true);
  });

  test("the compiled CommonJS project prints the expected XML", () => {
    expect(node(projects.cjs!, `out-${compiler.package}/main.js`)).toBe(
      `${XML}\n` +
        "<Response>\n" +
        '  <Gather numDigits="1" timeout="3">\n' +
        '    <Say>For sales, press <say-as interpret-as="digits">1</say-as>.</Say>\n' +
        '    <Say>For support, press <say-as interpret-as="digits">2</say-as>.</Say>\n' +
        '    <Pause length="2"/>\n' +
        "  </Gather>\n" +
        '  <Dial timeout="20">\n' +
        "    <Number>+15550102</Number>\n" +
        "  </Dial>\n" +
        "</Response>\n" +
        "TWIML005\n",
    );
  });

  test('type-checks a moduleResolution "bundler" project with jsx "react-jsx"', () => {
    const run = compile("bundler");
    expect(run.stdout + run.stderr).toBe("");
    expect(run.code).toBe(0);
  });

  test('type-checks a moduleResolution "bundler" project with jsx "react-jsxdev"', () => {
    const run = compile("bundler", "tsconfig.dev.json");
    expect(run.stdout + run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});

describe("plain JavaScript", () => {
  test("a .cjs script requires twiml-jsx and twiml-jsx/jsx-runtime and renders", () => {
    expect(node(projects.cjs!, "plain.cjs")).toBe(
      `${XML}<Response><Say loop="2">Tom &amp; &lt;Jerry&gt;</Say><Play>https://example.com/a.mp3</Play></Response>\n`,
    );
  });

  test("import of jsx-runtime and jsx-dev-runtime gives jsx, jsxs, jsxDEV and Fragment", () => {
    expect(node(projects.runtime!, "entry-points.mjs")).toBe(
      "jsx-runtime jsx:function jsxs:function jsxDEV:function Fragment:function\n" +
        "jsx-dev-runtime jsx:function jsxs:function jsxDEV:function Fragment:function\n" +
        "same module: true\n" +
        "Fragment from the main entry: function\n",
    );
  });

  test("require of jsx-runtime and jsx-dev-runtime gives jsx, jsxs, jsxDEV and Fragment", () => {
    expect(node(projects.runtime!, "entry-points.cjs")).toBe(
      "jsx-runtime jsx:function jsxs:function jsxDEV:function Fragment:function\n" +
        "jsx-dev-runtime jsx:function jsxs:function jsxDEV:function Fragment:function\n" +
        "same module: true\n" +
        "Fragment from the main entry: function\n",
    );
  });

  test("importing the package parses the vocabulary only at the first render, once", () => {
    expect(node(projects.runtime!, "lazy.mjs")).toBe(
      "after import: 0 parses\n" +
        `${XML}<Response><Say>Hi</Say></Response>\n` +
        "after the first render: 1 parse\n" +
        `${XML}<Response><Message>Hi</Message></Response>\n` +
        "after the second render: 1 parse\n",
    );
  });

  test("elements made by one build render with the other when both are loaded", () => {
    expect(node(projects.runtime!, "dual.mjs")).toBe(
      "two builds: true\n" +
        "ESM isElement: true\n" +
        `${XML}<Response><Say>From CommonJS</Say><Hangup/></Response>\n` +
        `${XML}<Response><Message>From ESM</Message></Response>\n`,
    );
  });
});

describe("cold start", () => {
  const RUNS = 10;

  /** Median wall time of `RUNS` fresh node processes running `script`, and what the last one printed. */
  function time(cwd: string, script: string): { ms: number; stdout: string } {
    const times: number[] = [];
    let stdout = "";
    for (let i = 0; i < RUNS; i++) {
      const start = process.hrtime.bigint();
      const run = spawnSync(process.execPath, ["-e", script], { cwd, encoding: "utf8" });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (run.status !== 0) throw new Error(run.stderr);
      stdout = run.stdout;
    }
    times.sort((a, b) => a - b);
    return { ms: (times[RUNS / 2 - 1]! + times[RUNS / 2]!) / 2, stdout };
  }

  test(
    "the installed package imports and requires in a fresh node process (timings logged)",
    () => {
      const cwd = projects.runtime!;
      const bare = time(cwd, "");
      const imported = time(cwd, "import('twiml-jsx').then((m) => console.log(typeof m.render))");
      const required = time(cwd, "console.log(typeof require('twiml-jsx').render)");
      const ms = (n: number): string => `${n.toFixed(1)} ms`;
      console.log(
        `cold start, median of ${RUNS}: bare node ${ms(bare.ms)}; ` +
          `import('twiml-jsx') ${ms(imported.ms)} (+${ms(imported.ms - bare.ms)}); ` +
          `require('twiml-jsx') ${ms(required.ms)} (+${ms(required.ms - bare.ms)})`,
      );
      expect(`${imported.stdout}${required.stdout}`).toBe("function\nfunction\n");
    },
    SLOW,
  );
});
