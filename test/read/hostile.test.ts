// Documents written to hurt a reader: entity expansion, external entities, nesting far beyond the call stack,
// megabytes of markup, characters XML forbids, and the constructs a lax reader gets wrong (comments, CDATA,
// processing instructions).
import { describe, expect, test } from "vitest";
import { render } from "twiml-jsx";
import { XmlParseError, lint, parse, toTSX } from "twiml-jsx/read";

function failure(xml: string): { message: string; line: number; column: number } {
  try {
    parse(xml);
  } catch (e) {
    if (e instanceof XmlParseError) return { message: e.message, line: e.line, column: e.column };
    throw e;
  }
  throw new Error("the document parsed");
}

const DOCTYPE_REFUSED = "expected the root element, found a DOCTYPE (TwiML needs none, and it could declare entities)";

describe("entities: only XML's five and character references, never a DTD", () => {
  test("a DOCTYPE declaring the entities of a 'billion laughs' expansion is refused before anything expands", () => {
    const lol = [
      '<?xml version="1.0"?>',
      "<!DOCTYPE Response [",
      '  <!ENTITY lol "lol">',
      '  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">',
      '  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">',
      "]>",
      "<Response><Say>&lol3;</Say></Response>",
    ].join("\n");
    expect(failure(lol)).toEqual({ message: DOCTYPE_REFUSED, line: 2, column: 1 });
  });

  test("an external entity (a file or URL to read) is refused with its DOCTYPE", () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE Response SYSTEM "file:///etc/passwd"><Response><Say>&xxe;</Say></Response>';
    expect(failure(xxe)).toEqual({ message: DOCTYPE_REFUSED, line: 1, column: 22 });
  });

  test("a reference to an entity nobody declared is refused, not left as text", () => {
    expect(failure("<Response><Say>&xxe;</Say></Response>").message).toBe(
      'expected &amp;, &lt;, &gt;, &quot;, &apos; or a character reference, found "&xxe;"',
    );
  });

  test("an entity declaration inside an element is refused", () => {
    expect(failure('<Response><!ENTITY x "y"><Say>&x;</Say></Response>').message).toBe(
      'expected "<!--" or "<![CDATA[" after "<!", found "E"',
    );
  });

  test("a DOCTYPE after the root is refused", () => {
    expect(failure("<Response/><!DOCTYPE x>").message).toBe(
      "expected only whitespace and comments after the root element, found a DOCTYPE (TwiML needs none, and it could declare entities)",
    );
  });

  test("lint reports a DOCTYPE as XML001 at its line and column", () => {
    expect(lint('<?xml version="1.0"?>\n<!DOCTYPE Response [<!ENTITY a "b">]>\n<Response/>')).toEqual([
      { code: "XML001", severity: "error", message: DOCTYPE_REFUSED, path: "", line: 2, column: 1, offset: 22 },
    ]);
  });
});

describe("deep nesting", () => {
  const depth = 100_000;
  const deep = `<Response>${"<x>".repeat(depth)}${"</x>".repeat(depth)}</Response>`;

  test("lint reads a document nested a hundred thousand deep, one error per unknown element", () => {
    const problems = lint(deep).filter((p) => p.severity === "error");
    expect([problems.length, problems.at(-1)!.path.split(" > ").length]).toEqual([depth, 12]);
  }, 60_000);

  test("toTSX refuses it with a clear error rather than exhausting the stack", () => {
    expect(() => toTSX(deep)).toThrow("the document nests deeper than 500 elements, more than TypeScript compiles");
  });
});

