// `npm start`: compiles the examples against the built package and serves the example app (app.tsx) on
// 127.0.0.1 until Ctrl-C. `node examples/start.mjs --print` prints every example document instead.
// Node cannot run TSX, so the examples are compiled first with the project's own TypeScript into .build/,
// where `twiml-jsx` and `twiml-jsx/server` resolve through package.json `exports` to dist/, exactly as they
// would for a user.
//
// Environment: PORT (default 3000; 0 picks a free port), TWILIO_AUTH_TOKEN (turns signature checks on),
// PUBLIC_URL (the origin Twilio calls through a tunnel, such as https://abc.ngrok.app).
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = new URL("../.build/examples/", import.meta.url);
const USAGE = "usage: node examples/start.mjs [--print]";

const args = process.argv.slice(2);
if (args.some((a) => a !== "--print")) {
  console.error(USAGE);
  process.exit(2);
}

const print = args.includes("--print");

// The environment is checked before the few seconds of compiling.
const portText = process.env.PORT ?? "3000";
const port = Number(portText);
if (!print && (!/^\d+$/.test(portText) || port > 65535)) {
  console.error(`PORT must be a port number from 0 to 65535, not ${JSON.stringify(portText)}.`);
  process.exit(2);
}
// An empty variable counts as unset, as `TWILIO_AUTH_TOKEN= npm start` means to turn checks off.
const authToken = process.env.TWILIO_AUTH_TOKEN || undefined;
const publicUrl = process.env.PUBLIC_URL?.replace(/\/$/, "") || undefined;
if (!print && publicUrl !== undefined && !/^https?:\/\/[^/]/.test(publicUrl)) {
  console.error(`PUBLIC_URL must be an http(s) URL such as https://abc.ngrok.app, not ${JSON.stringify(publicUrl)}.`);
  process.exit(2);
}

if (!existsSync(new URL("../dist/esm/index.js", import.meta.url))) {
  console.error("dist/ is missing: run `npm run build` first (or use `npm start`, which builds).");
  process.exit(1);
}

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
  const { createApp, ROUTES } = await load("app.js");
  const { computeSignature } = await import("twiml-jsx/server");

  const server = createApp({ authToken, publicUrl });
  server.on("error", (error) => {
    console.error(`Cannot listen on 127.0.0.1:${port}: ${error.message}`);
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
    "Webhooks (GET or POST):",
    ...ROUTES.map((r) => `  ${base}${r.path}\n      ${r.summary}`),
    "",
    authToken === undefined ? "Try them:" : "Try them (each line carries the signature Twilio would send):",
  ];
  for (const route of ROUTES) lines.push(...(await curlLines(route)));
  lines.push("", "To print the example documents instead of serving them: node examples/start.mjs --print", "Ctrl-C to stop.", "");
  console.log(lines.join("\n"));

  async function curlLines(route) {
    const query = new URLSearchParams(route.query ?? {});
    const form = new URLSearchParams(route.params);
    const getQuery = new URLSearchParams([...query, ...form]);
    const getPath = `${route.path}?${getQuery}`;
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

/** Single-quotes a shell word unless it is made only of characters every shell leaves alone. */
function quote(word) {
  return /^[\w%+=.,:/@-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
