import { describe, expect, test } from "vitest";
import {
  algorithmOf,
  computeSignature,
  reencodeQuery,
  sha256Hex,
  urlVariants,
  validateSignature,
  type SignedRequest,
} from "../../src/server/signature.js";

// Expected signatures are the values twilio-node 6.3.1 computes for the same inputs.

const TOKEN = "12345";
const SHARED_SECRET = "shared_secret_abc";
const SHA256_SETTINGS = "key=webhooks_sharedkey_abc,algorithm=HMAC_SHA256";

interface Signed {
  readonly url: string;
  readonly signature: string;
  readonly form?: URLSearchParams | null;
  readonly rawBody?: string;
  readonly settings?: string | null;
}

function signed({ url, signature, form = null, rawBody = "", settings = null }: Signed): SignedRequest {
  return { url, form, rawBody, signature, settings };
}

const tokenOnly = { authToken: TOKEN };

describe("vector #1: form POST to a URL with a query string", () => {
  const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  const form = (): URLSearchParams =>
    new URLSearchParams({
      CallSid: "CA1234567890ABCDE",
      Caller: "+12349013030",
      Digits: "1234",
      From: "+12349013030",
      To: "+18005551212",
    });
  const signature = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

  test("computes the signature Twilio sends", async () => {
    expect(await computeSignature(TOKEN, url, form())).toBe(signature);
  });

  test("signs the parameters whatever order they arrive in", async () => {
    const reversed = new URLSearchParams([...form()].reverse());
    expect(await computeSignature(TOKEN, url, reversed)).toBe(signature);
  });

  test("validates", async () => {
    expect(await validateSignature(signed({ url, form: form(), signature }), tokenOnly)).toBe(true);
  });

  test("validates at the :443 form of the URL", async () => {
    const request = signed({ url: "https://mycompany.com:443/myapp.php?foo=1&bar=2", form: form(), signature });
    expect(await validateSignature(request, tokenOnly)).toBe(true);
  });

  test("rejects the same request with the query order changed", async () => {
    const request = signed({ url: "https://mycompany.com/myapp.php?bar=2&foo=1", form: form(), signature });
    expect(await validateSignature(request, tokenOnly)).toBe(false);
  });

  test("rejects the same request with an extra parameter", async () => {
    const extra = form();
    extra.append("Extra", "1");
    expect(await validateSignature(signed({ url, form: extra, signature }), tokenOnly)).toBe(false);
  });
});

describe("vector #2: GET with the parameters in the query string", () => {
  const url = "https://example.com/voice?CallSid=CA123&From=%2B15551234567&To=%2B15557654321";
  const signature = "8eAsn07i7XP6u/PL4xhVAqaf0mc=";

  test("computes the signature over the URL alone", async () => {
    expect(await computeSignature(TOKEN, url, null)).toBe(signature);
  });

  test("validates", async () => {
    expect(await validateSignature(signed({ url, signature }), tokenOnly)).toBe(true);
  });
});

describe("vector #3a: Twilio signed the URL with :443", () => {
  const form = (): URLSearchParams => new URLSearchParams("Body=hi");
  const signature = "yna5fJFStaHqoGcIHFAroS3ZMtw=";

  test("computes the signature", async () => {
    expect(await computeSignature(TOKEN, "https://example.com:443/sms", form())).toBe(signature);
  });

  test("validates at the URL without the port", async () => {
    const request = signed({ url: "https://example.com/sms", form: form(), signature });
    expect(await validateSignature(request, tokenOnly)).toBe(true);
  });

  test("validates at the URL with :443", async () => {
    const request = signed({ url: "https://example.com:443/sms", form: form(), signature });
    expect(await validateSignature(request, tokenOnly)).toBe(true);
  });
});

