import { describe, expect, test } from "vitest";
import { render, Say, VoiceResponse } from "twiml-jsx";
import { thrown } from "./thrown.js";
import { escapeAttribute, escapeText } from "../src/render/escape.js";

/** The C0 controls XML 1.0 forbids: all but tab, LF and CR. */
const FORBIDDEN_C0 = Array.from({ length: 0x20 }, (_, c) => c).filter((c) => c !== 0x9 && c !== 0xa && c !== 0xd);
const hex = (c: number): string => c.toString(16).toUpperCase().padStart(4, "0");

describe("escapeText", () => {
  test("returns a string with nothing to escape unchanged", () => {
    const s = "Hello, caller 42: press 1 / 2 (or #).";
    expect(escapeText(s, false, "Say")).toBe(s);
  });

  test("escapes & as &amp;", () => {
    expect(escapeText("Tom & Jerry", false, "Say")).toBe("Tom &amp; Jerry");
  });

  test("escapes < as &lt;", () => {
    expect(escapeText("a<b", false, "Say")).toBe("a&lt;b");
  });

  test("escapes > as &gt;", () => {
    expect(escapeText("a>b", false, "Say")).toBe("a&gt;b");
  });

  test("escapes the > of ]]>", () => {
    expect(escapeText("x]]>y", false, "Say")).toBe("x]]&gt;y");
  });

  test('keeps "', () => {
    expect(escapeText('say "hi"', false, "Say")).toBe('say "hi"');
  });

  test("keeps '", () => {
    expect(escapeText("it's", false, "Say")).toBe("it's");
  });

  test("keeps tab", () => {
    expect(escapeText("a\tb", false, "Say")).toBe("a\tb");
  });

  test("keeps LF", () => {
    expect(escapeText("a\nb", false, "Say")).toBe("a\nb");
  });

  test("writes CR as &#xD; so that parsers do not turn it into LF", () => {
    expect(escapeText("a\rb", false, "Say")).toBe("a&#xD;b");
  });

  test("writes CRLF as &#xD; and a literal LF", () => {
    expect(escapeText("a\r\nb", false, "Say")).toBe("a&#xD;\nb");
  });

  test("escapes every special character in one string", () => {
    expect(escapeText("<a & b>\r", false, "Say")).toBe("&lt;a &amp; b&gt;&#xD;");
  });

  test.each(FORBIDDEN_C0.map((c) => [hex(c), c]))("drops U+%s", (_, c) => {
    expect(escapeText(`a${String.fromCharCode(c)}b`, false, "Say")).toBe("ab");
  });

  test("drops U+FFFE", () => {
    expect(escapeText("a\uFFFEb", false, "Say")).toBe("ab");
  });

  test("drops U+FFFF", () => {
    expect(escapeText("a\uFFFFb", false, "Say")).toBe("ab");
  });

  test("keeps a well-formed surrogate pair", () => {
    const s = "hi 😀 there";
    expect(escapeText(s, false, "Say")).toBe(s);
  });

  test("drops a lone high surrogate", () => {
    expect(escapeText("a\uD83Db", false, "Say")).toBe("ab");
  });

  test("drops a lone high surrogate at the end", () => {
    expect(escapeText("a\uD83D", false, "Say")).toBe("a");
  });

  test("drops a lone low surrogate", () => {
    expect(escapeText("a\uDE00b", false, "Say")).toBe("ab");
  });

  test("drops a low surrogate followed by a high one (a pair in the wrong order)", () => {
    expect(escapeText("a\uDE00\uD83Db", false, "Say")).toBe("ab");
  });

  test("drops a lone high surrogate and keeps the pair that follows it", () => {
    expect(escapeText("\uD83D\uD83D\uDE00", false, "Say")).toBe("😀");
  });

  test("keeps characters XML 1.0 allows, though XML 1.1 or JavaScript treat them specially: U+007F, U+0085, U+2028, U+FFFD", () => {
    const s = "a\u0085b\u2028c\u007Fd\uFFFDe";
    expect(escapeText(s, false, "Say")).toBe(s);
  });
});

