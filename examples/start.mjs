// `npm start`: compiles the examples against the built package and serves the example app (app.tsx) on
// 127.0.0.1 until Ctrl-C, with one log line per request. `node examples/start.mjs --help` lists the options.
// Node cannot run TSX, so the examples are compiled first with the project's own TypeScript into .build/,
// where `twiml-jsx` and `twiml-jsx/server` resolve through package.json `exports` to dist/, exactly as they
// would for a user.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createServer as createProbe } from "node:net";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = new URL("../.build/examples/", import.meta.url);

const HELP = `Usage: npm start [-- options]
       node examples/start.mjs [options]   (after npm run build)

Serves the example app (voicemail, IVR menu, call forwarding, SMS reply) on 127.0.0.1, and logs one line per
request: method, path, status and time in milliseconds. Open its address in a browser for the list of
webhooks; the start banner prints a curl line for each.

Options:
  --port <port>  the port to listen on (default: $PORT, else 3000; 0 picks a free port)
  --print        print every example document instead of serving them
  -h, --help     print this help

Environment:
  PORT               the port to listen on, when --port is not given
  TWILIO_AUTH_TOKEN  your auth token: requests must then carry a valid X-Twilio-Signature
  PUBLIC_URL         the origin Twilio calls through a tunnel or proxy, such as https://abc.ngrok.app
`;

/** A wrong command line or environment: the message, then exit status 2. */
function usage(message) {
  console.error(`${message} (see node examples/start.mjs --help)`);
  process.exit(2);
}

function parseArguments(args) {
  const options = { print: false, port: undefined, help: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h" || arg === "--help") options.help = true;
    else if (arg === "--print") options.print = true;
    else if (arg === "--port" || arg.startsWith("--port=")) {
      const value = arg === "--port" ? args[++i] : arg.slice("--port=".length);
      if (value === undefined) usage("--port needs a port number");
      options.port = value;
    } else usage(`unknown option ${arg}`);
  }
  return options;
}