describe("vector #3b: Twilio signed the https URL without a port", () => {
  const form = (): URLSearchParams => new URLSearchParams("Body=hi");
  const signature = "g90pT4BNEwvv48KBE2+l9ClZguk=";

  test("computes the signature", async () => {
    expect(await computeSignature(TOKEN, "https://example.com/sms", form())).toBe(signature);
  });

  test("validates at the URL without the port", async () => {
    const request = signed({ url: "https://example.com/sms", form: form(), signature });
    expect(await validateSignature(request, tokenOnly)).toBe(true);
  });

  test("validates at the URL with :443", async () => {
    const request = signed({ url: "https://example.com:443/sms", form: form(), signature });
    expect(await validateSignature(request, tokenOnly)).toBe(true);
  });
});

describe("vector #3c: Twilio signed the http URL without a port", () => {
  const form = (): URLSearchParams => new URLSearchParams("Body=hi");
  const signature = "iUYOHJVuOY4ODpvY52bh4V9HUaw=";

  test("computes the signature", async () => {
    expect(await computeSignature(TOKEN, "http://example.com/sms", form())).toBe(signature);
  });

  test("validates at the URL with :80", async () => {
    const request = signed({ url: "http://example.com:80/sms", form: form(), signature });
    expect(await validateSignature(request, tokenOnly)).toBe(true);
  });
});

describe("vector #4: repeated parameter names", () => {
  const url = "https://example.com/hook";
  const form = (): URLSearchParams => new URLSearchParams("Body=x&MediaUrl=b&MediaUrl=a&MediaUrl=a");
  const signature = "ShRkz0ZdeAbeOPicl+PzwDUuZcM=";

  test("signs each distinct value once, sorted", async () => {
    expect(await computeSignature(TOKEN, url, form())).toBe(signature);
  });

  test("signs the same as the de-duplicated values", async () => {
    expect(await computeSignature(TOKEN, url, new URLSearchParams("Body=x&MediaUrl=a&MediaUrl=b"))).toBe(signature);
  });

  test("validates", async () => {
    expect(await validateSignature(signed({ url, form: form(), signature }), tokenOnly)).toBe(true);
  });
});

describe("vector #5: non-ASCII parameter values", () => {
  const url = "https://example.com/sms?lang=fr";
  const form = (): URLSearchParams => new URLSearchParams({ Body: "Café ☕ 日本", From: "+33612345678" });
  const signature = "unH6GwFbS9hGje+xxWVrAkUuzeY=";

  test("signs the UTF-8 bytes", async () => {
    expect(await computeSignature(TOKEN, url, form())).toBe(signature);
  });

  test("validates", async () => {
    expect(await validateSignature(signed({ url, form: form(), signature }), tokenOnly)).toBe(true);
  });
});

describe("vector #6: JSON body with bodySHA256", () => {
  const hash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";
  const url = `https://example.com/myapp?bodySHA256=${hash}`;
  const rawBody = '{"property": "value", "boolean": true}';
  const signature = "Klp85180pYIxzIO5cuyxpfh1BKw=";

  test("hashes the body to the bodySHA256 value", async () => {
    expect(await sha256Hex(rawBody)).toBe(hash);
  });

  test("computes the signature over the URL alone", async () => {
    expect(await computeSignature(TOKEN, url, null)).toBe(signature);
  });

  test("validates", async () => {
    expect(await validateSignature(signed({ url, rawBody, signature }), tokenOnly)).toBe(true);
  });

  test("rejects the request when one byte of the body changes", async () => {
    const changed = rawBody.replace("true", "trud");
    expect(await validateSignature(signed({ url, rawBody: changed, signature }), tokenOnly)).toBe(false);
  });
});

