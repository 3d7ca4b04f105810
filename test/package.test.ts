// Packs a clean checkout of HEAD (see package-tarball.ts), installs the tarball with npm into fresh projects
// outside the repository and uses it the ways users will: ESM and CommonJS compiled by TypeScript 5.9, 6 and 7,
// `moduleResolution: "bundler"` and `"node"` (node10), plain JavaScript, and every entry the package exports.
// The ecosystem's own checkers, @arethetypeswrong/cli and publint, judge the tarball.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { publint } from "publint";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { entrySpecifiers, install, installedManifest, type Manifest, type Packed, packed, repo, run, type Run } from "./package-tarball.js";

interface Compiler {
  /** Folder under node_modules. */
  package: string;
  version: string;
}

const compilers: Compiler[] = ["ts59", "typescript", "ts7"].map((name) => ({
  package: name,
  version: (JSON.parse(readFileSync(join(repo, "node_modules", name, "package.json"), "utf8")) as { version: string }).version,
}));
/**
 * TypeScript 6 deprecates `moduleResolution: "node"` (the project says `ignoreDeprecations`) and TypeScript 7
 * removed it: https://devblogs.microsoft.com/typescript/announcing-typescript-6-0/
 */
const node10Compilers: { compiler: Compiler; config: string; version: string }[] = [
  { compiler: compilers[0]!, config: "tsconfig.json", version: compilers[0]!.version },
  { compiler: compilers[1]!, config: "tsconfig.ts6.json", version: compilers[1]!.version },
];

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const SLOW = 600_000;

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

/**
 * A module importing every entry of the package and printing, per entry, whether it loaded with exports (or
 * is a function: the plugins' `module.exports`).
 * Written at test time from the installed package.json, so an entry added later is covered without a change
 * here. Importing `/server`, `/babel` and `/check` type-checks their declarations too, which name Node's and
 * the peers' types. CommonJS uses `import = require`: a namespace import of an `export =` function (the
 * editor and Babel plugins) is an error there.
 */
function entriesModule(manifest: Manifest, format: "esm" | "cjs"): string {
  const specifiers = entrySpecifiers(manifest);
  const load = (specifier: string, i: number): string =>
    format === "esm"
      ? `const entry${i}: object = await import(${JSON.stringify(specifier)});\n`
      : `import entry${i} = require(${JSON.stringify(specifier)});\n`;
  return (
    "// Imports every entry of the package.\n" +
    specifiers.map(load).join("") +
    `const entries: [string, object][] = [${specifiers.map((specifier, i) => `[${JSON.stringify(specifier)}, entry${i}]`).join(", ")}];\n` +
    "for (const [name, entry] of entries) {\n" +
    '  const exported = typeof entry === "function" || Object.keys(entry).length > 0;\n' +
    '  console.log(name + ": " + (exported ? "loaded" : "no exports"));\n' +
    "}\n" +
    (format === "esm" ? "export {};\n" : "")
  );
}

/** What a user of `/server`, `/check` and `/babel` has installed: Node's types, and the peers with theirs. */
function linkPeers(project: string): void {
  for (const peer of ["typescript", "@types/babel__core", "@types/node"]) {
    const target = join(project, "node_modules", peer);
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(join(repo, "node_modules", peer), target, "dir");
  }
}

let root = "";
let pack: Packed;
let manifest: Manifest;
const projects: Record<string, string> = {};
/** Compiler output (diagnostics) per project, config and compiler. */
const compiled = new Map<string, Run>();
const key = (project: string, config: string, compiler: Compiler): string => `${project}/${config} ${compiler.package}`;

