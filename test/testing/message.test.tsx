import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Body, Media, Message, MessagingResponse, Redirect, type TwiMLElement } from "twiml-jsx";
import { toNodeHandler, webhook, type WebhookContext, type WebhookOptions } from "twiml-jsx/server";
import { afterEach, describe, expect, test } from "vitest";
import { simulateMessage } from "../../src/testing/index.js";
import type { App, MessageResult, SimulateMessageOptions } from "../../src/testing/types.js";

const FROM = "+15550001111";
const TO = "+15550002222";
const TOKEN = "12345";

type Route = (context: WebhookContext) => TwiMLElement | Response;

function routes(table: Record<string, Route>, options: WebhookOptions = {}): App {
  return webhook((context) => table[context.url.pathname]?.(context) ?? new Response("Not Found", { status: 404 }), options);
}

function answering(body: string, type: string): App {
  return () => new Response(body, { headers: { "content-type": type } });
}

function send(app: App, options: Partial<SimulateMessageOptions> = {}): Promise<MessageResult> {
  return simulateMessage({ app, from: FROM, to: TO, body: "hello", ...options });
}

const echoing: Route = ({ params }) => (
  <MessagingResponse>
    <Message>You said: {params.Body}</Message>
  </MessagingResponse>
);
const echo = routes({ "/": echoing });

describe("the request", () => {
  // https://www.twilio.com/docs/messaging/guides/webhook-request: location parameters are sent, empty when unknown.
  test("posts Twilio's message parameters to http://localhost/", async () => {
    const result = await send(echo);
    const sid = result.requests[0]!.params.MessageSid!;
    expect(result.requests).toEqual([
      {
        method: "POST",
        url: "http://localhost/",
        params: {
          AccountSid: result.requests[0]!.params.AccountSid,
          ApiVersion: "2010-04-01",
          Body: "hello",
          From: FROM,
          FromCity: "",
          FromCountry: "",
          FromState: "",
          FromZip: "",
          MessageSid: sid,
          NumMedia: "0",
          NumSegments: "1",
          SmsMessageSid: sid,
          SmsSid: sid,
          SmsStatus: "received",
          To: TO,
          ToCity: "",
          ToCountry: "",
          ToState: "",
          ToZip: "",
        },
      },
    ]);
  });

  test("MessageSid is SM and 32 hex digits, AccountSid AC and 32", async () => {
    const { MessageSid, AccountSid } = (await send(echo)).requests[0]!.params;
    expect([/^SM[0-9a-f]{32}$/.test(MessageSid!), /^AC[0-9a-f]{32}$/.test(AccountSid!)]).toEqual([true, true]);
  });

  test("media are sent as MediaUrlN and MediaContentTypeN, guessed from the extension, with an MM SID", async () => {
    const result = await send(echo, {
      media: ["https://example.com/cat.JPG", "https://example.com/clip.mp4?s=1", "https://example.com/x"],
    });
    const { MessageSid, NumMedia, MediaUrl0, MediaContentType0, MediaUrl1, MediaContentType1, MediaUrl2, MediaContentType2 } =
      result.requests[0]!.params;
    expect([
      /^MM[0-9a-f]{32}$/.test(MessageSid!),
      NumMedia,
      MediaUrl0,
      MediaContentType0,
      MediaUrl1,
      MediaContentType1,
      MediaUrl2,
      MediaContentType2,
    ]).toEqual([
      true,
      "3",
      "https://example.com/cat.JPG",
      "image/jpeg",
      "https://example.com/clip.mp4?s=1",
      "video/mp4",
      "https://example.com/x",
      "application/octet-stream",
    ]);
  });

  test("a body over 160 GSM characters takes segments of 153", async () => {
    const result = await send(echo, { body: "a".repeat(307) });
    expect(result.requests[0]!.params.NumSegments).toBe("3");
  });

  test("a body with characters outside GSM-7 takes segments of 67 beyond 70", async () => {
    const result = await send(echo, { body: "é€ñ".repeat(10) + "ü" + "日".repeat(40) });
    expect(result.requests[0]!.params.NumSegments).toBe("2");
  });

  test("a GET request puts the parameters in the query string", async () => {
    const result = await send(echo, { method: "GET", url: "http://localhost/?lang=fr" });
    const { url, params } = result.requests[0]!;
    const sorted = new URLSearchParams(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)));
    expect([url, result.replies[0]!.body]).toEqual([`http://localhost/?lang=fr&${sorted}`, "You said: hello"]);
  });
});