describe("vector #7: SharedKey with HMAC_SHA256", () => {
  const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  const form = (): URLSearchParams =>
    new URLSearchParams({
      CallSid: "CA1234567890ABCDE",
      Caller: "+12349013030",
      Digits: "1234",
      From: "+12349013030",
      To: "+18005551212",
    });
  const signature = "eYoKrDap4d7GpziCSPPuWNNoZfyfG0xTUR7+rYUv0pM=";
  const secrets = { authToken: TOKEN, sharedKeySecret: SHARED_SECRET };

  test("computes the signature", async () => {
    expect(await computeSignature(SHARED_SECRET, url, form(), "HMAC_SHA256")).toBe(signature);
  });

  test("validates with the SharedKey secret and the algorithm the settings header names", async () => {
    const request = signed({ url, form: form(), signature, settings: SHA256_SETTINGS });
    expect(await validateSignature(request, secrets)).toBe(true);
  });

  test("rejects the signature when the settings header names HMAC_SHA1", async () => {
    const settings = "key=webhooks_sharedkey_abc,algorithm=HMAC_SHA1";
    const request = signed({ url, form: form(), signature, settings });
    expect(await validateSignature(request, secrets)).toBe(false);
  });
});

describe("vector #8: empty values", () => {
  const url = "https://example.com/x";
  const form = (): URLSearchParams => new URLSearchParams("Digits=&Body=a");
  const signature = "wGGGJYIcpc/fNA1FYDghuUfakkM=";

  test("still signs the name of an empty value", async () => {
    expect(await computeSignature(TOKEN, url, form())).toBe(signature);
  });

  test("validates", async () => {
    expect(await validateSignature(signed({ url, form: form(), signature }), tokenOnly)).toBe(true);
  });
});

describe("vector #9: Twilio signed an escaped query", () => {
  const url = "https://example.com/path?name=O%27Brien";
  const signature = "aJYoQfUDucpZ9ZLnl6Gsa8yO1tQ=";

  test("computes the signature over the escaped URL", async () => {
    expect(await computeSignature(TOKEN, url, null)).toBe(signature);
  });

  test("validates at the escaped URL", async () => {
    expect(await validateSignature(signed({ url, signature }), tokenOnly)).toBe(true);
  });

  test("validates at the raw URL, through the normalised form", async () => {
    const request = signed({ url: "https://example.com/path?name=O'Brien", signature });
    expect(await validateSignature(request, tokenOnly)).toBe(true);
  });
});

describe("URL variants", () => {
  test("a signature over a raw ' validates at the escaped URL, through the re-encoded query", async () => {
    const signature = "d7kI8qsoQ+z0Qwon+qBbgqZQmOc=";
    const request = signed({ url: "https://example.com/path?name=O%27Brien", signature });
    expect(await validateSignature(request, tokenOnly)).toBe(true);
  });

  test("a signature over %20 validates at the URL with +, through the re-encoded query", async () => {
    const request = signed({ url: "https://example.com/search?q=a+b", signature: "7lr0lnSinpj8mdgt4y1f0AtPN90=" });
    expect(await validateSignature(request, tokenOnly)).toBe(true);
  });

  test("a signature over + does not validate at the URL with %20", async () => {
    const request = signed({ url: "https://example.com/search?q=a%20b", signature: "s+z4qrJpISDjxi4hAsD3Gpm4RmM=" });
    expect(await validateSignature(request, tokenOnly)).toBe(false);
  });

  test("a signature over the URL without a port validates at a non-default port, as twilio-node accepts", async () => {
    const request = signed({
      url: "https://example.com:8443/sms",
      form: new URLSearchParams("Body=hi"),
      signature: "g90pT4BNEwvv48KBE2+l9ClZguk=",
    });
    expect(await validateSignature(request, tokenOnly)).toBe(true);
  });

  test("a signature over integer-like names first validates at another query order, as in twilio-node", async () => {
    const request = signed({ url: "https://example.com/q?b=1&0=2", signature: "Jt7QlH9ePyBeyvdcxwS3AJuclUs=" });
    expect(await validateSignature(request, tokenOnly)).toBe(true);
  });

  test("lists the received, normalised and re-encoded forms without duplicates", () => {
    expect(urlVariants("https://example.com/p?q=O'Brien+x")).toStrictEqual([
      "https://example.com/p?q=O'Brien+x",
      "https://example.com:443/p?q=O'Brien+x",
      "https://example.com/p?q=O%27Brien+x",
      "https://example.com:443/p?q=O%27Brien+x",
      "https://example.com/p?q=O'Brien%20x",
      "https://example.com:443/p?q=O'Brien%20x",
    ]);
  });

  test("keeps an IPv6 literal's colons out of the port", () => {
    expect(urlVariants("http://[::1]/p")).toStrictEqual(["http://[::1]/p", "http://[::1]:80/p"]);
  });

  test("throws for a URL that does not parse", () => {
    expect(() => urlVariants("https://exa mple.com/p")).toThrow(TypeError);
  });
});

