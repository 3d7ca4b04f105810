import { describe, expect, test } from "vitest";
import { MessagingResponse, Response, TwiMLError, UnlistedElement, VoiceResponse, render, type TwiMLElement } from "twiml-jsx";
import { XmlParseError, parse } from "twiml-jsx/read";

const XML = '<?xml version="1.0" encoding="UTF-8"?>';

/** The child elements and text of an element, as JSX passes them (one child alone, several as an array). */
function childrenOf(element: TwiMLElement): unknown[] {
  const children = element.props.children;
  return children === undefined ? [] : Array.isArray(children) ? children : [children];
}

/** The first child of the document's root. */
const first = (xml: string): TwiMLElement => childrenOf(parse(xml))[0] as TwiMLElement;

function failure(xml: string): unknown {
  try {
    parse(xml);
  } catch (e) {
    return e;
  }
  throw new Error("the document parsed");
}

describe("elements are the ones JSX builds", () => {
  test("a voice document has a VoiceResponse root", () => {
    expect(parse("<Response><Say>Hi</Say></Response>").type).toBe(VoiceResponse);
  });

  test("a messaging document has a MessagingResponse root", () => {
    expect(parse("<Response><Message>Hi</Message></Response>").type).toBe(MessagingResponse);
  });

  test("a document whose verbs fit both kinds has a Response root, which infers its kind when rendered", () => {
    expect(parse("<Response><Redirect>/next</Redirect></Response>").type).toBe(Response);
  });

  test("verbs and nouns are the library's components", () => {
    expect((first("<Response><Say>Hi</Say></Response>").type as { twimlTag: string }).twimlTag).toBe("Say");
  });

  test("SSML tags are lower-case intrinsic elements", () => {
    expect(childrenOf(first('<Response><Say>a<break time="1s"/></Say></Response>'))[1]).toEqual({
      $$typeof: Symbol.for("twiml-jsx.element"),
      type: "break",
      props: { time: "1s" },
      key: null,
    });
  });

  test("a tag the vocabulary does not know is an UnlistedElement with its attributes", () => {
    const element = first('<Response><Ninja sword="always">John</Ninja></Response>');
    expect(element.type).toBe(UnlistedElement);
    expect(element.props).toEqual({ tag: "Ninja", attributes: { sword: "always" }, children: "John" });
  });

  test("an attribute the element does not have goes to unlistedAttributes", () => {
    expect(first('<Response><Say lagnauge="en" voice="man">Hi</Say></Response>').props).toEqual({
      voice: "man",
      unlistedAttributes: { lagnauge: "en" },
      children: "Hi",
    });
  });

  test("tags are case-sensitive: <say> is not <Say>", () => {
    expect(first("<Response><say>Hi</say></Response>").props).toEqual({ tag: "say", children: "Hi" });
  });
});

describe("attributes take their typed forms", () => {
  test("integers become numbers, booleans booleans, lists arrays", () => {
    const gather = first(
      '<Response><Gather input="speech dtmf" numDigits="1" hints="sales,support" actionOnEmptyResult="true"/></Response>',
    );
    expect(gather.props).toEqual({ input: ["speech", "dtmf"], numDigits: 1, hints: ["sales", "support"], actionOnEmptyResult: true });
  });

  test("an integer list becomes an array of numbers, one integer a number", () => {
    const prompts = childrenOf(
      first('<Response><Pay><Prompt for="payment-card-number" attempt="1 2"/><Prompt attempt="3"/></Pay></Response>'),
    );
    expect(prompts.map((p) => (p as TwiMLElement).props.attempt)).toEqual([[1, 2], 3]);
  });

  test("one value of an enum list stays a string", () => {
    expect(first('<Response><Dial><Number statusCallbackEvent="answered">+15550100</Number></Dial></Response>').props.children).toEqual(
      expect.objectContaining({ props: { statusCallbackEvent: "answered", children: "+15550100" } }),
    );
  });

  test("values that would not render back as written stay strings", () => {
    const gather = first('<Response><Gather numDigits="007" timeout="soon" input="dtmf  speech" hints="a, b" bargeIn="yes"/></Response>');
    expect(gather.props).toEqual({ numDigits: "007", timeout: "soon", input: "dtmf  speech", hints: "a, b", bargeIn: "yes" });
  });

  test("a number beyond the safe integers stays a string", () => {
    expect(first('<Response><Pause length="9007199254740993"/></Response>').props).toEqual({ length: "9007199254740993" });
  });
});

