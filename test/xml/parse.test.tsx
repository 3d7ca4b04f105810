import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  Body,
  Dial,
  Gather,
  Media,
  Message,
  MessagingResponse,
  Number as DialNumber,
  Pause,
  Play,
  Redirect,
  Say,
  VoiceResponse,
  render,
} from "twiml-jsx";
import { jsx } from "twiml-jsx/jsx-runtime";
import { locator, parseXml, XmlParseError, type XmlComments, type XmlElement, type XmlPosition } from "../../src/xml/parse.js";
import { stripForbidden as strip } from "../forbidden.js";

const el = (name: string, attributes: Record<string, string> = {}, children: (XmlElement | string)[] = []): XmlElement => ({
  name,
  attributes,
  children,
});

/** The error `parseXml` throws for `text`, reduced to what a caller reads. */
function failure(text: string): { message: string; offset: number } {
  try {
    parseXml(text);
  } catch (error) {
    if (error instanceof XmlParseError) return { message: error.message, offset: error.offset };
    throw error;
  }
  throw new Error("the document parsed");
}

describe("documents rendered by render() read back as the values they were built from", () => {
  test("a voice document with SSML inside Say and escaped attributes", () => {
    const xml = render(
      <VoiceResponse>
        <Gather input={["dtmf", "speech"]} action="/menu?step=1&lang=en" hints={'yes, "no"\tmaybe\r\nlater'}>
          <Say voice="Polly.Joanna" language="en-US">
            Welcome to <emphasis level="strong">O'Brien & Sons</emphasis>.
            <break time="300ms" />
            <say-as interpret-as="telephone">+1 555 0100</say-as>
            <prosody rate="slow">
              <lang xml:lang="fr-FR">Bonjour</lang>
            </prosody>
            {jsx("amazon:effect", { name: "whispered", children: "a < b > c" })}
          </Say>
        </Gather>
        <Play loop={2}>https://example.com/a.mp3?x=1&y=2</Play>
        <Redirect method="POST">/next</Redirect>
      </VoiceResponse>,
    );
    expect(parseXml(xml)).toEqual(
      el("Response", {}, [
        el("Gather", { input: "dtmf speech", action: "/menu?step=1&lang=en", hints: 'yes, "no"\tmaybe\r\nlater' }, [
          el("Say", { voice: "Polly.Joanna", language: "en-US" }, [
            "Welcome to ",
            el("emphasis", { level: "strong" }, ["O'Brien & Sons"]),
            ".",
            el("break", { time: "300ms" }),
            el("say-as", { "interpret-as": "telephone" }, ["+1 555 0100"]),
            el("prosody", { rate: "slow" }, [el("lang", { "xml:lang": "fr-FR" }, ["Bonjour"])]),
            el("amazon:effect", { name: "whispered" }, ["a < b > c"]),
          ]),
        ]),
        el("Play", { loop: "2" }, ["https://example.com/a.mp3?x=1&y=2"]),
        el("Redirect", { method: "POST" }, ["/next"]),
      ]),
    );
  });

  test("a messaging document with Body and Media, carriage returns and markup in the text", () => {
    const body = "Line 1\r\nLine 2\rLine 3\n<tag> & \"q\" 'a' ]]> é 😀";
    const xml = render(
      <MessagingResponse>
        <Message to="+15550100" action="/status?a=1&b=2">
          <Body>{body}</Body>
          <Media>https://example.com/cat.jpg?size=large&fmt=png</Media>
          <Media>https://example.com/dog.jpg</Media>
        </Message>
      </MessagingResponse>,
    );
    expect(parseXml(xml)).toEqual(
      el("Response", {}, [
        el("Message", { to: "+15550100", action: "/status?a=1&b=2" }, [
          el("Body", {}, [body]),
          el("Media", {}, ["https://example.com/cat.jpg?size=large&fmt=png"]),
          el("Media", {}, ["https://example.com/dog.jpg"]),
        ]),
      ]),
    );
  });

  test("attribute values with tab, line feed, carriage return and quotes keep them (&#x9; &#xA; &#xD; &quot;)", () => {
    const from = 'Line\tone\r\nline "two"\r<&>';
    const xml = render(
      <MessagingResponse>
        <Message from={from}>Hi</Message>
      </MessagingResponse>,
    );
    expect(parseXml(xml)).toEqual(el("Response", {}, [el("Message", { from }, ["Hi"])]));
  });

  test("an indented document keeps its whitespace-only text", () => {
    const xml = render(
      <VoiceResponse>
        <Gather numDigits={1}>
          <Say>Press 1</Say>
        </Gather>
        <Dial>
          <DialNumber>+15550100</DialNumber>
        </Dial>
        <Pause length={2} />
      </VoiceResponse>,
      { indent: 2 },
    );
    expect(parseXml(xml)).toEqual(
      el("Response", {}, [
        "\n  ",
        el("Gather", { numDigits: "1" }, ["\n    ", el("Say", {}, ["Press 1"]), "\n  "]),
        "\n  ",
        el("Dial", {}, ["\n    ", el("Number", {}, ["+15550100"]), "\n  "]),
        "\n  ",
        el("Pause", { length: "2" }),
        "\n",
      ]),
    );
  });
});

