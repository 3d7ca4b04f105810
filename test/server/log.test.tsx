import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { Dial, Gather, VoiceResponse } from "twiml-jsx";
import { describe, expect, test } from "vitest";
import { toNodeHandler } from "../../src/server/node-http.js";
import { webhook } from "../../src/server/webhook.js";

// Without an `onError`, a server's errors go to its log (stderr unless `log` says otherwise), as server
// frameworks do: a 500 must never be silent.

const root = fileURLToPath(new URL("../..", import.meta.url));

function collector(): { lines: string[]; log: (line: string) => void } {
  const lines: string[] = [];
  return { lines, log: (line) => lines.push(line) };
}

const FRAME = /^ {4}at /;

describe("without onError", () => {
  test("a TwiMLError is logged with its class, code, message and path, then its stack frames", async () => {
    const { lines, log } = collector();
    const hook = webhook(
      () => (
        <VoiceResponse>
          <Gather>{(<Dial>+15550100</Dial>) as never}</Gather>
        </VoiceResponse>
      ),
      { log },
    );
    const response = await hook(new Request("https://example.com/voice?CallSid=CA1"));
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("Internal Server Error");
    const [head, ...frames] = lines[0]!.split("\n");
    expect(head).toBe(
      "GET /voice answered 500: TwiMLError TWIML001: <Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause) at Response > Gather[0] > Dial",
    );
    expect(frames.length > 0 && frames.every((frame) => FRAME.test(frame))).toBe(true);
    expect(lines.length).toBe(1);
  });

  test("another error is logged with its name and message", async () => {
    const { lines, log } = collector();
    const hook = webhook(
      () => {
        throw new RangeError("no such menu");
      },
      { log },
    );
    await hook(new Request("https://example.com/menu", { method: "POST" }));
    expect(lines.map((line) => line.split("\n")[0])).toEqual(["POST /menu answered 500: RangeError: no such menu"]);
  });

  test("a thrown value that is not an Error is logged as text", async () => {
    const { lines, log } = collector();
    const hook = webhook(
      () => {
        throw "out of coffee";
      },
      { log },
    );
    await hook(new Request("https://example.com/voice"));
    expect(lines).toEqual(["GET /voice answered 500: a non-Error value was thrown: out of coffee"]);
  });

  test("a log that throws still gives a bare 500", async () => {
    const hook = webhook(
      () => {
        throw new Error("boom");
      },
      {
        log: () => {
          throw new Error("disk full");
        },
      },
    );
    const response = await hook(new Request("https://example.com/voice"));
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("Internal Server Error");
  });

  test("toNodeHandler logs an error of its handler with the method and path, without the query", async () => {
    const { lines, log } = collector();
    const server = createServer(
      toNodeHandler(
        () => {
          throw new Error("not a webhook");
        },
        { log },
      ),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/raw?x=1`);
      expect(response.status).toBe(500);
      expect(lines.map((line) => line.split("\n")[0])).toEqual(["GET /raw answered 500: Error: not a webhook"]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

test("with onError, the error goes to onError only", async () => {
  const { lines, log } = collector();
  const errors: unknown[] = [];
  const failure = new Error("boom");
  const hook = webhook(
    () => {
      throw failure;
    },
    { log, onError: (error) => errors.push(error) },
  );
  await hook(new Request("https://example.com/voice"));
  expect(errors).toEqual([failure]);
  expect(lines).toEqual([]);
});

test("by default the log is stderr: a 500 and a 403 print there, and nothing goes to stdout", () => {
  // The built package, in a process of its own, so that its real stderr is what is read.
  const script = `
    import { webhook } from "twiml-jsx/server";
    const failing = webhook(() => { throw new Error("boom"); });
    const signed = webhook(() => { throw new Error("never called"); }, { authToken: "12345" });
    await failing(new Request("https://example.com/voice"));
    await signed(new Request("https://example.com/sms", { method: "POST" }));
  `;
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  const lines = child.stderr.split("\n").filter((line) => line !== "" && !FRAME.test(line));
  expect(lines).toEqual(["GET /voice answered 500: Error: boom", "POST /sms answered 403: the request has no X-Twilio-Signature header."]);
  expect(child.stdout).toBe("");
  expect(child.status).toBe(0);
});
