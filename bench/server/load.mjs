// Load test of the example app (examples/app.tsx) as `npm start` runs it, with signature checks on: the app runs
// in a child process on 127.0.0.1, and this process drives it over keep-alive connections with requests signed
// the way Twilio signs them. Every response must have the expected status and the exact body the app gave the
// same request when it was idle. Prints one JSON object on stdout (progress on stderr); `bench/run.mjs` runs it.
//
//   node bench/server/load.mjs [--requests 20000] [--seconds 10] [--concurrency 32]
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import http from "node:http";
import { fileURLToPath } from "node:url";
import twilio from "twilio";

const root = fileURLToPath(new URL("../..", import.meta.url));

const settings = { requests: 20_000, seconds: 10, concurrency: 32, warmup: 2_000 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const name = argv[i]?.replace(/^--/, "");
  const value = Number(argv[i + 1]);
  if (!(name in settings) || !(value > 0))
    fail("usage: node bench/server/load.mjs [--requests N] [--seconds S] [--concurrency C] [--warmup N]");
  settings[name] = value;
}
const REQUEST_TIMEOUT_MS = 5_000;
const START_TIMEOUT_MS = 120_000;

function fail(message) {
  process.stderr.write(`load test: ${message}\n`);
  process.exit(1);
}

// 1. The app, in its own process, as `npm start` starts it; port 0, so it reports the port it got.
const authToken = randomBytes(16).toString("hex");
const app = spawn(process.execPath, ["examples/start.mjs"], {
  cwd: root,
  env: { ...process.env, PORT: "0", TWILIO_AUTH_TOKEN: authToken, PUBLIC_URL: "" },
  stdio: ["ignore", "pipe", "pipe"],
});
let appErrors = "";
app.stderr.setEncoding("utf8");
app.stderr.on("data", (text) => {
  appErrors += text;
  process.stderr.write(text.replace(/^(?=.)/gm, "  app: "));
});
const stopApp = () => {
  if (app.exitCode === null && app.signalCode === null) app.kill("SIGTERM");
};
process.on("exit", stopApp);

const { port, banner } = await new Promise((resolve, reject) => {
  let output = "";
  const timer = setTimeout(
    () => reject(new Error(`the app did not report its address within ${START_TIMEOUT_MS / 1000} s`)),
    START_TIMEOUT_MS,
  );
  app.stdout.setEncoding("utf8");
  app.stdout.on("data", (text) => {
    output += text;
    const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
    // The whole banner is printed at once; wait for its last line.
    if (match !== null && output.includes("Ctrl-C to stop.")) {
      clearTimeout(timer);
      resolve({ port: Number(match[1]), banner: output });
    }
  });
  app.on("exit", (code, signal) => {
    clearTimeout(timer);
    reject(new Error(`the app exited (${signal ?? `code ${code}`}) before listening:\n${output}${appErrors}`));
  });
}).catch((error) => fail(error.message));
app.stdout.resume();
if (!banner.includes("Signature validation: ON")) fail(`the app did not turn signature validation on:\n${banner}`);
process.stderr.write(`  load test: app listening on 127.0.0.1:${port}, signature validation on\n`);

// 2. The requests: what Twilio sends to each route, every parameter signed.
const call = {
  AccountSid: "AC0123456789abcdef0123456789abcdef",
  ApiVersion: "2010-04-01",
  CallSid: "CAfedcba9876543210fedcba9876543210",
  CallStatus: "in-progress",
  Called: "+14155550199",
  CalledCity: "SAN FRANCISCO",
  CalledCountry: "US",
  CalledState: "CA",
  CalledZip: "94105",
  Caller: "+15550100",
  CallerCountry: "US",
  Direction: "inbound",
  From: "+15550100",
  FromCountry: "US",
  To: "+14155550199",
  ToCity: "SAN FRANCISCO",
  ToCountry: "US",
  ToState: "CA",
  ToZip: "94105",
};
const stranger = { ...call, From: "+15559999", Caller: "+15559999" };
const text = (body, extra = {}) => ({
  AccountSid: call.AccountSid,
  ApiVersion: "2010-04-01",
  Body: body,
  From: "+15550100",
  FromCountry: "US",
  MessageSid: "SM0123456789abcdef0123456789abcdef",
  NumMedia: "0",
  NumSegments: "1",
  SmsMessageSid: "SM0123456789abcdef0123456789abcdef",
  SmsSid: "SM0123456789abcdef0123456789abcdef",
  SmsStatus: "received",
  To: "+14155550199",
  ToCity: "SAN FRANCISCO",
  ToCountry: "US",
  ToState: "CA",
  ToZip: "94105",
  ...extra,
});
const recording = {
  RecordingUrl: "https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE1",
  RecordingSid: "RE0123456789abcdef0123456789abcdef",
  RecordingDuration: "14",
  Digits: "hangup",
};
const dial = (status) => ({
  ...call,
  DialCallStatus: status,
  DialCallSid: "CA00000000000000000000000000000001",
  DialCallDuration: "0",
  DialBridged: "false",
});