describe("what parses", () => {
  test("the XML declaration is optional", () => {
    expect(parseXml("<Response/>")).toEqual(el("Response"));
  });

  test("a declaration with single quotes and standalone is accepted", () => {
    expect(parseXml("<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<Response/>")).toEqual(el("Response"));
  });

  test("whitespace, comments and processing instructions may surround the root", () => {
    const xml = '<?xml version="1.0"?>\n<!-- menu -->\n<?app hint?>\r\n<Response/>\n<!-- end -->\n';
    expect(parseXml(xml)).toEqual(el("Response"));
  });

  test("comments and processing instructions inside an element are skipped and the text around them merged", () => {
    expect(parseXml("<Say>Hello <!-- name -->Ada<?pause?>!</Say>")).toEqual(el("Say", {}, ["Hello Ada!"]));
  });

  test("a CDATA section is text, merged with the text next to it", () => {
    expect(parseXml("<Say>a<![CDATA[ <b> & ]]>c</Say>")).toEqual(el("Say", {}, ["a <b> & c"]));
  });

  test("the five predefined entities and decimal and hex character references are decoded", () => {
    expect(parseXml("<Say>&amp;&lt;&gt;&quot;&apos;&#65;&#x42;&#x1F600;&#128512;</Say>")).toEqual(el("Say", {}, ["&<>\"'AB😀😀"]));
  });

  test("CR LF and a lone CR in text become LF; &#xD; keeps a CR", () => {
    expect(parseXml("<Say>a\r\nb\rc&#xD;d&#13;\ne</Say>")).toEqual(el("Say", {}, ["a\nb\nc\rd\r\ne"]));
  });

  test("CR LF in a CDATA section becomes LF", () => {
    expect(parseXml("<Say><![CDATA[a\r\nb\rc]]></Say>")).toEqual(el("Say", {}, ["a\nb\nc"]));
  });

  test("a literal tab, LF, CR or CR LF in an attribute value becomes one space; references keep the character", () => {
    expect(parseXml('<Say voice="a\tb\nc\rd\r\ne&#9;&#xA;&#xD;"/>')).toEqual(el("Say", { voice: "a b c d e\t\n\r" }));
  });

  test("single-quoted attribute values may hold double quotes, and the reverse", () => {
    expect(parseXml(`<Say a='say "hi"' b="it's"/>`)).toEqual(el("Say", { a: 'say "hi"', b: "it's" }));
  });

  test("whitespace around = and before the end of a tag is allowed", () => {
    expect(parseXml("<Say\n  voice = \"alice\"\tloop\r\n='2' >x</Say >")).toEqual(el("Say", { voice: "alice", loop: "2" }, ["x"]));
  });

  test("attributes keep document order", () => {
    expect(Object.keys(parseXml('<Say z="1" a="2" m="3"/>').attributes)).toEqual(["z", "a", "m"]);
  });

  test("names may hold colons, hyphens, dots, digits and non-ASCII letters", () => {
    expect(parseXml('<amazon:effect xml:lang="en" say-as.v2="1"><données/></amazon:effect>')).toEqual(
      el("amazon:effect", { "xml:lang": "en", "say-as.v2": "1" }, [el("données")]),
    );
  });

  test("an attribute named __proto__ is an ordinary attribute", () => {
    expect(Object.entries(parseXml('<Say __proto__="x"/>').attributes)).toEqual([["__proto__", "x"]]);
  });

  test("> is allowed unescaped in text and attribute values", () => {
    expect(parseXml('<Say voice="a>b">1 > 0</Say>')).toEqual(el("Say", { voice: "a>b" }, ["1 > 0"]));
  });

  test("deep nesting does not exhaust the call stack", () => {
    let element = parseXml(`${"<p>".repeat(50_000)}x${"</p>".repeat(50_000)}`);
    let depth = 1;
    for (; typeof element.children[0] !== "string"; depth++) element = element.children[0]!;
    expect(depth).toBe(50_000);
  });

  test("whitespace-only text is kept as is", () => {
    expect(parseXml("<Response> \t\n<Hangup/>\n</Response>")).toEqual(el("Response", {}, [" \t\n", el("Hangup"), "\n"]));
  });
});

