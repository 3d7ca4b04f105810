// `npm run bench:check`: what the nesting checker adds to a type-check. Generates a ~200-file TSX project,
// makes sure it is valid (TypeScript 6 and 7 report nothing, every document renders, no verb follows one that
// ends the call), then times tsc and `twiml-jsx check` on it, each run a fresh process, interleaved: on
// TypeScript 6 (the JavaScript compiler API) and on TypeScript 7 (its native compiler, driven over IPC), each
// beside its own `tsc --noEmit`.
// Prints one table and writes it to .build/check-bench-results.json. Exits 0 whatever the timings; 1 when
// the project is not valid or the checker reports anything on it (those are the checker's false positives).
//   node bench/check/run.mjs [--runs N]
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { generateProject, SEED } from "./generate.mjs";
import { environmentOf } from "../environment.mjs";
import { quantile } from "../stats.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const node = process.execPath;
const project = join(root, ".build", "check-bench");
const resultsFile = join(root, ".build", "check-bench-results.json");
/** The checker with TypeScript's diagnostics, against tsc of the same TypeScript. */
const TARGET = 1.3;
const TARGET_7 = 2;

/** The first lines of a command's output, enough to see what went wrong. */
function head(output, lines = 30) {
  const all = output.trimEnd().split("\n");
  return all.length <= lines ? all.join("\n") : `${all.slice(0, lines).join("\n")}\n… ${all.length - lines} more lines`;
}

function fail(message) {
  process.stderr.write(`bench:check: ${message}\n`);
  process.exit(1);
}

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  if (i === -1) return fallback;
  const value = Number(process.argv[i + 1]);
  if (!Number.isInteger(value) || value < 1) fail(`${name} needs a positive integer`);
  return value;
}
const RUNS = option("--runs", 7);

const version = (pkg) => JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")).version;

