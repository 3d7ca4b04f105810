// The phone's server over real HTTP on loopback, with a small TwiML app on another loopback port.
import { request as httpRequest, type Server } from "node:http";
import { createServer } from "node:http";
import { afterAll, beforeAll, expect, test } from "vitest";
import { Gather, Message, MessagingResponse, Say, VoiceResponse } from "twiml-jsx";
import { toNodeHandler, webhook } from "twiml-jsx/server";
import { startPhone, type Phone } from "../../src/phone/server.js";
import { close, listen } from "./browser.js";
import { callEvents, postJson as postJsonTo } from "./http.js";

let app: Server;
let origin: string;
let phone: Phone;
let pageOrigin: string;

const menu = webhook(() => (
  <VoiceResponse>
    <Gather numDigits={1} action="/chosen">
      <Say>Press 1.</Say>
    </Gather>
  </VoiceResponse>
));
const chosen = webhook(({ params }) => (
  <VoiceResponse>
    <Say>{`You pressed ${params.Digits}.`}</Say>
  </VoiceResponse>
));
const sms = webhook(({ params }) => (
  <MessagingResponse>
    <Message>{`Echo: ${params.Body}`}</Message>
  </MessagingResponse>
));
/** Counts the texts of a conversation in a cookie, as apps keep SMS conversation state. */
const counter = async (request: Request): Promise<Response> => {
  const seen = Number(/count=(\d+)/.exec(request.headers.get("cookie") ?? "")?.[1] ?? "0") + 1;
  return new Response(`<Response><Message>Text number ${seen}</Message></Response>`, {
    headers: { "content-type": "text/xml", "set-cookie": `count=${seen}; Path=/` },
  });
};

beforeAll(async () => {
  app = createServer(
    toNodeHandler((request) => {
      const path = new URL(request.url).pathname;
      if (path === "/count") return counter(request);
      return path === "/chosen" ? chosen(request) : path === "/sms" ? sms(request) : menu(request);
    }),
  );
  origin = await listen(app);
  phone = await startPhone({
    url: `${origin}/menu`,
    smsUrl: `${origin}/sms`,
    // Stands in for a TwiML linter: flags every <Say>, so that the test can see where problems are shown.
    lint: (xml) => (xml.includes("<Say>") ? [{ code: "TEST001", message: "a <Say> was found", path: "Response > Say" }] : []),
  });
  pageOrigin = phone.url.slice(0, -1);
});

afterAll(async () => {
  await phone?.close();
  if (app !== undefined) await close(app);
});

function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return postJsonTo(pageOrigin, path, body, headers);
}

/** Places a call to the menu, answering each prompt with the next of `answers`. */
function runCall(answers: unknown[]): Promise<Record<string, unknown>[]> {
  return callEvents(pageOrigin, { url: `${origin}/menu`, from: "+15550100", to: "+15550199" }, answers);
}

test("the page is served with a policy that keeps it to its own server", async () => {
  const response = await fetch(`${pageOrigin}/`);
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  expect(response.headers.get("content-security-policy")).toBe(
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src * data: blob:; media-src * data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  );
  expect((await response.text()).startsWith('<!doctype html><html lang="en">')).toBe(true);
});

test("the settings the page starts from are the command's", async () => {
  expect(await (await fetch(`${pageOrigin}/config`)).json()).toEqual({
    url: `${origin}/menu`,
    smsUrl: `${origin}/sms`,
    from: "+15550100",
    to: "+15550199",
    outcomes: {
      dial: ["completed", "answered", "busy", "no-answer", "failed", "canceled"],
      queue: ["bridged", "leave", "redirected", "queue-full", "error", "system-error"],
      pay: [
        "success",
        "payment-connector-error",
        "caller-interrupted-with-star",
        "validation-error",
        "too-many-failed-attempts",
        "internal-error",
        "input-timeout",
      ],
    },
  });
});

test("a call streams the simulator's events, asks at the <Gather> and takes the keys posted back", async () => {
  const events = await runCall(["1"]);
  expect(events.map((e) => e.type)).toEqual([
    "call",
    "request",
    "map",
    "response",
    "verb",
    "heard",
    "prompt",
    "request",
    "map",
    "response",
    "verb",
    "heard",
    "end",
    "map",
  ]);
  expect(events.filter((e) => e.type === "heard").map((e) => e.text)).toEqual(["Press 1.", "You pressed 1."]);
  const prompt = events.find((e) => e.type === "prompt")!.prompt as Record<string, unknown>;
  expect(prompt.verb).toBe("Gather");
  expect(prompt.accepts).toEqual(["keys", "silence", "hangup"]);
  expect((events[7]!.request as { params: Record<string, string> }).params.Digits).toBe("1");
});

test("each TwiML response comes indented, with the linter's problems", async () => {
  const events = await runCall(["1"]);
  const response = events.find((e) => e.type === "response")!;
  expect(response.pretty).toBe(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Gather numDigits="1" action="/chosen">\n    <Say>Press 1.</Say>\n  </Gather>\n</Response>',
  );
  expect(response.problems).toEqual([{ code: "TEST001", message: "a <Say> was found", path: "Response > Say" }]);
});