describe("places and comments, for the tools that want them", () => {
  test("errors carry the line and column of their offset", () => {
    let error: XmlParseError | undefined;
    try {
      parseXml("<Response>\r\n  <Say>Hi\r  </Say>\n  <Play>");
    } catch (e) {
      error = e as XmlParseError;
    }
    expect([error?.offset, error?.line, error?.column]).toEqual([39, 4, 9]);
  });

  test("locator counts LF, CR LF and a lone CR as one line end each", () => {
    const locate = locator("a\nb\r\nc\rd");
    expect([0, 2, 5, 7].map((offset) => locate(offset))).toEqual([
      { line: 1, column: 1 },
      { line: 2, column: 1 },
      { line: 3, column: 1 },
      { line: 4, column: 1 },
    ]);
  });

  test("positions give the offset of each element and of each attribute name", () => {
    const positions = new WeakMap<XmlElement, XmlPosition>();
    const root = parseXml('<Response>\n  <Say voice="man" loop="2">Hi</Say></Response>', { positions });
    const say = root.children[1] as XmlElement;
    expect([positions.get(root)?.offset, positions.get(say)?.offset, [...positions.get(say)!.attributes]]).toEqual([
      0,
      13,
      [
        ["voice", 18],
        ["loop", 30],
      ],
    ]);
  });

  test("comments belong to the next element, else to the end of their element, else to the end of the document", () => {
    const comments: XmlComments = { before: new WeakMap(), end: new WeakMap(), after: [] };
    const root = parseXml("<!--a--><Response><!--b--><Say>x<!--c--></Say><Hangup/><!--d--></Response><!--e-->", { comments });
    const [say, hangup] = root.children as XmlElement[];
    expect([
      comments.before.get(root),
      comments.before.get(say!),
      comments.end.get(say!),
      comments.before.get(hangup!),
      comments.end.get(root),
      comments.after,
    ]).toEqual([["a"], ["b"], ["c"], undefined, ["d"], ["e"]]);
  });
});

