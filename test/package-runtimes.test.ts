// The packed package under Bun and Deno (both installed from npm as development dependencies): each runs
// test/package/runtimes/app.tsx with the package installed, which renders a document, serves a webhook with
// the runtime's own server (`Bun.serve`, `Deno.serve`) on 127.0.0.1 and walks a call through it with the
// simulator. The test then sends the server a request signed as Twilio signs it, and one with a bad signature.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks.js";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { install, packed, repo } from "./package-tarball.js";

const SLOW = 600_000;
const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const AUTH_TOKEN = "12345678901234567890123456789012";
const version = (name: string): string =>
  (JSON.parse(readFileSync(join(repo, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;

interface Runtime {
  name: "Bun" | "Deno";
  version: string;
  command: string;
  args: string[];
}

const runtimes: Runtime[] = [
  { name: "Bun", version: version("bun"), command: join(repo, "node_modules", ".bin", "bun"), args: ["app.tsx", AUTH_TOKEN] },
  {
    name: "Deno",
    version: version("deno"),
    command: join(repo, "node_modules", ".bin", "deno"),
    args: ["run", "--allow-net=127.0.0.1", "app.tsx", AUTH_TOKEN],
  },
];

interface Started {
  child: ChildProcess;
  /** The app's first three lines: the rendered document, the URL it serves, the simulated call. */
  lines: string[];
  /** Everything it printed on stderr so far. */
  stderr: string;
}

/** Starts the app under a runtime and resolves once it has printed its three lines (or fails with its stderr). */
function start(runtime: Runtime, cwd: string): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(runtime.command, runtime.args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const running: Started = { child, lines: [], stderr: "" };
    let stdout = "";
    child.stderr.on("data", (chunk: Buffer) => (running.stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const lines = stdout.split("\n");
      if (lines.length > 3 && running.lines.length === 0) {
        running.lines = lines.slice(0, 3);
        resolve(running);
      }
    });
    child.on("error", reject);
    child.on("exit", (code) => reject(new Error(`${runtime.name} exited with ${code} before serving:\n${stdout}${running.stderr}`)));
  });
}

let root = "";
let project = "";
const started = new Map<string, Started>();

beforeAll(async () => {
  const { tarball } = await packed();
  root = mkdtempSync(join(tmpdir(), "twiml-jsx-runtimes-"));
  project = await install(root, "runtimes", tarball);
  for (const runtime of runtimes) started.set(runtime.name, await start(runtime, project));
}, SLOW);

afterAll(() => {
  for (const { child } of started.values()) {
    child.removeAllListeners("exit");
    child.kill();
  }
  if (root !== "") rmSync(root, { recursive: true, force: true });
});

describe.each(runtimes)("$name $version", (runtime) => {
  const app = (): Started => {
    const running = started.get(runtime.name);
    if (running === undefined) throw new Error(`${runtime.name} did not start`);
    return running;
  };
  const url = (): string => app().lines[1]!.replace(/^listening on /, "");
  const params = { CallSid: "CA0123456789abcdef0123456789abcdef", From: "+15550100", To: "+15550101", Digits: "1" };
  const post = (signature: string): Promise<Response> =>
    fetch(url(), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      body: new URLSearchParams(params),
    });

  test("renders a document", () => {
    expect(app().lines[0]).toBe(`${XML}<Response><Say>Hello from ${runtime.name}</Say></Response>`);
  });

  test("serves on 127.0.0.1", () => {
    expect(/^http:\/\/127\.0\.0\.1:\d+\/voice$/.test(url())).toBe(true);
  });

  // https://www.twilio.com/docs/usage/webhooks/webhooks-security: HMAC-SHA1 of the URL and the sorted
  // POST parameters, keyed with the auth token, in X-Twilio-Signature.
  test("answers a request signed as Twilio signs it", async () => {
    const response = await post(getExpectedTwilioSignature(AUTH_TOKEN, url(), params));
    expect([response.status, response.headers.get("content-type"), await response.text()]).toEqual([
      200,
      "text/xml; charset=utf-8",
      `${XML}<Response><Say>You pressed 1.</Say><Hangup/></Response>`,
    ]);
  });

  test("refuses a request whose signature does not match", async () => {
    const response = await post(getExpectedTwilioSignature("0".repeat(32), url(), params));
    expect(response.status).toBe(403);
  });

  test("the simulator, run by the same runtime, walks a signed call through the server", () => {
    expect(app().lines[2]).toBe("simulated call: Press 1 for sales. | You pressed 1. (hangup, 2 requests)");
  });

  test("prints nothing on stderr", () => {
    expect(app().stderr).toBe("");
  });
});
