import fc from "fast-check";
import { Hono } from "hono";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import twilio from "twilio";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { WebhookError } from "../../src/server/options.js";
import { computeSignature } from "../../src/server/signature.js";
import { verifyWebSocketRequest, type WebSocketRequestOptions } from "../../src/server/websocket.js";

// Twilio signs the WebSocket handshake of ConversationRelay and Media Streams with X-Twilio-Signature over
// the wss:// URL it connects to, as for a GET webhook.
// https://www.twilio.com/docs/voice/conversationrelay/onboarding#websocket-security-with-signature-validation
// https://www.twilio.com/en-us/changelog/new-features-now-available-for-conversationrelay

const TOKEN = "12345";
const logged: string[] = [];
const log = (line: string): void => {
  logged.push(line);
};
beforeEach(() => {
  logged.length = 0;
});

/** An upgrade request as Bun, Deno or Hono hand it over: the URL as the server sees it, plain http. */
function upgrade(url: string, headers: Record<string, string> = {}): Request {
  return new Request(url, { headers: { upgrade: "websocket", connection: "Upgrade", ...headers } });
}

const signedBy = (url: string, token = TOKEN): Record<string, string> => ({
  "x-twilio-signature": twilio.getExpectedTwilioSignature(token, url, {}),
});

const verify = (request: Request, options: Omit<WebSocketRequestOptions, "log"> = { authToken: TOKEN }): Promise<boolean> =>
  verifyWebSocketRequest(request, { ...options, log });

describe("a fetch Request", () => {
  test("signed over the wss:// URL, seen as http:// behind the TLS proxy: valid, as the twilio package finds it", async () => {
    const signed = "wss://relay.example.com/relay?agent=front-desk";
    expect(twilio.validateRequest(TOKEN, signedBy(signed)["x-twilio-signature"]!, signed, {})).toBe(true);
    expect(await verify(upgrade("http://relay.example.com/relay?agent=front-desk", signedBy(signed)))).toBe(true);
    expect(logged).toEqual([]);
  });

  test("signed over the wss:// URL, seen with a port the proxy put in the Host header: valid", async () => {
    const signature = signedBy("wss://relay.example.com/relay");
    expect(await verify(upgrade("http://relay.example.com:8080/relay", signature))).toBe(true);
  });

  test("signed over the ws:// URL of a server without TLS, as a local client connects: valid", async () => {
    const signature = signedBy("ws://127.0.0.1:8080/relay");
    expect(await verify(upgrade("http://127.0.0.1:8080/relay", signature))).toBe(true);
  });

  test("a wrong scheme: a signature over the https:// URL (a webhook's) is refused", async () => {
    const webhookUrl = "https://relay.example.com/relay";
    expect(twilio.validateRequest(TOKEN, signedBy(webhookUrl)["x-twilio-signature"]!, webhookUrl, {})).toBe(true);
    expect(await verify(upgrade("http://relay.example.com/relay", signedBy(webhookUrl)))).toBe(false);
  });

  test("a wrong scheme: a signature over ws:// is refused when the server itself is on TLS", async () => {
    expect(await verify(upgrade("https://relay.example.com/relay", signedBy("ws://relay.example.com/relay")))).toBe(false);
  });

  test.each([
    ["another path", "wss://relay.example.com/admin"],
    ["another query", "wss://relay.example.com/relay?agent=back-office"],
    ["another host", "wss://evil.example.com/relay"],
  ])("tampered (%s): refused", async (_what, signedUrl) => {
    expect(await verify(upgrade("http://relay.example.com/relay", signedBy(signedUrl)))).toBe(false);
  });

  test("signed with another token: refused, and the log names the URLs checked", async () => {
    expect(await verify(upgrade("http://relay.example.com/relay", signedBy("wss://relay.example.com/relay", "other")))).toBe(false);
    expect(logged).toEqual([
      "WebSocket handshake to /relay refused: X-Twilio-Signature matches none of the URLs checked (wss://relay.example.com/relay, " +
        "ws://relay.example.com/relay; each with and without its port, and normalised). Behind a proxy or tunnel (ngrok…) the server " +
        'sees another URL than the one Twilio signed: set publicUrl to the public origin, such as "https://abc.ngrok.app".',
    ]);
  });

  test("without a signature: refused, and the log says so", async () => {
    expect(await verify(upgrade("http://relay.example.com/relay"))).toBe(false);
    expect(logged).toEqual(["WebSocket handshake to /relay refused: the request has no X-Twilio-Signature header."]);
  });

  describe("behind a proxy or tunnel, with publicUrl", () => {
    const LOCAL = "http://127.0.0.1:8080/relay?agent=front-desk";
    const PUBLIC = "wss://abc.ngrok.app/relay?agent=front-desk";

    test.each(["https://abc.ngrok.app", "wss://abc.ngrok.app", "wss://abc.ngrok.app/"])("%s: valid", async (publicUrl) => {
      expect(await verify(upgrade(LOCAL, signedBy(PUBLIC)), { authToken: TOKEN, publicUrl })).toBe(true);
    });

    test("with a base path: the path the server sees is appended to it", async () => {
      const signature = signedBy("wss://abc.ngrok.app/voice/relay?agent=front-desk");
      expect(await verify(upgrade(LOCAL, signature), { authToken: TOKEN, publicUrl: "https://abc.ngrok.app/voice" })).toBe(true);
    });

    test("a function returning the URL written in the TwiML: valid", async () => {
      const given: Request[] = [];
      const request = upgrade(LOCAL, signedBy(PUBLIC));
      const publicUrl = (seen: Request): string => {
        given.push(seen);
        return PUBLIC;
      };
      expect(await verify(request, { authToken: TOKEN, publicUrl })).toBe(true);
      expect(given).toEqual([request]);
    });

    test("a signature over the URL the server sees is refused", async () => {
      const signature = signedBy("ws://127.0.0.1:8080/relay?agent=front-desk");
      expect(await verify(upgrade(LOCAL, signature), { authToken: TOKEN, publicUrl: "https://abc.ngrok.app" })).toBe(false);
    });

    test("an X-Forwarded-Host header changes nothing: any client can send it", async () => {
      const request = upgrade(LOCAL, { ...signedBy(PUBLIC), "x-forwarded-host": "abc.ngrok.app", "x-forwarded-proto": "https" });
      expect(await verify(request)).toBe(false);
    });
  });

  describe("SharedKey", () => {
    const SECRET = "shared_secret_abc";
    const SIGNED = "wss://relay.example.com/relay";
    const headers = {
      "x-twilio-signature": twilio.getExpectedTwilioSignature(SECRET, SIGNED, {}, "HMAC_SHA256"),
      "x-twilio-webhooks-signature-settings": "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256",
    };

    test("an HMAC-SHA256 signature with the settings header: valid with the sharedKeySecret", async () => {
      expect(await verify(upgrade("http://relay.example.com/relay", headers), { sharedKeySecret: SECRET })).toBe(true);
    });

    test("with only an auth token set: refused", async () => {
      expect(await verify(upgrade("http://relay.example.com/relay", headers), { authToken: SECRET })).toBe(false);
    });
  });
});