beforeAll(async () => {
  pack = await packed();
  const kB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`;
  console.log(`${pack.filename}: ${kB(pack.size)} packed, ${kB(pack.unpackedSize)} unpacked, ${pack.files.length} files`);

  root = mkdtempSync(join(tmpdir(), "twiml-jsx-package-"));
  const names = ["esm", "cjs", "bundler", "node10", "runtime"];
  const dirs = await Promise.all(names.map((name) => install(root, name, pack.tarball)));
  for (const [i, name] of names.entries()) projects[name] = dirs[i]!;
  manifest = installedManifest(projects.esm!);
  for (const [name, format] of [
    ["esm", "esm"],
    ["cjs", "cjs"],
    ["node10", "cjs"],
  ] as const) {
    linkPeers(projects[name]!);
    writeFileSync(join(projects[name]!, "entries.ts"), entriesModule(manifest, format));
  }

  const jobs: { id: string; cwd: string; args: string[] }[] = [];
  const tsc = (compiler: Compiler): string => join(repo, "node_modules", compiler.package, "bin", "tsc");
  for (const compiler of compilers) {
    for (const project of ["esm", "cjs"]) {
      const args = [tsc(compiler), "-p", "tsconfig.json", "--outDir", `out-${compiler.package}`];
      jobs.push({ id: key(project, "tsconfig.json", compiler), cwd: projects[project]!, args });
    }
    for (const config of ["tsconfig.json", "tsconfig.dev.json"]) {
      jobs.push({ id: key("bundler", config, compiler), cwd: projects.bundler!, args: [tsc(compiler), "-p", config] });
    }
  }
  for (const { compiler, config } of node10Compilers) {
    const args = [tsc(compiler), "-p", config, "--outDir", `out-${compiler.package}`];
    jobs.push({ id: key("node10", config, compiler), cwd: projects.node10!, args });
  }
  const runs = await pooled(
    jobs.map((job) => () => run(process.execPath, job.args, job.cwd)),
    Math.max(2, availableParallelism()),
  );
  for (const [i, job] of jobs.entries()) compiled.set(job.id, runs[i]!);
}, SLOW);

afterAll(() => {
  if (root !== "") rmSync(root, { recursive: true, force: true });
});

describe("npm pack", () => {
  test("writes one tarball named after the package and version", () => {
    expect(pack.tarball.endsWith(`${manifest.name}-${manifest.version}.tgz`)).toBe(true);
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
    expect(pack.files.includes(file)).toBe(true);
  });

  test("every file named by main, module, types and exports is in the tarball", () => {
    const targets = new Set<string>([manifest.main, manifest.module, manifest.types]);
    const collect = (value: unknown): void => {
      if (typeof value === "string") targets.add(value);
      else if (typeof value === "object" && value !== null) Object.values(value).forEach(collect);
    };
    collect(manifest.exports);
    const missing = [...targets].map((target) => target.replace(/^\.\//, "")).filter((file) => !pack.files.includes(file));
    expect(missing).toEqual([]);
  });

  test("the tarball holds nothing but dist/, the entries' stub package.json files and the docs", () => {
    const allowed = /^(dist\/|package\.json$|[a-z-]+\/package\.json$|docs\/[^/]+$|(README|LICENSE|CHANGELOG)[^/]*$)/i;
    expect(pack.files.filter((file) => !allowed.test(file))).toEqual([]);
  });

  test("the tarball has no src/ or test/ folder", () => {
    expect(pack.files.filter((file) => /^(src|test)\//.test(file))).toEqual([]);
  });

  test("the tarball has no node_modules", () => {
    expect(pack.files.filter((file) => file.includes("node_modules"))).toEqual([]);
  });

  test("the tarball has no TypeScript sources, only declarations", () => {
    expect(pack.files.filter((file) => /\.(c|m)?tsx?$/.test(file) && !/\.d\.(c|m)?ts$/.test(file))).toEqual([]);
  });

  test("the tarball has no build of vocabulary/suggestions, which only the type generator reads", () => {
    expect(pack.files.filter((file) => file.includes("vocabulary/suggestions"))).toEqual([]);
  });

  test("package.json names the repository, homepage and issue tracker, for the registry's page", () => {
    const published = manifest as Manifest & Record<"repository" | "homepage" | "bugs", unknown>;
    expect([published.repository, published.homepage, published.bugs]).toEqual([
      { type: "git", url: "git+https://github.com/twiml-jsx/twiml-jsx.git" },
      "https://github.com/twiml-jsx/twiml-jsx#readme",
      { url: "https://github.com/twiml-jsx/twiml-jsx/issues" },
    ]);
  });

  test("every docs/ file the README links to, pages and pictures, is in the tarball", () => {
    const readme = readFileSync(join(projects.esm!, "node_modules", "twiml-jsx", "README.md"), "utf8");
    const linked = [...new Set([...readme.matchAll(/\]\((docs\/[^)#\s]+)/g)].map((match) => match[1]!))];
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.filter((file) => !pack.files.includes(file))).toEqual([]);
  });

  test("the command-line entry is executable in the tarball", () => {
    const listing = execFileSync("tar", ["-tvzf", pack.tarball], { encoding: "utf8" });
    const bin = Object.values(manifest.bin).map((target) => `package/${target.replace(/^\.\//, "")}`);
    const modes = bin.map((file) =>
      listing
        .split("\n")
        .find((line) => line.endsWith(` ${file}`))
        ?.slice(0, 10),
    );
    expect(modes).toEqual(bin.map(() => "-rwxr-xr-x"));
  });

  test("the installed command runs through node_modules/.bin", () => {
    const help = execFileSync(join(projects.esm!, "node_modules", ".bin", "twiml-jsx"), ["--help"], { encoding: "utf8" });
    expect(help.startsWith("Usage: twiml-jsx")).toBe(true);
  });

  test('every subpath entry has a stub folder for moduleResolution "node", pointing where its exports point', () => {
    const mismatches: string[] = [];
    for (const subpath of Object.keys(manifest.exports).filter((path) => path !== "." && path !== "./package.json")) {
      const targets = new Set<string>();
      const collect = (value: unknown): void => {
        if (typeof value === "string") targets.add(value.replace(/^\.\//, ""));
        else if (typeof value === "object" && value !== null) Object.values(value).forEach(collect);
      };
      collect(manifest.exports[subpath]);
      const stub = `${subpath.slice(2)}/package.json`;
      if (!pack.files.includes(stub)) {
        mismatches.push(`${stub} is missing`);
        continue;
      }
      const fields = JSON.parse(readFileSync(join(projects.esm!, "node_modules", "twiml-jsx", stub), "utf8")) as Record<string, string>;
      for (const field of ["main", "types", "module"]) {
        const value = fields[field];
        if (value === undefined && field === "module") continue;
        const target = value === undefined ? undefined : join(subpath.slice(2), value);
        if (target === undefined || !targets.has(target)) mismatches.push(`${stub} ${field}: ${value} is not one of its exports`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  test("each runtime entry is one file per format, apart from the tools (checker, command line, editor and Babel plugins)", () => {
    expect(pack.files.filter((file) => file.endsWith(".js") && !/\/(check|cli|plugin|babel)\.js$|\/tools\//.test(file)).sort()).toEqual([
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

  test("the compiled ESM project imports every entry", () => {
    expect(node(projects.esm!, `out-${compiler.package}/entries.js`)).toBe(
      entrySpecifiers(manifest)
        .map((specifier) => `${specifier}: loaded\n`)
        .join(""),
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

  test("the compiled CommonJS project requires every entry", () => {
    expect(node(projects.cjs!, `out-${compiler.package}/entries.js`)).toBe(
      entrySpecifiers(manifest)
        .map((specifier) => `${specifier}: loaded\n`)
        .join(""),
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

describe.each(node10Compilers)('moduleResolution "node" (node10), TypeScript $version', ({ compiler, config }) => {
  test("compiles a project importing every entry, subpaths included, without errors", () => {
    const result = compiled.get(key("node10", config, compiler))!;
    expect(result.stdout + result.stderr).toBe("");
    expect(result.code).toBe(0);
  });

  test("the compiled project renders, serves and simulates a call", () => {
    expect(node(projects.node10!, `out-${compiler.package}/main.js`)).toBe(
      `${XML}<Response><Say>Hello</Say></Response>\n` + "Press 1. | You pressed 1. (hangup)\n",
    );
  });

  test("the compiled project requires every entry", () => {
    expect(node(projects.node10!, `out-${compiler.package}/entries.js`)).toBe(
      entrySpecifiers(manifest)
        .map((specifier) => `${specifier}: loaded\n`)
        .join(""),
    );
  });
});

describe("the ecosystem's package checkers", () => {
  test(
    "@arethetypeswrong/cli finds no problem in any entry under node10, node16 (CJS and ESM) and bundler resolution",
    async () => {
      const attw = join(repo, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js");
      const result = await run(process.execPath, [attw, pack.tarball, "--format", "json", "--profile", "strict"], root);
      const report = JSON.parse(result.stdout) as {
        problems: unknown;
        analysis: { entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }> };
      };
      const entrypoints = report.analysis.entrypoints;
      expect(report.problems).toEqual({});
      expect(Object.keys(entrypoints)).toEqual(Object.keys(manifest.exports));
      const unresolved = Object.entries(entrypoints).flatMap(([subpath, { resolutions }]) =>
        ["node10", "node16-cjs", "node16-esm", "bundler"]
          .filter((mode) => resolutions[mode]?.resolution?.fileName === undefined)
          .map((mode) => `${subpath} (${mode})`),
      );
      expect(unresolved).toEqual([]);
      expect(result.code).toBe(0);
    },
    SLOW,
  );

  test("publint reports nothing, suggestions included, with warnings counted as errors", async () => {
    const tarball = readFileSync(pack.tarball);
    const { messages } = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) as ArrayBuffer },
      level: "suggestion",
      strict: true,
    });
    expect(messages).toEqual([]);
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

  test("a stack trace from either build names the library's functions, render outermost: the code is not minified", () => {
    const lines = node(projects.runtime!, "stack.mjs").trimEnd().split("\n");
    const frames = lines.map((line) => line.replace(/^[^:]+: /, "").split(" < "));
    expect(lines.map((line) => line.split(":")[0])).toEqual(["ESM", "CommonJS"]);
    expect(frames.map((names) => names.at(-1))).toEqual(["render", "render"]);
    expect(frames.flat().filter((name) => !/^[A-Za-z_$][\w$.]{3,}$/.test(name))).toEqual([]);
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