const SAMPLES = [
  ["/voice/voicemail", call, 200],
  ["/voice/voicemail", { ...call, ...recording }, 200],
  ["/voice/menu", call, 200],
  ["/voice/menu?attempt=2", stranger, 200],
  ["/voice/menu/choice?attempt=1", { ...call, Digits: "1", FinishedOnKey: "" }, 200],
  ["/voice/menu/choice?attempt=1", { ...call, Digits: "2", FinishedOnKey: "" }, 200],
  ["/voice/menu/choice?attempt=1", { ...call, SpeechResult: "Billing, please.", Confidence: "0.91" }, 200],
  ["/voice/menu/choice?attempt=3", { ...call, Digits: "9", FinishedOnKey: "" }, 200],
  ["/voice/forward", call, 200],
  ["/voice/forward/after", dial("no-answer"), 200],
  ["/voice/forward/after", dial("completed"), 200],
  [
    "/voice/forward/status",
    {
      ...call,
      CallStatus: "ringing",
      CallbackSource: "call-progress-events",
      SequenceNumber: "1",
      Timestamp: "Tue, 21 May 2024 10:00:00 +0000",
    },
    204,
  ],
  ["/sms", text("MENU"), 200],
  ["/sms", text("hours please"), 200],
  ["/sms", text("Bonjour ☕ café, 日本語?"), 200],
  [
    "/sms",
    text("menu", {
      NumMedia: "2",
      MediaContentType0: "image/jpeg",
      MediaUrl0: "https://api.twilio.com/m/ME0",
      MediaContentType1: "image/png",
      MediaUrl1: "https://api.twilio.com/m/ME1",
    }),
    200,
  ],
].map(([path, params, status]) => {
  const body = Buffer.from(new URLSearchParams(params).toString());
  const signature = twilio.getExpectedTwilioSignature(authToken, `http://127.0.0.1:${port}${path}`, params);
  const headers = {
    "content-type": "application/x-www-form-urlencoded",
    "content-length": String(body.byteLength),
    "x-twilio-signature": signature,
  };
  return { path, body, headers, status, expected: null };
});
const routes = new Set(SAMPLES.map((s) => s.path.replace(/\?.*/, "")));

// 3. The client: node:http with keep-alive, one socket per concurrent request.
const agent = new http.Agent({ keepAlive: true, maxSockets: settings.concurrency });

function send(path, headers, body) {
  return new Promise((resolve) => {
    const started = performance.now();
    const request = http.request({ agent, host: "127.0.0.1", port, method: "POST", path, headers }, (response) => {
      const chunks = [];
      response.on("data", (chunk) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode, body: Buffer.concat(chunks), ms: performance.now() - started }));
      response.on("error", (error) => resolve({ error: error.code ?? error.message, ms: performance.now() - started }));
    });
    request.setTimeout(REQUEST_TIMEOUT_MS, () => request.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    request.on("error", (error) => resolve({ error: error.code ?? error.message, ms: performance.now() - started }));
    request.end(body);
  });
}

