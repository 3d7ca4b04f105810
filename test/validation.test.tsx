import { describe, expect, test } from "vitest";
import {
  Body,
  CODES,
  Conference,
  Connect,
  Dial,
  Gather,
  Message,
  MessagingResponse,
  Hangup,
  Number,
  Play,
  Record,
  Redirect,
  Refer,
  Response,
  Room,
  Say,
  Stream,
  TwiMLError,
  UnlistedElement,
  VoiceResponse,
  render,
  type TwiMLElement,
} from "twiml-jsx";

/** Renders and returns the error, failing the test when none is thrown. */
function failure(element: TwiMLElement, options?: Parameters<typeof render>[1]): TwiMLError {
  try {
    render(element, options);
  } catch (e) {
    if (e instanceof TwiMLError) return e;
    throw e;
  }
  throw new Error("render did not throw");
}

/** Bypasses the type checker, as a JavaScript caller would. */
const untyped = <T,>(value: unknown): T => value as T;

describe("nesting", () => {
  test("an element its parent does not allow is TWIML001 with the allowed list and the path", () => {
    const e = failure(
      <VoiceResponse>
        <Say>Welcome</Say>
        <Gather>{untyped<TwiMLElement>(<Dial>+15550100</Dial>)}</Gather>
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML001");
    expect(e.path).toBe("Response > Gather[1] > Dial");
    expect(e.message).toBe("<Dial> is not allowed inside <Gather> (allowed: Say, Play, Pause) at Response > Gather[1] > Dial");
  });

  test("a Response inside a Response is TWIML001", () => {
    expect(
      failure(
        <VoiceResponse>
          <VoiceResponse />
        </VoiceResponse>,
      ).message,
    ).toBe(
      "<Response> is not allowed inside <Response> (allowed: Connect, Dial, Echo, Enqueue, Gather, Hangup, Leave, Pause, Pay, Play, Prompt, Queue, Record, Redirect, Refer, Reject, Say, Sms, Start, Stop) at Response > Response",
    );
  });

  test("a messaging verb in a voice document is TWIML002", () => {
    const e = failure(
      <VoiceResponse>
        <Message>hi</Message>
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML002");
    expect(e.message).toBe(
      "<Message> is a messaging verb and cannot be in a voice <Response> (voice and messaging verbs never mix: answer each webhook with one kind of document) at Response > Message",
    );
  });

  test("a voice verb in a messaging document is TWIML002", () => {
    expect(
      failure(
        <MessagingResponse>
          <Say>hi</Say>
        </MessagingResponse>,
      ).code,
    ).toBe("TWIML002");
  });

  test("an inferring Response that mixes voice and messaging verbs is TWIML002 at the first verb of the other kind", () => {
    const e = failure(
      <Response>
        <Say>hi</Say>
        <Message>hi</Message>
      </Response>,
    );
    expect(e.message).toBe(
      "<Message> is a messaging verb and cannot be in a voice <Response> (voice and messaging verbs never mix: answer each webhook with one kind of document) at Response > Message",
    );
  });

  test("Redirect fits both kinds, so it does not decide an inferring Response", () => {
    expect(
      render(
        <Response>
          <Redirect>/next</Redirect>
          <Message>m</Message>
        </Response>,
      ),
    ).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Redirect>/next</Redirect><Message>m</Message></Response>');
  });

  test("SSML outside Say is TWIML003", () => {
    const e = failure(
      <VoiceResponse>
        <Gather>{untyped<TwiMLElement>(<break time="1s" />)}</Gather>
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML003");
    expect(e.message).toBe(
      "<break> is SSML and only works inside <Say>, not inside <Gather> (wrap it in <Say>) at Response > Gather[0] > break",
    );
  });

  test("Conference with another noun in its Dial is TWIML011", () => {
    const e = failure(
      <VoiceResponse>
        <Dial>
          <Conference>room</Conference>
          <Number>+15550100</Number>
        </Dial>
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML011");
    expect(e.message).toBe("<Conference> must be the only element in its <Dial> at Response > Dial");
  });

  test("two nouns in a Connect is TWIML012", () => {
    const e = failure(
      <VoiceResponse>
        <Connect>
          <Room>a</Room>
          <Room>b</Room>
        </Connect>
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML012");
    expect(e.message).toBe("<Connect> holds at most 1 child element, found 2 at Response > Connect");
  });

  test("two Body nouns in a Message is TWIML012", () => {
    expect(
      failure(
        <MessagingResponse>
          <Message>
            <Body>a</Body>
            <Body>b</Body>
          </Message>
        </MessagingResponse>,
      ).message,
    ).toBe("<Message> holds at most 1 <Body>, found 2 at Response > Message");
  });

  test("a Refer without its Sip is TWIML012", () => {
    expect(
      failure(
        <VoiceResponse>
          <Refer>{untyped<TwiMLElement>(null)}</Refer>
        </VoiceResponse>,
      ).message,
    ).toBe("<Refer> holds at least 1 <Sip>, found 0 at Response > Refer");
  });

  test("more than ten nouns in a Dial is TWIML012", () => {
    const numbers = Array.from({ length: 11 }, (_, i) => <Number>{`+1555010${i}`}</Number>);
    expect(
      failure(
        <VoiceResponse>
          <Dial>{numbers}</Dial>
        </VoiceResponse>,
      ).message,
    ).toBe("<Dial> holds at most 10 child elements, found 11 at Response > Dial");
  });
});

describe("attributes", () => {
  test("a misspelt attribute from JavaScript is TWIML004 with a suggestion", () => {
    const e = failure(
      <VoiceResponse>
        <Say {...untyped<object>({ vioce: "woman" })}>Hi</Say>
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML004");
    expect(e.message).toBe(
      '<Say> has no attribute "vioce": did you mean "voice"? (for attributes newer than this library, use unlistedAttributes) at Response > Say',
    );
  });

  test("an attribute on an element that takes none is TWIML004", () => {
    expect(
      failure(
        <VoiceResponse>
          <Gather>
            <Say>x</Say>
          </Gather>
          <Hangup {...untyped<object>({ x: "1" })} />
        </VoiceResponse>,
      ).code,
    ).toBe("TWIML004");
  });

  test("a value outside an enum is TWIML005 listing the values", () => {
    const e = failure(
      <VoiceResponse>
        <Gather input={untyped("tone")} />
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML005");
    expect(e.message).toBe('<Gather input={"tone"}> is not valid: expected one or more of "dtmf", "speech" at Response > Gather');
  });

  test("a fractional number for an integer is TWIML005", () => {
    expect(
      failure(
        <VoiceResponse>
          <Gather numDigits={1.5} />
        </VoiceResponse>,
      ).message,
    ).toBe("<Gather numDigits={1.5}> is not valid: expected a whole number of at least 1 at Response > Gather");
  });

  test("NaN is TWIML005", () => {
    expect(
      failure(
        <VoiceResponse>
          <Gather timeout={NaN} />
        </VoiceResponse>,
      ).code,
    ).toBe("TWIML005");
  });

  test("Infinity is TWIML005", () => {
    expect(
      failure(
        <VoiceResponse>
          <Say loop={Infinity}>x</Say>
        </VoiceResponse>,
      ).code,
    ).toBe("TWIML005");
  });

  test("an object is TWIML005", () => {
    expect(
      failure(
        <VoiceResponse>
          <Say voice={untyped({})}>x</Say>
        </VoiceResponse>,
      ).message,
    ).toBe("<Say voice={an object}> is not valid: expected a string at Response > Say");
  });

  test("a function is TWIML005", () => {
    expect(
      failure(
        <VoiceResponse>
          <Say voice={untyped(() => "woman")}>x</Say>
        </VoiceResponse>,
      ).message,
    ).toBe("<Say voice={a function}> is not valid: expected a string at Response > Say");
  });

  test("a non-boolean string for a boolean is TWIML005", () => {
    expect(
      failure(
        <VoiceResponse>
          <Gather bargeIn={untyped("no")} />
        </VoiceResponse>,
      ).message,
    ).toBe('<Gather bargeIn={"no"}> is not valid: expected true or false at Response > Gather');
  });

  test("a non-numeric string for an integer is TWIML005", () => {
    expect(
      failure(
        <VoiceResponse>
          <Record maxLength={untyped("twenty")} />
        </VoiceResponse>,
      ).message,
    ).toBe('<Record maxLength={"twenty"}> is not valid: expected a whole number from 1 to 14400 at Response > Record');
  });

  test("a value that breaks an attribute's pattern is TWIML005", () => {
    expect(
      failure(
        <VoiceResponse>
          <Play digits="12a" />
        </VoiceResponse>,
      ).message,
    ).toBe('<Play digits={"12a"}> is not valid: expected a string matching ^[0-9*#wW]+$ at Response > Play');
  });

  test("a missing required attribute is TWIML006", () => {
    const e = failure(
      <VoiceResponse>
        <Connect>
          <Stream {...untyped<{ url: string }>({})} />
        </Connect>
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML006");
    expect(e.message).toBe('<Stream> needs the "url" attribute at Response > Connect[0] > Stream');
  });

  test("digits and a URL on one Play is TWIML010", () => {
    const e = failure(
      <VoiceResponse>
        <Play {...untyped<{ digits: string }>({ digits: "1", children: "https://x/a.mp3" })} />
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML010");
    expect(e.message).toBe('<Play> takes "digits" or text, not both at Response > Play');
  });
});

describe("content", () => {
  test("a Number without text is TWIML007", () => {
    const e = failure(
      <VoiceResponse>
        <Dial>
          <Number>{""}</Number>
        </Dial>
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML007");
    expect(e.message).toBe(
      "<Number> needs text (Phone number in E.164 or national format, optionally with extension via sendDigits) at Response > Dial[0] > Number",
    );
  });

  test("an empty Say is TWIML007", () => {
    expect(
      failure(
        <VoiceResponse>
          <Say>{null}</Say>
        </VoiceResponse>,
      ).message,
    ).toBe("<Say> needs text or child elements at Response > Say");
  });

  test("text inside Gather is TWIML008 and suggests Say", () => {
    const e = failure(
      <VoiceResponse>
        <Gather>{untyped<TwiMLElement>("Press 1")}</Gather>
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML008");
    expect(e.message).toBe('<Gather> cannot hold text ("Press 1"); wrap it in <Say> at Response > Gather');
  });

  test("text and nouns in one Dial is TWIML009", () => {
    const e = failure(
      <VoiceResponse>
        <Dial>{untyped<TwiMLElement>(["+15550100", <Number>+15550101</Number>])}</Dial>
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML009");
    expect(e.message).toBe(
      "<Dial> takes text or child elements (Application, Client, Conference, Number, Queue, Sim, Sip, WhatsApp), not both at Response > Dial",
    );
  });

  test("a forbidden character in strict mode is TWIML014", () => {
    const e = failure(
      <VoiceResponse>
        <Say>a{"\u0001"}b</Say>
      </VoiceResponse>,
      { strict: true },
    );
    expect(e.code).toBe("TWIML014");
    expect(e.message).toBe(
      "Text in <Say> contains U+0001, which XML 1.0 forbids (remove it, or render without strict to drop it) at Response > Say",
    );
  });

  test("a forbidden character in an attribute in strict mode names the attribute", () => {
    expect(
      failure(
        <VoiceResponse>
          <Say voice={"wo\u0000man"}>x</Say>
        </VoiceResponse>,
        { strict: true },
      ).message,
    ).toBe("<Say voice> contains U+0000, which XML 1.0 forbids (remove it, or render without strict to drop it) at Response > Say");
  });

  test("an object child is TWIML015", () => {
    const e = failure(
      <VoiceResponse>
        <Say>{untyped<string>({ a: 1 })}</Say>
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML015");
    expect(e.message).toBe("an object cannot be rendered as a child of <Say> at Response > Say");
  });

  test("an Infinity child is TWIML015", () => {
    expect(
      failure(
        <VoiceResponse>
          <Say>{Infinity}</Say>
        </VoiceResponse>,
      ).message,
    ).toBe("Infinity cannot be rendered as a child of <Say> at Response > Say");
  });

  test("a function child is TWIML015", () => {
    expect(
      failure(
        <VoiceResponse>
          <Say>{untyped<string>(() => "x")}</Say>
        </VoiceResponse>,
      ).code,
    ).toBe("TWIML015");
  });
});

describe("roots and unknown elements", () => {
  test("a root other than Response is TWIML016", () => {
    const e = failure(<Say>Hello</Say>);
    expect(e.code).toBe("TWIML016");
    expect(e.message).toBe("<Say> cannot be the root: render a <VoiceResponse>, <MessagingResponse> or <Response>");
  });

  test("an unknown intrinsic tag is TWIML016 and points at the escape hatch", () => {
    const Div = untyped<() => TwiMLElement>("div");
    expect(
      failure(
        <VoiceResponse>
          <Div />
        </VoiceResponse>,
      ).message,
    ).toBe("<div> is not a TwiML element (use UnlistedElement for tags newer than this library) at Response > div");
  });

  test("an UnlistedElement tag that is not an XML name is TWIML017", () => {
    const e = failure(
      <VoiceResponse>
        <UnlistedElement tag="1bad" />
      </VoiceResponse>,
    );
    expect(e.code).toBe("TWIML017");
    expect(e.message).toBe('"1bad" is not a valid tag name: UnlistedElement needs tag= a valid XML name at Response > 1bad');
  });

  test("an unlisted attribute name that is not an XML name is TWIML017", () => {
    expect(
      failure(
        <VoiceResponse>
          <Say unlistedAttributes={{ "a b": "x" }}>x</Say>
        </VoiceResponse>,
      ).message,
    ).toBe("\"a b\" is not a valid attribute name: use letters, digits, '_', '-', '.' and at most one ':' at Response > Say");
  });

  test("an unlisted attribute that the element already has is TWIML017", () => {
    expect(
      failure(
        <VoiceResponse>
          <Say unlistedAttributes={{ voice: "x" }}>x</Say>
        </VoiceResponse>,
      ).message,
    ).toBe('"voice" is not a valid attribute name: <Say> already has it; use the typed prop at Response > Say');
  });
});

test("every code is documented in CODES and distinct", () => {
  const codes = Object.values(CODES);
  expect(new Set(codes).size).toBe(codes.length);
  expect(codes.every((c) => /^TWIML\d{3}$/.test(c))).toBe(true);
});