describe("replies", () => {
  test("a <Message> goes back to the sender, from the number messaged", async () => {
    expect((await send(echo)).replies).toEqual([{ to: FROM, from: TO, body: "You said: hello", media: [], attributes: {} }]);
  });

  test("to and from attributes override the defaults, and attributes are kept as written", async () => {
    const app = routes({
      "/": () => (
        <MessagingResponse>
          <Message to="+15550003333" from="+15550004444" action="/status">
            Forwarded.
          </Message>
        </MessagingResponse>
      ),
    });
    expect((await send(app)).replies).toEqual([
      {
        to: "+15550003333",
        from: "+15550004444",
        body: "Forwarded.",
        media: [],
        attributes: { to: "+15550003333", from: "+15550004444", action: "/status" },
      },
    ]);
  });

  test("<Body> and <Media> nouns give the body and the media", async () => {
    const app = routes({
      "/": () => (
        <MessagingResponse>
          <Message>
            <Body>Here you go.</Body>
            <Media>https://example.com/a.png</Media>
            <Media>https://example.com/b.gif</Media>
          </Message>
        </MessagingResponse>
      ),
    });
    expect((await send(app)).replies).toEqual([
      { to: FROM, from: TO, body: "Here you go.", media: ["https://example.com/a.png", "https://example.com/b.gif"], attributes: {} },
    ]);
  });

  test("several <Message>s send several replies, in order", async () => {
    const app = routes({
      "/": () => (
        <MessagingResponse>
          <Message>One</Message>
          <Message>Two</Message>
        </MessagingResponse>
      ),
    });
    expect((await send(app)).replies.map((reply) => reply.body)).toEqual(["One", "Two"]);
  });

  test("at most 10 replies are sent", async () => {
    const app = routes({
      "/": () => (
        <MessagingResponse>
          {Array.from({ length: 12 }, (_, i) => (
            <Message>{`Reply ${i}`}</Message>
          ))}
        </MessagingResponse>
      ),
    });
    expect((await send(app)).replies.length).toBe(10);
  });

  test("an empty <Response> sends no reply", async () => {
    const result = await send(routes({ "/": () => <MessagingResponse /> }));
    expect([result.replies, result.end]).toEqual([[], "completed"]);
  });

  test("verbs other than Message, Sms and Redirect are ignored", async () => {
    const app = answering("<Response><Say>Hi</Say><Message>Text</Message></Response>", "text/xml");
    expect((await send(app)).replies.map((reply) => reply.body)).toEqual(["Text"]);
  });

  test("a text/plain reply is sent back as the reply", async () => {
    expect((await send(answering("Thanks!", "text/plain"))).replies).toEqual([
      { to: FROM, from: TO, body: "Thanks!", media: [], attributes: {} },
    ]);
  });
});

describe("Redirect", () => {
  const redirecting = (method?: "GET" | "POST"): App =>
    routes({
      "/sms/start": () => (
        <MessagingResponse>
          <Message>First</Message>
          <Redirect method={method}>next</Redirect>
          <Message>Never</Message>
        </MessagingResponse>
      ),
      "/sms/next": ({ params }) => (
        <MessagingResponse>
          <Message>Second for {params.From}</Message>
        </MessagingResponse>
      ),
    });

  test("is followed with POST, relative to the document, and the rest of the document is skipped", async () => {
    const result = await send(redirecting(), { url: "http://localhost/sms/start" });
    expect([result.replies.map((reply) => reply.body), result.requests[1]]).toEqual([
      ["First", `Second for ${FROM}`],
      { method: "POST", url: "http://localhost/sms/next", params: result.requests[0]!.params },
    ]);
  });

  test("is followed with GET when its method says so", async () => {
    const result = await send(redirecting("GET"), { url: "http://localhost/sms/start" });
    const { method, url } = result.requests[1]!;
    expect([method, url.startsWith("http://localhost/sms/next?AccountSid=")]).toEqual(["GET", true]);
  });

  test("a loop stops with 14106 after maxSteps documents", async () => {
    const result = await send(
      routes({
        "/": () => (
          <MessagingResponse>
            <Redirect>/</Redirect>
          </MessagingResponse>
        ),
      }),
      { maxSteps: 4 },
    );
    expect([result.requests.length, result.end, result.error]).toEqual([
      4,
      "error",
      {
        code: 14106,
        message: "Message reply session fetched too many documents: 4 (maxSteps) without ending; is there a <Redirect> loop?",
      },
    ]);
  });
});

describe("errors", () => {
  test("a 404 ends with 11200", async () => {
    const result = await send(routes({}));
    expect([result.end, result.error]).toEqual([
      "error",
      { code: 11200, message: "HTTP retrieval failure: POST http://localhost/ answered 404" },
    ]);
  });

  test("a document that does not parse ends with 12100", async () => {
    const result = await send(answering("<Response><Message>a & b</Message></Response>", "text/xml"));
    expect([result.end, result.error?.code]).toEqual(["error", 12100]);
  });

  test("a JSON reply ends with 12300", async () => {
    expect((await send(answering("{}", "application/json"))).error?.code).toBe(12300);
  });

  test("an audio reply ends with 12300", async () => {
    expect((await send(answering("ID3", "audio/mpeg"))).error).toEqual({
      code: 12300,
      message: "Invalid Content-Type: POST http://localhost/ answered audio, which messaging cannot reply with",
    });
  });
});

describe("signatures", () => {
  const signed = routes(
    {
      "/": () => (
        <MessagingResponse>
          <Message>Verified</Message>
        </MessagingResponse>
      ),
    },
    { authToken: TOKEN, log: () => undefined },
  );

  test("signed requests are accepted by a webhook with the same auth token", async () => {
    expect((await send(signed, { authToken: TOKEN })).replies.map((reply) => reply.body)).toEqual(["Verified"]);
  });

  test("requests signed with another token are refused: 403 ends with 11200", async () => {
    expect((await send(signed, { authToken: "wrong" })).error).toEqual({
      code: 11200,
      message: "HTTP retrieval failure: POST http://localhost/ was refused with 403 (is it signed with the auth token the app expects?)",
    });
  });
});

describe("over HTTP", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test("a signed message gets its reply from a real loopback server", async () => {
    const server = createServer(toNodeHandler(routes({ "/": echoing }, { authToken: TOKEN })));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const result = await simulateMessage({ url, from: FROM, to: TO, body: "over the wire", authToken: TOKEN });
    expect(result.replies).toEqual([{ to: FROM, from: TO, body: "You said: over the wire", media: [], attributes: {} }]);
  });
});
