// One measurement pass, run by run.mjs in a child process: `time` (median ns per render) or `alloc`
// (median bytes allocated per render; needs --expose-gc and a young generation large enough that a batch
// fits in it). Writes its results as JSON to stdout and progress to stderr.
import v8 from "node:v8";
import { median, quantile } from "./stats.mjs";

const mode = process.argv[2];
const { CASES, CONTENDERS } = await import(new URL("../.build/bench/suite.js", import.meta.url).href);

const MS = 1e6;
/**
 * Each contender warms up for this long and this many calls (or the cap, for the slowest) before it is
 * measured, so that all of them run optimised code even when a busy machine delays the optimising compiler.
 */
const WARMUP_NS = 300 * MS;
const WARMUP_CALLS = 1_000;
const WARMUP_MAX_NS = 1_000 * MS;
/** A timed batch aims for this long: long enough to dwarf timer overhead, short enough to dodge most noise. */
const BATCH_TARGET_NS = 5 * MS;
/** Timed batches per contender: at least the minimum, then more while the document's time budget lasts. */
const MIN_BATCHES = 15;
const MAX_BATCHES = 101;
const CASE_BUDGET_NS = 5_000 * MS;
const ALLOC_SAMPLES = 15;
/** Bytes one allocation batch may use; the young generation is far larger, so no scavenge is due. */
const ALLOC_BUDGET = 24 * 1024 * 1024;
const ALLOC_MAX_CALLS = 2_000;

/**
 * Reads a character of a result. A string built by concatenation is a tree until it is first read; reading it
 * flattens it, work the server would otherwise do when writing the response, so every contender pays it here.
 */
const touch = (s) => s.charCodeAt(s.length >> 1);

/** Calls `fn` `n` times over the input pool from `offset` on; returns the elapsed nanoseconds. */
function timeBatch(fn, inputs, n, offset) {
  const mask = inputs.length - 1;
  let sink = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += touch(fn(inputs[(offset + i) & mask]));
  const elapsed = Number(process.hrtime.bigint() - start);
  if (!(sink > 0)) throw new Error("a contender returned nothing");
  return elapsed;
}

function warmUp(c) {
  for (const name of CONTENDERS) {
    const fn = c.run[name];
    let spent = 0;
    let calls = 0;
    let n = 1;
    while ((spent < WARMUP_NS || calls < WARMUP_CALLS) && spent < WARMUP_MAX_NS) {
      const t = timeBatch(fn, c.inputs, n, calls);
      spent += t;
      calls += n;
      if (t < BATCH_TARGET_NS) n *= 2;
    }
  }
}

/** Calls per batch so that a batch takes about BATCH_TARGET_NS (at least one call). */
function calibrate(fn, inputs) {
  let n = 1;
  for (;;) {
    const t = timeBatch(fn, inputs, n, 0);
    if (t >= BATCH_TARGET_NS / 2) return Math.max(1, Math.round((n * BATCH_TARGET_NS) / t));
    n = t < BATCH_TARGET_NS / 50 ? n * 16 : Math.ceil((n * BATCH_TARGET_NS) / t);
  }
}

function timeCase(c) {
  warmUp(c);
  const calls = Object.fromEntries(CONTENDERS.map((name) => [name, calibrate(c.run[name], c.inputs)]));
  const samples = Object.fromEntries(CONTENDERS.map((name) => [name, []]));
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start);
  for (let round = 0; round < MIN_BATCHES || (round < MAX_BATCHES && elapsed() < CASE_BUDGET_NS); round++) {
    // Batch by batch, each contender in turn, starting with a different one each round, so that a noisy
    // moment on the machine hits all of them alike.
    for (let k = 0; k < CONTENDERS.length; k++) {
      const name = CONTENDERS[(round + k) % CONTENDERS.length];
      const n = calls[name];
      samples[name].push(timeBatch(c.run[name], c.inputs, n, round) / n);
    }
  }
  return Object.fromEntries(
    CONTENDERS.map((name) => {
      const s = samples[name];
      return [
        name,
        {
          nsPerRender: median(s),
          p25: quantile(s, 0.25),
          p75: quantile(s, 0.75),
          batches: s.length,
          callsPerBatch: calls[name],
          // Round by round, so that run.mjs can compare contenders batch against batch of the same round.
          samples: s,
        },
      ];
    }),
  );
}

