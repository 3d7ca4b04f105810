// What every request carries, as Twilio's do: headers, ApplicationSid, messaging parameters, and cookies kept
// within their domain and path.
import { Message, MessagingResponse, VoiceResponse } from "twiml-jsx";
import { describe, expect, test } from "vitest";
import { CookieJar } from "../../src/testing/cookies.js";
import { Conversation, simulateCall, simulateMessage } from "../../src/testing/index.js";
import type { App } from "../../src/testing/types.js";
import { bothWays, FROM, messageWays, routes, serve, TO } from "./both-ways.js";

const ways = bothWays();

/** An app that records each request's headers and answers with `documents` in turn. */
function recording(documents: readonly string[]): { app: App; headers: Headers[] } {
  const headers: Headers[] = [];
  const app: App = (request) => {
    headers.push(request.headers);
    return new Response(documents[headers.length - 1] ?? "<Response/>", { headers: { "content-type": "text/xml" } });
  };
  return { app, headers };
}

describe.each(ways)("%s", (_, run) => {
  // Headers of Twilio's requests as captured from real webhooks; Twilio's docs name only X-Twilio-Signature
  // (https://www.twilio.com/docs/usage/security).
  test("requests carry Accept, User-Agent, X-Home-Region and a distinct I-Twilio-Idempotency-Token", async () => {
    const { app, headers } = recording(["<Response><Redirect>/next</Redirect></Response>"]);
    await run(app);
    const [first, second] = headers.map((sent) => ({
      accept: sent.get("accept"),
      agent: sent.get("user-agent"),
      region: sent.get("x-home-region"),
      token: sent.get("i-twilio-idempotency-token"),
      type: sent.get("content-type"),
    }));
    expect([
      { ...first, token: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(first!.token!) },
      first!.token === second!.token,
    ]).toEqual([{ accept: "*/*", agent: "TwilioProxy/1.1", region: "us1", token: true, type: "application/x-www-form-urlencoded" }, false]);
  });

  // https://www.twilio.com/docs/api/twiml/twilio_request
  test("ApplicationSid is sent when given", async () => {
    const { params } = await run(routes({ "/": () => <VoiceResponse /> }), { applicationSid: "AP0123456789abcdef0123456789abcdef" });
    expect(params(0).ApplicationSid).toBe("AP0123456789abcdef0123456789abcdef");
  });

  // https://www.twilio.com/docs/api/twiml/your_response: Twilio "accepts HTTP cookies and will include them in each request".
  test("a cookie comes back on the call's later requests within its path only", async () => {
    const seen: (string | null)[] = [];
    const app: App = (request) => {
      seen.push(request.headers.get("cookie"));
      const path = new URL(request.url).pathname;
      const next = { "/": "/ivr/menu", "/ivr/menu": "/ivr/choice", "/ivr/choice": "/other" }[path];
      const headers = new Headers({ "content-type": "text/xml" });
      if (path === "/") {
        headers.append("set-cookie", "everywhere=1; Path=/");
        headers.append("set-cookie", "ivr=2; Path=/ivr");
      }
      return new Response(next === undefined ? "<Response/>" : `<Response><Redirect>${next}</Redirect></Response>`, { headers });
    };
    await run(app);
    expect(seen).toEqual([null, "ivr=2; everywhere=1", "ivr=2; everywhere=1", "everywhere=1"]);
  });
});