describe("reencodeQuery", () => {
  test("decodes + as a space and writes it as %20", () => {
    expect(reencodeQuery("q=a+b")).toBe("q=a%20b");
  });

  test("leaves ' unescaped", () => {
    expect(reencodeQuery("name=O%27Brien")).toBe("name=O'Brien");
  });

  test("writes the values of a repeated name together", () => {
    expect(reencodeQuery("a=1&b=2&a=3")).toBe("a=1&a=3&b=2");
  });

  test("writes integer-like names first, in numeric order", () => {
    expect(reencodeQuery("b=1&10=2&2=3&02=4")).toBe("2=3&10=2&b=1&02=4");
  });

  test("drops empty pairs and keeps a name without =", () => {
    expect(reencodeQuery("&&a&=b&")).toBe("a=&=b");
  });

  test("keeps a leading ? in the first name", () => {
    expect(reencodeQuery("?x=1")).toBe("%3Fx=1");
  });

  test("keeps malformed escapes as literal text", () => {
    expect(reencodeQuery("a=%zz%41%e9")).toBe("a=%25zzA%EF%BF%BD");
  });

  test("reads at most 1,000 pairs, counting empty ones", () => {
    expect(reencodeQuery(`${"&".repeat(998)}a=1&b=2&c=3`)).toBe("a=1&b=2");
  });
});

describe("algorithmOf", () => {
  test("is HMAC_SHA1 without a settings header", () => {
    expect(algorithmOf(null)).toBe("HMAC_SHA1");
  });

  test("is HMAC_SHA1 for an empty settings header", () => {
    expect(algorithmOf("")).toBe("HMAC_SHA1");
  });

  test("is HMAC_SHA1 for a settings header without algorithm", () => {
    expect(algorithmOf("key=webhooks_sharedkey_abc")).toBe("HMAC_SHA1");
  });

  test("reads the algorithm whatever its case and surrounding spaces", () => {
    expect(algorithmOf("key=k, algorithm = hmac_sha256 ")).toBe("HMAC_SHA256");
  });

  test("skips an empty algorithm for a later one", () => {
    expect(algorithmOf("algorithm=,algorithm=HMAC_SHA256")).toBe("HMAC_SHA256");
  });

  test("is null for an algorithm it does not support", () => {
    expect(algorithmOf("key=k,algorithm=HMAC_SHA512")).toBe(null);
  });
});