function run(args, env = {}) {
  const started = performance.now();
  const r = spawnSync(node, args, { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  return { ms: performance.now() - started, status: r.status, output: `${r.stdout}${r.stderr}` };
}

// 1. The project, from scratch, with the built package installed in it.
if (!existsSync(join(root, "dist"))) fail("no dist/: run npm run build first");
const { stats: generated, cli } = generateProject(project, root);
process.stderr.write(
  `bench:check: generated ${generated.tsxFiles} TSX and ${generated.tsFiles} TS files (${generated.lines.toLocaleString("en-US")} lines, ` +
    `${generated.jsxTags.toLocaleString("en-US")} JSX tags) in .build/check-bench, seed ${SEED}\n`,
);
if (run([cli, "--help"]).status !== 0) fail("the installed twiml-jsx --help failed");
const TS7 = { TWIML_JSX_TYPESCRIPT: join(root, "node_modules", "ts7") };
const COMMANDS = [
  {
    id: "tsc",
    label: `tsc --noEmit (TypeScript ${version("typescript")})`,
    args: [join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", project],
  },
  { id: "checker", label: "twiml-jsx check --no-tsc", args: [cli, "check", "-p", project, "--no-tsc", "--no-pretty"] },
  { id: "both", label: "twiml-jsx check (with TypeScript's diagnostics)", args: [cli, "check", "-p", project, "--no-pretty"] },
  {
    id: "tsc7",
    label: `tsc --noEmit (TypeScript ${version("ts7")}, native)`,
    args: [join(root, "node_modules/ts7/bin/tsc"), "--noEmit", "-p", project],
  },
  // The generated project resolves the repository's `typescript` (6); the variable points the checker at 7.
  {
    id: "checker7",
    label: "twiml-jsx check --no-tsc on TypeScript 7",
    args: [cli, "check", "-p", project, "--no-tsc", "--no-pretty"],
    env: TS7,
  },
  { id: "both7", label: "twiml-jsx check on TypeScript 7", args: [cli, "check", "-p", project, "--no-pretty"], env: TS7 },
];

// 2. The project must be valid before anything is timed: both compilers accept it, and every document renders.
const out = join(project, "out");
const emit = run([join(root, "node_modules/typescript/bin/tsc"), "-p", project, "--noEmit", "false", "--outDir", out]);
if (emit.status !== 0 || emit.output !== "") fail(`TypeScript 6 reports problems in the generated project:\n${head(emit.output)}`);
const native = run(COMMANDS[3].args);
if (native.status !== 0 || native.output !== "") fail(`TypeScript 7 reports problems in the generated project:\n${head(native.output)}`);
const { renderAll } = await import(pathToFileURL(join(out, "samples.js")).href);
const documents = renderAll();
rmSync(out, { recursive: true, force: true });
// The runtime validator leaves TWIML013 to static tools; the rendered root must end at its first ending verb.
for (const xml of documents) {
  const end = /<Hangup\/>|<Reject\b[^>]*\/>|<\/Redirect>/.exec(xml);
  if (end !== null && xml.slice(end.index + end[0].length) !== "</Response>")
    fail(`a verb follows <${end[0].replace(/\W/g, "")}> in ${xml}`);
}
process.stderr.write(`bench:check: TypeScript 6 and 7 report nothing; all ${documents.length} sample documents render\n`);

// 3. Whatever the checker reports on this valid project is a false positive; the timings are still taken.
const DIAGNOSTIC = /^.+\(\d+,\d+\): (?:error|warning) (?:TWIML|TS)\d+: .*$/gm;
const reported = [];
const expectedStatus = { tsc: 0, tsc7: 0 };
for (const command of COMMANDS.filter((c) => c.id.startsWith("checker") || c.id.startsWith("both"))) {
  const r = run(command.args, command.env);
  if (r.status !== 0 && r.status !== 1) fail(`${command.label} could not run (exit status ${r.status}):\n${head(r.output)}`);
  reported.push(...(r.output.match(DIAGNOSTIC) ?? []));
  expectedStatus[command.id] = r.status;
}

// 4. Timings: every command once per round, the order rotating from round to round.
const loadBefore = os.loadavg()[0];
const started = Date.now();
const times = Object.fromEntries(COMMANDS.map((c) => [c.id, []]));
for (let round = 0; round < RUNS; round++) {
  if (process.stderr.isTTY) process.stderr.write(`\rbench:check: round ${round + 1} of ${RUNS}`);
  for (let k = 0; k < COMMANDS.length; k++) {
    const command = COMMANDS[(round + k) % COMMANDS.length];
    const r = run(command.args, command.env);
    if (r.status !== expectedStatus[command.id]) {
      fail(`\n${command.label} exited with ${r.status}, not ${expectedStatus[command.id]} as before:\n${head(r.output)}`);
    }
    times[command.id].push(r.ms);
  }
}
if (process.stderr.isTTY) process.stderr.write("\n");
const loadAfter = os.loadavg()[0];

// 5. Report.
const stats = Object.fromEntries(
  COMMANDS.map((c) => [
    c.id,
    {
      command: `node ${c.args.map((a) => a.replace(root, "")).join(" ")}`,
      medianMs: quantile(times[c.id], 0.5),
      p25Ms: quantile(times[c.id], 0.25),
      p75Ms: quantile(times[c.id], 0.75),
      runsMs: times[c.id],
    },
  ]),
);
const ratio = (a, b) => stats[a].medianMs / stats[b].medianMs;
const ratios = {
  checkWithTscVsTsc: { value: ratio("both", "tsc"), max: TARGET, pass: ratio("both", "tsc") <= TARGET },
  checkerAloneVsTsc: { value: ratio("checker", "tsc") },
  tsc7VsTsc: { value: ratio("tsc7", "tsc") },
  checkWithTscVsTsc7: { value: ratio("both7", "tsc7"), max: TARGET_7, pass: ratio("both7", "tsc7") <= TARGET_7 },
  checkerAloneVsTsc7: { value: ratio("checker7", "tsc7") },
  check7VsCheck6: { value: ratio("both7", "both") },
};
const falsePositives = [...new Set(reported)].map((d) => d.replace(/^\.build\/check-bench\//, "")).sort();
const environment = environmentOf(loadBefore, loadAfter, started);

const ms = (x) => `${Math.round(x).toLocaleString("en-US")} ms`;
const rows = COMMANDS.map((c, i) => [
  `(${i + 1}) ${c.label}`,
  ms(stats[c.id].medianMs),
  `${ms(stats[c.id].p25Ms)} – ${ms(stats[c.id].p75Ms)}`,
]);
const header = ["command", "median wall", "p25 – p75"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
const report = [
  "",
  `twiml-jsx checker benchmark — Node ${environment.node}, ${environment.platform}, ${environment.cpus} CPUs (${environment.cpuModel})`,
  `project: ${generated.tsxFiles} TSX + ${generated.tsFiles} TS files, ${generated.lines.toLocaleString("en-US")} lines, ` +
    `${generated.jsxTags.toLocaleString("en-US")} JSX tags; ${RUNS} runs each, one process per run, interleaved; ` +
    `load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}`,
  "",
  line(header),
  widths.map((w) => "-".repeat(w)).join("  "),
  ...rows.map(line),
  "",
  `(3) / (1) checker with TypeScript's diagnostics vs tsc: ${ratios.checkWithTscVsTsc.value.toFixed(2)}× — target ≤ ${TARGET}× ${ratios.checkWithTscVsTsc.pass ? "PASS" : "MISS"}`,
  `(2) / (1) checker alone vs tsc:                        ${ratios.checkerAloneVsTsc.value.toFixed(2)}×`,
  `(4) / (1) tsc of TypeScript 7 vs 6:                    ${ratios.tsc7VsTsc.value.toFixed(2)}×`,
  `(6) / (4) checker with TypeScript 7's diagnostics vs TypeScript 7's tsc: ${ratios.checkWithTscVsTsc7.value.toFixed(2)}× — target ≤ ${TARGET_7}× ${ratios.checkWithTscVsTsc7.pass ? "PASS" : "MISS"}`,
  `(5) / (4) checker alone on TypeScript 7 vs its tsc:    ${ratios.checkerAloneVsTsc7.value.toFixed(2)}×`,
  `(6) / (3) checker on TypeScript 7 vs on TypeScript 6:  ${ratios.check7VsCheck6.value.toFixed(2)}×`,
  "",
  falsePositives.length === 0
    ? "the checker reports nothing on the project, as it should"
    : `FAIL: the checker reports ${falsePositives.length} problem(s) on this valid project:\n${falsePositives.map((d) => `  ${d}`).join("\n")}`,
  "",
].join("\n");
process.stdout.write(report);

mkdirSync(join(root, ".build"), { recursive: true });
writeFileSync(
  resultsFile,
  `${JSON.stringify({ environment, project: { seed: SEED, ...generated }, runs: RUNS, commands: stats, ratios, falsePositives }, null, 2)}\n`,
);
process.stdout.write("results written to .build/check-bench-results.json\n");
if (falsePositives.length > 0) process.exitCode = 1;