describe("what is refused", () => {
  test("the error is an XmlParseError", () => {
    expect(() => parseXml("")).toThrow(XmlParseError);
  });

  test("whitespace before the XML declaration", () => {
    expect(failure(' <?xml version="1.0" encoding="UTF-8"?><Response/>')).toEqual({
      message: "expected the XML declaration only at the very start of the document, found it at line 1, column 2",
      offset: 1,
    });
  });

  test("an XML declaration after a comment", () => {
    expect(failure('<!-- x --><?xml version="1.0"?><Response/>')).toEqual({
      message: "expected the XML declaration only at the very start of the document, found it at line 1, column 11",
      offset: 10,
    });
  });

  test("an XML declaration in upper case", () => {
    expect(failure('<?XML version="1.0"?><Response/>')).toEqual({
      message: "expected the XML declaration only at the very start of the document, found it at line 1, column 1",
      offset: 0,
    });
  });

  test("a malformed XML declaration", () => {
    expect(failure('<?xml version="2.0"?><Response/>')).toEqual({
      message: 'expected an XML declaration like <?xml version="1.0" encoding="UTF-8"?>, found "<?xml version=\\"2.0\\"?>"',
      offset: 0,
    });
  });

  test("a DOCTYPE", () => {
    expect(failure('<!DOCTYPE Response [<!ENTITY a "b">]><Response>&a;</Response>')).toEqual({
      message: "expected the root element, found a DOCTYPE (TwiML needs none, and it could declare entities)",
      offset: 0,
    });
  });

  test("an empty document", () => {
    expect(failure("")).toEqual({ message: "expected the root element, found the end of the document", offset: 0 });
  });

  test("a document of whitespace and comments only", () => {
    expect(failure(" <!-- nothing -->\n")).toEqual({
      message: "expected the root element, found the end of the document",
      offset: 18,
    });
  });

  test("text before the root element", () => {
    expect(failure("OK<Response/>")).toEqual({ message: 'expected the root element, found "O"', offset: 0 });
  });

  test("text after the root element", () => {
    expect(failure("<Response/>\nOK")).toEqual({
      message: 'expected only whitespace and comments after the root element, found "O"',
      offset: 12,
    });
  });

  test("a second root element", () => {
    expect(failure("<Response/><Response/>")).toEqual({
      message: "expected only one root element, found a second one, <Response>",
      offset: 11,
    });
  });

  test("CDATA outside the root element", () => {
    expect(failure("<![CDATA[x]]><Response/>")).toEqual({
      message: 'expected the root element, found "<![CDATA["',
      offset: 0,
    });
  });

  test("an end tag before any element", () => {
    expect(failure("</Response>")).toEqual({ message: "expected the root element, found </Response>", offset: 0 });
  });

  test("an end tag in another case", () => {
    expect(failure("<Response><Say>Hi</say></Response>")).toEqual({
      message: "expected </Say> to close <Say> (opened at line 1, column 11), found </say>",
      offset: 17,
    });
  });

  test("crossed end tags", () => {
    expect(failure("<Response><Gather><Say>Hi</Gather></Say></Response>")).toEqual({
      message: "expected </Say> to close <Say> (opened at line 1, column 19), found </Gather>",
      offset: 25,
    });
  });

  test("an element left open", () => {
    expect(failure("<Response><Say>Hi")).toEqual({
      message: "expected </Say> to close <Say> (opened at line 1, column 11), found the end of the document",
      offset: 17,
    });
  });

  test("an end tag that is not closed", () => {
    expect(failure("<Response></Response")).toEqual({
      message: 'expected ">" to end "</Response", found the end of the document',
      offset: 20,
    });
  });

  test("an unescaped < in text", () => {
    expect(failure("<Say>1 < 2</Say>")).toEqual({
      message: 'expected an element name after "<" (write a literal "<" as "&lt;"), found " "',
      offset: 8,
    });
  });

  test("an unescaped < in an attribute value", () => {
    expect(failure('<Say voice="<alice>">x</Say>')).toEqual({
      message: 'expected " to close the attribute value (write a literal "<" as "&lt;"), found "<"',
      offset: 12,
    });
  });

  test("a bare &", () => {
    expect(failure("<Say>Tom & Jerry</Say>")).toEqual({
      message: 'expected an entity name or "#" after "&" (write a literal "&" as "&amp;"), found " "',
      offset: 10,
    });
  });

  test("a bare & in an attribute value", () => {
    expect(failure('<Redirect method="GET" action="/a?b=1&c=2"/>')).toEqual({
      message: 'expected ";" to end the reference "&c", found "="',
      offset: 39,
    });
  });

  test("a reference without its semicolon", () => {
    expect(failure("<Say>a &amp b</Say>")).toEqual({
      message: 'expected ";" to end the reference "&amp", found " "',
      offset: 11,
    });
  });

  test("an entity XML does not define", () => {
    expect(failure("<Say>a&nbsp;b</Say>")).toEqual({
      message: 'expected &amp;, &lt;, &gt;, &quot;, &apos; or a character reference, found "&nbsp;"',
      offset: 6,
    });
  });

  test("an entity name in another case", () => {
    expect(failure("<Say>&AMP;</Say>")).toEqual({
      message: 'expected &amp;, &lt;, &gt;, &quot;, &apos; or a character reference, found "&AMP;"',
      offset: 5,
    });
  });

  test("a character reference to a control character", () => {
    expect(failure("<Say>&#1;</Say>")).toEqual({
      message: 'expected a character XML 1.0 allows, found "&#1;" (U+0001)',
      offset: 5,
    });
  });

  test("a character reference to a surrogate", () => {
    expect(failure('<Say voice="&#xD800;"/>')).toEqual({
      message: 'expected a character XML 1.0 allows, found "&#xD800;" (U+D800)',
      offset: 12,
    });
  });

  test("a character reference to U+FFFF", () => {
    expect(failure("<Say>&#xFFFF;</Say>")).toEqual({
      message: 'expected a character XML 1.0 allows, found "&#xFFFF;" (U+FFFF)',
      offset: 5,
    });
  });

  test("a character reference beyond Unicode", () => {
    expect(failure("<Say>&#x110000;</Say>")).toEqual({
      message: 'expected a character XML 1.0 allows, found "&#x110000;" (U+110000)',
      offset: 5,
    });
  });

  test("a control character in the text", () => {
    expect(failure("<Say>a\u0007b</Say>")).toEqual({
      message: "expected a character XML 1.0 allows, found U+0007",
      offset: 6,
    });
  });

  test("a lone surrogate in the text", () => {
    expect(failure("<Say>\uDE00</Say>")).toEqual({
      message: "expected a character XML 1.0 allows, found U+DE00",
      offset: 5,
    });
  });

  test("U+FFFE in an attribute value", () => {
    expect(failure('<Say voice="\uFFFE">x</Say>')).toEqual({
      message: "expected a character XML 1.0 allows, found U+FFFE",
      offset: 12,
    });
  });

  test("]]> in text", () => {
    expect(failure("<Say>a]]>b</Say>")).toEqual({ message: 'expected "]]&gt;" in text, found "]]>"', offset: 6 });
  });

  test("a duplicate attribute", () => {
    expect(failure('<Say voice="alice" loop="1" voice="man">x</Say>')).toEqual({
      message: 'expected each attribute once, found "voice" twice in <Say>',
      offset: 28,
    });
  });

  test("attributes without whitespace between them", () => {
    expect(failure('<Say voice="alice"loop="1">x</Say>')).toEqual({
      message: 'expected whitespace, ">" or "/>" in <Say>, found "l"',
      offset: 18,
    });
  });

  test("an unquoted attribute value", () => {
    expect(failure("<Pause length=2/>")).toEqual({
      message: 'expected a quoted attribute value, found "2"',
      offset: 14,
    });
  });

  test("an attribute without a value", () => {
    expect(failure("<Play loop>x</Play>")).toEqual({
      message: 'expected "=" after the attribute name "loop", found ">"',
      offset: 10,
    });
  });

  test("an attribute value left open", () => {
    expect(failure('<Say voice="alice')).toEqual({
      message: 'expected " to close the attribute value, found the end of the document',
      offset: 17,
    });
  });

  test("an element name that starts with a digit", () => {
    expect(failure("<1Response/>")).toEqual({
      message: 'expected an element name after "<" (write a literal "<" as "&lt;"), found "1"',
      offset: 1,
    });
  });

  test("an attribute name that starts with a hyphen", () => {
    expect(failure('<Say -voice="alice"/>')).toEqual({
      message: 'expected an attribute name, ">" or "/>" in <Say>, found "-"',
      offset: 5,
    });
  });

  test("-- inside a comment", () => {
    expect(failure("<Response><!-- a -- b --></Response>")).toEqual({
      message: 'expected ">" after "--" in a comment, found " "',
      offset: 19,
    });
  });

  test("a comment left open", () => {
    expect(failure("<Response/><!-- end")).toEqual({
      message: 'expected "-->" to close the comment, found the end of the document',
      offset: 19,
    });
  });

  test("a CDATA section left open", () => {
    expect(failure("<Say><![CDATA[x</Say>")).toEqual({
      message: 'expected "]]>" to close the CDATA section, found the end of the document',
      offset: 21,
    });
  });

  test("a processing instruction left open", () => {
    expect(failure("<Response><?app x</Response>")).toEqual({
      message: 'expected "?>" to close "<?app", found the end of the document',
      offset: 28,
    });
  });

  test("markup declarations inside an element", () => {
    expect(failure("<Response><!ENTITY a 'b'></Response>")).toEqual({
      message: 'expected "<!--" or "<![CDATA[" after "<!", found "E"',
      offset: 12,
    });
  });
});

