import { serve } from "@hono/node-server";
import express from "express";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks.js";
import { Say, VoiceResponse } from "twiml-jsx";
import { afterEach, describe, expect, test } from "vitest";
import { createApp as createExpressApp } from "../../examples/server/express.js";
import { createApp as createFastifyApp } from "../../examples/server/fastify.js";
import { createApp as createHonoApp, webhooks, type AppOptions } from "../../examples/server/hono.js";
import { createTwilioServer } from "../../examples/server/node-http.js";
import { toNodeHandler } from "../../src/server/node-http.js";
import { webhook } from "../../src/server/webhook.js";

const XML = '<?xml version="1.0" encoding="UTF-8"?>';
const AUTH_TOKEN = "12345";

/** A server started for one test: its base URL, and `fetch` against it. */
interface Running {
  readonly url: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Waits until a server that was told to listen does. */
async function started(server: Server): Promise<Running> {
  if (!server.listening) {
    await new Promise((resolve, reject) => server.once("listening", resolve).once("error", reject));
  }
  return overLoopback(server);
}

function listening(server: Server): Promise<Running> {
  return started(server.listen(0, "127.0.0.1"));
}

function overLoopback(server: Server): Running {
  closers.push(
    () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, fetch: (path, init) => fetch(url + path, init) };
}

const ways: readonly { name: string; start: (options: AppOptions) => Promise<Running> }[] = [
  { name: "node:http", start: (options) => listening(createTwilioServer(options)) },
  {
    name: "Express 5",
    start: (options) => started(createExpressApp(options).listen(0, "127.0.0.1")),
  },
  {
    name: "Fastify 5",
    start: async (options) => {
      const app = createFastifyApp(options);
      const url = await app.listen({ port: 0, host: "127.0.0.1" });
      closers.push(() => app.close());
      return { url, fetch: (path, init) => fetch(url + path, init) };
    },
  },
  {
    name: "Hono on Node",
    start: (options) =>
      new Promise((resolve) => {
        const server = serve({ fetch: createHonoApp(options).fetch, port: 0, hostname: "127.0.0.1" }, () =>
          resolve(overLoopback(server as Server)),
        );
      }),
  },
  {
    name: "Web Request/Response",
    start: async (options) => {
      const { voice, sms } = webhooks(options);
      const url = "https://twilio-webhooks.example.com";
      const route = (request: Request): Promise<Response> => (new URL(request.url).pathname === "/voice" ? voice(request) : sms(request));
      return { url, fetch: async (path, init) => route(new Request(url + path, init)) };
    },
  },
];

const knownCallers = async (phone: string): Promise<string | undefined> => (phone === "+15005550006" ? "Ana & Raj" : undefined);

const VOICEMAIL_FOR_ANA =
  `${XML}<Response><Say voice="woman">Hi Ana &amp; Raj, please leave a message after the tone.</Say>` +
  `<Record maxLength="20"/></Response>`;
const HOURS_REPLY = `${XML}<Response><Message><Body>We're open Monday to Friday 9am-6pm &amp; Saturday 10am-4pm.</Body></Message></Response>`;

const form = (params: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  body: new URLSearchParams(params).toString(),
});

/** A body of `size` bytes sent in chunks, with no `Content-Length`: the limit must stop reading it. */
function streamedForm(size: number): RequestInit {
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) {
        controller.close();
        return;
      }
      const chunk = new TextEncoder().encode(`Body=${"x".repeat(4091)}&`);
      sent += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body, duplex: "half" };
}