const keep = new Array(ALLOC_MAX_CALLS).fill("");

/**
 * Heap growth over `m` calls after a full collection, and how many collections ran meanwhile (any at all
 * makes the number meaningless). The results stay referenced so that no allocation can be optimised away.
 */
function allocBatch(fn, inputs, m) {
  const mask = inputs.length - 1;
  globalThis.gc();
  const profiler = new v8.GCProfiler();
  profiler.start();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < m; i++) {
    const xml = fn(inputs[i & mask]);
    touch(xml);
    keep[i] = xml;
  }
  const after = process.memoryUsage().heapUsed;
  const collections = profiler.stop().statistics.length;
  keep.fill("", 0, m);
  return { bytes: after - before, collections };
}

/** What measuring itself allocates, for a batch of `m` calls that allocate nothing. */
const overheadByCalls = new Map();
function overhead(m) {
  let o = overheadByCalls.get(m);
  if (o === undefined) {
    const none = () => "-";
    const runs = [];
    while (runs.length < 7) {
      const r = allocBatch(none, [0], m);
      if (r.collections === 0) runs.push(r.bytes);
    }
    o = median(runs);
    overheadByCalls.set(m, o);
  }
  return o;
}

/** Calls per allocation batch: as many as fit the budget, judged from one call. */
function allocCalls(fn, inputs) {
  let first = allocBatch(fn, inputs, 1);
  for (let tries = 0; first.collections > 0 && tries < 5; tries++) first = allocBatch(fn, inputs, 1);
  return Math.max(1, Math.min(ALLOC_MAX_CALLS, Math.floor(ALLOC_BUDGET / Math.max(first.bytes, 1))));
}

function allocCase(c) {
  warmUp(c);
  const calls = Object.fromEntries(CONTENDERS.map((name) => [name, allocCalls(c.run[name], c.inputs)]));
  const samples = Object.fromEntries(CONTENDERS.map((name) => [name, []]));
  const discarded = Object.fromEntries(CONTENDERS.map((name) => [name, 0]));
  for (let round = 0; CONTENDERS.some((n) => samples[n].length < ALLOC_SAMPLES); round++) {
    for (let k = 0; k < CONTENDERS.length; k++) {
      const name = CONTENDERS[(round + k) % CONTENDERS.length];
      if (samples[name].length >= ALLOC_SAMPLES) continue;
      const m = calls[name];
      const r = allocBatch(c.run[name], c.inputs, m);
      if (r.collections === 0) {
        samples[name].push((r.bytes - overhead(m)) / m);
      } else {
        // A collection ran during the batch: its number is lost; try again with half as many calls.
        if (++discarded[name] > 4 * ALLOC_SAMPLES) throw new Error(`collections keep interrupting ${name} on ${c.name}`);
        calls[name] = Math.max(1, m >> 1);
      }
    }
  }
  return Object.fromEntries(
    CONTENDERS.map((name) => [
      name,
      {
        bytesPerRender: median(samples[name]),
        min: Math.min(...samples[name]),
        max: Math.max(...samples[name]),
        samples: samples[name].length,
        callsPerBatch: calls[name],
        discarded: discarded[name],
      },
    ]),
  );
}

if (mode === "alloc" && typeof globalThis.gc !== "function") throw new Error("alloc mode needs --expose-gc");
const results = {};
for (const c of CASES) {
  const start = performance.now();
  results[c.name] = mode === "alloc" ? allocCase(c) : timeCase(c);
  process.stderr.write(`  ${mode === "alloc" ? "allocation" : "time"}: ${c.name} (${((performance.now() - start) / 1000).toFixed(1)} s)\n`);
}
process.stdout.write(JSON.stringify(results));