// 4. Reference answers, one request at a time, and proof that unsigned or forged requests are refused.
for (const sample of SAMPLES) {
  const r = await send(sample.path, sample.headers, sample.body);
  if (r.error !== undefined) fail(`POST ${sample.path}: ${r.error}`);
  const body = r.body.toString("utf8");
  if (r.status !== sample.status) fail(`POST ${sample.path} answered ${r.status}, not ${sample.status}: ${body}`);
  if (sample.status === 200 && !body.startsWith('<?xml version="1.0" encoding="UTF-8"?><Response>')) {
    fail(`POST ${sample.path} did not answer TwiML: ${body}`);
  }
  sample.expected = r.body;
}
{
  const sample = SAMPLES.find((s) => s.path === "/sms");
  const unsigned = { ...sample.headers };
  delete unsigned["x-twilio-signature"];
  const forged = {
    ...sample.headers,
    "x-twilio-signature": SAMPLES.find((s) => s !== sample && s.path === "/sms").headers["x-twilio-signature"],
  };
  for (const [what, headers] of [
    ["an unsigned", unsigned],
    ["a forged", forged],
  ]) {
    const r = await send(sample.path, headers, sample.body);
    if (r.status !== 403) fail(`${what} request got ${r.status ?? r.error}, not 403: signatures are not checked`);
  }
}

// 5. Load: `concurrency` requests in flight at all times, round-robin over the samples, until `requests` are done
// or `seconds` have passed.
async function drive(limit, seconds, latencies) {
  const counts = { sent: 0, errors: 0, statuses: 0, mismatches: 0, failures: 0 };
  const examples = [];
  const deadline = performance.now() + seconds * 1000;
  async function worker() {
    while (counts.sent < limit && performance.now() < deadline) {
      const index = counts.sent++;
      const sample = SAMPLES[index % SAMPLES.length];
      const r = await send(sample.path, sample.headers, sample.body);
      if (latencies !== null) latencies[index] = r.ms;
      let problem;
      if (r.error !== undefined) {
        counts.failures++;
        problem = r.error;
      } else if (r.status !== sample.status) {
        counts.statuses++;
        problem = `status ${r.status}: ${r.body.toString("utf8").slice(0, 200)}`;
      } else if (!r.body.equals(sample.expected)) {
        counts.mismatches++;
        problem = `body ${JSON.stringify(r.body.toString("utf8").slice(0, 200))}`;
      }
      if (problem !== undefined) {
        counts.errors++;
        if (examples.length < 5) examples.push(`POST ${sample.path}: ${problem}`);
      }
    }
  }
  const started = performance.now();
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  return { ...counts, seconds: (performance.now() - started) / 1000, examples };
}

process.stderr.write(`  load test: warm-up, ${settings.warmup} requests\n`);
const warmup = await drive(settings.warmup, settings.seconds, null);
process.stderr.write(
  `  load test: ${settings.requests} requests or ${settings.seconds} s, ${settings.concurrency} at a time, ` +
    `${SAMPLES.length} signed requests on ${routes.size} routes\n`,
);
const latencies = new Float64Array(settings.requests);
const run = await drive(settings.requests, settings.seconds, latencies);

agent.destroy();
stopApp();
await new Promise((resolve) => {
  if (app.exitCode !== null || app.signalCode !== null) return resolve();
  const timer = setTimeout(() => app.kill("SIGKILL"), 5_000);
  app.on("exit", () => {
    clearTimeout(timer);
    resolve();
  });
});

const sorted = latencies.subarray(0, run.sent).sort();
const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
process.stdout.write(
  `${JSON.stringify({
    app: "examples/app.tsx via examples/start.mjs (node:http, toNodeHandler, webhook), signature validation on",
    address: "127.0.0.1",
    concurrency: settings.concurrency,
    keepAlive: true,
    routes: routes.size,
    distinctRequests: SAMPLES.length,
    limits: { requests: settings.requests, seconds: settings.seconds },
    warmup: { requests: warmup.sent, errors: warmup.errors },
    requests: run.sent,
    seconds: run.seconds,
    requestsPerSecond: run.sent / run.seconds,
    latencyMs: { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: sorted[sorted.length - 1] },
    errors: {
      total: run.errors + warmup.errors,
      wrongStatus: run.statuses + warmup.statuses,
      wrongBody: run.mismatches + warmup.mismatches,
      connection: run.failures + warmup.failures,
      examples: [...warmup.examples, ...run.examples].slice(0, 5),
    },
    target: { maxErrors: 0, pass: run.errors + warmup.errors === 0 },
  })}\n`,
);
