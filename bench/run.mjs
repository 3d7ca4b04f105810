// `npm run bench`: compares twiml-jsx with Twilio's own builder and with hand-written template literals on
// four documents, for time and allocation per render, measures the cost of importing the package, and
// load-tests the example app over loopback (bench/server/load.mjs).
// Compiles the TSX documents against the built package, checks that all contenders write the same string,
// runs the measurements in child processes, prints one table and writes it to .build/bench-results.json.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { environmentOf } from "./environment.mjs";
import { median, quantile } from "./stats.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const node = process.execPath;
const MB = 1024 * 1024;

/** A young generation this large (per semi-space) holds any allocation batch, so no collection interrupts one. */
const ALLOC_FLAGS = ["--expose-gc", "--min-semi-space-size=128", "--max-semi-space-size=128"];
const IMPORT_RUNS = 21;

const TARGETS = {
  IVR: { time: 2, speedup: 12, bytes: 3 },
  "1,000 Say": { time: 2, speedup: 12, bytes: 3 },
};
const IMPORT_TARGET_MS = 5;

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

// 1. Compile the documents for Node 20; `twiml-jsx` and its JSX runtime resolve to the built package.
process.stderr.write("bench: compiling bench/ with tsc\n");
const tsc = spawnSync(node, [join(root, "node_modules/typescript/bin/tsc"), "-p", "bench/tsconfig.json"], {
  cwd: root,
  stdio: "inherit",
});
if (tsc.status !== 0) fail("tsc failed");

// 2. Every contender must write exactly the same document for every input before anything is timed.
const { CASES, CONTENDERS } = await import(new URL("../.build/bench/suite.js", import.meta.url).href);
const documents = [];
for (const c of CASES) {
  let sample;
  for (const [i, input] of c.inputs.entries()) {
    const outputs = CONTENDERS.map((name) => c.run[name](input));
    for (const [k, output] of outputs.entries()) {
      if (output === outputs[0]) continue;
      let at = 0;
      while (output[at] === outputs[0][at]) at++;
      const near = (s) => JSON.stringify(s.slice(Math.max(0, at - 60), at + 60));
      fail(
        `${c.name}, input ${i}: ${CONTENDERS[k]} differs from ${CONTENDERS[0]} at character ${at}\n` +
          `  ${CONTENDERS[0]}: ${near(outputs[0])}\n  ${CONTENDERS[k]}: ${near(output)}`,
      );
    }
    sample ??= outputs[0];
  }
  documents.push({ name: c.name, elements: sample.match(/<[A-Za-z]/g).length, xmlBytes: Buffer.byteLength(sample) });
}
process.stderr.write(`bench: ${CONTENDERS.join(", ")} write identical XML for all ${CASES.length} documents\n`);

