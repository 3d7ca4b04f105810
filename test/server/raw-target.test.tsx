import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";
import { Say, VoiceResponse } from "twiml-jsx";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { toNodeHandler } from "../../src/server/node-http.js";
import { webhook } from "../../src/server/webhook.js";

// Twilio signs the URL as configured, and the `twilio` package validates the request target as received
// before its WHATWG-normalised form (which escapes `{`, `"`, `<`, `>`, `` ` `` and resolves dot segments).
// Through `toNodeHandler` the raw target is known, so such requests must validate here too.
// https://www.twilio.com/docs/usage/security#validating-requests

const TOKEN = "12345";
const logged: string[] = [];
const seen: string[] = [];
let server: Server;
let origin = "";

beforeAll(async () => {
  const voice = webhook(
    ({ url }) => {
      seen.push(url.href);
      return (
        <VoiceResponse>
          <Say>ok</Say>
        </VoiceResponse>
      );
    },
    { authToken: TOKEN, log: (line) => logged.push(line) },
  );
  server = createServer(toNodeHandler(voice));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  logged.length = 0;
  seen.length = 0;
});

/** Sends the request target exactly as given (`fetch` would normalise it first). */
function send(target: string, body: string | null, signature: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const { port } = server.address() as AddressInfo;
    const headers: Record<string, string> = { "x-twilio-signature": signature };
    if (body !== null) headers["content-type"] = "application/x-www-form-urlencoded";
    const req = httpRequest({ host: "127.0.0.1", port, path: target, method: body === null ? "GET" : "POST", headers }, (res) => {
      res.resume().on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject).end(body ?? undefined);
  });
}

const TARGETS = [
  "/voice/{tenant}",
  "/voice/`tick`",
  '/voice/"quoted"',
  "/voice/<angle>",
  "/hooks/../voice",
  "/./voice/./menu",
  '/voice?state={"step":1}',
  "/voice?q=<a>&r=`b`",
  "/voice?a=|^\\",
];

describe("a request signed over its raw target, sent through toNodeHandler", () => {
  test.each(TARGETS)("GET %s is accepted, as the twilio package accepts it", async (target) => {
    const url = origin + target;
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, {});
    expect(twilio.validateRequest(TOKEN, signature, url, {})).toBe(true);
    expect(await send(target, null, signature)).toBe(200);
    expect(logged).toEqual([]);
  });

  test.each(TARGETS)("POST %s with a form is accepted", async (target) => {
    const url = origin + target;
    const params = { CallSid: "CA123", From: "+15005550006" };
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, params);
    expect(await send(target, new URLSearchParams(params).toString(), signature)).toBe(200);
  });

  test("the handler gets the normalised URL as url", async () => {
    const target = "/hooks/../voice?q={x}";
    await send(target, null, twilio.getExpectedTwilioSignature(TOKEN, origin + target, {}));
    expect(seen).toEqual([`${origin}/voice?q={x}`]);
  });
});

test("a signature over the normalised URL still validates when the target arrives raw", async () => {
  const target = "/voice/{tenant}";
  const normalised = new URL(origin + target).href;
  expect(await send(target, null, twilio.getExpectedTwilioSignature(TOKEN, normalised, {}))).toBe(200);
});

test("a signature over another raw target is refused, and the log lists the raw and normalised URLs checked", async () => {
  const signature = twilio.getExpectedTwilioSignature(TOKEN, `${origin}/voice/{other}`, {});
  expect(await send("/voice/{tenant}", null, signature)).toBe(403);
  expect(logged.map((line) => line.split("; ")[0])).toEqual([
    `GET /voice/%7Btenant%7D answered 403: X-Twilio-Signature matches none of the URLs checked (${origin}/voice/{tenant}, ${origin}/voice/%7Btenant%7D`,
  ]);
});

test("a Request built elsewhere with the raw text of a URL is checked against its normalised URL only", async () => {
  // Only the bridge that parsed the request may vouch for its raw target: nothing a client sends can.
  const voice = webhook(() => <VoiceResponse />, { authToken: TOKEN, log: (line) => logged.push(line) });
  const url = "https://example.com/voice/{tenant}";
  const request = new Request(url, { headers: { "x-twilio-signature": twilio.getExpectedTwilioSignature(TOKEN, url, {}) } });
  expect((await voice(request)).status).toBe(403);
});