/** Markup, whitespace XML normalises, forbidden characters, astral characters. */
const TRICKY = [
  ...["&", "<", ">", '"', "'", "]]>", "\r\n", "\r", "\n", "\t", " ", "é", "😀"],
  ...["\u0000", "\u0001", "\u001F", "\uD800", "\uDFFF", "\uFFFE", "\uFFFF"],
];
const oneCodePoint = fc.string({ unit: "binary", minLength: 1, maxLength: 1 });
const anyString = fc.string({ unit: fc.oneof(fc.constantFrom(...TRICKY), oneCodePoint) });
/** A string that still has text once the forbidden characters are dropped, for elements that require text. */
const someText = anyString.map((s) => (strip(s) === "" ? `${s}x` : s));

/** Text and elements as a parser reports them: forbidden characters gone, adjacent text merged, no empty text. */
function normalise(children: readonly (XmlElement | string)[]): (XmlElement | string)[] {
  const out: (XmlElement | string)[] = [];
  for (const child of children) {
    const last = out.at(-1);
    if (typeof child !== "string") out.push(child);
    else if (typeof last === "string") out[out.length - 1] = last + strip(child);
    else if (strip(child) !== "") out.push(strip(child));
  }
  return out;
}

const attributes = (entries: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(entries).flatMap(([k, v]) => (v === undefined ? [] : [[k, strip(v)]])));