test("the map of the calls so far is served as Mermaid text and as SVG", async () => {
  await postJson("/map/clear", {});
  await runCall(["1"]);
  expect(await (await fetch(`${pageOrigin}/map.mmd`)).text()).toBe(
    'flowchart LR\n  n0(["Incoming call"])\n  n1["/menu"]\n  n2["/chosen"]\n  n3(("completed"))\n  n0 -->|"call"| n1\n  n1 -->|"keys 1"| n2\n  n2 --> n3\n',
  );
  const svg = await fetch(`${pageOrigin}/map.svg`);
  expect(svg.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
  expect((await svg.text()).startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
});

test("a message returns its events and replies", async () => {
  const response = await postJson("/message", { url: `${origin}/sms`, from: "+15550100", to: "+15550199", body: "hi", media: [] });
  const events = (await response.json()) as Record<string, unknown>[];
  expect(events.map((e) => e.type)).toEqual(["request", "response", "reply", "end", "map"]);
  expect((events[2]!.message as { body: string }).body).toBe("Echo: hi");
});

// https://www.twilio.com/docs/messaging/tutorials/how-to-create-sms-conversations/node-js: cookies per From/To pair
test("the app's cookies travel between the texts of the same numbers, not to other numbers", async () => {
  const text = async (from: string): Promise<string> => {
    const events = (await (await postJson("/message", { url: `${origin}/count`, from, to: "+15550199", body: "hi" })).json()) as Record<
      string,
      unknown
    >[];
    return (events.find((e) => e.type === "reply")!.message as { body: string }).body;
  };
  expect([await text("+15550001"), await text("+15550001"), await text("+15550002")]).toEqual([
    "Text number 1",
    "Text number 2",
    "Text number 1",
  ]);
});

test("a recording is stored and served back at the URL returned, with or without a format suffix", async () => {
  const bytes = new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 2, 3]);
  const stored = await fetch(`${pageOrigin}/recordings`, {
    method: "POST",
    headers: { "content-type": "audio/webm;codecs=opus", origin: pageOrigin },
    body: bytes,
  });
  expect(stored.status).toBe(201);
  const { url } = (await stored.json()) as { url: string };
  expect(url).toMatch(new RegExp(`^${pageOrigin}/recordings/RE[0-9a-f]{32}$`));
  for (const address of [url, `${url}.mp3`]) {
    const served = await fetch(address);
    expect(served.headers.get("content-type")).toBe("audio/webm;codecs=opus");
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
  }
});

test("a recording must be audio", async () => {
  const response = await fetch(`${pageOrigin}/recordings`, {
    method: "POST",
    headers: { "content-type": "text/html", origin: pageOrigin },
    body: "<script>",
  });
  expect(response.status).toBe(415);
  expect(await response.text()).toBe('a recording must be audio/*, not "text/html"\n');
});

test("a request from another site's page is refused", async () => {
  const response = await postJson("/call", { url: `${origin}/menu`, from: "+1", to: "+2" }, { origin: "https://evil.example" });
  expect(response.status).toBe(403);
  expect(await response.text()).toBe(`POST requests must come from the phone's own page (Origin ${pageOrigin})\n`);
});

test("a POST without Origin (not from a browser page) is refused", async () => {
  const response = await fetch(`${pageOrigin}/map/clear`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  expect(response.status).toBe(403);
});

// DNS rebinding: a name that resolves to 127.0.0.1 still carries its own Host.
test("a request for another host name is refused", async () => {
  const status = await new Promise<number>((resolve, reject) => {
    const request = httpRequest(`${pageOrigin}/config`, { headers: { host: "rebound.example:80" } }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    request.on("error", reject).end();
  });
  expect(status).toBe(403);
});

test("a body that is not JSON is refused with the reason", async () => {
  const response = await fetch(`${pageOrigin}/call`, {
    method: "POST",
    headers: { "content-type": "text/plain", origin: pageOrigin },
    body: "{}",
  });
  expect(response.status).toBe(415);
  expect(await response.text()).toBe('the body must be application/json, not "text/plain"\n');
});

test("a call to a URL that is not http(s) is refused with the fix", async () => {
  const response = await postJson("/call", { url: "file:///etc/passwd", from: "+1", to: "+2" });
  expect(response.status).toBe(400);
  expect(await response.text()).toBe('"url" must be an http(s) URL, not file: ("file:///etc/passwd")\n');
});

test("a call without a caller number is refused", async () => {
  const response = await postJson("/call", { url: `${origin}/menu`, from: " ", to: "+2" });
  expect(response.status).toBe(400);
  expect(await response.text()).toBe('"from" must be a non-empty string\n');
});

test("input for a call that is not in progress is a 404", async () => {
  const response = await postJson("/call/nope/input", { input: "1" });
  expect(response.status).toBe(404);
  expect(await response.text()).toBe("no call nope in progress\n");
});