describe("validateSignature", () => {
  const url = "https://example.com/sms";
  const form = (): URLSearchParams => new URLSearchParams("Body=hi");
  const signature = "g90pT4BNEwvv48KBE2+l9ClZguk=";

  test("rejects a request without a signature", async () => {
    const request: SignedRequest = { url, form: form(), rawBody: "Body=hi", signature: null, settings: null };
    expect(await validateSignature(request, tokenOnly)).toBe(false);
  });

  test("rejects an empty signature", async () => {
    expect(await validateSignature(signed({ url, form: form(), signature: "" }), tokenOnly)).toBe(false);
  });

  test("rejects a signature with one character more", async () => {
    expect(await validateSignature(signed({ url, form: form(), signature: `${signature}=` }), tokenOnly)).toBe(false);
  });

  test("rejects a signature made with another token", async () => {
    expect(await validateSignature(signed({ url, form: form(), signature }), { authToken: "54321" })).toBe(false);
  });

  test("rejects every request when no auth token is configured", async () => {
    expect(await validateSignature(signed({ url, form: form(), signature }), {})).toBe(false);
  });

  test("rejects every request when the auth token is empty", async () => {
    const request = signed({ url, form: form(), signature: "HrrrFeY9xVbj9X0Bd0Y+HXWtkEs=" });
    expect(await validateSignature(request, { authToken: "" })).toBe(false);
  });

  test("uses the auth token when the settings header is empty", async () => {
    const request = signed({ url, form: form(), signature, settings: "" });
    expect(await validateSignature(request, { authToken: TOKEN, sharedKeySecret: SHARED_SECRET })).toBe(true);
  });

  test("uses the SharedKey secret, not the auth token, when the settings header is present", async () => {
    const request = signed({ url, form: form(), signature, settings: "key=webhooks_sharedkey_abc" });
    expect(await validateSignature(request, { authToken: TOKEN, sharedKeySecret: SHARED_SECRET })).toBe(false);
  });

  test("rejects a SharedKey request when no SharedKey secret is configured", async () => {
    const request = signed({ url, form: form(), signature, settings: "key=webhooks_sharedkey_abc" });
    expect(await validateSignature(request, tokenOnly)).toBe(false);
  });

  test("rejects a request whose settings header names an unsupported algorithm", async () => {
    const request = signed({ url, form: form(), signature, settings: "algorithm=HMAC_SHA512" });
    expect(await validateSignature(request, { authToken: TOKEN, sharedKeySecret: TOKEN })).toBe(false);
  });

  test("rejects a URL that does not parse, even signed as received", async () => {
    const unparsable = "https://example.com:99999/sms";
    const asReceived = await computeSignature(TOKEN, unparsable, form());
    const request = signed({ url: unparsable, form: form(), signature: asReceived });
    expect(await validateSignature(request, tokenOnly)).toBe(false);
  });

  test("signs the form of a URL with bodySHA256 in its path, not as a query parameter", async () => {
    const request = signed({
      url: "https://example.com/bodySHA256/hook",
      form: form(),
      signature: await computeSignature(TOKEN, "https://example.com/bodySHA256/hook", form()),
    });
    expect(await validateSignature(request, tokenOnly)).toBe(true);
  });

  test("ignores the form of a request with a bodySHA256 query parameter", async () => {
    const hash = await sha256Hex("Body=hi");
    const hashed = `https://example.com/hook?bodySHA256=${hash}`;
    const signature = await computeSignature(TOKEN, hashed, null);
    const request = signed({ url: hashed, form: form(), rawBody: "Body=hi", signature });
    expect(await validateSignature(request, tokenOnly)).toBe(true);
  });

  test("rejects a bodySHA256 in uppercase hex", async () => {
    const hash = (await sha256Hex("{}")).toUpperCase();
    const hashed = `https://example.com/hook?bodySHA256=${hash}`;
    const request = signed({ url: hashed, rawBody: "{}", signature: await computeSignature(TOKEN, hashed, null) });
    expect(await validateSignature(request, tokenOnly)).toBe(false);
  });
});

describe("computeSignature", () => {
  test("signs with an empty secret as twilio-node does", async () => {
    expect(await computeSignature("", "https://example.com/sms", new URLSearchParams("Body=hi"))).toBe("HrrrFeY9xVbj9X0Bd0Y+HXWtkEs=");
  });

  test("produces a 44-character signature with HMAC_SHA256", async () => {
    expect((await computeSignature(TOKEN, "https://example.com/sms", null, "HMAC_SHA256")).length).toBe(44);
  });
});
