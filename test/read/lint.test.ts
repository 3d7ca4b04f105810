import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { TwiMLError, render } from "twiml-jsx";
import { lint, parse, type LintProblem } from "twiml-jsx/read";
import { ELEMENTS } from "../../src/vocabulary/index.js";
import { anyDocument, toElement } from "../generators.js";

/** Problems as one line each: position, severity, code and message. */
const lines = (xml: string, options?: Parameters<typeof lint>[1]): string[] =>
  lint(xml, options).map((p) => `${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}`);

describe("every problem at once, in document order", () => {
  test("a document with several problems reports them all, with line, column and path", () => {
    const xml = [
      "<Response>",
      '  <Gather timeout="soon" finishOnKey="#" bogus="1">',
      "    <Dial>+15550100</Dial>",
      "  </Gather>",
      "  <Hangup/>",
      "  <Say/>",
      "</Response>",
    ].join("\n");
    expect(lines(xml)).toEqual([
      '2:11 error TWIML005 <Gather timeout={"soon"}> is not valid: expected a whole number of at least 1 at Response > Gather',
      '2:42 error TWIML004 <Gather> has no attribute "bogus": it has ' +
        "action, actionOnEmptyResult, bargeIn, debug, enhanced, finishOnKey, hints, input, language, maxSpeechTime, method, " +
        "numDigits, partialResultCallback, partialResultCallbackMethod, profanityFilter, speechModel, speechTimeout, timeout. " +
        "(for attributes newer than this library, use unlistedAttributes) at Response > Gather",
      "3:5 error TWIML001 <Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause) at Response > Gather[0] > Dial",
      "6:3 warning TWIML013 <Say> never runs: it comes after <Hangup>, which ends the document at Response > Say",
      "6:3 error TWIML007 <Say> needs text or child elements at Response > Say",
    ]);
  });

  test("a problem carries its code, severity, message, path, line, column and offset", () => {
    expect(lint('<Response>\n<Play loop="twice">a.mp3</Play></Response>')).toEqual<LintProblem[]>([
      {
        code: "TWIML005",
        severity: "error",
        message: '<Play loop={"twice"}> is not valid: expected a whole number of at least 0 at Response > Play',
        path: "Response > Play",
        line: 2,
        column: 7,
        offset: 17,
      },
    ]);
  });

  test("a valid document has no problem", () => {
    expect(lint('<?xml version="1.0"?><Response><Say voice="alice">Hi</Say><Hangup/></Response>')).toEqual([]);
  });
});