describe("random rendered documents read back as their values minus the characters XML forbids", () => {
  test("voice documents of Say (with SSML emphasis) and Play", () => {
    const say = fc.record({
      voice: fc.option(anyString, { nil: undefined }),
      language: fc.option(anyString, { nil: undefined }),
      pieces: fc.array(fc.oneof(anyString, fc.record({ emphasis: someText })), { maxLength: 4 }),
      last: someText,
    });
    const verb = fc.oneof(say, fc.record({ play: anyString }));
    fc.assert(
      fc.property(fc.array(verb, { minLength: 1, maxLength: 4 }), (verbs) => {
        const xml = render(
          <VoiceResponse>
            {verbs.map((v) =>
              "play" in v ? (
                <Play>{v.play}</Play>
              ) : (
                <Say voice={v.voice} language={v.language}>
                  {v.pieces.map((p) => (typeof p === "string" ? p : <emphasis>{p.emphasis}</emphasis>))}
                  {v.last}
                </Say>
              ),
            )}
          </VoiceResponse>,
        );
        const expected = verbs.map((v) =>
          "play" in v
            ? el("Play", {}, normalise([v.play]))
            : el(
                "Say",
                attributes({ voice: v.voice, language: v.language }),
                normalise([...v.pieces.map((p) => (typeof p === "string" ? p : el("emphasis", {}, normalise([p.emphasis])))), v.last]),
              ),
        );
        expect(parseXml(xml)).toEqual(el("Response", {}, expected));
      }),
      { numRuns: 300 },
    );
  });

  test("messaging documents of Message with Body and Media", () => {
    const message = fc.record({
      to: fc.option(anyString, { nil: undefined }),
      from: fc.option(anyString, { nil: undefined }),
      body: someText,
      media: fc.array(someText, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 3 }), (messages) => {
        const xml = render(
          <MessagingResponse>
            {messages.map((m) => (
              <Message to={m.to} from={m.from}>
                <Body>{m.body}</Body>
                {m.media.map((url) => (
                  <Media>{url}</Media>
                ))}
              </Message>
            ))}
          </MessagingResponse>,
        );
        const expected = messages.map((m) =>
          el("Message", attributes({ to: m.to, from: m.from }), [
            el("Body", {}, [strip(m.body)]),
            ...m.media.map((url) => el("Media", {}, [strip(url)])),
          ]),
        );
        expect(parseXml(xml)).toEqual(el("Response", {}, expected));
      }),
      { numRuns: 300 },
    );
  });
});
