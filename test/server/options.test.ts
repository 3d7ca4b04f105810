import { describe, expect, test } from "vitest";
import { toNodeHandler } from "../../src/server/node-http.js";
import { WebhookError, webhook, type WebhookOptions } from "../../src/server/webhook.js";
import { thrownMessage } from "./thrown.js";

// Option values are checked when the webhook is created: a mistake fails at start-up, never per request.

const handler = (): Response => new Response("ok");

const refusal = (options: unknown): string => thrownMessage(WebhookError, () => webhook(handler, options as WebhookOptions));

describe("webhook() refuses an option value it cannot take, naming the option and the fix", () => {
  test.each([
    [{ maxBodyBytes: Number.NaN }, "maxBodyBytes", "NaN"],
    [{ maxBodyBytes: -1 }, "maxBodyBytes", "-1"],
    [{ maxBodyBytes: 1.5 }, "maxBodyBytes", "1.5"],
    [{ maxBodyBytes: Number.POSITIVE_INFINITY }, "maxBodyBytes", "Infinity"],
    [{ maxBodyBytes: "1024" }, "maxBodyBytes", '"1024"'],
  ])("%o", (options, _name, shown) => {
    expect(refusal(options)).toBe(
      `webhook(): maxBodyBytes must be a whole number of bytes, 0 or more (Number() of an unset environment variable is NaN; no limit at all is not offered), got ${shown}`,
    );
  });

  test("an empty authToken", () => {
    expect(refusal({ authToken: "" })).toBe(
      'webhook(): authToken is empty: set it to the secret from the Twilio Console, or leave it out (undefined) to check no signatures, got ""',
    );
  });

  test("an empty sharedKeySecret", () => {
    expect(refusal({ sharedKeySecret: "" })).toBe(
      'webhook(): sharedKeySecret is empty: set it to the secret from the Twilio Console, or leave it out (undefined) to check no signatures, got ""',
    );
  });

  test("an authToken that is not a string", () => {
    expect(refusal({ authToken: 12345 })).toBe("webhook(): authToken must be a string, got 12345");
  });

  test("a validateSignature that is not a boolean", () => {
    expect(refusal({ authToken: "t", validateSignature: "false" })).toBe('webhook(): validateSignature must be true or false, got "false"');
  });

  test("a publicUrl that is not absolute", () => {
    expect(refusal({ publicUrl: "abc.ngrok.app" })).toBe(
      'webhook(): publicUrl must be an absolute URL such as "https://abc.ngrok.app" (the origin Twilio calls), got "abc.ngrok.app"',
    );
  });

  test("a publicUrl with another scheme than http or https", () => {
    expect(refusal({ publicUrl: "ftp://abc.ngrok.app" })).toBe(
      'webhook(): publicUrl must start with http:// or https://, got "ftp://abc.ngrok.app"',
    );
  });

  test("a publicUrl with a query", () => {
    expect(refusal({ publicUrl: "https://abc.ngrok.app/?x=1" })).toBe(
      'webhook(): publicUrl must be an origin and base path only, without ? or #: the path and query of each request are appended to it, got "https://abc.ngrok.app/?x=1"',
    );
  });

  test.each([
    ["no-cache\r\nSet-Cookie: a=1", '"no-cache\\r\\nSet-Cookie: a=1"'],
    ["no-cache\n", '"no-cache\\n"'],
    ["", '""'],
    ["max-age=60\u0000", '"max-age=60\\u0000"'],
    ["max-âge", '"max-âge"'],
  ])("a cacheControl of %j", (value, shown) => {
    expect(refusal({ cacheControl: value })).toBe(
      `webhook(): cacheControl must be a header value: visible ASCII characters and inner spaces, no line breaks, not empty, got ${shown}`,
    );
  });

  test("an onError that is not a function", () => {
    expect(refusal({ onError: "console.error" })).toBe('webhook(): onError must be a function, got "console.error"');
  });

  test("a log that is not a function", () => {
    expect(refusal({ log: true })).toBe("webhook(): log must be a function, got true");
  });

  test("render options that are not an object", () => {
    expect(refusal({ render: true })).toBe("webhook(): render must be an object, got true");
  });

  test("a render option it does not know", () => {
    expect(refusal({ render: { indent: "  " } })).toBe("webhook() option render: unknown option indent (known: strict)");
  });

  test("an option it does not know, with the spelling it probably meant", () => {
    expect(refusal({ authtoken: "12345" })).toBe("webhook(): unknown option authtoken (did you mean authToken?)");
  });

  test("an option it does not know at all, with the list of known options", () => {
    expect(refusal({ secret: "12345" })).toBe(
      "webhook(): unknown option secret (known: authToken, sharedKeySecret, validateSignature, publicUrl, cacheControl, maxBodyBytes, onError, log, render)",
    );
  });

  test("options that are not an object", () => {
    expect(refusal("12345")).toBe('webhook(): options must be an object, got "12345"');
  });

  test("a handler that is not a function", () => {
    expect(() => webhook(undefined as never)).toThrow(new WebhookError("webhook(): the handler must be a function"));
  });
});

describe("webhook() accepts", () => {
  test("every option given as undefined, as `process.env.X` gives when X is unset", () => {
    const options: Record<keyof WebhookOptions, undefined> = {
      authToken: undefined,
      sharedKeySecret: undefined,
      validateSignature: undefined,
      publicUrl: undefined,
      cacheControl: undefined,
      maxBodyBytes: undefined,
      onError: undefined,
      log: undefined,
      render: undefined,
    };
    expect(refusal(options)).toBe("accepted");
  });

  test("a maxBodyBytes of 0", () => {
    expect(refusal({ maxBodyBytes: 0 })).toBe("accepted");
  });

  test("a publicUrl with a base path", () => {
    expect(refusal({ publicUrl: "https://abc.ngrok.app/twilio/" })).toBe("accepted");
  });

  test("a cacheControl with inner spaces", () => {
    expect(refusal({ cacheControl: "public, max-age=300" })).toBe("accepted");
  });
});

describe("toNodeHandler() refuses", () => {
  test("a handler that is not a function", () => {
    expect(() => toNodeHandler(undefined as never)).toThrow(
      new WebhookError("toNodeHandler(): the handler must be a function, such as webhook()'s result"),
    );
  });

  test("an onError that is not a function", () => {
    expect(() => toNodeHandler(handler, { onError: 1 as never })).toThrow(
      new WebhookError("toNodeHandler(): onError must be a function, got 1"),
    );
  });

  test("an option it does not know", () => {
    expect(() => toNodeHandler(handler, { onerror: () => {} } as never)).toThrow(
      new WebhookError("toNodeHandler(): unknown option onerror (did you mean onError?)"),
    );
  });
});
