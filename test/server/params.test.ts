import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { mediaOf, readAllParams, readParams } from "../../src/server/params.js";

const query = (text: string): URLSearchParams => new URLSearchParams(text);
const json = (value: unknown): string => JSON.stringify(value);

describe("readParams", () => {
  test("reads every name and value of a query string", () => {
    expect(json(readParams(query("CallSid=CA123&Digits=1234&CallStatus=in-progress")))).toBe(
      '{"CallSid":"CA123","Digits":"1234","CallStatus":"in-progress"}',
    );
  });

  test("reads the search parameters of a URL", () => {
    const url = new URL("https://example.com/voice?From=%2B15551234567&To=%2B15557654321");
    expect(json(readParams(url.searchParams))).toBe('{"From":"+15551234567","To":"+15557654321"}');
  });

  test("reads a form body parsed into URLSearchParams", async () => {
    const request = new Request("https://example.com/voice", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "SpeechResult=yes%2C+please&Confidence=0.92",
    });
    expect(json(readParams(query(await request.text())))).toBe('{"SpeechResult":"yes, please","Confidence":"0.92"}');
  });

  test("reads any list of name/value pairs", () => {
    expect(
      json(
        readParams([
          ["Digits", "7"],
          ["msg", "Gather End"],
        ]),
      ),
    ).toBe('{"Digits":"7","msg":"Gather End"}');
  });

  test("reads nothing from an empty source", () => {
    expect(json(readParams(query("")))).toBe("{}");
  });

  test("decodes + as a space", () => {
    expect(readParams(query("Body=see+you+soon"))["Body"]).toBe("see you soon");
  });

  test("decodes %20 as a space", () => {
    expect(readParams(query("Body=see%20you%20soon"))["Body"]).toBe("see you soon");
  });

  test("decodes %2B as a plus sign", () => {
    expect(readParams(query("From=%2B15551234567"))["From"]).toBe("+15551234567");
  });

  test("decodes percent-encoded UTF-8", () => {
    expect(readParams(query("Body=%E2%82%AC5+%F0%9F%98%80+caf%C3%A9"))["Body"]).toBe("€5 😀 café");
  });

  test("keeps text that is not percent-encoded UTF-8 as it is", () => {
    expect(readParams(query("Body=Unicode+%C3%A9+and+%zz"))["Body"]).toBe("Unicode é and %zz");
  });

  test("decodes percent-encoded names", () => {
    expect(json(readParams(query("Caf%C3%A9=1")))).toBe('{"Café":"1"}');
  });

  test("keeps an empty value as an empty string", () => {
    expect(readParams(query("FinishedOnKey=&Digits=1"))["FinishedOnKey"]).toBe("");
  });

  test("keeps a name without = as an empty string", () => {
    expect(readParams(query("FinishedOnKey&Digits=1"))["FinishedOnKey"]).toBe("");
  });

  test("keeps the first value of a repeated name", () => {
    expect(readParams(query("Digits=1&Digits=2&Digits=3"))["Digits"]).toBe("1");
  });

  test("agrees with URLSearchParams.get on a repeated name whose first value is empty", () => {
    const source = query("Digits=&Digits=2");
    expect(readParams(source)["Digits"]).toBe(source.get("Digits"));
  });

  test("keeps names as sent: names differing in case are different parameters", () => {
    expect(json(readParams(query("Digits=1&digits=2")))).toBe('{"Digits":"1","digits":"2"}');
  });

  test("gives undefined for a name that was not sent", () => {
    expect(readParams(query("Digits=1"))["SpeechResult"]).toBe(undefined);
  });

  test("gives undefined for Object.prototype members that were not sent", () => {
    const params = readParams(query("Digits=1"));
    expect([params["toString"], params["constructor"], params["hasOwnProperty"], params["__proto__"]].join("|")).toBe("|||");
    expect(["toString", "constructor", "hasOwnProperty", "__proto__"].some((name) => name in params)).toBe(false);
  });

  test("keeps toString and constructor as ordinary parameters", () => {
    expect(json(readParams(query("toString=a&constructor=b")))).toBe('{"toString":"a","constructor":"b"}');
  });

  test("keeps __proto__ as an ordinary parameter", () => {
    const params = readParams(query("__proto__=x&Digits=1"));
    expect(params["__proto__"]).toBe("x");
    expect(json(Object.keys(params))).toBe('["__proto__","Digits"]');
  });

  test("a __proto__ parameter does not change the object's prototype", () => {
    const params = readParams(query("__proto__=x"));
    expect(Object.getPrototypeOf(params)).toBe(null);
  });

  test("a __proto__[...] parameter does not pollute other objects", () => {
    readParams(query("__proto__%5Bpolluted%5D=yes&__proto__.polluted=yes"));
    expect(({} as Record<string, unknown>)["polluted"]).toBe(undefined);
  });

  test("returns a frozen object", () => {
    expect(Object.isFrozen(readParams(query("Digits=1")))).toBe(true);
  });

  test("keeps the same value for every name as URLSearchParams.get", () => {
    const name = fc.oneof(fc.constantFrom("Digits", "__proto__", "toString", "constructor", ""), fc.string());
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.string())), (pairs) => {
        const source = new URLSearchParams(pairs);
        const params = readParams(source);
        for (const [n] of pairs) expect(params[n]).toBe(source.get(n));
        // Sorted: a JavaScript object lists integer-like names such as "0" first, whatever the order received.
        expect(Object.keys(params).sort().join("\n")).toBe([...new Set(source.keys())].sort().join("\n"));
      }),
    );
  });
});