describe("cookies never travel to another host", () => {
  test("a cookie set by one host is not sent to another one the flow redirects to", async () => {
    const seen: (string | null)[] = [];
    const app: App = (request) => {
      seen.push(request.headers.get("cookie"));
      const host = new URL(request.url).host;
      return host === "app.example.com"
        ? new Response("<Response><Redirect>https://other.example.net/next</Redirect></Response>", {
            headers: { "content-type": "text/xml", "set-cookie": "session=secret; Path=/" },
          })
        : new Response("<Response><Redirect>https://app.example.com/again</Redirect></Response>", {
            headers: { "content-type": "text/xml" },
          });
    };
    await simulateCall({ app, url: "https://app.example.com/", from: FROM, to: TO, maxSteps: 3 });
    expect(seen).toEqual([null, null, "session=secret"]);
  });

  test("over HTTP, a cookie set by 127.0.0.1 is not sent to localhost, and comes back to 127.0.0.1", async () => {
    const seen: string[] = [];
    let port = "";
    const app: App = (request) => {
      const url = new URL(request.url);
      seen.push(`${url.hostname}${url.pathname} ${request.headers.get("cookie")}`);
      const next = { "/": `http://localhost:${port}/other`, "/other": `http://127.0.0.1:${port}/back` }[url.pathname];
      return new Response(next === undefined ? "<Response/>" : `<Response><Redirect>${next}</Redirect></Response>`, {
        headers: { "content-type": "text/xml", ...(url.pathname === "/" && { "set-cookie": "session=secret" }) },
      });
    };
    const origin = await serve(app);
    port = new URL(origin).port;
    await simulateCall({ url: `${origin}/`, from: FROM, to: TO });
    expect(seen).toEqual(["127.0.0.1/ null", "localhost/other null", "127.0.0.1/back session=secret"]);
  });

  test("a Domain cookie goes to the domain's subdomains; a Domain the host is not in is refused", () => {
    const jar = new CookieJar();
    jar.store(new URL("https://app.example.com/"), ["wide=1; Domain=example.com", "foreign=2; Domain=evil.test"]);
    expect([
      jar.header(new URL("https://api.example.com/")),
      jar.header(new URL("https://example.com/")),
      jar.header(new URL("https://evil.test/")),
    ]).toEqual(["wide=1", "wide=1", null]);
  });

  test("a Secure cookie is sent over https only; Max-Age=0 deletes", () => {
    const jar = new CookieJar();
    jar.store(new URL("https://app.example.com/"), ["token=1; Secure", "gone=1"]);
    jar.store(new URL("https://app.example.com/"), ["gone=; Max-Age=0"]);
    expect([jar.header(new URL("https://app.example.com/")), jar.header(new URL("http://app.example.com/"))]).toEqual(["token=1", null]);
  });
});

describe.each(messageWays)("messages %s (https://www.twilio.com/docs/messaging/guides/webhook-request)", (_, target) => {
  const echo = routes({
    "/sms": ({ params }) => (
      <MessagingResponse>
        <Message>{params.Body ?? ""}</Message>
      </MessagingResponse>
    ),
  });

  test("params, MessagingServiceSid and an explicit content type per media item are sent", async () => {
    const result = await simulateMessage({
      ...(await target(echo)),
      from: FROM,
      to: TO,
      body: "photo",
      media: [{ url: "https://example.com/media/ME1", contentType: "image/png" }, "https://example.com/cat.jpg"],
      messagingServiceSid: "MG0123456789abcdef0123456789abcdef",
      params: { ProfileName: "Alice" },
    });
    const { MediaContentType0, MediaContentType1, MessagingServiceSid, ProfileName, NumMedia } = result.requests[0]!.params;
    expect([MediaContentType0, MediaContentType1, MessagingServiceSid, ProfileName, NumMedia, result.replies[0]?.body]).toEqual([
      "image/png",
      "image/jpeg",
      "MG0123456789abcdef0123456789abcdef",
      "Alice",
      "2",
      "photo",
    ]);
  });

  // https://support.twilio.com/hc/en-us/articles/223136287-How-do-Twilio-cookies-work: per From/To pair, for four hours.
  test("in a conversation, cookies travel between messages of the same pair only, for four hours", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const conversation = new Conversation(() => now);
    const seen: (string | null)[] = [];
    const app: App = (request) => {
      seen.push(request.headers.get("cookie"));
      return new Response("<Response/>", { headers: { "content-type": "text/xml", "set-cookie": "step=2; Max-Age=86400" } });
    };
    const reached = await target(app);
    const send = (from: string): Promise<unknown> => simulateMessage({ ...reached, from, to: TO, body: "hi", conversation });
    await send(FROM);
    await send(FROM);
    await send("+15550003333");
    now += 4 * 60 * 60 * 1000 + 1;
    await send("+15550003333");
    expect(seen).toEqual([null, "step=2", null, null]);
  });

  test("each message of a conversation has a MessageSid of its own, even with the same body", async () => {
    const conversation = new Conversation();
    const reached = await target(echo);
    const sids = [];
    for (let i = 0; i < 2; i++) {
      const result = await simulateMessage({ ...reached, from: FROM, to: TO, body: "YES", conversation });
      sids.push(result.requests[0]!.params.MessageSid);
    }
    expect(sids[0] === sids[1]).toBe(false);
  });

  test("onEvent reports the request, the response and each reply", async () => {
    const seen: string[] = [];
    await simulateMessage({
      ...(await target(echo)),
      from: FROM,
      to: TO,
      body: "hello",
      onEvent: (event) => seen.push(event.type === "reply" ? `reply ${event.message.body}` : event.type),
    });
    expect(seen).toEqual(["request", "response", "reply hello", "end"]);
  });
});