test("in Hono, a middleware before the upgrade refuses an unsigned handshake and lets a signed one through", async () => {
  const app = new Hono();
  app.get(
    "/relay",
    async (c, next) => ((await verifyWebSocketRequest(c.req.raw, { authToken: TOKEN, log })) ? next() : c.text("Forbidden", 403)),
    (c) => c.text("upgrading"),
  );
  const signed = await app.request("http://relay.example.com/relay", { headers: signedBy("wss://relay.example.com/relay") });
  const unsigned = await app.request("http://relay.example.com/relay");
  expect([signed.status, await signed.text(), unsigned.status, await unsigned.text()]).toEqual([200, "upgrading", 403, "Forbidden"]);
});

test("a request other than a GET is no handshake: refused, and the log says so", async () => {
  const post = new Request("http://relay.example.com/relay", { method: "POST", headers: signedBy("wss://relay.example.com/relay") });
  expect(await verifyWebSocketRequest(post, { authToken: TOKEN, log })).toBe(false);
  expect(logged).toEqual(["WebSocket handshake refused: it is a POST request, not a GET."]);
});

describe("options", () => {
  test("neither secret set: a WebhookError", async () => {
    await expect(verifyWebSocketRequest(upgrade("http://x.example/relay"), { authToken: undefined })).rejects.toThrow(
      new WebhookError(
        "verifyWebSocketRequest(): neither authToken nor sharedKeySecret is set (is the environment variable that holds it set?)",
      ),
    );
  });

  test("a publicUrl of another scheme: a WebhookError", async () => {
    await expect(
      verifyWebSocketRequest(upgrade("http://x.example/relay"), { authToken: TOKEN, publicUrl: "ftp://abc.ngrok.app" }),
    ).rejects.toThrow(
      new WebhookError(
        'verifyWebSocketRequest(): publicUrl must start with http:// or https:// or ws:// or wss://, got "ftp://abc.ngrok.app"',
      ),
    );
  });
});