describe("each kind of problem", () => {
  test("XML that is not well-formed is XML001, and nothing else is checked", () => {
    expect(lines("<Response>\n  <Say>Hi</Say>\n  <Play>a.mp3</Play\n</Response>")).toEqual([
      '4:1 error XML001 expected ">" to end "</Play", found "<"',
    ]);
  });

  test("a root other than <Response> (TWIML016)", () => {
    expect(lines("<Say>Hi</Say>")).toEqual(["1:1 error TWIML016 <Say> cannot be the root: a TwiML document is one <Response> element"]);
  });

  test("an unknown tag (TWIML016) suggests the known one in another case", () => {
    expect(lines("<Response><say>Hi</say></Response>")).toEqual([
      "1:11 error TWIML016 <say> is not a TwiML element: did you mean <Say>? " +
        "(tags are case-sensitive; use UnlistedElement for tags newer than this library) at Response > say",
    ]);
  });

  test("an unknown tag the renderer could not write either (TWIML017)", () => {
    expect(lines("<Response><xmlThing/></Response>").map((l) => l.split(" ").slice(0, 3).join(" "))).toEqual([
      "1:11 error TWIML016",
      "1:11 error TWIML017",
    ]);
  });

  test("an attribute name the escape hatch cannot write (TWIML004 and TWIML017)", () => {
    expect(lines('<Response><Say xmlns:x="urn:x">Hi</Say></Response>')).toEqual([
      '1:16 error TWIML004 <Say> has no attribute "xmlns:x": it has language, loop, voice. ' +
        "(for attributes newer than this library, use unlistedAttributes) at Response > Say",
      "1:16 error TWIML017 \"xmlns:x\" is not a valid attribute name: use letters, digits, '_', '-', '.' and at most one ':' at Response > Say",
    ]);
  });

  test("voice and messaging verbs in one document (TWIML002)", () => {
    expect(lines("<Response><Message>Hi</Message><Say>Hi</Say></Response>")).toEqual([
      "1:32 error TWIML002 <Say> is a voice verb and cannot be in a messaging <Response> " +
        "(voice and messaging verbs never mix: answer each webhook with one kind of document) at Response > Say",
    ]);
  });

  test("SSML outside <Say> (TWIML003)", () => {
    expect(lines('<Response><Gather><break time="1s"/></Gather></Response>')).toEqual([
      "1:19 error TWIML003 <break> is SSML and only works inside <Say>, not inside <Gather> (wrap it in <Say>) at Response > Gather[0] > break",
    ]);
  });

  test("a required attribute missing (TWIML006)", () => {
    expect(lines("<Response><Connect><Stream/></Connect></Response>")).toEqual([
      '1:20 error TWIML006 <Stream> needs the "url" attribute at Response > Connect[0] > Stream',
    ]);
  });

  test("required text missing (TWIML007)", () => {
    expect(lines("<Response><Dial><Number/></Dial></Response>")).toEqual([
      "1:17 error TWIML007 <Number> needs text (Phone number in E.164 or national format, optionally with extension via sendDigits) " +
        "at Response > Dial[0] > Number",
    ]);
  });

  test("text where none is allowed (TWIML008)", () => {
    expect(lines("<Response><Hangup>now</Hangup></Response>")).toEqual([
      '1:11 error TWIML008 <Hangup> cannot hold text ("now"); remove it at Response > Hangup',
    ]);
  });

  test("text and child elements where one or the other is allowed (TWIML009)", () => {
    expect(lines("<Response><Dial>+15550100<Number>+15550101</Number></Dial></Response>")).toEqual([
      "1:11 error TWIML009 <Dial> takes text or child elements " +
        "(Application, Client, Conference, Number, Queue, Sim, Sip, WhatsApp), not both at Response > Dial",
    ]);
  });

  test("an attribute and text that exclude each other (TWIML010)", () => {
    expect(lines('<Response><Play digits="1">a.mp3</Play></Response>')).toEqual([
      '1:11 error TWIML010 <Play> takes "digits" or text, not both at Response > Play',
    ]);
  });

  test("a noun that must be alone (TWIML011)", () => {
    expect(lines("<Response><Dial><Conference>room</Conference><Number>+15550100</Number></Dial></Response>")).toEqual([
      "1:11 error TWIML011 <Conference> must be the only element in its <Dial> at Response > Dial",
    ]);
  });

  test("too few children of a kind (TWIML012)", () => {
    expect(lines("<Response><Refer/></Response>")).toEqual([
      "1:11 error TWIML012 <Refer> holds at least 1 <Sip>, found 0 at Response > Refer",
    ]);
  });

  test("too many children of a kind (TWIML012)", () => {
    const xml = `<Response><Message>${"<Media>a.png</Media>".repeat(11)}</Message></Response>`;
    expect(lines(xml)).toEqual(["1:11 error TWIML012 <Message> holds at most 10 <Media>, found 11 at Response > Message"]);
  });
});

describe("Twilio's limits", () => {
  test("a document over 64 kB (11750)", () => {
    const xml = `<Response><Play>${"a".repeat(70_000)}</Play></Response>`;
    expect(lines(xml)).toEqual(["1:1 warning 11750 the document is 70034 bytes; Twilio refuses TwiML larger than 64 kB (65536 bytes)"]);
  });

  test("more than 10 replies to one message (TWIML012, a warning)", () => {
    const xml = `<Response>${"<Message>Hi</Message>".repeat(11)}</Response>`;
    expect(lines(xml)).toEqual(["1:1 warning TWIML012 <Response> holds at most 10 <Message>, found 11 at Response"]);
  });

  test("text over a limit Twilio only warns about (TWIML019, a warning)", () => {
    expect(lines(`<Response><Say>${"a".repeat(4097)}</Say></Response>`)).toEqual([
      "1:11 warning TWIML019 <Say> holds text to speak (4,096 for the basic voices; Polly voices take 3,000, Google voices 5,000) " +
        "of 4,097 characters; Twilio takes at most 4,096 (Twilio 13521): shorten it at Response > Say",
    ]);
  });

  test("text over a limit Twilio enforces (TWIML019, an error), counted in UTF-16 units as Twilio counts", () => {
    const xml = `<Response><Message><Body>${"😀".repeat(801)}</Body></Message><Message>${"a".repeat(1600)}</Message></Response>`;
    expect(lines(xml)).toEqual([
      "1:20 error TWIML019 <Body> holds a message body of 1,602 characters; Twilio takes at most 1,600 (Twilio 14103): " +
        "shorten it at Response > Message[0] > Body",
    ]);
  });

  test("an integer outside its range (TWIML005)", () => {
    expect(lines('<Response><Pause length="-1"/></Response>')).toEqual([
      "1:18 error TWIML005 <Pause length={-1}> is not valid: expected a whole number of at least 1 at Response > Pause",
    ]);
  });

  test("limits: false leaves out the limits Twilio only warns about", () => {
    const xml = `<Response>${"<Message>Hi</Message>".repeat(11)}<Message>${"a".repeat(1601)}</Message></Response>`;
    expect(lint(xml, { limits: false }).map((p) => `${p.severity} ${p.code}`)).toEqual(["error TWIML019"]);
  });
});