describe("escapeAttribute", () => {
  test("returns a string with nothing to escape unchanged", () => {
    const s = "https://example.com/next?step=2";
    expect(escapeAttribute(s, false, "Say", "voice")).toBe(s);
  });

  test("escapes & as &amp;", () => {
    expect(escapeAttribute("/next?a=1&b=2", false, "Say", "voice")).toBe("/next?a=1&amp;b=2");
  });

  test("escapes < as &lt;", () => {
    expect(escapeAttribute("a<b", false, "Say", "voice")).toBe("a&lt;b");
  });

  test("keeps >, as Twilio's builder does", () => {
    expect(escapeAttribute("a>b", false, "Say", "voice")).toBe("a>b");
  });

  test('escapes " as &quot;', () => {
    expect(escapeAttribute('say "hi"', false, "Say", "voice")).toBe("say &quot;hi&quot;");
  });

  test("keeps '", () => {
    expect(escapeAttribute("it's", false, "Say", "voice")).toBe("it's");
  });

  test("writes tab as &#x9; so that parsers do not turn it into a space", () => {
    expect(escapeAttribute("a\tb", false, "Say", "voice")).toBe("a&#x9;b");
  });

  test("writes LF as &#xA; so that parsers do not turn it into a space", () => {
    expect(escapeAttribute("a\nb", false, "Say", "voice")).toBe("a&#xA;b");
  });

  test("writes CR as &#xD; so that parsers do not turn it into a space", () => {
    expect(escapeAttribute("a\rb", false, "Say", "voice")).toBe("a&#xD;b");
  });

  test("escapes every special character in one string", () => {
    expect(escapeAttribute('<"a" & b>\t\r\n', false, "Say", "voice")).toBe("&lt;&quot;a&quot; &amp; b>&#x9;&#xD;&#xA;");
  });

  test.each(FORBIDDEN_C0.map((c) => [hex(c), c]))("drops U+%s", (_, c) => {
    expect(escapeAttribute(`a${String.fromCharCode(c)}b`, false, "Say", "voice")).toBe("ab");
  });

  test("drops U+FFFE", () => {
    expect(escapeAttribute("a\uFFFEb", false, "Say", "voice")).toBe("ab");
  });

  test("drops U+FFFF", () => {
    expect(escapeAttribute("a\uFFFFb", false, "Say", "voice")).toBe("ab");
  });

  test("keeps a well-formed surrogate pair", () => {
    const s = "hi 😀 there";
    expect(escapeAttribute(s, false, "Say", "voice")).toBe(s);
  });

  test("drops a lone high surrogate", () => {
    expect(escapeAttribute("a\uD83Db", false, "Say", "voice")).toBe("ab");
  });

  test("drops a lone low surrogate", () => {
    expect(escapeAttribute("a\uDE00b", false, "Say", "voice")).toBe("ab");
  });
});

describe("strict mode", () => {
  test("throws TWIML014 on a forbidden character in text", () => {
    const e = thrown(() => render(VoiceResponse({ children: Say({ children: "a\u0000b" }) }), { strict: true }));
    expect(e.code).toBe("TWIML014");
    expect(e.message).toBe(
      "Text in <Say> contains U+0000, which XML 1.0 forbids (remove it, or render without strict to drop it) at Response > Say",
    );
  });

  test("throws TWIML014 on a forbidden character in an attribute", () => {
    const e = thrown(() => render(VoiceResponse({ children: Say({ voice: "Polly.Joanna\uFFFF", children: "hi" }) }), { strict: true }));
    expect(e.code).toBe("TWIML014");
    expect(e.message).toBe(
      "<Say voice> contains U+FFFF, which XML 1.0 forbids (remove it, or render without strict to drop it) at Response > Say",
    );
  });

  test("throws TWIML014 on a lone surrogate, naming its code unit", () => {
    const e = thrown(() => render(VoiceResponse({ children: Say({ children: "a\uD800" }) }), { strict: true }));
    expect(e.code).toBe("TWIML014");
    expect(e.message).toBe(
      "Text in <Say> contains U+D800, which XML 1.0 forbids (remove it, or render without strict to drop it) at Response > Say",
    );
  });

  test("accepts tab, LF, CR and surrogate pairs", () => {
    const xml = render(VoiceResponse({ children: Say({ voice: "a\tb", children: "😀\t\n\r" }) }), { strict: true });
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="a&#x9;b">😀\t\n&#xD;</Say></Response>');
  });

  test("is off by default: forbidden characters are dropped", () => {
    const xml = render(VoiceResponse({ children: Say({ voice: "a\u0001b", children: "c\u0000d\uFFFEe" }) }));
    expect(xml).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="ab">cde</Say></Response>');
  });

  test("does not outlast a render that threw: the next render drops forbidden characters again", () => {
    thrown(() => render(VoiceResponse({ children: Say({ children: "\u0000" }) }), { strict: true }));
    expect(render(VoiceResponse({ children: Say({ children: "a\u0000b" }) }))).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Say>ab</Say></Response>',
    );
  });

  test("is an argument of escaping: escapeText refuses a forbidden character when asked, naming the element", () => {
    const e = thrown(() => escapeText("a\u0001", true, "Body"));
    expect(e.message).toBe("Text in <Body> contains U+0001, which XML 1.0 forbids (remove it, or render without strict to drop it)");
  });

  test("is an argument of escaping: escapeAttribute names the element and the attribute", () => {
    const e = thrown(() => escapeAttribute("a\u0001", true, "Play", "url"));
    expect(e.message).toBe("<Play url> contains U+0001, which XML 1.0 forbids (remove it, or render without strict to drop it)");
  });
});