test("on generated URLs, signed or tampered, the verdict is the twilio package's at the wss:// URL", async () => {
  const segment = fc.constantFrom("relay", "agent", "a b", "{id}", "é", "..", "~", "%41", "'");
  const urlArb = fc
    .tuple(
      fc.constantFrom("relay.example.com", "127.0.0.1", "Relay.Example.com"),
      fc.constantFrom("", ":443", ":8443"),
      fc.array(segment, { minLength: 1, maxLength: 4 }),
      fc.option(fc.array(fc.tuple(segment, segment), { maxLength: 3 }), { nil: null }),
    )
    .map(([host, port, path, query]) => {
      const search = query === null ? "" : "?" + query.map(([name, value]) => `${name}=${value}`).join("&");
      return `${host}${port}/${path.join("/")}${search}`;
    })
    .filter((rest) => URL.canParse(`wss://${rest}`));
  const verdicts = { accepted: 0, rejected: 0 };
  await fc.assert(
    fc.asyncProperty(urlArb, urlArb, fc.boolean(), fc.boolean(), async (signedRest, otherRest, tampered, normalised) => {
      // Twilio signs the URL as written in the TwiML: sometimes already in its normalised form.
      const signedUrl = normalised ? new URL(`wss://${signedRest}`).href : `wss://${signedRest}`;
      const seenRest = tampered ? otherRest : signedRest;
      const signature = twilio.getExpectedTwilioSignature(TOKEN, signedUrl, {});
      const ours = await verifyWebSocketRequest(upgrade(new URL(`https://${seenRest}`).href, { "x-twilio-signature": signature }), {
        authToken: TOKEN,
        log,
      });
      const theirs = twilio.validateRequest(TOKEN, signature, new URL(`wss://${seenRest}`).href, {});
      verdicts[theirs ? "accepted" : "rejected"]++;
      expect(ours).toBe(theirs);
    }),
    { numRuns: 400 },
  );
  // About a quarter of the runs are accepted; both verdicts must be common for the agreement to mean something.
  expect([verdicts.accepted > 40, verdicts.rejected > 40]).toEqual([true, true]);
});

describe("a node IncomingMessage, over a real handshake on loopback with the ws package", () => {
  let server: Server;
  let origin = "";
  const received: string[] = [];

  beforeEach(async () => {
    received.length = 0;
    const sockets = new WebSocketServer({ noServer: true });
    sockets.on("connection", (socket) => {
      socket.on("message", (data) => {
        received.push(String(data));
        socket.send(JSON.stringify({ type: "text", token: "Hello", last: true }));
      });
    });
    server = createServer();
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      void verifyWebSocketRequest(req, { authToken: TOKEN, log }).then((valid) => {
        if (!valid) {
          socket.end("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
          return;
        }
        sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit("connection", ws, req));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Opens a WebSocket to `path` with a signature over `signedUrl`; the first message back, or the HTTP status of a refusal. */
  function connect(path: string, signedUrl: string, headers = signedBy(signedUrl)): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://${origin}${path}`, { headers });
      socket.on("open", () => socket.send(JSON.stringify({ type: "prompt", voicePrompt: "hi", lang: "en-US", last: true })));
      socket.on("message", (data) => {
        socket.close();
        resolve(String(data));
      });
      socket.on("unexpected-response", (_request, response) => resolve(`refused ${response.statusCode}`));
      socket.on("error", reject);
    });
  }

  test("a handshake signed over the ws:// URL is accepted and messages flow", async () => {
    expect(await connect("/relay", `ws://${origin}/relay`)).toBe('{"type":"text","token":"Hello","last":true}');
    expect(received).toEqual(['{"type":"prompt","voicePrompt":"hi","lang":"en-US","last":true}']);
  });

  test("a handshake signed over the wss:// URL Twilio would use (behind a TLS proxy) is accepted", async () => {
    expect(await connect("/relay", `wss://${origin}/relay`)).toBe('{"type":"text","token":"Hello","last":true}');
  });

  test("a handshake signed with computeSignature over the wss:// URL, as a test client signs it, is accepted", async () => {
    const signature = await computeSignature(TOKEN, `wss://${origin}/relay`, null);
    expect(await connect("/relay", "", { "x-twilio-signature": signature })).toBe('{"type":"text","token":"Hello","last":true}');
  });

  test("a handshake whose raw target holds { and } is checked as sent", async () => {
    expect(await connect("/relay?session={abc}", `wss://${origin}/relay?session={abc}`)).toBe(
      '{"type":"text","token":"Hello","last":true}',
    );
  });

  test("a tampered handshake gets 403 and no connection", async () => {
    expect(await connect("/relay?agent=admin", `wss://${origin}/relay?agent=front-desk`)).toBe("refused 403");
    expect(received).toEqual([]);
    expect(logged.map((line) => line.split(":")[0])).toEqual(["WebSocket handshake to /relay refused"]);
  });
});
