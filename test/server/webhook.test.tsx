import { createHash } from "node:crypto";
import { getExpectedTwilioSignature } from "twilio/lib/webhooks/webhooks.js";
import { beforeEach, describe, expect, test } from "vitest";
import { Dial, Gather, Say, TwiMLError, VoiceResponse, render, type TwiMLElement } from "twiml-jsx";
import {
  TWIML_SIZE_LIMIT,
  WebhookError,
  webhook,
  type WebhookContext,
  type WebhookHandler,
  type WebhookOptions,
} from "../../src/server/webhook.js";

const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';
const FORM = "application/x-www-form-urlencoded";
const XML = "text/xml; charset=utf-8";
const TEXT = "text/plain; charset=utf-8";
const TOKEN = "12345";
const FORBIDDEN = "Forbidden: missing or invalid Twilio signature";

const greeting = (): TwiMLElement => (
  <VoiceResponse>
    <Say>Hello</Say>
  </VoiceResponse>
);
const GREETING = `${DECLARATION}<Response><Say>Hello</Say></Response>`;

/** A handler that records every context it is called with and answers with `answer(context)`. */
function recorder(answer: WebhookHandler = greeting): { handler: WebhookHandler; seen: WebhookContext[] } {
  const seen: WebhookContext[] = [];
  return {
    seen,
    handler: (context) => {
      seen.push(context);
      return answer(context);
    },
  };
}

/** A webhook whose errors are collected, with the requests they came with. */
function reporting(
  handler: WebhookHandler,
  options: WebhookOptions = {},
): { hook: (request: Request) => Promise<Response>; errors: unknown[]; requests: Request[] } {
  const errors: unknown[] = [];
  const requests: Request[] = [];
  const hook = webhook(handler, {
    ...options,
    onError: (error, request) => {
      errors.push(error);
      requests.push(request);
    },
  });
  return { hook, errors, requests };
}

function post(url: string, body: NonNullable<RequestInit["body"]>, headers: Record<string, string> = { "content-type": FORM }): Request {
  return new Request(url, { method: "POST", body, headers });
}

/** A POST whose body arrives as a stream in the given chunks, without a `content-length`. */
function streamed(url: string, chunks: readonly string[], limitless = false): { request: Request; cancelled: () => boolean } {
  const encoder = new TextEncoder();
  let next = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (limitless || next < chunks.length) controller.enqueue(encoder.encode(chunks[next++ % chunks.length]));
      else controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  const request = new Request(url, { method: "POST", body, duplex: "half", headers: { "content-type": FORM } });
  return { request, cancelled: () => cancelled };
}

/** What the webhooks below write to their log, kept out of the test output; cleared before each test. */
const logged: string[] = [];
const keep = (message: string): void => {
  logged.push(message);
};
beforeEach(() => {
  logged.length = 0;
});

const SAY_MARKUP = "<Say></Say>".length;
const EMPTY_DOCUMENT = `${DECLARATION}<Response></Response>`.length;

/**
 * A voice document whose rendering is exactly `bytes` bytes of UTF-8: `lead` and then ASCII text, spread over
 * several <Say>s.
 */
function sized(bytes: number, lead = ""): TwiMLElement {
  const texts: string[] = [];
  let rest = bytes - EMPTY_DOCUMENT - new TextEncoder().encode(lead).byteLength;
  while (rest > 0) {
    const length = Math.min(4000, rest - SAY_MARKUP);
    if (length < 1) throw new Error(`cannot build a document of ${bytes} bytes`);
    texts.push("a".repeat(length));
    rest -= length + SAY_MARKUP;
  }
  texts[0] = lead + texts[0];
  return (
    <VoiceResponse>
      {texts.map((text) => (
        <Say>{text}</Say>
      ))}
    </VoiceResponse>
  );
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("nothing was thrown");
}