describe("text and whitespace", () => {
  test("whitespace that lays out element-only content is dropped", () => {
    const xml = "<Response>\n  <Gather>\n    <Say>Hi</Say>\n  </Gather>\n  <Dial>\n    <Number>+15550100</Number>\n  </Dial>\n</Response>";
    expect(render(parse(xml))).toBe(`${XML}<Response><Gather><Say>Hi</Say></Gather><Dial><Number>+15550100</Number></Dial></Response>`);
  });

  test("text inside <Say> is kept exactly, whitespace between SSML elements included", () => {
    const xml = "<Response><Say>\n  Hello <emphasis>you</emphasis> <break/>\n</Say></Response>";
    expect(render(parse(xml), { declaration: false })).toBe(xml);
  });

  test("text of a text-only element is kept with its surrounding whitespace", () => {
    expect(first("<Response><Play> https://example.com/a.mp3 </Play></Response>").props.children).toBe(" https://example.com/a.mp3 ");
  });

  test("text of a <Dial> that holds no nouns is kept", () => {
    expect(first("<Response><Dial> +15550100 </Dial></Response>").props.children).toBe(" +15550100 ");
  });

  test("entities and character references are decoded, and escaped again when rendered", () => {
    const xml = "<Response><Say>Tom &amp; Jerry &lt;3 &#x1F600; &#233;</Say></Response>";
    expect(first(xml).props.children).toBe("Tom & Jerry <3 😀 é");
    expect(render(parse(xml), { declaration: false })).toBe("<Response><Say>Tom &amp; Jerry &lt;3 😀 é</Say></Response>");
  });

  test("a CDATA section is text like any other", () => {
    expect(render(parse("<Response><Say>a<![CDATA[<b> & c]]>d</Say></Response>"), { declaration: false })).toBe(
      "<Response><Say>a&lt;b&gt; &amp; cd</Say></Response>",
    );
  });

  test("comments and processing instructions are dropped, the text around them joined", () => {
    expect(first("<Response><Say>Hel<!-- x -->lo<?pause 1?>!</Say></Response>").props.children).toBe("Hello!");
  });

  test("text where the vocabulary allows none is kept, for the renderer to report", () => {
    let error: unknown;
    try {
      render(parse("<Response>before<Leave/>after</Response>"));
    } catch (e) {
      error = e;
    }
    expect([(error as TwiMLError).code, (error as TwiMLError).message]).toEqual([
      "TWIML008",
      '<Response> cannot hold text ("before"); wrap it in <Say> at Response',
    ]);
  });
});

describe("what parse refuses", () => {
  test("a root other than <Response>", () => {
    expect(failure("<Say>Hi</Say>")).toEqual(
      new TwiMLError({ code: "TWIML016", message: "<Say> cannot be the root: a TwiML document is one <Response> element" }),
    );
  });

  test("a document that is not well-formed, with its line and column", () => {
    const error = failure("<Response>\n  <Say>Hi</say>\n</Response>") as XmlParseError;
    expect(error).toBeInstanceOf(XmlParseError);
    expect([error.message, error.line, error.column]).toEqual([
      "expected </Say> to close <Say> (opened at line 2, column 3), found </say>",
      2,
      10,
    ]);
  });
});

test("documents nesting far deeper than the call stack parse without recursion", () => {
  const depth = 50_000;
  let element = parse(`<Response>${"<x>".repeat(depth)}${"</x>".repeat(depth)}</Response>`);
  let levels = 0;
  while (element.props.children !== undefined) {
    element = element.props.children as TwiMLElement;
    levels++;
  }
  expect([levels, element.props.tag]).toEqual([depth, "x"]);
});