describe("readAllParams", () => {
  test("keeps every value of a repeated name, in the order received", () => {
    expect(json(readAllParams(query("Digits=1&To=%2B1555&Digits=2&Digits=")))).toBe('{"Digits":["1","2",""],"To":["+1555"]}');
  });

  test("reads nothing from an empty source", () => {
    expect(json(readAllParams(query("")))).toBe("{}");
  });

  test("keeps __proto__ as an ordinary parameter", () => {
    const params = readAllParams(query("__proto__=x&__proto__=y"));
    expect(json(params["__proto__"])).toBe('["x","y"]');
    expect(Object.getPrototypeOf(params)).toBe(null);
  });

  test("gives undefined for Object.prototype members that were not sent", () => {
    expect(readAllParams(query("Digits=1"))["toString"]).toBe(undefined);
  });

  test("returns a frozen object of frozen lists", () => {
    const params = readAllParams(query("Digits=1&Digits=2"));
    expect(Object.isFrozen(params)).toBe(true);
    expect(Object.isFrozen(params["Digits"])).toBe(true);
  });

  test("keeps the same values for every name as URLSearchParams.getAll", () => {
    const name = fc.oneof(fc.constantFrom("Digits", "__proto__", "toString"), fc.string());
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.string())), (pairs) => {
        const source = new URLSearchParams(pairs);
        const params = readAllParams(source);
        for (const [n] of pairs) expect(json(params[n])).toBe(json(source.getAll(n)));
      }),
    );
  });
});

describe("mediaOf", () => {
  const message = (text: string) => readParams(query(`MessageSid=MM123&${text}`));

  test("gives no attachments when NumMedia is 0", () => {
    expect(json(mediaOf(message("NumMedia=0&Body=hi")))).toBe("[]");
  });

  test("gives each attachment's URL and content type, in order", () => {
    const params = message(
      "NumMedia=2&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2Fm0&MediaContentType0=image%2Fjpeg" +
        "&MediaUrl1=https%3A%2F%2Fapi.twilio.com%2Fm1&MediaContentType1=video%2Fmp4",
    );
    expect(json(mediaOf(params))).toBe(
      '[{"url":"https://api.twilio.com/m0","contentType":"image/jpeg"},' + '{"url":"https://api.twilio.com/m1","contentType":"video/mp4"}]',
    );
  });

  test("gives an undefined content type when none was sent", () => {
    const [media] = mediaOf(message("NumMedia=1&MediaUrl0=https%3A%2F%2Fx%2Fm0"));
    expect(media?.contentType).toBe(undefined);
  });

  test("gives no attachments when NumMedia is missing", () => {
    expect(json(mediaOf(message("MediaUrl0=https%3A%2F%2Fx%2Fm0")))).toBe("[]");
  });

  test("gives no attachments when NumMedia is not a count", () => {
    const counts = ["two", "-1", "1.5", " 1", "1e1", "0x1", ""];
    const found = counts.map((count) => mediaOf(message(`NumMedia=${encodeURIComponent(count)}&MediaUrl0=u`)).length);
    expect(found.join(",")).toBe("0,0,0,0,0,0,0");
  });

  test("ignores attachments beyond NumMedia", () => {
    expect(json(mediaOf(message("NumMedia=1&MediaUrl0=a&MediaUrl1=b")))).toBe('[{"url":"a"}]');
  });

  test("stops at the first missing MediaUrl", () => {
    expect(json(mediaOf(message("NumMedia=3&MediaUrl0=a&MediaUrl2=c")))).toBe('[{"url":"a"}]');
  });

  test("stops at the first empty MediaUrl", () => {
    expect(json(mediaOf(message("NumMedia=2&MediaUrl0=&MediaUrl1=b")))).toBe("[]");
  });

  test("a huge NumMedia with no attachments gives none without counting up to it", () => {
    expect(json(mediaOf(message("NumMedia=99999999999999999999")))).toBe("[]");
  });
});