// 3. Time and allocation, each in a fresh process.
function measure(flags, mode) {
  const r = spawnSync(node, [...flags, join(root, "bench/measure.mjs"), mode], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 16 * MB,
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (r.status !== 0) fail(`the ${mode} measurement failed`);
  return JSON.parse(r.stdout);
}
const loadBefore = os.loadavg()[0];
const started = Date.now();
const times = measure([], "time");
const allocations = measure(ALLOC_FLAGS, "alloc");

// 4. Import cost: what a program pays at start-up for `import`ing the package, the way a TSX app does it (the
// main entry and the JSX runtime, as static imports). Each program is a module file in .build/import-cost/,
// inside the repository, so `twiml-jsx` resolves through the package's own `exports` exactly as an installed
// copy would. The baseline program imports an empty package the same way (its main entry and a subpath, by
// name): the first import of any package by name makes Node load and run its package resolver, about 5 ms on
// this machine, a cost every app that uses any package pays and that is not this package's. A program
// importing an empty module file by relative path is measured too, for reference.
// Node's own start-up (about 100 ms here) varies by tens of milliseconds from one process to the next, which
// would drown a few milliseconds of difference. So a module preloaded with `--import` marks the moment the
// loader is ready, and each program reports the time from that mark until its imports are done; what a
// package adds is the median over runs of its program's time minus the baseline's in the same run.
process.stderr.write("  import cost\n");
const importDir = join(root, ".build", "import-cost");
const emptyPackage = join(importDir, "node_modules", "empty-package");
mkdirSync(emptyPackage, { recursive: true });
writeFileSync(
  join(emptyPackage, "package.json"),
  `${JSON.stringify({ name: "empty-package", type: "module", exports: { ".": "./index.js", "./subpath": "./subpath.js" } })}\n`,
);
for (const file of ["index.js", "subpath.js"]) writeFileSync(join(emptyPackage, file), "export {};\n");
const programs = {
  "empty package": 'import "empty-package"; import "empty-package/subpath";',
  "empty module": 'import "./empty.mjs";',
  "twiml-jsx": 'import "twiml-jsx"; import "twiml-jsx/jsx-runtime";',
  twilio: 'import "twilio";',
};
writeFileSync(join(importDir, "empty.mjs"), "export {};\n");
writeFileSync(join(importDir, "mark.mjs"), "globalThis.loaderReadyAt = performance.now();\n");
for (const [name, source] of Object.entries(programs)) {
  writeFileSync(
    join(importDir, `${name.replace(/\W/g, "-")}.mjs`),
    `${source}\nprocess.stdout.write(JSON.stringify([performance.now(), performance.now() - globalThis.loaderReadyAt]));\n`,
  );
}
const names = Object.keys(programs);
/** Per program and run: [time from process start, time from the loader mark] until the imports are done. */
const readyMs = Object.fromEntries(names.map((name) => [name, []]));
for (let run = 0; run < IMPORT_RUNS; run++) {
  for (let k = 0; k < names.length; k++) {
    const name = names[(run + k) % names.length];
    const r = spawnSync(node, ["--import", join(importDir, "mark.mjs"), join(importDir, `${name.replace(/\W/g, "-")}.mjs`)], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (r.status !== 0) fail(`the import program for ${name} failed`);
    readyMs[name][run] = JSON.parse(r.stdout);
  }
}
const sinceMark = (name) => readyMs[name].map(([, fromMark]) => fromMark);
/** Median, p25 and p75 over runs of what `name`'s program takes beyond `baseline`'s in the same run. */
function added(name, baseline) {
  const extra = sinceMark(name).map((ms, run) => ms - sinceMark(baseline)[run]);
  return { ms: median(extra), p25: quantile(extra, 0.25), p75: quantile(extra, 0.75) };
}
const imports = {
  runs: IMPORT_RUNS,
  nodeStartMs: median(readyMs["empty package"].map(([fromStart]) => fromStart)),
  emptyPackageMs: median(sinceMark("empty package")),
  emptyModuleMs: median(sinceMark("empty module")),
  "twiml-jsx": {
    ms: median(sinceMark("twiml-jsx")),
    added: added("twiml-jsx", "empty package"),
    overEmptyModule: added("twiml-jsx", "empty module"),
  },
  twilio: { ms: median(sinceMark("twilio")), added: added("twilio", "empty package") },
};
const loadAfter = os.loadavg()[0];

// 5. The example app under load, after the other measurements, which it would disturb. It reports in JSON; a
// load test that cannot run, or any wrong answer under load, makes the run fail once the results are written.
process.stderr.write("  load test\n");
const loadRun = spawnSync(node, [join(root, "bench/server/load.mjs")], {
  cwd: root,
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
const load =
  loadRun.status === 0 ? JSON.parse(loadRun.stdout) : { error: `bench/server/load.mjs exited with ${loadRun.status ?? loadRun.signal}` };

// 6. Report.
const results = documents.map((d) => {
  const contenders = Object.fromEntries(
    CONTENDERS.map((name) => [name, { time: times[d.name][name], allocation: allocations[d.name][name] }]),
  );
  // Time ratios are paired: the median over rounds of one contender's batch time over the other's in the same
  // round. Batches of a round run back to back, so a slow spell of the shared machine slows both sides of a
  // ratio alike, where a ratio of two medians would take each side's noise separately.
  const paired = (a, b) => median(contenders[a].time.samples.map((ns, round) => ns / contenders[b].time.samples[round]));
  const bytes = (name) => contenders[name].allocation.bytesPerRender;
  const ratios = {
    timeVsTemplate: paired("twiml-jsx", "template"),
    speedupVsTwilio: paired("twilio", "twiml-jsx"),
    bytesVsTemplate: bytes("twiml-jsx") / bytes("template"),
  };
  const target = TARGETS[d.name];
  const targets =
    target === undefined
      ? null
      : {
          timeVsTemplate: { max: target.time, pass: ratios.timeVsTemplate <= target.time },
          speedupVsTwilio: { min: target.speedup, pass: ratios.speedupVsTwilio >= target.speedup },
          bytesVsTemplate: { max: target.bytes, pass: ratios.bytesVsTemplate <= target.bytes },
        };
  return { ...d, contenders, ratios, targets };
});

const three = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
function duration(ns) {
  if (ns >= 1e9) return `${three(ns / 1e9)} s`;
  if (ns >= 1e6) return `${three(ns / 1e6)} ms`;
  if (ns >= 1e3) return `${three(ns / 1e3)} µs`;
  return `${three(ns)} ns`;
}
function size(bytes) {
  if (bytes >= MB) return `${three(bytes / MB)} MB`;
  if (bytes >= 1024) return `${three(bytes / 1024)} KB`;
  return `${Math.round(bytes)} B`;
}
const grouped = (n) => Math.round(n).toLocaleString("en-US");
const mark = (pass) => (pass ? "PASS" : "MISS");

/** Columns before `leftColumns` are left-aligned, the rest (numbers) right-aligned. */
function table(header, rows, leftColumns) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const measurementRows = [];
for (const r of results) {
  for (const [k, name] of CONTENDERS.entries()) {
    const { time, allocation } = r.contenders[name];
    measurementRows.push([
      k === 0 ? `${r.name} (${grouped(r.elements)} el., ${size(r.xmlBytes)})` : "",
      name,
      duration(time.nsPerRender),
      `${duration(time.p25)} – ${duration(time.p75)}`,
      grouped(1e9 / time.nsPerRender),
      `${time.batches} × ${time.callsPerBatch}`,
      size(allocation.bytesPerRender),
      `${allocation.samples} × ${allocation.callsPerBatch}`,
    ]);
  }
}

const ratioRows = results.map((r) => {
  const t = r.targets;
  return [
    r.name,
    `${r.ratios.timeVsTemplate.toFixed(2)}×` + (t ? ` (≤ ${t.timeVsTemplate.max}× ${mark(t.timeVsTemplate.pass)})` : ""),
    `${r.ratios.speedupVsTwilio.toFixed(1)}×` + (t ? ` (≥ ${t.speedupVsTwilio.min}× ${mark(t.speedupVsTwilio.pass)})` : ""),
    `${r.ratios.bytesVsTemplate.toFixed(2)}×` + (t ? ` (≤ ${t.bytesVsTemplate.max}× ${mark(t.bytesVsTemplate.pass)})` : ""),
  ];
});

const importPass = imports["twiml-jsx"].added.ms < IMPORT_TARGET_MS;
const span = (a) => `${a.ms.toFixed(1)} ms (${a.p25.toFixed(1)} – ${a.p75.toFixed(1)})`;
const environment = environmentOf(loadBefore, loadAfter, started);

const out = [
  "",
  `twiml-jsx benchmark — Node ${environment.node}, ${environment.platform}, ${environment.cpus} CPUs (${environment.cpuModel})`,
  `load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)}; medians; contenders interleaved batch by batch; inputs vary per call;`,
  "time ratios are the median over rounds of the ratio between the contenders' batches in the same round",
  "",
  table(
    ["document", "contender", "time/render", "p25 – p75", "renders/s", "batches × calls", "bytes/render", "samples × calls"],
    measurementRows,
    2,
  ),
  "",
  table(["document", "twiml-jsx / template time", "twilio / twiml-jsx time", "twiml-jsx / template bytes"], ratioRows, 1),
  "",
  `import cost (${IMPORT_RUNS} cold starts per program, interleaved; node is ready to load modules ${imports.nodeStartMs.toFixed(0)} ms ` +
    `after it starts, and from then a program importing an empty package by name is done in ${imports.emptyPackageMs.toFixed(1)} ms;`,
  `  added = median over runs of a program's time minus the empty package's in the same run, with p25 – p75):`,
  `  twiml-jsx + twiml-jsx/jsx-runtime adds ${span(imports["twiml-jsx"].added)} — target < ${IMPORT_TARGET_MS} ms ${mark(importPass)}`,
  `  twilio adds ${span(imports.twilio.added)} — for reference`,
  `  (against an empty module file imported by relative path, which skips Node's package resolver: twiml-jsx adds ` +
    `${span(imports["twiml-jsx"].overEmptyModule)})`,
  "",
  ...loadLines(load),
  "",
].join("\n");
process.stdout.write(out);

// 6. The precompiled path (twiml-jsx/babel), in its own process.
const precompiledRun = spawnSync(node, [join(root, "bench/precompiled/run.mjs")], {
  cwd: root,
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});
process.stdout.write(precompiledRun.status === 0 ? precompiledRun.stdout : "\nprecompiled path: FAILED (see the messages above)\n");

mkdirSync(join(root, ".build"), { recursive: true });
const file = join(root, ".build/bench-results.json");
writeFileSync(
  file,
  `${JSON.stringify(
    { environment, documents: results, imports: { ...imports, target: { maxMs: IMPORT_TARGET_MS, pass: importPass } }, load },
    null,
    2,
  )}\n`,
);
process.stdout.write("results written to .build/bench-results.json\n");

// A missed target fails the command, so that a regression cannot pass unnoticed in a review.
const missed = [
  ...results.flatMap((r) =>
    Object.entries(r.targets ?? {})
      .filter(([, t]) => !t.pass)
      .map(([name]) => `${r.name} ${name}`),
  ),
  ...(importPass ? [] : ["import cost"]),
  ...(load.error === undefined && load.target.pass ? [] : ["load test"]),
  ...(precompiledRun.status === 0 && !precompiledRun.stdout.includes("MISS") ? [] : ["precompiled path"]),
];
if (missed.length > 0) {
  process.stderr.write(`bench: missed targets: ${missed.join(", ")}\n`);
  process.exit(1);
}

function loadLines(l) {
  const title = "load test: the example app (examples/app.tsx on node:http), signature validation on, in its own process";
  if (l.error !== undefined) return [title, `  FAILED: ${l.error} (see the messages above)`];
  const ms = (x) => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)} ms`;
  return [
    title,
    `  ${l.concurrency} concurrent keep-alive connections over ${l.address}, POST only: ${l.distinctRequests} signed requests ` +
      `round-robin on ${l.routes} routes,`,
    `  ${grouped(l.warmup.requests)} warm-up requests, then at most ${grouped(l.limits.requests)} requests or ${l.limits.seconds} s`,
    `  ${grouped(l.requests)} requests in ${l.seconds.toFixed(2)} s: ${grouped(l.requestsPerSecond)} requests/s; ` +
      `latency p50 ${ms(l.latencyMs.p50)}, p90 ${ms(l.latencyMs.p90)}, p99 ${ms(l.latencyMs.p99)}, max ${ms(l.latencyMs.max)}`,
    `  errors ${l.errors.total} (wrong status ${l.errors.wrongStatus}, wrong body ${l.errors.wrongBody}, ` +
      `connection ${l.errors.connection}) — target 0 ${mark(l.target.pass)}`,
    ...l.errors.examples.map((e) => `    ${e}`),
  ];
}