describe.each(ways)("$name", ({ start }) => {
  test("a GET with query parameters gets the TwiML, a text/xml content type, an ETag and the configured Cache-Control", async () => {
    const server = await start({ callerName: knownCallers, webhook: { cacheControl: "public, max-age=60" } });
    const response = await server.fetch("/voice?From=%2B15005550006&CallSid=CA123");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(VOICEMAIL_FOR_ANA);
    expect(response.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(response.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
  });

  test("the same GET with If-None-Match naming its ETag gets 304 and no body", async () => {
    const server = await start({ callerName: knownCallers, webhook: { cacheControl: "public, max-age=60" } });
    const first = await server.fetch("/voice?From=%2B15005550006&CallSid=CA123");
    const etag = first.headers.get("etag")!;
    await first.text();
    const again = await server.fetch("/voice?From=%2B15005550006&CallSid=CA123", { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);
  });

  test("a POST form gets the TwiML built from a form parameter, with no-store and no ETag", async () => {
    const server = await start({});
    const response = await server.fetch("/sms", form({ From: "+15005550006", Body: " hours please" }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(HOURS_REPLY);
    expect(response.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("etag")).toBe(null);
  });

  test("with an auth token, a POST signed for the URL the server sees gets the TwiML", async () => {
    const logged: string[] = [];
    const server = await start({ webhook: { authToken: AUTH_TOKEN, log: (line) => logged.push(line) } });
    const params = { From: "+15005550006", Body: "hours", MessageSid: "SM123" };
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${server.url}/sms`, params);
    const response = await server.fetch("/sms", form(params, { "x-twilio-signature": signature }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(HOURS_REPLY);
    expect(logged).toEqual([]);
  });

  test("with an auth token, a wrong signature gets 403, a short plain-text body, and a log line naming the URL checked", async () => {
    const logged: string[] = [];
    const server = await start({ webhook: { authToken: AUTH_TOKEN, log: (line) => logged.push(line) } });
    const params = { From: "+15005550006", Body: "hours", MessageSid: "SM123" };
    const signature = getExpectedTwilioSignature("another token", `${server.url}/sms`, params);
    const response = await server.fetch("/sms", form(params, { "x-twilio-signature": signature }));
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("Forbidden: missing or invalid Twilio signature");
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(logged.map((line) => line.split(" (")[0])).toEqual([
      "POST /sms answered 403: X-Twilio-Signature matches none of the URLs checked",
    ]);
    expect(logged[0]).toContain(`(${server.url}/sms;`);
  });

  test("with an auth token, a request without a signature gets 403 and a log line saying so", async () => {
    const logged: string[] = [];
    const server = await start({ webhook: { authToken: AUTH_TOKEN, log: (line) => logged.push(line) } });
    const response = await server.fetch("/sms", form({ From: "+15005550006", Body: "hours" }));
    expect(response.status).toBe(403);
    expect(await response.text()).toBe("Forbidden: missing or invalid Twilio signature");
    expect(logged).toEqual(["POST /sms answered 403: the request has no X-Twilio-Signature header."]);
  });

  test("a handler that throws gets a bare 500, and onError gets the error", async () => {
    const failure = new Error("CRM unreachable at crm.internal:5432");
    const reported: unknown[] = [];
    const server = await start({
      callerName: async () => {
        throw failure;
      },
      webhook: { onError: (error) => reported.push(error) },
    });
    const response = await server.fetch("/voice?From=%2B15005550006");
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("Internal Server Error");
    expect(reported.length).toBe(1);
    expect(reported[0]).toBe(failure);
  });

  test("a PUT gets 405 with Allow: GET, POST", async () => {
    const server = await start({});
    const response = await server.fetch("/voice", { method: "PUT" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
    expect(await response.text()).toBe("Method Not Allowed");
  });

  test("a body over maxBodyBytes with a Content-Length gets 413", async () => {
    const server = await start({ webhook: { maxBodyBytes: 1024 } });
    const response = await server.fetch("/sms", form({ Body: "x".repeat(2000) }));
    expect(response.status).toBe(413);
    expect(await response.text()).toBe("Payload Too Large");
  });

  test("a body streamed past maxBodyBytes without a Content-Length gets 413", async () => {
    const server = await start({ webhook: { maxBodyBytes: 1024 } });
    const response = await server.fetch("/sms", streamedForm(1024 * 1024));
    expect(response.status).toBe(413);
    expect(await response.text()).toBe("Payload Too Large");
  });
});

describe("toNodeHandler", () => {
  const hello = webhook(({ params }) => (
    <VoiceResponse>
      <Say>Hello {params.From}</Say>
    </VoiceResponse>
  ));
  const HELLO = `${XML}<Response><Say>Hello +15005550006</Say></Response>`;

  test("the server keeps serving after refusing a streamed body, and closes only that connection", async () => {
    const voice = webhook(() => <VoiceResponse />, { maxBodyBytes: 1024 });
    const server = await listening(createServer(toNodeHandler(voice)));
    const refused = await server.fetch("/voice", streamedForm(1024 * 1024));
    expect(refused.status).toBe(413);
    expect(refused.headers.get("connection")).toBe("close");
    await refused.text();
    const next = await server.fetch("/voice");
    expect(next.status).toBe(200);
    expect(next.headers.get("connection")).toBe("keep-alive");
    expect(await next.text()).toBe(`${XML}<Response/>`);
  });

  test("a handler that rejects gets a bare 500, onError gets the error and the server keeps running", async () => {
    const failure = new Error("database password is hunter2");
    const reported: unknown[] = [];
    const listener = toNodeHandler(
      async () => {
        throw failure;
      },
      { onError: (error) => reported.push(error) },
    );
    const server = await listening(createServer(listener));
    const first = await server.fetch("/voice");
    expect(first.status).toBe(500);
    expect(await first.text()).toBe("Internal Server Error");
    expect(reported.length).toBe(1);
    expect(reported[0]).toBe(failure);
    const second = await server.fetch("/voice");
    expect(second.status).toBe(500);
  });

  test("a Host header that would move the URL's path gets 400", async () => {
    const server = await listening(createServer(toNodeHandler(hello)));
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const port = new URL(server.url).port;
      const req = httpRequest({ host: "127.0.0.1", port, path: "/voice", headers: { host: "evil.example/x?" } }, (res) => {
        let text = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", reject).end();
    });
    expect(status).toBe(400);
    expect(body).toBe("Bad Request");
  });

  test("under an Express router mounted at a prefix, the handler sees the full path", async () => {
    const seen: string[] = [];
    const router = express.Router();
    router.all(
      "/voice",
      toNodeHandler(async (request) => {
        seen.push(request.url);
        return new Response("ok");
      }),
    );
    const app = express();
    app.use("/twilio", router);
    const server = await started(app.listen(0, "127.0.0.1"));
    const response = await server.fetch("/twilio/voice?From=%2B15005550006");
    expect(await response.text()).toBe("ok");
    expect(seen).toEqual([`${server.url}/twilio/voice?From=%2B15005550006`]);
  });

  test("after express.urlencoded() read the body, the form is rebuilt from req.body", async () => {
    const app = express();
    app.use(express.urlencoded());
    app.post("/voice", toNodeHandler(hello));
    const server = await started(app.listen(0, "127.0.0.1"));
    const response = await server.fetch("/voice", form({ From: "+15005550006" }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(HELLO);
  });

  test("after express.urlencoded() read the body, a signed request still checks out", async () => {
    const voice = webhook(
      ({ params }) => (
        <VoiceResponse>
          <Say>Hello {params.From}</Say>
        </VoiceResponse>
      ),
      { authToken: AUTH_TOKEN },
    );
    const app = express();
    app.use(express.urlencoded());
    app.post("/voice", toNodeHandler(voice));
    const server = await started(app.listen(0, "127.0.0.1"));
    const params = { From: "+15005550006", To: "+15005550001", CallSid: "CA123" };
    const signature = getExpectedTwilioSignature(AUTH_TOKEN, `${server.url}/voice`, params);
    const response = await server.fetch("/voice", form(params, { "x-twilio-signature": signature }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(HELLO);
  });

  test("after express.json() read the body, the handler gets it back as JSON text", async () => {
    const echo = webhook(({ rawBody }) => new Response(rawBody));
    const app = express();
    app.use(express.json());
    app.post("/events", toNodeHandler(echo));
    const server = await started(app.listen(0, "127.0.0.1"));
    const response = await server.fetch("/events", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{ "CallSid": "CA123", "Digits": [1, 2] }',
    });
    expect(await response.text()).toBe('{"CallSid":"CA123","Digits":[1,2]}');
  });

  test("a response streamed in several chunks arrives whole, with its Set-Cookie headers", async () => {
    const listener = toNodeHandler(() => {
      const parts = ["<Response>", "<Say>one</Say>", "<Say>two</Say>", "</Response>"];
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          const part = parts.shift();
          if (part === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(part));
        },
      });
      const headers = new Headers({ "content-type": "text/xml" });
      headers.append("set-cookie", "a=1");
      headers.append("set-cookie", "b=2");
      return new Response(body, { status: 201, headers });
    });
    const server = await listening(createServer(listener));
    const response = await server.fetch("/voice");
    expect(response.status).toBe(201);
    expect(await response.text()).toBe("<Response><Say>one</Say><Say>two</Say></Response>");
    expect(response.headers.getSetCookie()).toEqual(["a=1", "b=2"]);
  });
});
