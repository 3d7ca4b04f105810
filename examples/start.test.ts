// `npm start`'s server (examples/start.mjs), run as a child process on a free loopback port against the built
// package (`npm test` builds first).
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const start = fileURLToPath(new URL("start.mjs", import.meta.url));
/** Compiling the examples takes a few seconds, more on a busy machine. */
const TIMEOUT = 120_000;

let server: ChildProcess | undefined;
let origin = "";
let port = 0;
let log = "";

/** The environment of a child, without the variables that change what start.mjs does. */
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const name of ["TWILIO_AUTH_TOKEN", "PUBLIC_URL", ...(extra["PORT"] === undefined ? ["PORT"] : [])]) delete env[name];
  return env;
}

beforeAll(async () => {
  const child = spawn(process.execPath, [start, "--port", "0"], { env: environment(), stdio: ["ignore", "pipe", "pipe"] });
  server = child;
  origin = await new Promise<string>((resolve, reject) => {
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      log += text;
      const listening = /listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(log);
      if (listening !== null) resolve(listening[1] ?? "");
    });
    child.once("exit", (code) => reject(new Error(`start.mjs exited with ${code}:\n${log}`)));
  });
  port = Number(new URL(origin).port);
}, TIMEOUT);

afterAll(async () => {
  if (server?.exitCode !== null) return;
  const exited = new Promise((resolve) => server?.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
});

interface Ran {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(args: readonly string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, [start, ...args], { encoding: "utf8", env: environment(env) }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === "number" ? error.code : null, stdout, stderr });
    });
  });
}