const options = parseArguments(process.argv.slice(2));
if (options.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const print = options.print;

// The command line and environment are checked before the few seconds of compiling.
const portText = options.port ?? process.env.PORT ?? "3000";
const portSource = options.port === undefined && process.env.PORT !== undefined ? "PORT" : "--port";
const port = Number(portText);
if (!print && (!/^\d+$/.test(portText) || port > 65535)) {
  usage(`${portSource} must be a port number from 0 to 65535, not ${JSON.stringify(portText)}`);
}
// An empty variable counts as unset, as `TWILIO_AUTH_TOKEN= npm start` means to turn checks off.
const authToken = process.env.TWILIO_AUTH_TOKEN || undefined;
const publicUrl = process.env.PUBLIC_URL?.replace(/\/$/, "") || undefined;
if (!print && publicUrl !== undefined && !/^https?:\/\/[^/]/.test(publicUrl)) {
  usage(`PUBLIC_URL must be an http(s) URL such as https://abc.ngrok.app, not ${JSON.stringify(publicUrl)}`);
}
if (!print) await ensurePortFree(port);

if (!existsSync(new URL("../dist/esm/index.js", import.meta.url))) {
  console.error("dist/ is missing: run `npm run build` first (or use `npm start`, which builds).");
  process.exit(1);
}

console.error("Compiling the examples…");
rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const compiled = spawnSync(process.execPath, [tsc, "-p", fileURLToPath(new URL("tsconfig.json", import.meta.url))], {
  cwd: root,
  stdio: "inherit",
});
if (compiled.status !== 0) {
  console.error("The examples did not compile.");
  process.exit(compiled.status ?? 1);
}

const load = (file) => import(pathToFileURL(fileURLToPath(new URL(file, out))).href);

if (print) {
  const { examples } = await load("index.js");
  const width = 78;
  console.log(`twiml-jsx: ${examples.length} example documents, rendered with render(element, { indent: 2 })\n`);
  for (const example of examples) {
    console.log(`── ${example.name} ${"─".repeat(Math.max(3, width - example.name.length - 4))}`);
    console.log(example.description);
    console.log();
    console.log(example.render({ indent: 2 }));
    console.log();
  }
} else {
  await serve();
}

async function serve() {
  const { createApp, ROUTES, sampleGet } = await load("app.js");
  const { computeSignature } = await import("twiml-jsx/server");

  const server = createApp({ authToken, publicUrl });
  logRequests(server);
  server.on("error", (error) => {
    console.error(listenProblem(error));
    process.exit(1);
  });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  const local = `http://127.0.0.1:${server.address().port}`;
  const base = publicUrl ?? local;

  const lines = [
    "",
    `twiml-jsx example app listening on ${local}`,
    authToken === undefined
      ? "Signature validation: OFF (TWILIO_AUTH_TOKEN is not set). Anyone who finds the URL can call these webhooks."
      : "Signature validation: ON (TWILIO_AUTH_TOKEN is set). Requests without a valid X-Twilio-Signature get 403.",
    publicUrl === undefined
      ? "Public URL: none. Behind a tunnel, set PUBLIC_URL=https://<your tunnel> so signatures are checked against it."
      : `Public URL: ${publicUrl} (signatures are checked against it).`,
    "",
    `Webhooks (GET or POST; ${local}/ lists them in a browser):`,
    ...ROUTES.map((r) => `  ${base}${r.path}\n      ${r.summary}`),
    "",
    authToken === undefined ? "Try them:" : "Try them (each line carries the signature Twilio would send):",
  ];
  for (const route of ROUTES) lines.push(...(await curlLines(route)));
  lines.push(
    "",
    "A phone in the browser for this app (calls, texts, every request, the map of the flow):",
    `  npx twiml-jsx phone ${base}/voice/menu --sms-url ${base}/sms`,
    "",
    "To print the example documents instead of serving them: node examples/start.mjs --print",
    "Ctrl-C to stop. Requests are logged below: method, path, status, time.",
    "",
  );
  console.log(lines.join("\n"));

  async function curlLines(route) {
    const query = new URLSearchParams(route.query ?? {});
    const form = new URLSearchParams(route.params);
    const getPath = sampleGet(route);
    const postPath = query.size === 0 ? route.path : `${route.path}?${query}`;
    // The status route answers 204 with no body: -i shows the status line.
    const flags = route.path.endsWith("/status") ? "-i " : "";
    const sign = async (path, body) =>
      authToken === undefined ? "" : ` -H ${quote(`X-Twilio-Signature: ${await computeSignature(authToken, base + path, body)}`)}`;
    const data = [...form].map(([name, value]) => ` -d ${quote(new URLSearchParams({ [name]: value }).toString())}`).join("");
    return [
      `  curl ${flags}${quote(local + getPath)}${await sign(getPath, null)}`,
      `  curl ${flags}-X POST ${quote(local + postPath)}${data}${await sign(postPath, form)}`,
    ];
  }

  function stop() {
    console.log("\nStopping.");
    server.close();
    server.closeAllConnections();
  }
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/**
 * Logs each request once its response is sent (or the client went away): method, path without the query
 * (a GET webhook's query holds the caller's number), status, milliseconds.
 */
function logRequests(server) {
  server.prependListener("request", (req, res) => {
    const started = performance.now();
    let logged = false;
    const log = (status) => {
      if (logged) return;
      logged = true;
      const path = (req.url ?? "/").split("?")[0];
      console.log(`${req.method} ${path} ${status} ${(performance.now() - started).toFixed(1)} ms`);
    };
    res.once("finish", () => log(res.statusCode));
    res.once("close", () => log("aborted"));
  });
}

/** What to do about a port that cannot be listened on. */
function listenProblem(error) {
  const other = port === 3000 ? 3001 : port + 1;
  if (error.code === "EADDRINUSE") {
    return (
      `Port ${port} on 127.0.0.1 is already in use (another npm start?). Set PORT to a free port, such as ` +
      `PORT=${other} npm start, or pass it on the command line: npm start -- --port ${other}. PORT=0 picks a free port.`
    );
  }
  if (error.code === "EACCES") return `Port ${port} needs privileges this user does not have: set PORT to a port from 1024 up.`;
  return `Cannot listen on 127.0.0.1:${port}: ${error.message}`;
}

/** Fails fast, before compiling, when the port is taken. */
async function ensurePortFree(port) {
  if (port === 0) return;
  const probe = createProbe();
  try {
    await new Promise((resolve, reject) => {
      probe.once("error", reject);
      probe.listen(port, "127.0.0.1", resolve);
    });
  } catch (error) {
    console.error(listenProblem(error));
    process.exit(1);
  }
  await new Promise((resolve) => probe.close(resolve));
}

/** Single-quotes a shell word unless it is made only of characters every shell leaves alone. */
function quote(word) {
  return /^[\w%+=.,:/@-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