test("paths of deep elements keep their first three and last eight elements", () => {
  const xml = `<Response><Say>${"<prosody>".repeat(20)}<Hangup/>${"</prosody>".repeat(20)}</Say></Response>`;
  expect(lint(xml).map((p) => p.path)).toEqual([
    "Response > Say[0] > prosody[0] > … > prosody[0] > prosody[0] > prosody[0] > prosody[0] > prosody[0] > prosody[0] > prosody[0] > Hangup",
  ]);
});

describe("lint against the renderer", () => {
  const tags = [...new Set(ELEMENTS.map((d) => d.tag)), "Ninja"];
  const values = ["", "1", "-2", "true", "GET", "dtmf speech", "1 2", "+15550100", "x", "a&amp;b"];
  const attributeNames = [...new Set(ELEMENTS.flatMap((d) => d.attributes.map((a) => a.name))), "bogus"];
  /** A change to a valid document: an element added after some tag, or an attribute added to a start tag. */
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant("element" as const), tag: fc.constantFrom(...tags), text: fc.constantFrom("", "hi", " "), at: fc.nat() }),
    fc.record({
      kind: fc.constant("attribute" as const),
      name: fc.constantFrom(...attributeNames),
      value: fc.constantFrom(...values),
      at: fc.nat(),
    }),
  );

  type Mutation =
    | { kind: "element"; tag: string; text: string; at: number }
    | { kind: "attribute"; name: string; value: string; at: number };

  /** A tag as the renderer writes it: attribute values double-quoted, where `>` may stand unescaped. */
  const TAG = /<(\/?)([^\s/>]+)((?:\s+[^\s=]+="[^"]*")*)\s*\/?>/g;

  function mutate(xml: string, m: Mutation): string | undefined {
    const tags = [...xml.matchAll(TAG)].filter((t) => t[2] !== "?xml");
    if (m.kind === "element") {
      // Just after a tag, inside the root element.
      const ends = tags.slice(0, -1).map((t) => t.index + t[0].length);
      if (ends.length === 0) return undefined;
      const i = ends[m.at % ends.length]!;
      const element = m.text === "" ? `<${m.tag}/>` : `<${m.tag}>${m.text}</${m.tag}>`;
      return xml.slice(0, i) + element + xml.slice(i);
    }
    const starts = tags.filter((t) => t[1] === "" && !t[3]!.includes(` ${m.name}=`));
    if (starts.length === 0) return undefined;
    const start = starts[m.at % starts.length]!;
    const i = start.index + 1 + start[2]!.length;
    return `${xml.slice(0, i)} ${m.name}="${m.value}"${xml.slice(i)}`;
  }

  test("whenever the renderer throws for a changed document, lint reports that very error", () => {
    fc.assert(
      fc.property(anyDocument, mutation, (doc, m) => {
        const xml = mutate(render(toElement(doc)), m);
        fc.pre(xml !== undefined);
        const errors = lint(xml!).filter((p) => p.severity === "error");
        let thrown: TwiMLError | undefined;
        try {
          render(parse(xml!));
        } catch (e) {
          if (!(e instanceof TwiMLError)) throw e;
          thrown = e;
        }
        if (thrown !== undefined) expect(errors.map((p) => p.message)).toContain(thrown.message);
        // Otherwise only what the escape hatch writes as is may remain: unknown tags and attributes.
        else expect(errors.filter((p) => p.code !== "TWIML004" && p.code !== "TWIML016")).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  }, 60_000);
});