/** The log lines printed so far that match, once the server has had a moment to write them. */
async function logged(pattern: RegExp): Promise<string[]> {
  for (let attempt = 0; attempt < 50 && !pattern.test(log); attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
  return log.split("\n").filter((line) => pattern.test(line));
}

const WEBHOOKS = [
  [
    "/voice/voicemail",
    "/voice/voicemail?From=%2B15550100",
    "Greets the caller and records a message; thanks them once Twilio posts the recording.",
  ],
  ["/voice/menu", "/voice/menu?From=%2B15550100", "IVR main menu: a key press or a spoken keyword, greeting known callers by name."],
  [
    "/voice/menu/choice",
    "/voice/menu/choice?attempt=1&Digits=3",
    "The menu's <Gather action>: the next document for the key pressed or the word said.",
  ],
  ["/voice/forward", "/voice/forward?From=%2B15550100", "Rings the team's three phones at once."],
  [
    "/voice/forward/after",
    "/voice/forward/after?DialCallStatus=no-answer",
    "The forward's <Dial action>: hangs up after a call, or on to voicemail when nobody answered.",
  ],
  [
    "/voice/forward/status",
    "/voice/forward/status?CallStatus=ringing",
    "Progress events of each phone rung: acknowledged with 204, no TwiML.",
  ],
  ["/sms", "/sms?From=%2B15550100&Body=MENU", "Answers HOURS and MENU (with pictures), and any other text with the list of keywords."],
] as const;

describe("the page at /", { timeout: TIMEOUT }, () => {
  test("a browser gets the webhooks as HTML, each linked to a sample GET request", async () => {
    const response = await fetch(`${origin}/`, { headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" } });
    const escape = (text: string): string => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
    expect([response.status, response.headers.get("content-type"), await response.text()]).toEqual([
      200,
      "text/html; charset=utf-8",
      [
        "<!doctype html>",
        '<html lang="en">',
        '<meta charset="utf-8">',
        "<title>twiml-jsx example app</title>",
        "<h1>twiml-jsx example app</h1>",
        "<p>Webhooks (GET or POST):</p>",
        "<ul>",
        ...WEBHOOKS.map(([path, sample, summary]) => `<li><a href="${escape(sample)}"><code>${path}</code></a> — ${escape(summary)}</li>`),
        "</ul>",
        "<p>Signature validation is off. Each link is the webhook's GET request with sample parameters.</p>",
        "",
      ].join("\n"),
    ]);
  });

  test("curl gets them as text", async () => {
    const response = await fetch(`${origin}/`, { headers: { accept: "*/*" } });
    expect([response.status, response.headers.get("content-type"), await response.text()]).toEqual([
      200,
      "text/plain; charset=utf-8",
      [
        "twiml-jsx example app",
        "",
        "Webhooks (GET or POST):",
        ...WEBHOOKS.map(([path, , summary]) => `  ${path}\n      ${summary}`),
        "",
        "Signature validation is off. Each link is the webhook's GET request with sample parameters.",
        "",
      ].join("\n"),
    ]);
  });
});

describe("HEAD (https://www.rfc-editor.org/rfc/rfc9110#section-9.3.2)", { timeout: TIMEOUT }, () => {
  /**
   * Status, headers and body. Left out: `date`, and the connection's own headers, which differ because
   * fetch asks to close the connection after a HEAD.
   */
  async function answer(path: string, method: "GET" | "HEAD"): Promise<[number, [string, string][], string]> {
    const response = await fetch(`${origin}${path}`, { method });
    const headers = [...response.headers].filter(([name]) => !["date", "connection", "keep-alive"].includes(name));
    return [response.status, headers, await response.text()];
  }

  test("a webhook answers HEAD with the status and headers of GET, and no body", async () => {
    const [status, headers] = await answer("/voice/menu?From=%2B15550100", "GET");
    expect(await answer("/voice/menu?From=%2B15550100", "HEAD")).toEqual([status, headers, ""]);
  });

  test("the page at / answers HEAD with the headers of GET", async () => {
    const [status, headers] = await answer("/", "GET");
    expect(await answer("/", "HEAD")).toEqual([status, headers, ""]);
  });
});

describe("the request log", { timeout: TIMEOUT }, () => {
  test("a line per request: method, path without the query, status, milliseconds", async () => {
    await fetch(`${origin}/voice/menu/choice?attempt=2`, { method: "POST", body: new URLSearchParams({ Digits: "1" }) });
    expect(await logged(/^POST \/voice\/menu\/choice /)).toEqual([expect.stringMatching(/^POST \/voice\/menu\/choice 200 \d+\.\d ms$/)]);
  });

  test("an unknown path is logged with its 404", async () => {
    await fetch(`${origin}/nowhere`);
    expect(await logged(/^GET \/nowhere /)).toEqual([expect.stringMatching(/^GET \/nowhere 404 \d+\.\d ms$/)]);
  });
});

describe("the port", { timeout: TIMEOUT }, () => {
  const taken = (): string =>
    `Port ${port} on 127.0.0.1 is already in use (another npm start?). Set PORT to a free port, such as PORT=${port + 1} ` +
    `npm start, or pass it on the command line: npm start -- --port ${port + 1}. PORT=0 picks a free port.\n`;

  test("PORT set to a port in use: exit status 1 and how to pick another, before compiling", async () => {
    expect(await run([], { PORT: String(port) })).toEqual({ status: 1, stdout: "", stderr: taken() });
  });

  test("--port set to a port in use: the same", async () => {
    expect(await run(["--port", String(port)])).toEqual({ status: 1, stdout: "", stderr: taken() });
  });

  test("a PORT that is not a port number: exit status 2", async () => {
    expect(await run([], { PORT: "http" })).toEqual({
      status: 2,
      stdout: "",
      stderr: 'PORT must be a port number from 0 to 65535, not "http" (see node examples/start.mjs --help)\n',
    });
  });

  test("--help documents --port and PORT", async () => {
    const help = await run(["--help"]);
    expect([help.status, help.stdout.split("\n").filter((line) => /PORT|--port/.test(line))]).toEqual([
      0,
      [
        "  --port <port>  the port to listen on (default: $PORT, else 3000; 0 picks a free port)",
        "  PORT               the port to listen on, when --port is not given",
      ],
    ]);
  });
});