describe("GET", () => {
  test("parameters from the query string reach the handler", async () => {
    const { handler, seen } = recorder();
    await webhook(handler)(new Request("https://example.com/voice?CallSid=CA123&From=%2B15551234567"));
    expect(seen[0]!.params).toEqual({ CallSid: "CA123", From: "+15551234567" });
  });

  test("the context names the method, the URL requested, the query and the request, with an empty body", async () => {
    const { handler, seen } = recorder();
    const request = new Request("https://example.com/voice?CallSid=CA123");
    await webhook(handler)(request);
    const context = seen[0]!;
    expect(context.method).toBe("GET");
    expect(context.url.href).toBe("https://example.com/voice?CallSid=CA123");
    expect(context.query.get("CallSid")).toBe("CA123");
    expect(context.rawBody).toBe("");
    expect(context.request).toBe(request);
  });

  test("a handler typed with its parameters reads them as named properties", async () => {
    const hook = webhook<{ readonly Digits: string }>(({ params }) => {
      const digits: string = params.Digits;
      return (
        <VoiceResponse>
          <Say>You pressed {digits}</Say>
        </VoiceResponse>
      );
    });
    const res = await hook(new Request("https://example.com/menu?Digits=42"));
    expect(await res.text()).toBe(`${DECLARATION}<Response><Say>You pressed 42</Say></Response>`);
  });

  test("the response is 200 with the rendered document, declaration included, as text/xml", async () => {
    const res = await webhook(greeting)(new Request("https://example.com/voice"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(XML);
    expect(await res.text()).toBe(GREETING);
  });

  test("Cache-Control is no-cache by default", async () => {
    const res = await webhook(greeting)(new Request("https://example.com/voice"));
    expect(res.headers.get("cache-control")).toBe("no-cache");
  });

  test("a cacheControl string is sent as Cache-Control", async () => {
    const res = await webhook(greeting, { cacheControl: "public, max-age=300" })(new Request("https://example.com/voice"));
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
  });

  test("a cacheControl function gets the context and its result is sent as Cache-Control", async () => {
    const hook = webhook(greeting, {
      cacheControl: ({ params, method }) => (params.Static === "1" ? `public, max-age=60, ${method}` : "no-cache"),
    });
    const res = await hook(new Request("https://example.com/voice?Static=1"));
    expect(res.headers.get("cache-control")).toBe("public, max-age=60, GET");
  });

  test("the response carries a strong ETag: 32 lowercase hex digits in quotes", async () => {
    const res = await webhook(greeting)(new Request("https://example.com/voice"));
    expect(res.headers.get("etag")).toMatch(/^"[0-9a-f]{32}"$/);
  });

  test("the same document gets the same ETag", async () => {
    const hook = webhook(greeting);
    const first = await hook(new Request("https://example.com/voice?CallSid=CA1"));
    const second = await hook(new Request("https://example.com/other?CallSid=CA2"));
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
  });

  test("a different document gets a different ETag", async () => {
    const hook = webhook(({ params }) => (
      <VoiceResponse>
        <Say>Hello {params.Name}</Say>
      </VoiceResponse>
    ));
    const ada = await hook(new Request("https://example.com/voice?Name=Ada"));
    const alan = await hook(new Request("https://example.com/voice?Name=Alan"));
    expect(alan.headers.get("etag")).not.toBe(ada.headers.get("etag"));
  });

  test("If-None-Match with the current ETag gets 304 with an empty body, the ETag and the Cache-Control", async () => {
    const hook = webhook(greeting, { cacheControl: "public, max-age=300" });
    const etag = (await hook(new Request("https://example.com/voice"))).headers.get("etag")!;
    const res = await hook(new Request("https://example.com/voice", { headers: { "if-none-match": etag } }));
    expect(res.status).toBe(304);
    expect(await res.text()).toBe("");
    expect(res.headers.get("etag")).toBe(etag);
    expect(res.headers.get("cache-control")).toBe("public, max-age=300");
  });

  test("If-None-Match: * gets 304", async () => {
    const res = await webhook(greeting)(new Request("https://example.com/voice", { headers: { "if-none-match": "*" } }));
    expect(res.status).toBe(304);
  });

  test("a weak W/ form of the current ETag gets 304", async () => {
    const hook = webhook(greeting);
    const etag = (await hook(new Request("https://example.com/voice"))).headers.get("etag")!;
    const res = await hook(new Request("https://example.com/voice", { headers: { "if-none-match": `W/${etag}` } }));
    expect(res.status).toBe(304);
  });

  test("a list of tags that includes the current ETag gets 304", async () => {
    const hook = webhook(greeting);
    const etag = (await hook(new Request("https://example.com/voice"))).headers.get("etag")!;
    const headers = { "if-none-match": `"0123456789abcdef0123456789abcdef", W/"old" ,  ${etag}` };
    const res = await hook(new Request("https://example.com/voice", { headers }));
    expect(res.status).toBe(304);
  });

  test("a tag that does not match gets 200 with the document", async () => {
    const headers = { "if-none-match": '"0123456789abcdef0123456789abcdef"' };
    const res = await webhook(greeting)(new Request("https://example.com/voice", { headers }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(GREETING);
  });
});

describe("POST", () => {
  test("parameters come from the form body, not the query; the query stays available as query", async () => {
    const { handler, seen } = recorder();
    await webhook(handler)(post("https://example.com/sms?attempt=2", "From=%2B15551234567&Body=hi"));
    expect(seen[0]!.params).toEqual({ From: "+15551234567", Body: "hi" });
    expect(seen[0]!.query.get("attempt")).toBe("2");
  });

  test("the context has the method POST and the body as received", async () => {
    const { handler, seen } = recorder();
    await webhook(handler)(post("https://example.com/sms", "Body=hi+there"));
    expect(seen[0]!.method).toBe("POST");
    expect(seen[0]!.rawBody).toBe("Body=hi+there");
  });

  test("the response is 200 text/xml with Cache-Control no-store and no ETag", async () => {
    const res = await webhook(greeting)(post("https://example.com/voice", "CallSid=CA1"));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(GREETING);
    expect(res.headers.get("content-type")).toBe(XML);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("etag")).toBe(null);
  });

  test("a cacheControl option does not apply to POST responses", async () => {
    const res = await webhook(greeting, { cacheControl: "public, max-age=300" })(post("https://example.com/voice", "CallSid=CA1"));
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  test("If-None-Match is ignored", async () => {
    const request = post("https://example.com/voice", "CallSid=CA1", { "content-type": FORM, "if-none-match": "*" });
    const res = await webhook(greeting)(request);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(GREETING);
  });

  test("+ and %20 both decode to a space", async () => {
    const { handler, seen } = recorder();
    await webhook(handler)(post("https://example.com/sms", "Body=hello+there%20friend"));
    expect(seen[0]!.params.Body).toBe("hello there friend");
  });

  test("percent-encoded UTF-8 decodes to Unicode text", async () => {
    const { handler, seen } = recorder();
    await webhook(handler)(post("https://example.com/sms", "Body=Caf%C3%A9+%E2%98%95+%E6%97%A5%E6%9C%AC+%F0%9F%98%80"));
    expect(seen[0]!.params.Body).toBe("Café ☕ 日本 😀");
  });

  test("a form body sent by the Web API (with ;charset=UTF-8) is read", async () => {
    const { handler, seen } = recorder();
    const request = new Request("https://example.com/sms", { method: "POST", body: new URLSearchParams({ Body: "Café ☕" }) });
    await webhook(handler)(request);
    expect(seen[0]!.params.Body).toBe("Café ☕");
  });

  test("an empty body gives empty params", async () => {
    const { handler, seen } = recorder();
    const res = await webhook(handler)(new Request("https://example.com/sms?x=1", { method: "POST", headers: { "content-type": FORM } }));
    expect(res.status).toBe(200);
    expect(seen[0]!.params).toEqual({});
  });

  test("a JSON body is available as rawBody, with empty params", async () => {
    const { handler, seen } = recorder();
    const json = '{"property": "value", "boolean": true}';
    const res = await webhook(handler)(post("https://example.com/hook", json, { "content-type": "application/json" }));
    expect(res.status).toBe(200);
    expect(seen[0]!.rawBody).toBe(json);
    expect(seen[0]!.params).toEqual({});
  });

  test("malformed JSON is 400", async () => {
    const { handler, seen } = recorder();
    const res = await webhook(handler)(post("https://example.com/hook", '{"property": ', { "content-type": "application/json" }));
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe(TEXT);
    expect(await res.text()).toBe("Bad Request: malformed JSON body");
    expect(seen.length).toBe(0);
  });

  test("a broken % escape is 400", async () => {
    const { handler, seen } = recorder();
    const res = await webhook(handler)(post("https://example.com/sms", "Body=%zz"));
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("Bad Request: malformed form body");
    expect(seen.length).toBe(0);
  });

  test("percent-escapes that are not UTF-8 are 400", async () => {
    const { handler, seen } = recorder();
    const res = await webhook(handler)(post("https://example.com/sms", "Body=%FF"));
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("Bad Request: malformed form body");
    expect(seen.length).toBe(0);
  });

  test("a body whose bytes are not UTF-8 is 400", async () => {
    const { handler, seen } = recorder();
    const bytes = new Uint8Array([...new TextEncoder().encode("Body=caf"), 0xe9]);
    const res = await webhook(handler)(post("https://example.com/sms", bytes));
    expect(res.status).toBe(400);
    expect(await res.text()).toBe("Bad Request: the body is not UTF-8");
    expect(seen.length).toBe(0);
  });

  test("a text/plain body is 415", async () => {
    const { handler, seen } = recorder();
    const res = await webhook(handler)(post("https://example.com/sms", "Body=hi", { "content-type": "text/plain" }));
    expect(res.status).toBe(415);
    expect(await res.text()).toBe("Unsupported Media Type");
    expect(seen.length).toBe(0);
  });
});

describe("methods", () => {
  test.each(["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])(
    "%s is 405 with Allow: GET, POST, and the handler is not called",
    async (method) => {
      const { handler, seen } = recorder();
      const res = await webhook(handler)(new Request("https://example.com/voice", { method }));
      expect(res.status).toBe(405);
      expect(res.headers.get("allow")).toBe("GET, POST");
      expect(await res.text()).toBe("Method Not Allowed");
      expect(seen.length).toBe(0);
    },
  );
});

describe("body size", () => {
  test("a content-length over maxBodyBytes is 413 and the body is not read", async () => {
    const { handler, seen } = recorder();
    const request = post("https://example.com/sms", "Body=hi", { "content-type": FORM, "content-length": "65537" });
    const res = await webhook(handler)(request);
    expect(res.status).toBe(413);
    expect(await res.text()).toBe("Payload Too Large");
    expect(request.bodyUsed).toBe(false);
    expect(seen.length).toBe(0);
  });

  test("a streamed body that grows past maxBodyBytes is 413, and reading stops", async () => {
    const { handler, seen } = recorder();
    const { request, cancelled } = streamed("https://example.com/sms", ["Body=", "aaaa"], true);
    const res = await webhook(handler, { maxBodyBytes: 1024 })(request);
    expect(res.status).toBe(413);
    expect(await res.text()).toBe("Payload Too Large");
    expect(cancelled()).toBe(true);
    expect(seen.length).toBe(0);
  });

  test("a streamed body one byte over maxBodyBytes is 413", async () => {
    const { handler, seen } = recorder();
    const { request } = streamed("https://example.com/sms", ["Body=012", "3456789ab"]);
    const res = await webhook(handler, { maxBodyBytes: 16 })(request);
    expect(res.status).toBe(413);
    expect(seen.length).toBe(0);
  });

  test("a streamed body of exactly maxBodyBytes is accepted", async () => {
    const { handler, seen } = recorder();
    const { request } = streamed("https://example.com/sms", ["Body=012", "3456789a"]);
    const res = await webhook(handler, { maxBodyBytes: 16 })(request);
    expect(res.status).toBe(200);
    expect(seen[0]!.params.Body).toBe("0123456789a");
  });

  test("a content-length of exactly maxBodyBytes is accepted", async () => {
    const { handler, seen } = recorder();
    const request = post("https://example.com/sms", "Body=0123456789a", { "content-type": FORM, "content-length": "16" });
    const res = await webhook(handler, { maxBodyBytes: 16 })(request);
    expect(res.status).toBe(200);
    expect(seen[0]!.params.Body).toBe("0123456789a");
  });
});

describe("signatures", () => {
  const GET_URL = "https://example.com/voice?CallSid=CA123&From=%2B15551234567&To=%2B15557654321";
  const SMS_URL = "https://example.com/sms";
  const SMS_PARAMS = { Body: "hi", From: "+15551234567" };
  const SMS_BODY = "Body=hi&From=%2B15551234567";

  function signed(url: string, body: string | null, signature: string, extra: Record<string, string> = {}): Request {
    const headers = { "x-twilio-signature": signature, ...extra };
    return body === null
      ? new Request(url, { headers })
      : new Request(url, { method: "POST", body, headers: { "content-type": FORM, ...headers } });
  }

  test("with an auth token, a request without X-Twilio-Signature is 403 and the handler is not called", async () => {
    const { handler, seen } = recorder();
    const res = await webhook(handler, { authToken: TOKEN, log: keep })(post(SMS_URL, SMS_BODY));
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe(TEXT);
    expect(await res.text()).toBe(FORBIDDEN);
    expect(seen.length).toBe(0);
  });

  test("a wrong signature is 403", async () => {
    const { handler, seen } = recorder();
    const wrong = getExpectedTwilioSignature("another token", SMS_URL, SMS_PARAMS);
    const res = await webhook(handler, { authToken: TOKEN, log: keep })(signed(SMS_URL, SMS_BODY, wrong));
    expect(res.status).toBe(403);
    expect(await res.text()).toBe(FORBIDDEN);
    expect(seen.length).toBe(0);
  });

  test("a signature over other parameters than those sent is 403", async () => {
    const { handler, seen } = recorder();
    const signature = getExpectedTwilioSignature(TOKEN, SMS_URL, { ...SMS_PARAMS, Body: "bye" });
    const res = await webhook(handler, { authToken: TOKEN, log: keep })(signed(SMS_URL, SMS_BODY, signature));
    expect(res.status).toBe(403);
    expect(seen.length).toBe(0);
  });

  test("a correct signature on a GET (the URL with its query, no parameters) is 200", async () => {
    const signature = getExpectedTwilioSignature(TOKEN, GET_URL, {});
    const res = await webhook(greeting, { authToken: TOKEN, log: keep })(signed(GET_URL, null, signature));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(GREETING);
  });

  test("a correct signature on a form POST (the URL and the sorted parameters) is 200", async () => {
    const signature = getExpectedTwilioSignature(TOKEN, SMS_URL, SMS_PARAMS);
    const res = await webhook(greeting, { authToken: TOKEN, log: keep })(signed(SMS_URL, SMS_BODY, signature));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(GREETING);
  });

  test("a correct signature on a JSON POST (bodySHA256 in the URL) is 200", async () => {
    const json = '{"property": "value", "boolean": true}';
    const url = `https://example.com/myapp?bodySHA256=${createHash("sha256").update(json).digest("hex")}`;
    const signature = getExpectedTwilioSignature(TOKEN, url, {});
    const request = post(url, json, { "content-type": "application/json", "x-twilio-signature": signature });
    const res = await webhook(greeting, { authToken: TOKEN, log: keep })(request);
    expect(res.status).toBe(200);
  });

  test("a JSON POST whose URL has no bodySHA256 is 403, even with a signature over the URL", async () => {
    // https://www.twilio.com/docs/usage/webhooks/webhooks-security#validating-signatures-from-twilio
    const { handler, seen } = recorder();
    const signature = getExpectedTwilioSignature(TOKEN, SMS_URL, {});
    const request = post(SMS_URL, '{"Body":"forged"}', { "content-type": "application/json", "x-twilio-signature": signature });
    const res = await webhook(handler, { authToken: TOKEN, log: keep })(request);
    expect(res.status).toBe(403);
    expect(await res.text()).toBe(FORBIDDEN);
    expect(seen.length).toBe(0);
    expect(logged).toEqual([
      "POST /sms answered 403: the body is not a form and the URL has no bodySHA256 parameter, so no signature covers it.",
    ]);
  });

  test("a JSON POST with an empty body and a signature over the URL is 200: no body goes unsigned", async () => {
    const signature = getExpectedTwilioSignature(TOKEN, SMS_URL, {});
    const request = post(SMS_URL, "", { "content-type": "application/json", "x-twilio-signature": signature });
    const res = await webhook(greeting, { authToken: TOKEN, log: keep })(request);
    expect(res.status).toBe(200);
  });

  test("a JSON POST whose body differs from its bodySHA256 is 403 and the log says so", async () => {
    const url = `https://example.com/myapp?bodySHA256=${createHash("sha256").update("{}").digest("hex")}`;
    const signature = getExpectedTwilioSignature(TOKEN, url, {});
    const request = post(url, '{"a":1}', { "content-type": "application/json", "x-twilio-signature": signature });
    const res = await webhook(greeting, { authToken: TOKEN, log: keep })(request);
    expect(res.status).toBe(403);
    expect(logged).toEqual(["POST /myapp answered 403: the SHA-256 of the body differs from the URL's bodySHA256 parameter."]);
  });

  test("a 403 for a missing signature is logged with the reason, and nothing of it in the response", async () => {
    const res = await webhook(greeting, { authToken: TOKEN, log: keep })(post(SMS_URL, SMS_BODY));
    expect(await res.text()).toBe(FORBIDDEN);
    expect(logged).toEqual(["POST /sms answered 403: the request has no X-Twilio-Signature header."]);
  });

  test("a 403 for a wrong signature logs the URLs checked and that publicUrl is the fix behind a proxy", async () => {
    const wrong = getExpectedTwilioSignature(TOKEN, "https://abc.ngrok.app/sms", SMS_PARAMS);
    const res = await webhook(greeting, { authToken: TOKEN, log: keep })(signed("http://127.0.0.1:3000/sms", SMS_BODY, wrong));
    expect(res.status).toBe(403);
    expect(logged).toEqual([
      "POST /sms answered 403: X-Twilio-Signature matches none of the URLs checked (http://127.0.0.1:3000/sms; each with " +
        "and without its port, and normalised). Behind a proxy or tunnel (ngrok…) the server sees another URL than the one " +
        'Twilio signed: set publicUrl to the public origin, such as "https://abc.ngrok.app".',
    ]);
  });

  test("with a publicUrl, a 403 logs the public URL checked and asks to check publicUrl", async () => {
    const wrong = getExpectedTwilioSignature(TOKEN, "https://other.example/sms", SMS_PARAMS);
    const hook = webhook(greeting, { authToken: TOKEN, log: keep, publicUrl: "https://abc.ngrok.app" });
    await hook(signed("http://127.0.0.1:3000/sms", SMS_BODY, wrong));
    expect(logged).toEqual([
      "POST /sms answered 403: X-Twilio-Signature matches none of the URLs checked (https://abc.ngrok.app/sms; each with " +
        "and without its port, and normalised). Check that publicUrl is the URL Twilio calls, as set in the Twilio Console.",
    ]);
  });

  test("a request signed with a SharedKey when only an auth token is set is 403 and the log names the missing secret", async () => {
    const signature = getExpectedTwilioSignature("secret", SMS_URL, SMS_PARAMS, "HMAC_SHA256");
    const hook = webhook(greeting, { authToken: TOKEN, log: keep });
    const res = await hook(signed(SMS_URL, SMS_BODY, signature, { "x-twilio-webhooks-signature-settings": "key=k,algorithm=HMAC_SHA256" }));
    expect(res.status).toBe(403);
    expect(logged).toEqual([
      "POST /sms answered 403: the request is signed with a SharedKey (it carries X-Twilio-Webhooks-Signature-Settings) and no sharedKeySecret is set.",
    ]);
  });

  describe("publicUrl", () => {
    const LOCAL = "http://127.0.0.1:3000/voice?CallSid=CA123";

    test("an origin: the signature is checked against the public URL, which the context gets as url", async () => {
      const { handler, seen } = recorder();
      const publicUrl = "https://example.ngrok.app/voice?CallSid=CA123";
      const hook = webhook(handler, { authToken: TOKEN, log: keep, publicUrl: "https://example.ngrok.app" });
      const res = await hook(signed(LOCAL, null, getExpectedTwilioSignature(TOKEN, publicUrl, {})));
      expect(res.status).toBe(200);
      expect(seen[0]!.url.href).toBe(publicUrl);
    });

    test("an origin: a signature over the URL the server sees is 403", async () => {
      const hook = webhook(greeting, { authToken: TOKEN, log: keep, publicUrl: "https://example.ngrok.app" });
      const res = await hook(signed(LOCAL, null, getExpectedTwilioSignature(TOKEN, LOCAL, {})));
      expect(res.status).toBe(403);
    });

    test("an origin with a base path: the path the server sees is appended to it", async () => {
      const { handler, seen } = recorder();
      const publicUrl = "https://example.ngrok.app/twilio/voice?CallSid=CA123";
      const hook = webhook(handler, { authToken: TOKEN, log: keep, publicUrl: "https://example.ngrok.app/twilio" });
      const res = await hook(signed(LOCAL, null, getExpectedTwilioSignature(TOKEN, publicUrl, {})));
      expect(res.status).toBe(200);
      expect(seen[0]!.url.href).toBe(publicUrl);
    });

    test("a base path with a trailing slash gives the same URL", async () => {
      const { handler, seen } = recorder();
      await webhook(handler, { publicUrl: "https://example.ngrok.app/twilio/" })(new Request(LOCAL));
      expect(seen[0]!.url.href).toBe("https://example.ngrok.app/twilio/voice?CallSid=CA123");
    });

    test("a function gets the request and returns the full public URL, used for the signature and as url", async () => {
      const { handler, seen } = recorder();
      const given: Request[] = [];
      const publicUrl = "https://hooks.example.com/answer?CallSid=CA123&region=eu";
      const hook = webhook(handler, {
        authToken: TOKEN,
        publicUrl: (request) => {
          given.push(request);
          return publicUrl;
        },
      });
      const request = signed(LOCAL, null, getExpectedTwilioSignature(TOKEN, publicUrl, {}));
      const res = await hook(request);
      expect(res.status).toBe(200);
      expect(given[0]).toBe(request);
      expect(seen[0]!.url.href).toBe(publicUrl);
    });
  });

  test("validateSignature: false with an auth token checks nothing", async () => {
    const res = await webhook(greeting, { authToken: TOKEN, log: keep, validateSignature: false })(post(SMS_URL, SMS_BODY));
    expect(res.status).toBe(200);
  });

  test("validateSignature: true without a secret throws a WebhookError when the webhook is created", () => {
    const error = caught(() => webhook(greeting, { validateSignature: true }));
    expect(error).toBeInstanceOf(WebhookError);
    expect((error as WebhookError).name).toBe("WebhookError");
    expect((error as WebhookError).message).toBe(
      "webhook(): validateSignature is on but neither authToken nor sharedKeySecret is set (is the environment variable that holds it set?)",
    );
  });

  describe("SharedKey", () => {
    const SECRET = "shared_secret_abc";
    const SIGNED_URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const PARAMS = { CallSid: "CA1234567890ABCDE", Caller: "+12349013030", Digits: "1234", From: "+12349013030", To: "+18005551212" };
    const BODY = new URLSearchParams(PARAMS).toString();
    const SETTINGS = { "x-twilio-webhooks-signature-settings": "key=k,algorithm=HMAC_SHA256" };

    test("a sharedKeySecret alone turns validation on: an unsigned request is 403", async () => {
      const res = await webhook(greeting, { sharedKeySecret: SECRET, log: keep })(post(SIGNED_URL, BODY));
      expect(res.status).toBe(403);
      expect(await res.text()).toBe(FORBIDDEN);
    });

    test("an HMAC-SHA256 signature with the SharedKey secret and the settings header is 200", async () => {
      const signature = getExpectedTwilioSignature(SECRET, SIGNED_URL, PARAMS, "HMAC_SHA256");
      const res = await webhook(greeting, { sharedKeySecret: SECRET, log: keep })(signed(SIGNED_URL, BODY, signature, SETTINGS));
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(GREETING);
    });

    test("the same signature computed with HMAC-SHA1 is 403", async () => {
      const signature = getExpectedTwilioSignature(SECRET, SIGNED_URL, PARAMS, "HMAC_SHA1");
      const res = await webhook(greeting, { sharedKeySecret: SECRET, log: keep })(signed(SIGNED_URL, BODY, signature, SETTINGS));
      expect(res.status).toBe(403);
    });
  });
});

describe("errors", () => {
  test("a handler that throws gives a bare 500 and onError gets the error and the request, once", async () => {
    const failure = new Error("database password is hunter2");
    const { hook, errors, requests } = reporting(() => {
      throw failure;
    });
    const request = new Request("https://example.com/voice");
    const res = await hook(request);
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe(TEXT);
    expect(await res.text()).toBe("Internal Server Error");
    expect(errors.length).toBe(1);
    expect(errors[0]).toBe(failure);
    expect(requests[0]).toBe(request);
  });

  test("a publicUrl function that throws gives a bare 500 and onError gets its error", async () => {
    const failure = new Error("no tunnel");
    const { hook, errors } = reporting(greeting, {
      publicUrl: () => {
        throw failure;
      },
    });
    const res = await hook(new Request("https://example.com/voice"));
    expect(res.status).toBe(500);
    expect(await res.text()).toBe("Internal Server Error");
    expect(errors).toEqual([failure]);
  });

  test("a publicUrl that is not a URL gives a bare 500 and onError gets the TypeError", async () => {
    const { hook, errors } = reporting(greeting, { publicUrl: () => "not a url" });
    const res = await hook(new Request("https://example.com/voice"));
    expect(res.status).toBe(500);
    expect(errors[0]).toBeInstanceOf(TypeError);
  });

  test("a cacheControl function that throws gives a bare 500 and onError gets its error", async () => {
    const failure = new Error("no policy");
    const { hook, errors } = reporting(greeting, {
      cacheControl: () => {
        throw failure;
      },
    });
    const res = await hook(new Request("https://example.com/voice"));
    expect(res.status).toBe(500);
    expect(errors).toEqual([failure]);
  });

  test("a cacheControl function whose result is not a header value gives 500 and onError gets a WebhookError", async () => {
    const { hook, errors } = reporting(greeting, { cacheControl: () => "no-cache\r\nSet-Cookie: a=1" });
    const res = await hook(new Request("https://example.com/voice"));
    expect(res.status).toBe(500);
    expect((errors[0] as WebhookError).message).toBe(
      'the cacheControl function\'s result must be a header value: visible ASCII characters and inner spaces, no line breaks, not empty, got "no-cache\\r\\nSet-Cookie: a=1"',
    );
  });

  test("a handler whose promise rejects gives 500 and onError gets the reason", async () => {
    const failure = new Error("timeout");
    const { hook, errors } = reporting(async () => {
      throw failure;
    });
    const res = await hook(new Request("https://example.com/voice"));
    expect(res.status).toBe(500);
    expect(errors).toEqual([failure]);
  });

  test("without onError a handler error is still a 500, and the error goes to the log", async () => {
    const res = await webhook(
      () => {
        throw new Error("boom");
      },
      { log: keep },
    )(new Request("https://example.com/voice"));
    expect(res.status).toBe(500);
    expect(await res.text()).toBe("Internal Server Error");
    expect(logged.map((line) => line.split("\n")[0])).toEqual(["GET /voice answered 500: Error: boom"]);
  });

  test("a document that fails validation gives 500 and onError gets the TwiMLError with its code", async () => {
    const { hook, errors } = reporting(() => (
      <VoiceResponse>
        <Gather>{(<Dial>+15550100</Dial>) as never}</Gather>
      </VoiceResponse>
    ));
    const res = await hook(new Request("https://example.com/voice"));
    expect(res.status).toBe(500);
    expect(await res.text()).toBe("Internal Server Error");
    const error = errors[0] as TwiMLError;
    expect(error).toBeInstanceOf(TwiMLError);
    expect(error.code).toBe("TWIML001");
    expect(error.message).toBe("<Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause) at Response > Gather[0] > Dial");
  });

  test("a handler that returns something other than an element gives 500 with a WebhookError", async () => {
    const { hook, errors } = reporting(() => "<Response/>" as never);
    const res = await hook(new Request("https://example.com/voice"));
    expect(res.status).toBe(500);
    const error = errors[0] as WebhookError;
    expect(error).toBeInstanceOf(WebhookError);
    expect(error.message).toBe("the handler returned something other than a TwiML element");
  });

  test("an onError that throws still gives 500", async () => {
    const hook = webhook(
      () => {
        throw new Error("boom");
      },
      {
        onError: () => {
          throw new Error("the error hook is broken too");
        },
      },
    );
    const res = await hook(new Request("https://example.com/voice"));
    expect(res.status).toBe(500);
    expect(await res.text()).toBe("Internal Server Error");
  });

  test("Twilio's TwiML size limit is 65,536 bytes", () => {
    expect(TWIML_SIZE_LIMIT).toBe(65536);
  });

  test("a document over 65,536 bytes gives 500 and a WebhookError stating its size and the limit", async () => {
    const { hook, errors } = reporting(() => sized(65537));
    const res = await hook(new Request("https://example.com/voice"));
    expect(res.status).toBe(500);
    expect(await res.text()).toBe("Internal Server Error");
    const error = errors[0] as WebhookError;
    expect(error).toBeInstanceOf(WebhookError);
    expect(error.message).toBe("the TwiML document is 65537 bytes, over Twilio's limit of 65536 (error 11750); it was not sent");
  });

  test("a document of exactly 65,536 bytes is sent", async () => {
    const { hook, errors } = reporting(() => sized(65536));
    const res = await hook(new Request("https://example.com/voice"));
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBe(65536);
    expect(errors.length).toBe(0);
  });

  test("the limit counts UTF-8 bytes, not characters", async () => {
    const document = sized(65537, "éé");
    expect(render(document).length).toBe(65535);
    const { hook, errors } = reporting(() => document);
    const res = await hook(new Request("https://example.com/voice"));
    expect(res.status).toBe(500);
    expect((errors[0] as WebhookError).message).toBe(
      "the TwiML document is 65537 bytes, over Twilio's limit of 65536 (error 11750); it was not sent",
    );
  });

  test("by default a character XML forbids is dropped from the document", async () => {
    const res = await webhook(() => (
      <VoiceResponse>
        <Say>{"a\u0001b"}</Say>
      </VoiceResponse>
    ))(new Request("https://example.com/voice"));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(`${DECLARATION}<Response><Say>ab</Say></Response>`);
  });

  test("with render: { strict: true } a character XML forbids gives 500 with TWIML014", async () => {
    const { hook, errors } = reporting(
      () => (
        <VoiceResponse>
          <Say>{"a\u0001b"}</Say>
        </VoiceResponse>
      ),
      { render: { strict: true } },
    );
    const res = await hook(new Request("https://example.com/voice"));
    expect(res.status).toBe(500);
    const error = errors[0] as TwiMLError;
    expect(error.code).toBe("TWIML014");
    expect(error.message).toBe(
      "Text in <Say> contains U+0001, which XML 1.0 forbids (remove it, or render without strict to drop it) at Response > Say",
    );
  });
});

describe("handler results", () => {
  test("a Response returned by the handler is passed through unchanged", async () => {
    const own = new Response("see other", { status: 303, headers: { location: "/elsewhere" } });
    const res = await webhook(() => own)(new Request("https://example.com/voice"));
    expect(res).toBe(own);
  });

  test("an async handler's element is rendered", async () => {
    const hook = webhook(async ({ params }) => {
      const name = await Promise.resolve(params.Name);
      return (
        <VoiceResponse>
          <Say>Hello {name}</Say>
        </VoiceResponse>
      );
    });
    const res = await hook(post("https://example.com/voice", "Name=Ada"));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(`${DECLARATION}<Response><Say>Hello Ada</Say></Response>`);
  });
});