describe("10 MB documents", () => {
  const gather =
    '<Gather input="speech dtmf" numDigits="1" action="/menu?step=2&amp;lang=en"><Say voice="Polly.Joanna">Press 1 for sales &amp; 2.</Say></Gather>';
  const verbs = `<?xml version="1.0" encoding="UTF-8"?><Response>${gather.repeat(Math.ceil(10e6 / gather.length))}</Response>`;

  test("ten megabytes of verbs read back byte for byte", () => {
    expect(render(parse(verbs)) === verbs).toBe(true);
  }, 120_000);

  test("lint finds only the size of ten megabytes of verbs", () => {
    expect(lint(verbs).map((p) => `${p.code} ${p.message}`)).toEqual([
      `11750 the document is ${verbs.length} bytes; Twilio refuses TwiML larger than 64 kB (65536 bytes)`,
    ]);
  }, 120_000);

  test("one text of ten megabytes, and one attribute value of ten megabytes, read back", () => {
    const text = `<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="${"a&amp;b ".repeat(1.25e6)}">${"Hi &amp; bye. ".repeat(7e5)}</Say></Response>`;
    expect(render(parse(text)) === text).toBe(true);
  }, 120_000);
});

describe("characters XML forbids, and invalid UTF-16", () => {
  test("a lone high surrogate in text", () => {
    expect(failure("<Response><Say>a\uD83Db</Say></Response>")).toEqual({
      message: "expected a character XML 1.0 allows, found U+D83D",
      line: 1,
      column: 17,
    });
  });

  test("a lone low surrogate in an attribute value", () => {
    expect(failure('<Response><Say voice="\uDE00">a</Say></Response>').message).toBe("expected a character XML 1.0 allows, found U+DE00");
  });

  test("surrogates in the wrong order", () => {
    expect(failure("<Response><Say>\uDE00\uD83D</Say></Response>").message).toBe("expected a character XML 1.0 allows, found U+DE00");
  });

  test("a character reference to a surrogate", () => {
    expect(failure("<Response><Say>&#xD83D;&#xDE00;</Say></Response>").message).toBe(
      'expected a character XML 1.0 allows, found "&#xD83D;" (U+D83D)',
    );
  });

  test("a NUL character", () => {
    expect(failure("<Response><Say>a\u0000</Say></Response>").message).toBe("expected a character XML 1.0 allows, found U+0000");
  });

  test("a well-formed surrogate pair reads as the character it encodes", () => {
    expect(render(parse("<Response><Say>\uD83D\uDE00 &#x1F600;</Say></Response>"), { declaration: false })).toBe(
      "<Response><Say>😀 😀</Say></Response>",
    );
  });
});

describe("comments, CDATA and processing instructions", () => {
  test("markup inside a comment is not read", () => {
    expect(render(parse("<Response><!-- <Hangup/> --><Say>Hi</Say></Response>"), { declaration: false })).toBe(
      "<Response><Say>Hi</Say></Response>",
    );
  });

  test("a comment holding -- is refused", () => {
    expect(failure("<Response><!-- a -- b --></Response>").message).toBe('expected ">" after "--" in a comment, found " "');
  });

  test("markup and entities inside CDATA are text, escaped when rendered", () => {
    expect(render(parse("<Response><Say><![CDATA[<Hangup/> &amp;]]></Say></Response>"), { declaration: false })).toBe(
      "<Response><Say>&lt;Hangup/&gt; &amp;amp;</Say></Response>",
    );
  });

  test("a CDATA section in an element that takes no text is text the renderer refuses", () => {
    expect(lint("<Response><![CDATA[x]]></Response>").map((p) => p.code)).toEqual(["TWIML008"]);
  });

  test("processing instructions are skipped, wherever they are", () => {
    expect(render(parse('<?xml version="1.0"?><?a b?><Response><?c d?><Say>Hi<?e?></Say></Response><?f?>'), { declaration: false })).toBe(
      "<Response><Say>Hi</Say></Response>",
    );
  });

  test("an XML declaration anywhere but at the start is refused", () => {
    expect(failure('<Response><?xml version="1.0"?></Response>')).toEqual({
      message: "expected the XML declaration only at the very start of the document, found it at line 1, column 11",
      line: 1,
      column: 11,
    });
  });
});
